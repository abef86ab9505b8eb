"""Find actor mentions in a parsed Doc: named entities (repaired) and actor-like noun phrases.

A token belongs to at most one mention, so ``token._.entity_id`` is never ambiguous: a
nationality or place that only modifies an actor noun ("North Korean soldiers", "Kyiv police")
is part of that noun phrase's mention and gives it its country; a possessor ("South Korea's
military") stays a mention of its own and the noun phrase's mention starts after the "'s".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from dateline.actors.lexicon import Lexicon
from dateline.actors.resolve import resolve
from dateline.actors.text import fold, singulars

#: NER labels that are not actors (numbers, times, amounts).
NOT_ACTORS = frozenset(
    {"DATE", "TIME", "CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL", "LANGUAGE", "LAW"}
)
DIRECTIONS = frozenset({"north", "south"})
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
PLACE_LABELS = frozenset({"GPE", "LOC", "NORP"})
#: How a name attaches to the noun it names ("from [the North] sprint" in a bad parse).
NAME_DEPS = frozenset({"compound", "nmod", "poss", "amod"})


@dataclass(slots=True)
class Mention:
    """A token span naming an actor, before mentions are merged into entities."""

    start: int  # token indices into the Doc
    end: int
    label: str  # NER label, or NOMINAL for an actor noun phrase
    desc: str  # the text to name and code it by (a nominal keeps its modifiers and possessor)
    head: str | None = None  # nominal: the actor noun ("soldier")
    plural: bool = False
    countries: set[str] = field(default_factory=set)  # from modifiers, possessor, "from X"
    direction: bool = False  # "the North" / "the South"
    title: str | None = None  # words before a person's name: "Colonel", "Defense Minister"


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop a leading determiner and a trailing possessive or punctuation."""
    while start < end and doc[start].lower_ in DETERMINERS:
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    return start, end


def direction_countries(doc: Doc) -> dict[str, str]:
    """What "the North"/"the South" mean here: the one country named "North ..." (or "South
    ...") that the document mentions; nothing when there is none or more than one."""
    seen: dict[str, set[str]] = {d: set() for d in DIRECTIONS}
    for ent in doc.ents:
        first = ent[0].lower_ if ent[0].lower_ != "the" or len(ent) < 2 else ent[1].lower_
        if first in DIRECTIONS and len(ent) > 1 and ent.label_ in PLACE_LABELS:
            country = resolve(ent.text, "", ent.label_).country
            if country:
                seen[first].add(country)
    return {d: next(iter(c)) for d, c in seen.items() if len(c) == 1}


def _is_direction(tok: Token) -> bool:
    """A capitalized "North"/"South" used as a noun, not the start of a name ("North Korea")."""
    if tok.lower_ not in DIRECTIONS or not tok.text[0].isupper():
        return False
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return nxt is None or not (nxt.text[:1].isupper() and nxt.tag_ != "POS")


def _entity_mentions(doc: Doc, lex: Lexicon, directions: dict[str, str]) -> list[Mention]:
    out: list[Mention] = []
    for ent in doc.ents:
        if ent.label_ in NOT_ACTORS:
            continue
        start, end = _trim(doc, ent.start, ent.end)
        paren = next((t.i for t in doc[start:end] if t.text == "("), None)
        if paren is not None:  # "Movement for Democratic Change (MDC": two names
            inner = doc[paren + 1 : end]
            if len(inner) and inner[0].text != ")":
                out.append(Mention(paren + 1, paren + 1 + len(inner), ent.label_, inner.text))
            start, end = _trim(doc, start, paren)
        if start >= end:
            continue
        span = doc[start:end]
        if span.text.startswith("@") or "/" in span.text or "http" in span.text.lower():
            continue
        if not any(c.isalpha() for c in span.text):
            continue  # mojibake and stray quotes the NER took for a name
        root = span.root
        if root.dep_ == "compound" and root.head.lemma_.lower() in lex.weapons:
            continue  # "AK rifles": a product, not an organization
        if (
            len(span) > 1
            and not root.text.isupper()
            and (root.is_lower or root.i == start)
            and _noun_flags(lex, root.lemma_.lower())
        ):
            continue  # "U.S. forces": an actor noun phrase, read as a nominal
        if (
            ent.label_ == "PERSON"
            and root.dep_ == "compound"
            and root.head.is_lower
            and _noun_flags(lex, root.head.lemma_.lower())
        ):
            continue  # "Riot police": no person modifies an actor noun
        parts = [t for t in span if t.lower_ not in ("and", "&", ",")]
        if all(_is_direction(t) or t.lower_ in DIRECTIONS for t in parts):
            for t in parts:  # "North and South"
                out.append(_direction(t, directions))
            continue
        nxt = doc[end] if end < len(doc) else None
        if (
            ent.label_ == "ORG"
            and nxt is not None
            and nxt.is_lower
            and root.head.i == nxt.i
            and "o" in _noun_flags(lex, nxt.lemma_.lower())
        ):
            end += 1  # "the UN command"
        out.append(Mention(start, end, ent.label_, doc[start:end].text))
    return out


