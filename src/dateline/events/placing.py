"""Where an event happened when its own clause and sentence do not say.

The extractor places an event from its clause, else from a place its sentence locates something
in (``Event.place_basis`` "clause" / "sentence"). News often names the place once: in the
dateline ("SEOUL, South Korea (AP) —") or in one telling of an incident the article retells.
So, after the retellings are linked (``restated.mark_restatements``), an event still without a
place takes, in this order:

1. its incident's place ("incident"): the place the earliest telling of the same incident found
   in its own clause or sentence (one incident happens in one place);
2. when no telling of its incident names a place, a place word of its clause or sentence that
   refers to a place named elsewhere ("the first shooting in the area", "at the scene",
   "fighting continued there"; ``cues.tsv``: place_anaphor) gives the place it stands for
   ("reference"), and the incident's other tellings take it ("incident"). What it stands for is
   the nearest resolved place named before it, else the most specific one named after it
   (a site or city before a region, then the nearest), never a country (narrower words than a
   country), never the dateline (where the reporter filed from, not a place the story tells)
   and never where someone was taken ("transported him to the hospital near Seoul");
3. the article's dateline place ("dateline"): where the reporter filed from, which is where
   the article's unplaced events are reported from, unless the event's sentence names a place
   in another country ("North Korea fired a missile" under a Seoul dateline), when it stays
   without one.

Nothing else: a place from another sentence is taken only when it is the incident's own, one
the text refers to, or the dateline, since a wrong place is worse than none.
"""

from __future__ import annotations

from bisect import bisect_left

import numpy
from spacy.attrs import LEMMA, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from dateline.events.arguments import clause_head, clause_tokens
from dateline.events.lexicon import Lexicon
from dateline.model import Event, Place
from dateline.places.detect import LOCATIVE, find_dateline


def dateline_place(doc: Doc) -> int | None:
    """The index in ``doc._.places`` of the article's dateline place: its city, else the
    state or country written after it; a resolved one before one the gazetteer did not place."""
    parts = find_dateline(doc)
    if parts is None:
        return None
    places = doc._.places or []
    found = [
        index
        for span in parts
        if span is not None
        for index, place in enumerate(places)
        if place.start == span.start_char
    ]
    resolved = [index for index in found if places[index].name is not None]
    return (resolved or found or [None])[0]


def fill_places(doc: Doc, events: list[Event], lex: Lexicon) -> None:
    """Give unplaced events their incident's place, else the one their text refers to, else
    the dateline's, in place."""
    own: dict[str, int] = {}
    for event in events:
        if event.place is not None:
            own.setdefault(event.same_as or event.id, event.place)
    dateline = dateline_place(doc)
    scenes: list[tuple[int, int, int, int]] | None = None  # built for the first unplaced event
    words: list[int] = []  # the article's place words, token indices in order
    for event in events:
        incident = event.same_as or event.id
        if event.place is not None or incident in own:
            continue
        if scenes is None:
            scenes = _scenes(doc, lex, dateline)
            words = _place_words(doc, lex) if scenes else []
        if not words:
            break
        anaphor = _place_word(doc, event, words)
        found = _antecedent(anaphor, scenes) if anaphor is not None else None
        if found is not None:
            event.place, event.place_basis = found, "reference"
            own[incident] = found
    for event in events:
        if event.place is not None:
            continue
        incident = own.get(event.same_as or event.id)
        if incident is not None:
            event.place, event.place_basis = incident, "incident"
        elif dateline is not None and not _points_elsewhere(doc, event, doc._.places[dateline]):
            event.place, event.place_basis = dateline, "dateline"


def _points_elsewhere(doc: Doc, event: Event, dateline: Place) -> bool:
    """Whether the event's sentence names a place (as a location or as an actor: "Seoul said")
    in a country other than the dateline's, or any place when the dateline's country is unknown.
    """
    start, end = event.sentence.start, event.sentence.end
    for place in doc._.toponyms or doc._.places or ():
        if not (start <= place.start < end) or place.start == dateline.start:
            continue
        if dateline.country is None or place.country != dateline.country:
            return True
    return False


