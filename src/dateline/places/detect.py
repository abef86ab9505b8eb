"""Toponym detection: spaCy's GPE/LOC/FAC entities, plus gazetteer names the NER model missed
or mislabelled (a lone "Alexandria" tagged PERSON), plus the article's dateline ("SEOUL —").

Demonyms ("North Korean") are not places; they only tell which countries a text is about. They
come from the table shared with the actors component (``resources/shared/demonyms.tsv``).
Two kinds of toponym are found but are not locations, so they are kept out of ``doc._.places``
(``literal`` False): a city or country that is the subject of a verb of saying or deciding
("Seoul said": metonymy, an actor), and a place name inside an organization's name
("the Minnesota Department of Transportation").
All-lower-case words are never toponyms ("metro fares" tagged FAC), and everyday words that
are also town names (``common_words.tsv``: "Metro", "Mobile", "Reading") count only where the text
treats them as places at least once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from dateline.doc_text import doc_text
from dateline.places.gazetteer import CITY, PRIMARY, Gazetteer
from dateline.tables import NAME, read_table
from dateline.tables import demonyms as all_demonyms

NER_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: other entities whose whole text is the name of a country, region or site are places
#: ("The JSA" tagged ORG)
RELABEL = frozenset({"ORG", "FAC"})
#: a city found only by the gazetteer scan needs this many inhabitants (fewer: too many
#: common words and surnames are also names of villages)
SCAN_MIN_POPULATION = 100_000
MAX_SCAN_TOKENS = 4
#: labels the small NER model gives to lone place names ("Aleppo" NORP, "Winnipeg" PRODUCT)
MISLABELLED = frozenset({"PERSON", "NORP", "ORG", "PRODUCT", "LANGUAGE", "WORK_OF_ART"})
#: ... and taken as a place only where the text treats it as one: after a locative preposition,
#: before ", <place>", or named as a place (GPE/LOC) elsewhere in the document
LOCATIVE = frozenset({"in", "at", "from", "near", "to", "outside", "across", "around", "into",
                      "toward", "towards", "through", "throughout", "between", "within"})
#: a lone mislabelled name is taken as a city when the city is at least this large
PERSON_MIN_POPULATION = 20_000
LEADING_ARTICLES = frozenset({"the"})
GENERIC_HEADS = frozenset({"province", "state", "region", "district", "city", "county",
                           "prefecture", "governorate", "area", "town", "village"})
DIRECTIONS = frozenset({"northern", "southern", "eastern", "western", "central", "north",
                        "south", "east", "west", "northeastern", "northwestern",
                        "southeastern", "southwestern", "downtown", "rural", "historic",
                        "suburban", "metro", "uptown"})
#: "the village of Kalari", "the city of Reading": a generic place word and "of" before a name
PLACE_NOUNS = GENERIC_HEADS | {"capital", "township", "suburb", "neighbourhood", "neighborhood"}
#: multi-word entities whose names often carry a place's ("the Dublin City Council")
NAMED_AFTER_PLACES = frozenset({"ORG", "WORK_OF_ART", "EVENT", "FAC", "PRODUCT"})


@dataclass(slots=True)
class Mention:
    """A toponym candidate in the text."""

    start: int  # character offsets
    end: int
    text: str
    token_start: int
    token_end: int
    source: str  # "ner", "gazetteer", "mislabelled" (a lone name), "org", "dateline"
    literal: bool = True  # False: metonymic, or part of an organization's name


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Lower-cased demonym -> alpha-3, from the shared table: every form but a country's own name
    ("US", "UK" stay places)."""
    return {d.form.lower(): d.country for d in all_demonyms() if d.kind != NAME}


@lru_cache(maxsize=1)
def not_places() -> frozenset[str]:
    """Lower-cased names never taken as toponyms on their own."""
    return frozenset(row[0] for row in read_table("places", "not_places.tsv"))


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Lower-cased place names that are also everyday words ("metro", "mobile", "reading")."""
    return frozenset(row[0] for row in read_table("places", "common_words.tsv"))


@lru_cache(maxsize=1)
def metonymy_verbs() -> frozenset[str]:
    return frozenset(row[0] for row in read_table("places", "metonymy_verbs.tsv"))


def _trim(span: Span) -> Span | None:
    """Drop a leading article and a trailing possessive or punctuation from an entity span."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].lower_ in LEADING_ARTICLES:
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct
                           and doc[end - 1].text != "."):
        end -= 1
    return doc[start:end] if end > start else None


def _core(gaz: Gazetteer, span: Span) -> Span:
    """"Sichuan province" -> "Sichuan", "eastern Aleppo" -> "Aleppo" when only the core is a
    known name: the generic word is description, not part of the toponym."""
    if len(span) < 2 or gaz.lookup(span.text):
        return span
    if span[-1].lower_ in GENERIC_HEADS and gaz.lookup(span[:-1].text):
        return span[:-1]
    if span[0].lower_ in DIRECTIONS and gaz.lookup(span[1:].text):
        return span[1:]
    return span