def _noun_flags(lex: Lexicon, lemma: str) -> str:
    """The flags of an actor noun, "-" for one without flags, "" for a word that is none."""
    return next((e.flags or "-" for e in lex.lookup((fold(lemma),)) if e.kind == "noun"), "")


def _direction(tok: Token, directions: dict[str, str]) -> Mention:
    country = directions.get(tok.lower_)
    m = Mention(tok.i, tok.i + 1, "GPE" if country else "LOC", tok.text, direction=True)
    if country:
        m.countries.add(country)
    return m


def _names_in_chunks(doc: Doc, chunks: list[Span], lex: Lexicon, taken: set[int]) -> list[Mention]:
    """Organization names the NER missed: a capitalized run ending in an organization noun
    ("the North's Korean People's Army")."""
    out: list[Mention] = []
    for chunk in chunks:
        root = chunk.root
        if root.i in taken or not root.text[:1].isupper():
            continue
        if "o" not in _noun_flags(lex, root.lemma_.lower()) and "o" not in _noun_flags(
            lex, root.lower_
        ):
            continue
        start = root.i
        while start > chunk.start:
            prev = doc[start - 1]
            if prev.i in taken or prev.lower_ in DETERMINERS:
                break
            if prev.tag_ == "POS" and (start - 2 < chunk.start or doc[start - 2].i in taken):
                break
            if not (prev.text[:1].isupper() or prev.tag_ == "POS" or prev.lower_ == "of"):
                break
            start -= 1
        while start < root.i and (doc[start].tag_ == "POS" or doc[start].lower_ == "of"):
            start += 1
        if root.i - start >= 1:
            out.append(Mention(start, root.i + 1, "ORG", doc[start : root.i + 1].text))
            taken.update(range(start, root.i + 1))
    return out


def _nominals(
    doc: Doc, chunks: list[Span], by_token: dict[int, Mention], year: int | None, lex: Lexicon
) -> list[Mention]:
    """Noun phrases headed by an actor noun, with the country their modifiers give."""
    out: list[Mention] = []
    for chunk in chunks:
        root = chunk.root
        if root.pos_ == "PRON" or root.i in by_token or not root.is_alpha:
            continue
        if root.dep_ == "appos" and root.head.i in by_token:
            continue  # a person's role ("Carroll, a spokesman for ..."), read by roles.py
        start = chunk.start
        possessor: Mention | None = None
        for t in doc[chunk.start : root.i]:
            if t.tag_ == "POS" or t.dep_ == "poss":
                start = t.i + 1
                possessor = by_token.get(t.i - 1) if t.tag_ == "POS" else by_token.get(t.i)
            elif t.i in by_token and by_token[t.i].label not in PLACE_LABELS:
                start = by_token[t.i].end  # "the KPA defector": the name stays its own
        while start < root.i and (
            doc[start].lower_ in DETERMINERS or doc[start].like_num or doc[start].pos_ == "DET"
        ):
            start += 1
        desc_start = chunk.start
        while (
            desc_start < root.i
            and (
                doc[desc_start].pos_ in ("DET", "NUM")
                or doc[desc_start].like_num
                or doc[desc_start].tag_ == "PRP$"
            )
            and not (doc[desc_start].dep_ == "poss" and doc[desc_start].tag_ != "PRP$")
        ):
            desc_start += 1
        desc = doc[desc_start : root.i + 1].text
        r = resolve(desc, "", None, year)
        if r.head is None or (r.sector is None and r.country is None):
            continue
        if r.head.split()[-1] not in (root.lower_, root.lemma_.lower(), *singulars(root.lower_)):
            continue  # "the soldier's ruptured small intestine" is no soldier
        m = Mention(
            start, root.i + 1, "NOMINAL", desc, head=r.head, plural=root.tag_ in ("NNS", "NNPS")
        )
        inner = {by_token[i].start: by_token[i] for i in range(start, root.i + 1) if i in by_token}
        for sub in inner.values():
            if not _sponsor(doc, sub, lex):
                m.countries.update(sub.countries or _country_of(sub))
        if possessor is not None:
            m.countries.update(possessor.countries or _country_of(possessor))
        for child in root.children:
            if child.dep_ == "prep" and child.lower_ in ("from", "of"):
                for obj in child.children:
                    if obj.dep_ != "pobj":
                        continue
                    near = [obj, *(c for c in obj.children if c.dep_ in NAME_DEPS)]
                    sub = next((by_token[t.i] for t in near if t.i in by_token), None)
                    if sub is not None and sub.label in PLACE_LABELS:
                        m.countries.update(sub.countries or _country_of(sub))
        if not m.countries and r.country:
            m.countries.add(r.country)
        out.append(m)
    return out


