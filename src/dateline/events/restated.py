"""Events an article tells more than once.

News repeats itself: the lede's "fired about 40 rounds at the defector" and the later "used
handguns and AK rifles to fire about 40 rounds at their former comrade" are one attack, and a
quoted spokesman restates what the reporter already said. Counting every telling as an event is
the over-production users hold against PETRARCH and GDELT. Each later telling therefore points at
the first with ``same_as``; its own record stays (it may add a source, a place or a count).

The rule is conservative: same type, mode, polarity and reality (hypothetical or not), at least
one participant the same entity and none different, and no two different dates from the text.
Two attacks on the same target on undated days of one article would be taken for one.

Two more steps join tellings the first cannot, once every telling has its incident:

- an incident whose actor is a state and another whose actor is that state's forces or
  officials ("The North violated the armistice by firing across the border" and "North Korean
  soldiers fired about 40 rounds"), all else agreeing across every telling of both, are one;
- a definite nominal telling with no participant of its own ("the first shooting in the
  area", "the attack") refers back: it joins the latest incident of its type told before it.
"""

from __future__ import annotations

from spacy.tokens import Doc

from dateline.events.lexicon import Lexicon
from dateline.model import Entity, Event


def mark_restatements(
    events: list[Event], doc: Doc | None = None, lex: Lexicon | None = None
) -> None:
    """Set ``same_as`` on each event that restates an earlier one of the same article; with the
    parsed ``doc`` and the lexicon, also join a state's incident and its forces' and definite
    back-references (module docstring)."""
    firsts: dict[tuple[str, bool, bool], list[Event]] = {}
    for event in events:
        earlier = firsts.setdefault(_key(event), [])
        match = next((e for e in earlier if _restates(event, e)), None)
        if match is not None:
            event.same_as = match.id
        else:
            earlier.append(event)
    if doc is None or lex is None:
        return
    entities = {e.id: e for e in doc._.entities or ()}
    _join_state_and_forces(events, entities, lex.cues["state_sector"])
    _join_back_references(events, doc, lex.cues["definite"])


def _key(event: Event) -> tuple[str, bool, bool]:
    return event.type, event.negated, event.modality == "hypothetical"


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


def _incidents(events: list[Event]) -> dict[str, list[Event]]:
    """First telling's id -> its tellings, in text order of the first tellings."""
    out: dict[str, list[Event]] = {}
    for event in events:
        out.setdefault(event.same_as or event.id, []).append(event)
    return out


def _join(tellings: list[Event], into: str) -> None:
    for event in tellings:
        event.same_as = into


def _join_state_and_forces(
    events: list[Event], entities: dict[str, Entity], state_sectors: frozenset[str]
) -> None:
    """Join a later incident to an earlier one whose actors are the same state or its forces.

    Only incidents of one key with a state or force actor of one country can join, so each
    incident is compared with those alone (indexed by key and country), not with every other.
    """
    kept: list[list[Event]] = []
    index: dict[tuple[tuple[str, bool, bool], str], list[int]] = {}
    for tellings in _incidents(events).values():
        key = _key(tellings[0])
        countries = _state_countries(tellings, entities, state_sectors)
        candidates = sorted({i for c in countries for i in index.get((key, c), ())})
        into = next(
            (i for i in candidates if _same_incident(kept[i], tellings, entities, state_sectors)),
            None,
        )
        if into is not None:
            _join(tellings, kept[into][0].id)
            kept[into].extend(tellings)
            continue
        for country in countries:
            index.setdefault((key, country), []).append(len(kept))
        kept.append(tellings)


def _state_countries(
    tellings: list[Event], entities: dict[str, Entity], state_sectors: frozenset[str]
) -> set[str]:
    """The countries of the incident's actors that are states or state forces."""
    out: set[str] = set()
    for event in tellings:
        entity = entities.get(event.actor or "")
        if entity is not None and entity.country and (
            entity.label == "GPE" or entity.sector in state_sectors
        ):
            out.add(entity.country)
    return out


def _same_incident(
    first: list[Event],
    later: list[Event],
    entities: dict[str, Entity],
    state_sectors: frozenset[str],
) -> bool:
    both = first + later
    if _key(first[0]) != _key(later[0]) or not _one_of(e.mode for e in both):
        return False
    if not _one_of(e.target for e in both):
        return False
    dated = [_when(e) for e in both if e.time.basis == "text"]
    if not _one_of(dated):
        return False
    actors = {e.actor for e in first if e.actor}, {e.actor for e in later if e.actor}
    if not all(
        a == b or _stands_for(a, b, entities, state_sectors)
        for a in actors[0] | actors[1]
        for b in actors[0] | actors[1]
    ):
        return False
    return any(_stands_for(a, b, entities, state_sectors) for a in actors[0] for b in actors[1])


def _one_of(values) -> bool:
    """At most one distinct value besides None."""
    return len({v for v in values if v is not None}) <= 1


def _stands_for(
    a: str, b: str, entities: dict[str, Entity], state_sectors: frozenset[str]
) -> bool:
    """Whether one actor is a state (a GPE) and the other its forces or officials: an actor
    of the state's country in a state sector ("North Korean soldiers" for North Korea)."""
    ea, eb = entities.get(a), entities.get(b)
    if ea is None or eb is None:
        return False
    for state, force in ((ea, eb), (eb, ea)):
        if (
            state.label == "GPE"
            and state.country is not None
            and force.label != "GPE"
            and force.country == state.country
            and force.sector in state_sectors
        ):
            return True
    return False


def _join_back_references(events: list[Event], doc: Doc, definite: frozenset[str]) -> None:
    """A definite nominal telling without participants joins the latest earlier incident of its
    key, mode and date (one pass in text order: the latest incident of each key so far)."""
    incidents = _incidents(events)
    latest: dict[tuple[str, bool, bool], str] = {}
    for event in events:
        key = _key(event)
        root = latest.get(key)
        if (
            root is not None
            and incidents.get(event.id) == [event]
            and not (event.actor or event.target)
            and _definite(doc, event, definite)
        ):
            incident = incidents[root]
            joined = [*incident, event]
            dated = [_when(e) for e in joined if e.time.basis == "text"]
            if _one_of(e.mode for e in joined) and _one_of(dated):
                _join([event], root)
                incident.append(event)
                del incidents[event.id]
        latest[key] = event.same_as or event.id


def _definite(doc: Doc, event: Event, definite: frozenset[str]) -> bool:
    """Whether the trigger is a noun with a definite determiner ("the shooting")."""
    span = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    if span is None:
        return False
    token = span.root
    return token.pos_ == "NOUN" and any(
        child.dep_ == "det" and child.lower_ in definite for child in token.children
    )
