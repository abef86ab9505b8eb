"""Choosing the event a sentence is about, for sentence-level coding (CAMEO, PLOVER, ACLED)."""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc

from dateline.events.consistency import happened as _happened
from dateline.events.lexicon import Lexicon, load_lexicon
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


#: ACLED sub-types that name a report wherever they occur in it.
_FIRST = ("Suicide bomb", "Chemical weapon")


def acled_subtype(events: list[Event], lex: Lexicon) -> str | None:
    """One ACLED sub-type for a short report (a snippet or a sentence), from its events.

    ACLED codes a report by its most specific violence: protests are told apart by what the
    authorities or the protesters did, and a sub-type that a weapon or trigger names (grenade,
    air strike, suicide bomb) outranks the default of a bare type (an armed clash).
    """
    happened = [e for e in events if _happened(e) and e.acled_subtype]
    if not happened:
        return None
    protesters = lex.cues["protester"]

    def against_protest(e: Event) -> bool:
        return e.mode == "crowd-control" or _names_protesters(e.target_text, protesters)

    force = [e for e in happened if e.type == "ASSAULT" and against_protest(e)]
    # a protest, or force whose target is one ("suppressed a peaceful protest")
    if any(e.type == "PROTEST" for e in happened) or force:
        if any(e.mode in ("riot", "vandalize") for e in happened):
            return "Violent demonstration"
        if any(e.type == "ASSAULT" and _reciprocal(e, lex) for e in happened):
            return "Violent demonstration"  # "police clashed with protesters": both sides fought
        if any(e.mode != "crowd-control" for e in force):
            return "Excessive force against protesters"
        if force or any(e.type == "COERCE" for e in happened):
            return "Protest with intervention"
        if any(
            e.type == "ASSAULT" and _names_protesters(e.actor_text, protesters) for e in happened
        ):
            return "Violent demonstration"
    for named in _FIRST:  # a suicide or chemical attack is that, whatever else the report tells
        if any(e.acled_subtype == named for e in happened):
            return named
    # a type's own sub-type, and the one-sided "Attack" it falls back to, yield to named ones
    defaults = {lex.info(e.type, None).acled_subtype for e in happened} | {"Attack"}
    specific = [e for e in happened if e.acled_subtype not in defaults]
    pool = specific or happened
    counts = Counter(e.acled_subtype for e in pool)
    best = max(counts.values())
    for event in sorted(pool, key=lambda e: (e.score or 0.0, e.trigger.start)):
        if counts[event.acled_subtype] == best:
            return event.acled_subtype
    return None


def _reciprocal(event: Event, lex: Lexicon) -> bool:
    words = event.trigger.text.lower()
    return any(words.startswith(w) for w in lex.cues["reciprocal"])


def _names_protesters(text: str | None, protesters: frozenset[str]) -> bool:
    """Whether a phrase names protesters or their protest ("the demonstrators", "a rally")."""
    return any(w.rstrip("s") in protesters for w in (text or "").lower().split())


def _type_quad(event: Event) -> int:
    info = load_lexicon().ontology.get((event.type, event.mode)) or load_lexicon().ontology.get(
        (event.type, None)
    )
    return info.quad if info is not None else 0


def coded(event: Event) -> tuple[str, int]:
    """The (type, quad class) an event-data coder gives a sentence about this event.

    An intention to cooperate (to meet, support, aid) is an AGREE and an intended use of force a
    THREATEN; a refused or failed cooperation is a REJECT; an appeal (CAMEO 02) and a claim of
    responsibility are statements (quad 0), as in CAMEO's penta classes; what the text says must
    happen is a demand (REQUEST, CAMEO 10).
    """
    # an event that did not happen carries no quad class of its own: its type's
    quad = event.quad_class if event.quad_class is not None else _type_quad(event)
    if event.cameo in ("01", "02") or event.claimed:  # a claim of responsibility is a statement
        return event.type, 0
    if event.demanded:  # "Libya must hand over the suspects": CAMEO 10, a demand
        return "REQUEST", 3
    if event.negated:
        return ("REJECT", 3) if quad in (1, 2) else (event.type, quad)
    if event.modality == "hypothetical":
        if quad in (1, 2):  # "will visit", "will provide aid": CAMEO 03, intent to cooperate
            return "AGREE", 1
        if quad == 4:
            return "THREATEN", 3
    return event.type, quad