def _split_commas(span: Span) -> list[Span]:
    """"Paris, Texas" as one entity is two toponyms."""
    parts, start = [], span.start
    for tok in span:
        if tok.text == ",":
            if tok.i > start:
                parts.append(span.doc[start:tok.i])
            start = tok.i + 1
    if span.end > start:
        parts.append(span.doc[start:span.end])
    return parts


def _is_metonymic(span: Span, verbs: frozenset[str]) -> bool:
    root = span.root
    return root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.lower() in verbs


def _mention(span: Span, source: str, verbs: frozenset[str]) -> Mention:
    literal = source != "org" and not _is_metonymic(span, verbs)
    return Mention(span.start_char, span.end_char, span.text, span.start, span.end, source,
                   literal)


_CITY = r"(?P<city>[A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+){0,3})"
_WHERE = r"(?:, (?P<where>[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+){0,2}))?"
_DATELINE = re.compile(
    rf"(?:^|\n|\. )\s*{_CITY}{_WHERE}"
    r"(?:\s*(?:\([A-Za-z .]+\)\s*)?(?:—|–|--| - )|\s*\([A-Z][A-Za-z .]*\)\s+(?=[A-Z]))"
)
#: at the very start of a text, a dateline whose dash was lost ("WASHINGTON Barack Obama ...")
_BARE_DATELINE = re.compile(rf"\s*{_CITY}{_WHERE} (?=[A-Z][a-z])")
DATELINE_WINDOW = 400


def find_dateline(doc: Doc) -> tuple[Span, Span | None] | None:
    """The dateline's city (and state or country) near the top: "SEOUL, South Korea —",
    "WASHINGTON (Reuters) ...", or capitals opening the text ("WASHINGTON Barack Obama ...")."""
    text = doc_text(doc)
    m = _DATELINE.search(text[:DATELINE_WINDOW]) or _BARE_DATELINE.match(text)
    if not m or len(m.group("city")) < 3:
        return None
    city = doc.char_span(m.start("city"), m.end("city"), alignment_mode="contract")
    if city is None:
        return None
    where = (doc.char_span(m.start("where"), m.end("where"), alignment_mode="contract")
             if m.group("where") else None)
    return city, where


def _mislabelled_place(gaz: Gazetteer, span: Span, surnames: set[str],
                       gpe_names: set[str]) -> bool:
    """A one-word non-place entity that is a well-known place name, nobody's name in this
    text, and used as a place ("Alexandria" tagged PERSON in "in Alexandria")."""
    if (len(span) != 1 or not span.text[:1].isupper() or span.text in surnames
            or _acronym(span.text)):
        return False
    doc = span.doc
    placed = (
        span.text in gpe_names
        or span.start > 0 and doc[span.start - 1].lower_ in LOCATIVE
        or span.end + 1 < len(doc) and doc[span.end].text == ","
        and doc[span.end + 1].ent_type_ == "GPE"
    )
    return placed and any(kind == PRIMARY and (int(gaz.feature[e]) != CITY
                                    or int(gaz.population[e]) >= PERSON_MIN_POPULATION)
               for e, kind in gaz.lookup(span.text))


def _org_places(gaz: Gazetteer, ent: Span) -> Iterator[Span]:
    """Place names inside an organization's (or event's, or work's) name: "Minnesota" in
    "the Minnesota House"."""
    i = ent.start
    while i < ent.end:
        for n in range(min(MAX_SCAN_TOKENS, ent.end - i), 0, -1):
            span = ent.doc[i:i + n]
            if all(_capitalized(t) for t in span) and _scan_ok(gaz, span.text, False):
                yield span
                i += n
                break
        else:
            i += 1


def _scan_ok(gaz: Gazetteer, text: str, sentence_initial: bool) -> bool:
    """A name the NER missed counts if the gazetteer knows it well enough by that exact name."""
    for entry, kind in gaz.lookup(text):
        if kind != PRIMARY:
            continue
        if int(gaz.feature[entry]) != CITY:
            return True
        if _acronym(text):
            continue
        if not sentence_initial and int(gaz.population[entry]) >= SCAN_MIN_POPULATION:
            return True
    return False


def _acronym(text: str) -> bool:
    """"UN", "NATO": an all-capitals short word names a city only by coincidence."""
    return text.isupper() and len(text.replace(".", "")) <= 5


def _non_city(gaz: Gazetteer, text: str) -> bool:
    return any(kind == PRIMARY and int(gaz.feature[e]) != CITY for e, kind in gaz.lookup(text))


def _capitalized(tok: Token) -> bool:
    return tok.text[:1].isupper() and tok.is_alpha or tok.text in ("U.S.", "U.K.")


