"""Toponym detection: spaCy's GPE/LOC/FAC entities, plus gazetteer names the NER model missed.

Demonyms ("North Korean") are not places; they only tell which countries a text is about.
A city or country that is the subject of a verb of saying or deciding ("Seoul said") is an actor
(metonymy): it is detected, marked ``metonymic``, and left out of ``doc._.places``.
"""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from dateline.places.gazetteer import CITY, PRIMARY, Gazetteer

NER_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: entity labels whose tokens the gazetteer scan must not claim as places
BLOCKING_LABELS = frozenset({"PERSON", "ORG", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW",
                             "LANGUAGE", "DATE", "TIME", "MONEY", "QUANTITY"})
#: other entities whose whole text is the name of a country, region or site are places
#: ("The JSA" tagged ORG)
RELABEL = frozenset({"ORG", "FAC"})
#: a city found only by the gazetteer scan needs this many inhabitants (fewer: too many
#: common words and surnames are also names of villages)
SCAN_MIN_POPULATION = 100_000
MAX_SCAN_TOKENS = 4
LEADING_ARTICLES = frozenset({"the"})


@dataclass(slots=True)
class Mention:
    """A toponym candidate in the text."""

    start: int  # character offsets
    end: int
    text: str
    token_start: int
    token_end: int
    source: str  # "ner" or "gazetteer"
    metonymic: bool = False


def _lexicon(name: str) -> list[list[str]]:
    path = importlib.resources.files("dateline") / "resources" / "places" / name
    with path.open(encoding="utf-8") as fh:
        return [ln.rstrip("\n").split("\t") for ln in fh if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Lower-cased demonym -> alpha-3."""
    return {row[0].lower(): row[1] for row in _lexicon("demonyms.tsv")}


@lru_cache(maxsize=1)
def not_places() -> frozenset[str]:
    """Lower-cased names never taken as toponyms on their own."""
    return frozenset(row[0] for row in _lexicon("not_places.tsv"))


@lru_cache(maxsize=1)
def metonymy_verbs() -> frozenset[str]:
    return frozenset(row[0] for row in _lexicon("metonymy_verbs.tsv"))


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
    return Mention(span.start_char, span.end_char, span.text, span.start, span.end, source,
                   _is_metonymic(span, verbs))


def _scan_ok(gaz: Gazetteer, text: str, sentence_initial: bool) -> bool:
    """A name the NER missed counts if the gazetteer knows it well enough by that exact name."""
    for entry, kind in gaz.lookup(text):
        if kind != PRIMARY:
            continue
        if int(gaz.feature[entry]) != CITY:
            return True
        if not sentence_initial and int(gaz.population[entry]) >= SCAN_MIN_POPULATION:
            return True
    return False


def _non_city(gaz: Gazetteer, text: str) -> bool:
    return any(kind == PRIMARY and int(gaz.feature[e]) != CITY for e, kind in gaz.lookup(text))


def _capitalized(tok: Token) -> bool:
    return tok.text[:1].isupper() and tok.is_alpha or tok.text in ("U.S.", "U.K.")


def detect(doc: Doc, gaz: Gazetteer) -> list[Mention]:
    """Toponym mentions in document order, without overlaps."""
    verbs = metonymy_verbs()
    dem = demonyms()
    mentions: list[Mention] = []
    taken: set[int] = set()
    stop = not_places()
    for ent in doc.ents:
        span = _trim(ent)
        if ent.label_ not in NER_LABELS:
            if ent.label_ in RELABEL and span is not None and _non_city(gaz, span.text):
                mentions.append(_mention(span, "ner", verbs))
            taken.update(range(ent.start, ent.end))
            continue
        if span is None:
            continue
        for part in _split_commas(span):
            low = part.text.lower()
            if low in stop or low in dem and not gaz.lookup(part.text):
                continue
            if ent.label_ == "FAC" and not gaz.lookup(part.text):
                continue
            mentions.append(_mention(part, "ner", verbs))
        taken.update(range(ent.start, ent.end))
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
        mentions.append(_mention(found, "gazetteer", verbs))
        taken.update(range(found.start, found.end))
        i = found.end
    mentions.sort(key=lambda m: m.start)
    return mentions
