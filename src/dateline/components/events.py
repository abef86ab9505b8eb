"""The events component (first form; to be deepened)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

import dateline.extensions  # noqa: F401  (registers doc._.events)


@Language.factory("dateline_events")
def make_events(nlp: Language, name: str) -> "EventsComponent":
    return EventsComponent()


class EventsComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.events = []
        return doc
