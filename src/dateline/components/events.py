"""The ``dateline_events`` component: PLOVER-coded who-did-what-to-whom records.

Writes ``doc._.events`` (a list of ``Event`` in text order, ids V1, V2, ...; an event the
article tells again points at its first telling with ``same_as``; an event its clause or
sentence does not place takes its incident's place or the dateline's, see
``dateline.events.placing``). Reads what the earlier components wrote: entities
(token._.entity_id), attributions, places and toponyms, quantities, and the time component's
event-time rule. Triggers and cues come from ``resources/events/``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

import dateline.extensions  # noqa: F401  (registers doc._.events)
from dateline.components.requires import check_pipeline
from dateline.events.consistency import make_consistent
from dateline.events.extract import extract
from dateline.events.lexicon import Lexicon, load_lexicon
from dateline.events.placing import fill_places
from dateline.events.restated import mark_restatements


@Language.factory(
    "dateline_events",
    requires=[
        "token.dep", "doc._.timexes", "doc._.quantities", "doc._.entities", "token._.entity_id",
        "doc._.places", "doc._.toponyms", "doc._.attributions",
    ],
    assigns=["doc._.events"],
)
def make_events(nlp: Language, name: str) -> EventsComponent:
    check_pipeline(nlp, "dateline_events")
    return EventsComponent(load_lexicon())


class EventsComponent:
    """Find events in a parsed Doc."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def __call__(self, doc: Doc) -> Doc:
        events = extract(doc, self.lexicon)
        mark_restatements(events, doc, self.lexicon)
        fill_places(doc, events, self.lexicon)
        make_consistent(events, self.lexicon)
        doc._.events = events
        return doc
