"""Merge a document's mentions into entities: one key per mention, one entity per key.

Keys: a known organization or person by its lexicon name ("UN command" and "United Nations
Command" meet); a country by its ISO code ("North Korea", "the North"); an acronym by its
expansion's key; a bare surname by the full name it ends ("Carroll" -> "Chad G. Carroll", even
when the NER called it an ORG); an actor noun phrase by head, number and country ("the soldier"
joins the one soldier whose country is known). All lookups are dictionaries: linear per document.
"""

from __future__ import annotations

from collections import defaultdict

from dateline.actors.acronyms import initials, is_acronym
from dateline.actors.mentions import Mention
from dateline.actors.resolve import resolve
from dateline.actors.text import fold

Key = tuple[str, ...]
NAME_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "PRODUCT", "WORK_OF_ART"})
PLACE_KINDS = frozenset({"capital", "city", "region", "breakaway"})


def _plain(text: str) -> str:
    text = fold(text).replace(".", "").replace("’", "'")
    return " ".join(text.removeprefix("the ").split())


def _key(m: Mention) -> Key:
    if m.label == "NOMINAL":
        return ("nom", m.head or "", "pl" if m.plural else "sg", "|".join(sorted(m.countries)))
    if m.direction:
        return ("gpe", next(iter(m.countries))) if m.countries else ("dir", fold(m.desc))
    r = resolve(m.desc, "", m.label)
    if r.canonical and r.kind in ("org", "leader"):
        return ("name", fold(r.canonical))
    if r.kind in ("country", "breakaway") and r.country:
        return ("gpe", r.country)
    if r.kind == "demonym" and r.country and m.label in ("NORP", "GPE", "LOC"):
        return ("norp", r.country)
    return ("name", _plain(m.desc))


def cluster(mentions: list[Mention], acronyms: dict[str, Mention]) -> list[list[Mention]]:
    """Groups of mentions, each one entity, in order of first mention."""
    keys = {id(m): _key(m) for m in mentions}
    # acronyms take their expansion's key
    for m in mentions:
        target = acronyms.get(m.desc)
        if target is not None:
            keys[id(m)] = keys[id(target)]
    # a full name's later forms: "Carroll" after "Chad G. Carroll"
    surnames: dict[str, set[Key]] = defaultdict(set)
    for m in mentions:
        words = m.desc.split()
        if m.label == "PERSON" and len(words) > 1:
            last = words[-1] if words[-1].rstrip(".").lower() not in ("jr", "sr") else words[-2]
            surnames[fold(last)].add(keys[id(m)])
    for m in mentions:
        if m.label in NAME_LABELS and " " not in m.desc and not m.direction:
            owners = surnames.get(fold(m.desc), set())
            kind = resolve(m.desc, "", m.label).kind
            place = m.label in ("GPE", "LOC") and kind in PLACE_KINDS  # Washington the city
            if len(owners) == 1 and kind not in ("org", "country") and not place:
                keys[id(m)] = next(iter(owners))
                m.label = "PERSON"
    # an acronym nobody defined, with the initials of a spelled-out name of the same key kind
    named = {
        initials(m.desc): keys[id(m)]
        for m in mentions
        if m.label in NAME_LABELS and len(m.desc.split()) > 1
    }
    for m in mentions:
        if is_acronym(m.desc) and m.desc not in acronyms:
            letters = "".join(c for c in m.desc if c.isalpha())
            if letters in named:
                keys[id(m)] = named[letters]
    # "the soldier": the one soldier whose country the document gives
    with_country: dict[Key, set[Key]] = defaultdict(set)
    for m in mentions:
        k = keys[id(m)]
        if k[0] == "nom" and k[3]:
            with_country[k[:3]].add(k)
    for m in mentions:
        k = keys[id(m)]
        if k[0] == "nom" and not k[3] and len(with_country.get(k[:3], ())) == 1:
            keys[id(m)] = next(iter(with_country[k[:3]]))
    groups: dict[Key, list[Mention]] = {}
    for m in mentions:
        groups.setdefault(keys[id(m)], []).append(m)
    return list(groups.values())