def _country_of(m: Mention) -> set[str]:
    if m.label not in PLACE_LABELS and m.label != "ORG":
        return set()
    country = resolve(m.desc, "", m.label).country
    return {country} if country else set()


def _bare_acronyms(
    doc: Doc, lex: Lexicon, candidates: list[Token], taken: set[int], known: set[str]
) -> list[Mention]:
    """Acronyms the NER missed: ones the document already uses as a name, or known orgs."""
    out = []
    for t in candidates:
        if t.i in taken or not (t.is_upper and len(t) > 1 and t.is_alpha):
            continue
        if t.text in known or any(e.kind == "org" for e in lex.lookup((fold(t.text),))):
            out.append(Mention(t.i, t.i + 1, "ORG", t.text))
    return out


def _possessors(doc: Doc, mentions: list[Mention], by_token: dict[int, Mention]) -> None:
    """ "Russia's Defense Ministry": an organization's possessor gives its country."""
    for m in mentions:
        if m.label == "ORG" and m.start >= 2 and doc[m.start - 1].tag_ == "POS":
            owner = by_token.get(m.start - 2)
            if owner is not None and owner.label in PLACE_LABELS:
                m.countries.update(owner.countries or _country_of(owner))


def _free_directions(
    candidates: list[Token], taken: set[int], directions: dict[str, str]
) -> list[Mention]:
    """ "the North's military": a North/South the NER did not tag."""
    return [_direction(t, directions) for t in candidates if t.i not in taken and _is_direction(t)]


def _index(mentions: list[Mention]) -> dict[int, Mention]:
    return {i: m for m in mentions for i in range(m.start, m.end)}


def _with_known(named: list[Mention], known: list[Span]) -> list[Mention]:
    """Known names replace the NER mentions they overlap, unless one holds them whole."""
    if not known:
        return named
    by_token = _index(named)
    keep: list[Span] = []
    for span in known:
        holder = by_token.get(span.start)
        if holder is None or holder.end < span.end or holder.end - holder.start <= len(span):
            keep.append(span)
    covered = {i for span in keep for i in range(span.start, span.end)}
    out = [m for m in named if not covered.intersection(range(m.start, m.end))]
    for span in keep:
        start, end = _trim(span.doc, span.start, span.end)
        out.append(Mention(start, end, span.label_, span.doc[start:end].text))
    return out


def _sponsor(doc: Doc, m: Mention, lex: Lexicon) -> bool:
    """ "Turkish-backed": the country of a backer, not of the actor."""
    return m.end + 1 < len(doc) and doc[m.end].text == "-" and doc[m.end + 1].lower_ in lex.sponsors


def find_mentions(
    doc: Doc, lex: Lexicon, year: int | None, known: list[Span] | None = None
) -> list[Mention]:
    """All mentions of a Doc, sorted, none overlapping; ``known`` are lexicon name matches."""
    directions = direction_countries(doc)
    chunks = list(doc.noun_chunks)
    # one pass over the tokens for the few that can start a mention the NER missed
    candidates = [t for t in doc if t.is_upper or t.lower_ in DIRECTIONS]
    named = _with_known(_entity_mentions(doc, lex, directions), known or [])
    taken = set(_index(named))
    named += _free_directions(candidates, taken, directions)
    taken = set(_index(named))
    named += _names_in_chunks(doc, chunks, lex, taken)
    taken = set(_index(named))
    named += _bare_acronyms(doc, lex, candidates, taken, {m.desc for m in named})
    by_token = _index(named)
    _possessors(doc, named, by_token)
    nominals = _nominals(doc, chunks, by_token, year, lex)
    absorbed: set[int] = set()
    for nom in nominals:
        for i in range(nom.start, nom.end):
            if i in by_token:
                absorbed.add(id(by_token[i]))
    mentions = [m for m in named if id(m) not in absorbed] + nominals
    mentions.sort(key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Mention] = []
    last_end = -1
    for m in mentions:
        if m.start >= last_end:
            out.append(m)
            last_end = m.end
    return out