def _place_parts(gaz: Gazetteer, span: Span, label: str, surnames: set[str]) -> Iterator[Span]:
    """The toponyms of a GPE/LOC/FAC entity: split at commas, cores kept, non-places dropped."""
    stop, dem = not_places(), demonyms()
    for part in _split_commas(span):
        part = _core(gaz, part)
        low = part.text.lower()
        if low in stop or low in dem and not gaz.lookup(part.text):
            continue
        if len(part) == 1 and part.text in surnames:
            continue  # "Georgia" after "Georgia Stevens" is her, not the state
        if label == "FAC" and not gaz.lookup(part.text):
            continue
        if _acronym(part.text) and not _non_city(gaz, part.text):
            continue
        yield part


def _scan(doc: Doc, gaz: Gazetteer, taken: set[int], dem: dict[str, str]) -> Iterator[Span]:
    """Capitalized names outside any entity that the gazetteer knows well (longest first)."""
    sent_starts = {s.start for s in doc.sents} if doc.has_annotation("SENT_START") else {0}
    i = 0
    while i < len(doc):
        if i in taken or not _capitalized(doc[i]) or doc[i].pos_ not in ("PROPN", "NOUN", "ADJ"):
            i += 1
            continue
        found = None
        for n in range(min(MAX_SCAN_TOKENS, len(doc) - i), 0, -1):
            toks = doc[i:i + n]
            if any(t.i in taken or not _capitalized(t) for t in toks):
                continue
            if n == 1 and (toks.text.lower() in dem or doc[i].pos_ != "PROPN"):
                continue
            if _scan_ok(gaz, toks.text, i in sent_starts):
                found = toks
                break
        if found is None:
            i += 1
            continue
        yield found
        i = found.end


def _place_cue(doc: Doc, m: Mention, places: set[int]) -> bool:
    """Does the text treat this name as a place here: after a locative preposition or "city
    of", before or after a comma and another place ("Mobile, Alabama"), or in the dateline?"""
    if m.source == "dateline":
        return True
    before = doc[m.token_start - 1].lower_ if m.token_start > 0 else ""
    if before in LOCATIVE:
        return True
    if before == "of" and m.token_start > 1 and doc[m.token_start - 2].lower_ in PLACE_NOUNS:
        return True
    after = m.token_end < len(doc) - 1 and doc[m.token_end].text == ","
    return (after and m.token_end + 1 in places
            or before == "," and m.token_start - 2 in places)


def _cued(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Mentions without the all-lower-case ones ("metro fares", a common noun the NER model
    took for a facility; "eastern Ghouta" stays), and without everyday words
    (``common_words.tsv``) that the text never treats as a place: "Metro fares will rise" is
    no town in Indonesia."""
    mentions = [m for m in mentions
                if any(w[:1].isupper() or w[:1].isdigit() for w in m.text.split())]
    words = common_words()
    doubtful = [m for m in mentions if m.text.lower() in words]
    if not doubtful:
        return mentions
    places = {i for m in mentions for i in (m.token_start, m.token_end - 1)}
    cued = {m.text.lower() for m in doubtful if _place_cue(doc, m, places)}
    return [m for m in mentions if m.text.lower() not in words or m.text.lower() in cued]


def detect(doc: Doc, gaz: Gazetteer) -> list[Mention]:
    """Toponym mentions in document order, without overlaps."""
    verbs = metonymy_verbs()
    dem = demonyms()
    mentions: list[Mention] = []
    taken: set[int] = set()
    surnames = {e[-1].text for e in doc.ents if e.label_ == "PERSON" and len(e) > 1}
    surnames |= {e[0].text for e in doc.ents if e.label_ == "PERSON" and len(e) > 1}
    gpe_names = {e.text for e in doc.ents if e.label_ in ("GPE", "LOC")}

    def add(span: Span, source: str) -> None:
        mentions.append(_mention(span, source, verbs))
        taken.update(range(span.start, span.end))

    dateline = find_dateline(doc)
    if dateline:
        for part in dateline:
            if part is not None and gaz.lookup(part.text):
                add(part, "dateline")
    for ent in doc.ents:
        if any(i in taken for i in range(ent.start, ent.end)):
            continue
        span = _trim(ent)
        if ent.label_ not in NER_LABELS:
            if span is not None and ent.label_ in RELABEL and _non_city(gaz, span.text):
                add(span, "ner")
            elif span is not None and ent.label_ in MISLABELLED and _mislabelled_place(
                gaz, span, surnames, gpe_names
            ) and span.text.lower() not in dem:
                add(span, "mislabelled")
            elif ent.label_ in NAMED_AFTER_PLACES and len(ent) > 1:
                for part in _org_places(gaz, ent):
                    add(part, "org")
            taken.update(range(ent.start, ent.end))
            continue
        if span is None:
            continue
        for part in _place_parts(gaz, span, ent.label_, surnames):
            add(part, "ner")
        taken.update(range(ent.start, ent.end))
    for span in _scan(doc, gaz, taken, dem):
        add(span, "gazetteer")
    mentions.sort(key=lambda m: m.start)
    return _cued(doc, mentions)
