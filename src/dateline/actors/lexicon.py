"""The actor lexicons, read once from ``resources/actors/*.tsv`` and the shared tables
(``resources/shared/``: demonyms and weapons, via :mod:`dateline.tables`).

Every table becomes entries in one phrase index (word tuple -> entries), so a name is scanned once,
longest phrase first, whatever kind of thing each phrase names.
The nouns flagged ``s`` in ``nouns.tsv`` ("spokesman", "source") are also the quotes component's
speaker roles (:attr:`Lexicon.speakers`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from dateline.actors.text import key
from dateline.tables import LOCAL, demonyms, read_table, weapons

#: Proper-name kinds must be written capitalized to match ("us" is no country, "US" is).
PROPER_KINDS = frozenset(
    {"org", "leader", "country", "breakaway", "capital", "region", "city", "demonym"}
)
#: Which entry of a phrase with several meanings wins ("Kyiv": the capital before the region,
#: "Mariupol": the city before the region).
KIND_RANK = {
    "org": 0,
    "leader": 1,
    "country": 2,
    "breakaway": 3,
    "capital": 4,
    "city": 5,
    "region": 6,
    "demonym": 7,
    "noun": 8,
    "modifier": 9,
}


@dataclass(frozen=True, slots=True)
class Entry:
    """What a phrase names: a country, an organization, a leader, an actor noun or a modifier."""

    kind: str
    country: str | None = None
    sector: str | None = None
    sector2: str | None = None
    canonical: str | None = None  # for orgs and leaders: the full name
    bloc: str | None = None  # pseudo-country of international bodies (UNO, EUR, ...)
    label: str | None = None  # entity label the phrase implies (ORG, GPE, PERSON, LOC, NORP)
    flags: str = ""  # nouns: g(eneric), o(rg head), t(itle), s(peaker); modifiers: o(verride)
    exact_case: bool = False  # an acronym alias: must be written in capitals ("WHO", "PA")
    role: str | None = None  # leaders: the office they are known for
    start: int | None = None  # leaders: first and last year in it
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The phrase index and the few word lists the component reads directly."""

    phrases: dict[tuple[str, ...], tuple[Entry, ...]]
    max_len: int
    weapons: frozenset[str]  # nouns whose proper-name modifier is a product ("AK rifles")
    leading: frozenset[str]  # words that open a name without naming ("the", "several")
    prepositions: frozenset[str]  # words after which a phrase is a complement
    sponsors: frozenset[str]  # "-backed", "-led": the country before is a sponsor, not the actor's
    names: tuple[tuple[str, str], ...]  # (name as written, label) of known multiword names
    speakers: frozenset[str]  # nouns flagged s: "a spokesman for X" speaks for X (quotes)
    redescriptions: frozenset[str]  # nouns flagged r: "the defector" (actors/descriptions.py)
    org_heads: frozenset[str]  # nouns flagged o: "the UN command" names an organization

    def lookup(self, words: tuple[str, ...]) -> tuple[Entry, ...]:
        return self.phrases.get(words, ())


def _rows(name: str) -> list[list[str]]:
    return [[cell.strip() for cell in row] for row in read_table("actors", name)]


def _opt(cell: str) -> str | None:
    return None if cell in ("", "-") else cell


def _year(cell: str) -> int | None:
    return int(cell) if cell.isdigit() else None


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read the tables once per process."""
    index: dict[tuple[str, ...], list[Entry]] = defaultdict(list)
    known: set[tuple[str, str]] = set()

    def add(phrase: str, entry: Entry) -> None:
        k = key(phrase)
        if k and entry not in index[k]:
            index[k].append(entry)
        if len(k) > 1 and entry.kind in ("org", "leader", "country") and entry.label:
            known.add((phrase, entry.label))

    for iso, name, _capital in _rows("countries.tsv"):
        add(name, Entry("country", country=iso, label="GPE", canonical=name))
        if name.lower().startswith("the "):
            add(name[4:], Entry("country", country=iso, label="GPE", canonical=name))
    for iso, kind, names in _rows("country_aliases.tsv"):
        sector = "PRE" if kind == "breakaway" else None
        for name in names.split("|"):
            entry = Entry(kind, country=iso, sector=sector, label="GPE", exact_case=name.isupper())
            add(name, entry)
    for d in demonyms():
        if d.kind != LOCAL:  # "Texan", "Kurdish": no nationality
            entry = Entry("demonym", country=d.country, label="NORP", exact_case=d.form.isupper())
            add(d.form, entry)
    for name, iso, capital in _rows("cities.tsv"):
        kind = "capital" if capital == "1" else "city"
        add(
            name,
            Entry(kind, country=iso, sector="GOV" if kind == "capital" else "CVL", label="GPE"),
        )
    for canonical, aliases, iso, sector, sector2, bloc, label in _rows("orgs.tsv"):
        names = [canonical] + ([] if aliases == "-" else aliases.split("|"))
        for name in names:
            add(
                name,
                Entry(
                    "org",
                    country=_opt(iso),
                    sector=_opt(sector),
                    sector2=_opt(sector2),
                    canonical=canonical,
                    bloc=_opt(bloc),
                    label=label,
                    exact_case=name.isupper() and len(name) <= 5,
                ),
            )
    for name, aliases, iso, sector, role, start, end in _rows("leaders.tsv"):
        for alias in [name] + ([] if aliases == "-" else aliases.split("|")):
            add(
                alias,
                Entry(
                    "leader",
                    country=_opt(iso),
                    sector=sector,
                    canonical=name,
                    label="PERSON",
                    role=role,
                    start=_year(start),
                    end=_year(end),
                    exact_case=alias.isupper(),
                ),
            )
    speakers: set[str] = set()
    redescriptions: set[str] = set()
    org_heads: set[str] = set()
    for phrase, sector, sector2, flags in _rows("nouns.tsv"):
        if "s" in flags:
            speakers.add(phrase)
        if "r" in flags:
            redescriptions.add(phrase)
        if "o" in flags:
            org_heads.add(phrase)
        if "n" in flags:  # "source": a speaker's role, no actor
            continue
        add(
            phrase,
            Entry(
                "noun",
                sector=_opt(sector),
                sector2=_opt(sector2),
                flags="" if flags == "-" else flags,
            ),
        )
    for word, sector, mode in _rows("modifiers.tsv"):
        add(word, Entry("modifier", sector=sector, flags="o" if mode == "over" else ""))
    phrases = {k: tuple(sorted(v, key=lambda e: KIND_RANK[e.kind])) for k, v in index.items()}
    models = frozenset(w.lemma for w in weapons() if w.model)
    function = _rows("function_words.tsv")
    return Lexicon(
        phrases=phrases,
        max_len=max(len(k) for k in phrases),
        weapons=models,
        leading=frozenset(w for w, role in function if role == "leading"),
        prepositions=frozenset(w for w, role in function if role == "preposition"),
        sponsors=frozenset(w for w, role in function if role == "sponsor"),
        names=tuple(sorted(known)),
        speakers=frozenset(speakers),
        redescriptions=frozenset(redescriptions),
        org_heads=frozenset(org_heads),
    )