def _place_word(doc: Doc, event: Event, words: list[int]) -> Token | None:
    """The first of the article's place words in the event's clause, else in its sentence."""
    span = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    if span is None:
        return None
    token = span.root
    sent = token.sent
    inside = words[bisect_left(words, sent.start) : bisect_left(words, sent.end)]
    if not inside:
        return None
    first, last, excluded = clause_tokens(clause_head(token))
    own = [i for i in inside if first <= i <= last and i not in excluded]
    return doc[(own or inside)[0]]


def _place_words(doc: Doc, lex: Lexicon) -> list[int]:
    """Token indices of the article's place words: candidates by form or lemma from the Doc's
    arrays (no Token object per word), then checked in their parse."""
    words = numpy.fromiter(
        (get_string_id(w) for w in lex.cues["place_anaphor"]), dtype=numpy.uint64
    )
    forms = doc.to_array([LOWER, LEMMA])
    found = numpy.flatnonzero(numpy.isin(forms, words).any(axis=1))
    return [int(i) for i in found if _place_anaphor(doc[int(i)], lex)]


def _place_anaphor(token: Token, lex: Lexicon) -> bool:
    """ "there" as an adverb, or a definite place noun after a locative preposition ("in the
    area"), with no name of its own ("the border village", not "the village of Panmunjom")."""
    if token.lower_ not in lex.cues["place_anaphor"] and token.lemma_.lower() not in (
        lex.cues["place_anaphor"]
    ):
        return False
    if token.lower_ == "there":
        return token.dep_ == "advmod"
    return (
        token.pos_ == "NOUN"
        and token.dep_ == "pobj"
        and token.head.lower_ in LOCATIVE
        and any(c.dep_ == "det" and c.lower_ in lex.cues["definite"] for c in token.children)
        and not any((c.dep_ == "prep" and c.lower_ == "of") or c.ent_type_ for c in token.children)
    )


def _scenes(doc: Doc, lex: Lexicon, dateline: int | None) -> list[tuple[int, int, int, int]]:
    """(start, end, rank, index) of the places a place word can stand for: resolved, of a
    scene feature (rank 0 a point, 1 an area), not the dateline, not a destination."""
    out = []
    for index, place in enumerate(doc._.places or ()):
        if index == dateline or place.lat is None or place.name is None:
            continue
        rank = _scene_rank(place, lex)
        if rank is not None and not _destination(doc, place, lex):
            out.append((place.start, place.end, rank, index))
    return out


def _antecedent(anaphor: Token, scenes: list[tuple[int, int, int, int]]) -> int | None:
    """The nearest scene named before the anaphor, else the most specific (a point before an
    area) and then nearest one named after it."""
    def order(scene: tuple[int, int, int, int]) -> tuple[int, int, int]:
        start, end, rank, _ = scene
        if end <= anaphor.idx:
            return 0, anaphor.idx - end, rank
        return 1, rank, start - anaphor.idx

    return min(scenes, key=order)[3] if scenes else None


def _scene_rank(place: Place, lex: Lexicon) -> int | None:
    if place.feature in lex.cues["scene_point"]:
        return 0
    if place.feature in lex.cues["scene_area"]:
        return 1
    return None


def _destination(doc: Doc, place: Place, lex: Lexicon) -> bool:
    """Whether the place is named in where someone or something went: "to the center near
    Seoul" (the prepositional chain up to its verb holds a destination preposition)."""
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is None:
        return False
    token = span.root
    for _ in range(6):
        if token.dep_ != "pobj" or token.head.pos_ != "ADP":
            return False
        prep = token.head
        if prep.lower_ in lex.cues["destination"]:
            return True
        token = prep.head
    return False
