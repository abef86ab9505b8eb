"""Code one actor name: country (ISO alpha-3) and PLOVER sector, from the lexicons alone.

The name is scanned once for the longest known phrases. The country is the first place-like
phrase ("Russia's ambassador to Poland" -> RUS); the sector comes from the phrase's head, the
rightmost actor word before any preposition ("Chile's Defense Ministry" -> GOV), except that a
generic head ("official", "members", "spokesman") takes the sector of the organization it
belongs to ("a CIA official", "members of SANDF"), and "former"/"retired" make an elite (ELI).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from dateline.actors.lexicon import PROPER_KINDS, Entry, Lexicon, load_lexicon
from dateline.actors.text import Word, singulars, words

ROLE_KINDS = ("noun", "org", "leader")
PLACE_KINDS = ("country", "breakaway", "region", "capital", "city", "demonym", "org", "leader")


@dataclass(frozen=True, slots=True)
class Resolution:
    """What the lexicons say about one name."""

    country: str | None = None
    sector: str | None = None
    sector2: str | None = None
    bloc: str | None = None  # pseudo-country of an international body (UNO, EUR, ...)
    label: str | None = None  # entity label the name implies, when it is a known name
    canonical: str | None = None  # full name of a known organization or person
    expansion: str | None = None  # when the name is a known acronym
    head: str | None = None  # the actor noun heading a descriptive phrase ("soldier")
    role: str | None = None  # a known person's office
    kind: str | None = None  # what the whole name is: country, capital, city, demonym, org, ...


@dataclass(frozen=True, slots=True)
class _Match:
    start: int
    end: int
    entries: tuple[Entry, ...]
    text: tuple[str, ...]

    def first(self, kinds: tuple[str, ...]) -> Entry | None:
        return next((e for e in self.entries if e.kind in kinds), None)


def _fits(entries: tuple[Entry, ...], span: list[Word], named: bool) -> tuple[Entry, ...]:
    """Drop proper-name readings of words written in lower case ("us", "chad", "who"), unless
    the NER already said the text is a name (a lowercased article's "delhi")."""
    if named:
        return entries
    out = []
    for e in entries:
        if e.kind in PROPER_KINDS and not span[0].cap:
            continue
        if e.exact_case and not all(w.upper or not w.norm.isalpha() for w in span):
            continue
        out.append(e)
    return tuple(out)


def _scan(ws: list[Word], lex: Lexicon, named: bool) -> list[_Match]:
    """Longest known phrases, left to right; linear in the number of words."""
    out: list[_Match] = []
    i, n = 0, len(ws)
    while i < n:
        for length in range(min(lex.max_len, n - i), 0, -1):
            span = ws[i : i + length]
            k = tuple(w.norm for w in span)
            entries = _fits(lex.lookup(k), span, named)
            for one in singulars(k[-1]) if not entries else ():
                entries = _fits(lex.lookup((*k[:-1], one)), span, named)
                if entries:
                    k = (*k[:-1], one)
                    break
            if entries:
                out.append(_Match(i, i + length, entries, k))
                i += length
                break
        else:
            i += 1
    return out


def _content(ws: list[Word], lex: Lexicon) -> list[Word]:
    """The name without leading determiners, numbers and "of the" ("Several of the largest ...")."""
    i = 0
    while i < len(ws) and (ws[i].norm in lex.leading or ws[i].norm.isdigit() or ws[i].norm == "of"):
        i += 1
    return ws[i:]


def _sector(
    matches: list[_Match], ws: list[Word], year: int | None, lex: Lexicon
) -> tuple[str | None, str | None, str | None, Entry | None]:
    """Sector, second sector, head noun and head entry of a phrase."""
    inside = {i for m in matches for i in range(m.start + 1, m.end)}
    cut = next(
        (i for i, w in enumerate(ws) if w.norm in lex.prepositions and i not in inside), len(ws)
    )
    before = [m for m in matches if m.end <= cut]
    after = [m for m in matches if m.start > cut]
    head = next((m for m in reversed(before) if m.first(ROLE_KINDS)), None)
    if head is None:
        return None, None, None, None
    entry = head.first(ROLE_KINDS)
    assert entry is not None
    sector, sector2 = entry.sector, entry.sector2
    if entry.kind == "leader" and year and entry.end and year > entry.end:
        sector, sector2 = "ELI", entry.sector
    if entry.kind == "noun" and "g" in entry.flags:
        owners = [m for m in reversed(before) if m.start < head.start] + after
        owner = next(
            (e for m in owners if (e := m.first(ROLE_KINDS)) is not None and e.sector), None
        )
        if owner is not None:
            sector, sector2 = owner.sector, owner.sector2 or sector2
        else:  # "Jewish community leader" -> REL; "health officials" stay GOV, with MED
            mod = next(
                (e for m in before if m.start < head.start and (e := m.first(("modifier",)))),
                None,
            )
            if mod is not None and sector is None:
                sector = mod.sector
            elif mod is not None:
                sector2 = sector2 or mod.sector
    for m in before:
        mod = m.first(("modifier",))
        if mod and "o" in mod.flags and m.start < head.start:
            sector, sector2 = mod.sector, sector
            break
    noun = " ".join(head.text).replace(" - ", "-") if entry.kind == "noun" else None
    return sector, sector2, noun, entry


@lru_cache(maxsize=65536)
def resolve(
    name: str, context: str = "", label: str | None = None, year: int | None = None
) -> Resolution:
    """Country and sector of an actor name. ``context`` is a country or nationality to fall
    back on ("Defense Minister", "German"); ``label`` is the NER label when the text is a named
    entity: any label lets lowercase words match names, PERSON reads only person names (a
    person called Chad is not from Chad); ``year`` is the document's, for people who left
    office."""
    lex = load_lexicon()
    ws = _content(words(name), lex)
    if not ws:
        return Resolution()
    matches = _scan(ws, lex, label is not None)
    if label == "PERSON":
        matches = [m for m in matches if m.first(("leader",))]
    whole = len(matches) == 1 and matches[0].end - matches[0].start == len(ws)
    full = matches[0] if whole else None
    sector, sector2, noun, head = _sector(matches, ws, year, lex)
    country = bloc = canonical = expansion = known_label = role = kind = None
    if full is not None:
        entry = full.entries[0]
        known_label, canonical, kind = entry.label, entry.canonical, entry.kind
        if entry.kind in ("capital", "city", "breakaway") and head is None:
            sector = entry.sector
        if entry.kind == "org" and all(w.upper for w in ws) and canonical:
            expansion = (
                canonical if canonical.upper() != " ".join(w.norm for w in ws).upper() else None
            )
        if entry.kind == "leader":
            role = entry.role
    for m in matches:
        e = m.first(PLACE_KINDS)
        sponsor = (
            m.end + 1 < len(ws) and ws[m.end].norm == "-" and ws[m.end + 1].norm in lex.sponsors
        )
        if e is not None and e.country and not sponsor:
            country = e.country
            break
    if country is None and context:
        country = resolve(context).country
    if country is None:
        bloc = next((e.bloc for m in matches if (e := m.first(("org",))) and e.bloc), None)
    return Resolution(
        country=country,
        sector=sector,
        sector2=sector2 if sector2 != sector else None,
        bloc=bloc,
        label=known_label,
        canonical=canonical,
        expansion=expansion,
        head=noun,
        role=role,
        kind=kind,
    )
