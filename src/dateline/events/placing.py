"""Where an event happened when its own clause and sentence do not say.

The extractor places an event from its clause, else from a place its sentence locates something
in (``Event.place_basis`` "clause" / "sentence"). News often names the place once: in the
dateline ("SEOUL, South Korea (AP) —") or in one telling of an incident the article retells.
So, after the retellings are linked (``restated.mark_restatements``), an event still without a
place takes, in this order:

1. its incident's place ("incident"): the place the earliest telling of the same incident found
   in its own clause or sentence (one incident happens in one place);
2. the article's dateline place ("dateline"): where the reporter filed from, which is where
   the article's unplaced events are reported from, unless the event's sentence names a place
   in another country ("North Korea fired a missile" under a Seoul dateline), when it stays
   without one.

Nothing else: a place from another sentence is taken only when it is the incident's own or the
dateline, since a wrong place is worse than none.
"""

from __future__ import annotations

from spacy.tokens import Doc

from dateline.model import Event, Place
from dateline.places.detect import find_dateline


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


def fill_places(doc: Doc, events: list[Event]) -> None:
    """Give unplaced events their incident's place, else the dateline's, in place."""
    own: dict[str, int] = {}
    for event in events:
        if event.place is not None:
            own.setdefault(event.same_as or event.id, event.place)
    dateline = dateline_place(doc)
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
