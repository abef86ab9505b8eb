"""Turn a Doc's merged mentions into ``Entity`` records with country, sector, role, affiliation."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from dateline.actors.acronyms import definitions, is_acronym
from dateline.actors.descriptions import merge_descriptions
from dateline.actors.lexicon import Lexicon
from dateline.actors.mentions import Mention, find_mentions
from dateline.actors.merge import cluster
from dateline.actors.resolve import Resolution, resolve
from dateline.actors.roles import read_role, split_title, title_start
from dateline.actors.text import fold
from dateline.model import Entity, Offsets

#: Places coded as an actor only where they act ("Beijing said"): a capital stands for its state.
ACTING_DEPS = frozenset({"nsubj", "nsubjpass", "agent"})


def _canonical(group: list[Mention]) -> str:
    """The fullest proper form: the longest non-acronym mention, else the first."""
    names = [m.desc for m in group if not m.direction]
    if not names:
        return group[0].desc
    full = [n for n in names if not is_acronym(n)] or names
    return max(
        full, key=lambda n: (len(n.split()), len(n), sum(w[:1].isupper() for w in n.split()))
    )


def _label(group: list[Mention], r: Resolution) -> str:
    labels = [m.label for m in group]
    if "PERSON" in labels:
        return "PERSON"
    if r.label in ("LOC", "GPE") and r.kind != "demonym":
        return r.label
    if r.kind == "demonym" and set(labels) <= {"NORP", "GPE", "LOC"}:
        return "NORP"  # "Americans" tagged as a place
    if r.kind == "org" and set(labels) & {"NORP", "GPE"}:
        return "ORG"  # "the Taliban" read as a nationality
    if any(m.direction for m in group) and any(m.label == "GPE" for m in group):
        return "GPE"
    # a tie goes to the label mentioned first (a set's order would change with the hash seed,
    # so one worker process could label the entity apart from another)
    return max(dict.fromkeys(labels), key=lambda lab: (labels.count(lab), lab != "NOMINAL"))


def _in_title(m: Mention, in_titles: dict[int, str]) -> bool:
    if not all(i in in_titles for i in range(m.start, m.end)):
        return False
    return m.label == "NORP" or fold(m.desc) in in_titles[m.start]


def _resolve_group(
    group: list[Mention], canonical: str, acronyms: dict[str, Mention], year: int | None
) -> Resolution:
    """The canonical name's coding, completed from the other mentions where it says nothing."""
    labels = [m.label for m in group if m.label != "NOMINAL"]
    label = "PERSON" if "PERSON" in labels else next(iter(labels), None)
    r = resolve(canonical, "", label, year)
    for m in group:
        if r.country and r.sector:
            break
        if m.desc in acronyms:
            continue  # the document says what it stands for; the lexicon's reading is moot
        other = resolve(m.desc, "", label, year)
        r = Resolution(
            country=r.country or other.country,
            sector=r.sector or other.sector,
            sector2=r.sector2 or other.sector2,
            label=r.label or other.label,
            kind=r.kind or other.kind,
            expansion=r.expansion or other.expansion,
            head=r.head or other.head,
            role=r.role,
        )
    return r


def _entity(
    doc: Doc, eid: str, group: list[Mention], acronyms: dict[str, Mention], year: int | None
) -> Entity:
    canonical = _canonical(group)
    r = _resolve_group(group, canonical, acronyms, year)
    label = _label(group, r)
    countries = set().union(*(m.countries for m in group))
    # what the text says (modifiers, possessors, "the North") outranks the lexicon
    country = (next(iter(countries)) if len(countries) == 1 else None) if countries else r.country
    sector = r.sector
    if label in ("GPE", "LOC", "FAC"):
        acting = r.kind == "capital" and any(
            m.start > 0 and doc[m.end - 1].dep_ in ACTING_DEPS for m in group
        )
        sector = sector if acting else None
    elif label == "NORP" and r.kind == "demonym":
        sector = None  # a nationality is no sector
    expansion = next((acronyms[m.desc].desc for m in group if m.desc in acronyms), None)
    if expansion is None and any(is_acronym(m.desc) for m in group):
        expansion = r.expansion
    texts = list(dict.fromkeys(m.desc for m in group))
    return Entity(
        id=eid,
        text=canonical,
        label=label,
        aliases=[t for t in texts if t != canonical],
        expansion=expansion,
        country=country,
        sector=sector,
        sector2=r.sector2 if r.sector2 != sector else None,
        mentions=[
            Offsets(doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1])) for m in group
        ],
        head=r.head if label == "NOMINAL" else None,
        role=r.role,
    )


def build_entities(
    doc: Doc, lex: Lexicon, year: int | None, known: list[Span] | None = None
) -> list[Entity]:
    """Entities in order of first mention, and ``token._.entity_id`` on every mention token."""
    mentions = find_mentions(doc, lex, year, known)
    in_titles: dict[int, str] = {}  # token -> the title's head noun ("defense minister")
    for m in mentions:
        if m.label == "PERSON":
            split_title(doc, m, lex)
            left = title_start(doc, m)
            head = resolve(doc[left : m.start].text).head or "" if left < m.start else ""
            in_titles.update(dict.fromkeys(range(left, m.start), head))
    # "Russian President Putin", "German Defense Minister X": title words, not actors
    mentions = [m for m in mentions if not _in_title(m, in_titles)]
    acronyms = definitions(doc, mentions)
    groups = merge_descriptions(doc, cluster(mentions, acronyms), lex)
    by_token = {i: m for m in mentions for i in range(m.start, m.end)}
    owner: dict[int, str] = {}
    entities: list[Entity] = []
    for n, group in enumerate(groups, 1):
        entity = _entity(doc, f"E{n}", group, acronyms, year)
        entities.append(entity)
        for m in group:
            owner[id(m)] = entity.id
            for tok in doc[m.start : m.end]:
                tok._.entity_id = entity.id
    _apply_roles(doc, groups, entities, by_token, owner, year)
    return entities


def _apply_roles(
    doc: Doc,
    groups: list[list[Mention]],
    entities: list[Entity],
    by_token: dict[int, Mention],
    owner: dict[int, str],
    year: int | None,
) -> None:
    """Title, apposition role and affiliation of each person; they outrank the lexicon."""
    by_id = {e.id: e for e in entities}
    for group, entity in zip(groups, entities, strict=True):
        if entity.label != "PERSON":
            continue
        said_role = False  # the text's own words for the role outrank the lexicon's
        for m in group:
            role = read_role(doc, m, by_token)
            if role.affiliation is not None and entity.affiliation is None:
                entity.affiliation = owner.get(id(role.affiliation))
            org = by_id.get(entity.affiliation or "")
            title = resolve(role.title, "", None, year) if role.title else Resolution()
            said = resolve(role.role, "", None, year) if role.role else Resolution()
            words = role.role or role.title
            # a bare "President" says less than the lexicon's "President of Afghanistan"
            if not said_role and words and (entity.role is None or " " in words):
                entity.role = words
                said_role = True
            sector = title.sector or said.sector or (org.sector if org else None)
            if sector and (title.sector or said.sector or entity.sector is None):
                entity.sector = sector
            country = title.country or said.country or (org.country if org else None)
            if country and entity.country is None:
                entity.country = country
