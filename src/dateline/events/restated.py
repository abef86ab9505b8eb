"""Events an article tells more than once.

News repeats itself: the lede's "fired about 40 rounds at the defector" and the later "used
handguns and AK rifles to fire about 40 rounds at their former comrade" are one attack, and a
quoted spokesman restates what the reporter already said. Counting every telling as an event is
the over-production users hold against PETRARCH and GDELT. Each later telling therefore points at
the first with ``same_as``; its own record stays (it may add a source, a place or a count).

The rule is conservative: same type, mode, polarity and reality (hypothetical or not), at least
one participant the same entity and none different, and no two different dates from the text.
Two attacks on the same target on undated days of one article would be taken for one.
"""

from __future__ import annotations

from dateline.model import Event


def mark_restatements(events: list[Event]) -> None:
    """Set ``same_as`` on each event that restates an earlier one of the same article."""
    firsts: dict[tuple[str, bool, bool], list[Event]] = {}
    for event in events:
        key = (event.type, event.negated, event.modality == "hypothetical")
        earlier = firsts.setdefault(key, [])
        match = next((e for e in earlier if _restates(event, e)), None)
        if match is not None:
            event.same_as = match.id
        else:
            earlier.append(event)


def _restates(later: Event, first: Event) -> bool:
    if later.mode and first.mode and later.mode != first.mode:
        return False
    for a, b in ((later.actor, first.actor), (later.target, first.target)):
        if a and b and a != b:
            return False
    shared = (later.actor and later.actor == first.actor) or (
        later.target and later.target == first.target
    )
    if not shared:
        return False
    dated = later.time.basis == "text" and first.time.basis == "text"
    return not (dated and _when(later) != _when(first))


def _when(event: Event) -> tuple[str | None, str | None, str | None]:
    """What the text says of an event's time: its value, or the edges it gives ("since 2015")."""
    return event.time.value, event.time.earliest, event.time.latest
