"""When an event happened: from a time expression governing its clause, else bounded by the
document date according to tense, else unknown. Never silently the publication date.
"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc, Token

from dateline.model import EventTime, Timex
from dateline.time.tense import clause_verb, tense_at
from dateline.time.values import value_bounds

_POINT_TYPES = frozenset({"DATE", "TIME"})


def _timex_heads(doc: Doc) -> list[tuple[Token, Timex]]:
    """(syntactic head token, timex) for the doc's DATE/TIME expressions (a handful per doc)."""
    heads = []
    for timex in doc._.timexes or ():
        if timex.type not in _POINT_TYPES:
            continue
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is not None and len(span):
            heads.append((span.root, timex))
    return heads


def _governs(head: Token, trigger: Token, trigger_verb: Token | None) -> bool:
    """Whether a timex whose head is ``head`` dates the clause of ``trigger``."""
    node = head
    for _ in range(12):
        if node.i == trigger.i:
            return True
        if node.pos_ in ("VERB", "AUX") and node.i != head.i:
            return trigger_verb is not None and node.i == trigger_verb.i
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _from_value(value: str, dct: dt.date | None) -> EventTime:
    bounds = value_bounds(value)
    if bounds is not None:
        first, last, precision = bounds
        return EventTime(value, first.isoformat(), last.isoformat(), precision, "text")
    if dct is not None and value == "PRESENT_REF":
        return EventTime(value, dct.isoformat(), dct.isoformat(), "day", "text")
    if dct is not None and value == "PAST_REF":
        return EventTime(value, None, dct.isoformat(), None, "text")
    if dct is not None and value == "FUTURE_REF":
        return EventTime(value, dct.isoformat(), None, None, "text")
    return EventTime(value, None, None, None, "text")


def event_time(doc: Doc, trigger: Token, happened: bool = False) -> EventTime:
    """The time of the event whose trigger is ``trigger``.

    ``basis`` is ``text`` when a time expression in the trigger's subtree or attached to its
    clause's verb dates it (bounds derived from the value), ``dct-bound`` when only the tense
    places it relative to the document date (past/present: on or before it; future: on or after
    it), ``unknown`` otherwise. ``happened``: the text asserts or reports the event as real, not
    hypothetical, so that an untensed one ("used rifles to fire 40 rounds") happened by the day
    the article was published.
    """
    dct: dt.date | None = doc._.dct
    verb = clause_verb(trigger)
    best: tuple[int, Timex] | None = None
    for head, timex in _timex_heads(doc):
        if _governs(head, trigger, verb):
            distance = abs(head.i - trigger.i)
            if best is None or distance < best[0]:
                best = (distance, timex)
    if best is not None:
        return _from_value(best[1].value, dct)
    if dct is None:
        return EventTime()
    tense = tense_at(trigger)
    if tense in ("past", "present") or (tense is None and happened):
        return EventTime(None, None, dct.isoformat(), None, "dct-bound")
    if tense == "future":
        return EventTime(None, dct.isoformat(), None, None, "dct-bound")
    return EventTime()
