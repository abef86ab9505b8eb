"""Choosing the event a sentence is about, for sentence-level coding (CAMEO, PLOVER, ACLED)."""

from __future__ import annotations

from spacy.tokens import Doc

from dateline.model import Event


def _depth(doc: Doc, event: Event) -> int:
    span = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    if span is None:
        return 99
    token, depth = span.root, 0
    while token.head is not token and depth < 99:
        token, depth = token.head, depth + 1
    return depth


def main_event(doc: Doc, events: list[Event] | None = None) -> Event | None:
    """The event nearest the root of its parse, preferring ones that happened.

    Negated and hypothetical events are kept only when nothing else is there: a sentence about
    a threat is still a THREATEN, which its own event carries.
    """
    events = doc._.events if events is None else events
    if not events:
        return None
    return min(
        events,
        key=lambda e: (e.negated or e.modality == "hypothetical", _depth(doc, e), e.trigger.start),
    )
