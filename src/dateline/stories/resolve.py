"""Cross-document resolution inside one story: its actors and its events.

Each document's report already merges the mentions of one actor within that document. Here the
entities of all documents of a story are clustered by name (``names``): full names by key,
then one-word mentions ("Gaddafi", "the soldier") joined to the one full name they can stand
for. A story actor is named by its most used full spelling without a title. Events of
the documents are linked into story events (an article's retelling of its own
event, ``same_as``, with that event) by type, what the trigger counts (killed, injured,
shot: ``resources/stories/facts.tsv``; attacks, bombings: ``event_classes.tsv``) and resolved
actors and targets, so a user can count the articles and outlets that tell each event (copies
once, as GDELT's NumArticles/NumSources).

A document's claim dated more than a week from the story event's day tells another event of
the same kind ("the Nov. 13 attacks" in a story of 22 March) and becomes one. A story event is
dated from the documents that date it: the date most of them give (to the
day; a weekday read against its article's date only when none gives a day) is the story's date,
an article that never dates the event gets it, and a weekday that the
article's own date reads as another day ("Monday" in a Friday article that says "last week")
takes the story's date when that date is that weekday and lies within the three weeks before.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from dateline.model import Event, Report, Timex
from dateline.stories.facts import trigger_class
from dateline.stories.names import (
    NameKey,
    fold,
    name_key,
    name_tokens,
    same_name,
    short_mention,
)

#: entity labels that can be a story's actors (names are compared within one label)
LABELS = frozenset({"PERSON", "ORG", "GPE", "FAC", "LOC", "NORP", "NOMINAL"})
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: how far back a weekday may point from its article's date when the story dates it
WEEKDAY_REACH = dt.timedelta(days=21)
#: two days further apart than this are two events of one kind, not one event misdated
OTHER_EVENT = dt.timedelta(days=7)


@dataclass(slots=True)
class StoryActor:
    """One actor of the story with every spelling its documents use."""

    id: str
    name: str
    label: str
    variants: list[str]
    documents: list[str]  # stored document ids, story order
    members: list[tuple[str, str]] = field(default_factory=list)  # (doc id, entity id)


@dataclass(slots=True)
class EventClaim:
    """What one document says of when a story event happened."""

    doc_id: str
    event: Event
    timex: Timex | None  # the time expression that dates it, when there is one
    own: str | None  # the date (or week, weekday) the document's own reading gives
    resolved: str | None = None  # the day after story resolution
    basis: str = "text"  # text / story (from other documents) / weekday (its weekday read anew)


@dataclass(slots=True)
class StoryEvent:
    """One event told by one or more documents of the story."""

    id: str
    type: str
    fact: str  # what the triggers tell: a fact they count (deaths, hits), an incident (attack)
    # or, for an event with actors, the most common trigger
    trigger: str
    actor: str | None  # story actor ids
    target: str | None
    claims: list[EventClaim]
    date: str | None = None  # the story's date of it, YYYY-MM-DD
    earliest: str | None = None
    latest: str | None = None

    def documents(self) -> list[str]:
        return list(dict.fromkeys(c.doc_id for c in self.claims))


def resolve_actors(reports: list[Report]) -> list[StoryActor]:
    """The story's actors: the entities of all its documents clustered by name."""
    items: list[tuple[str, str, str, NameKey]] = []
    for rep in reports:
        for ent in rep.entities:
            label = ent.label if ent.label in LABELS else None
            plain = label and "\n" not in ent.text
            if label == "NOMINAL" and re.search(r"\d", ent.text):
                plain = False  # "more than 25,000 people" is a count, not an actor
            key = name_key(ent.text, label) if plain else None
            if key is not None:
                items.append((rep.document.id, ent.id, ent.text, key))
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    full = [i for i, it in enumerate(items) if not it[3].single]
    for n, i in enumerate(full):
        for j in full[n + 1 :]:
            if find(i) != find(j) and same_name(items[i][3], items[j][3]):
                parent[find(j)] = find(i)
    singles = [i for i, it in enumerate(items) if it[3].single]
    for i in singles:
        roots = {find(j) for j in full if short_mention(items[i][3], items[j][3])}
        if len(roots) == 1:
            parent[find(i)] = roots.pop()
        else:
            same = [j for j in singles if j < i and items[j][3].key == items[i][3].key]
            if same and not roots:
                parent[find(i)] = find(same[0])
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        clusters[find(i)].append(i)
    actors = []
    for n, members in enumerate(sorted(clusters.values(), key=lambda m: (-len(m), m[0])), 1):
        names = Counter(items[i][2] for i in members)
        label = items[members[0]][3].label
        full_names = [nm for nm in names if len(name_key(nm, label).tokens) > 1]
        untitled = [nm for nm in full_names if name_tokens(nm)[:1] == fold(nm).split()[:1]]
        name = max(untitled or full_names or names, key=lambda nm: (names[nm], len(nm)))
        actors.append(
            StoryActor(
                id=f"A{n}", name=name, label=items[members[0]][3].label,
                variants=sorted(names, key=lambda nm: (-names[nm], nm)),
                documents=list(dict.fromkeys(items[i][0] for i in members)),
                members=[(items[i][0], items[i][1]) for i in members],
            )
        )
    return actors


def resolve_events(reports: list[Report], actors: list[StoryActor]) -> list[StoryEvent]:
    """The story's events: the documents' events linked by type, fact and actors, dated."""
    of_entity = {m: a.id for a in actors for m in a.members}
    groups: dict[tuple, list[EventClaim]] = defaultdict(list)
    triggers: dict[tuple, Counter] = defaultdict(Counter)
    told: dict[tuple[str, str], tuple] = {}  # (document, event id) -> its group's key
    retold: list[tuple[tuple, tuple]] = []  # groups an article says tell one event
    for rep in reports:
        doc_id = rep.document.id
        for ev in rep.events:
            if ev.negated or ev.modality == "hypothetical" or ev.generic:
                continue
            actor = of_entity.get((doc_id, ev.actor)) if ev.actor else None
            target = of_entity.get((doc_id, ev.target)) if ev.target else None
            fact = trigger_class(ev.trigger.text)
            earlier = told.get((doc_id, ev.same_as)) if ev.same_as else None
            if actor is None and target is None and fact is None and earlier is None:
                continue
            key = (ev.type, fact or ev.trigger.text.lower(), actor, target)
            if earlier is not None and earlier != key:
                retold.append((earlier, key))
            told[(doc_id, ev.id)] = key
            timex = _dating_timex(rep, ev)
            groups[key].append(EventClaim(doc_id, ev, timex, _own_date(ev, timex)))
            triggers[key][ev.trigger.text.lower()] += 1
    _merge_retold(groups, triggers, retold)
    _merge_partial(groups)
    dcts = {r.document.id: r.document.dct for r in reports}
    linked = []
    for key, claims in groups.items():
        trig = triggers[key].most_common(1)[0][0] if triggers[key] else key[1]
        while claims:
            event = StoryEvent("", key[0], key[1], trig, key[2], key[3], claims)
            _date(event, dcts)
            claims = _elsewhen(event)
            if claims:  # the rest is dated anew as another event of the same kind
                _date(event, dcts)
            linked.append(event)
    linked.sort(key=lambda e: -len(e.documents()))
    for n, event in enumerate(linked, 1):
        event.id = f"S{n}"
    return linked


def _elsewhen(event: StoryEvent) -> list[EventClaim]:
    """Take out of the event the claims its documents date more than ``OTHER_EVENT`` away from
    its day ("the Nov. 13 attacks" in a story of 22 March): they tell another event of the
    kind. A weekday read otherwise stays, as a disagreement about the day."""
    if event.date is None:
        return []
    day = dt.date.fromisoformat(event.date)
    far = []
    for c in event.claims:
        own = c.own or ""
        if re.match(r"^XXXX-\d\d-\d\d$", own):
            own = f"{day.year}{own[4:]}"
        if _DAY.match(own) and not _weekday_only(c.timex):
            try:
                if abs(dt.date.fromisoformat(own) - day) > OTHER_EVENT:
                    far.append(c)
            except ValueError:
                continue
    event.claims = [c for c in event.claims if c not in far]
    return far


def _merge_retold(
    groups: dict[tuple, list[EventClaim]], triggers: dict[tuple, Counter],
    retold: list[tuple[tuple, tuple]],
) -> None:
    """Groups joined by an article's own telling again of an event (``Event.same_as``: "North
    Korean soldiers fired" ... "the shooting") become one, under the key that names the most
    (actor and target, then claims)."""
    parent: dict[tuple, tuple] = {}

    def find(k: tuple) -> tuple:
        while parent.get(k, k) != k:
            k = parent[k]
        return k

    for a, b in retold:
        parent[find(a)] = find(b)
    members: dict[tuple, list[tuple]] = defaultdict(list)
    for k in parent:
        members[find(k)].append(k)
    for root, keys in members.items():
        keys = list(dict.fromkeys([*keys, root]))
        best = max(keys, key=lambda k: (
            (k[2] is not None) + (k[3] is not None), len(groups[k]), str(k)))
        for k in keys:
            if k != best:
                groups[best].extend(groups.pop(k))
                triggers[best].update(triggers.pop(k))


def _merge_partial(groups: dict[tuple, list[EventClaim]]) -> None:
    """An event whose actor (or target) the text leaves out joins the group of the same type
    and fact that has it and most documents tell: "the shooting" and "police shot Clark"."""
    for key in sorted(groups, key=lambda k: (k[2] is not None) + (k[3] is not None)):
        if key[2] is not None and key[3] is not None:
            continue
        wider = [
            k for k in groups
            if k != key and k[:2] == key[:2]
            and (key[2] is None or k[2] == key[2]) and (key[3] is None or k[3] == key[3])
        ]
        if wider:
            best = max(wider, key=lambda k: (len({c.doc_id for c in groups[k]}), str(k)))
            groups[best].extend(groups.pop(key))


def _dating_timex(rep: Report, ev: Event) -> Timex | None:
    """The time expression in the event's sentence that its time came from; when that is only
    a week ("last week"), a weekday in the sentence instead, which the event's own reading set
    aside ("shot last week ... on Monday" in a Friday article) and the story may date."""
    if ev.time.value is None:
        return None
    inside = [t for t in rep.timexes if ev.sentence.start <= t.start and t.end <= ev.sentence.end]
    own = [t for t in inside if t.value == ev.time.value]
    if re.match(r"^\d{4}-W\d\d$", ev.time.value):
        weekdays = [t for t in inside if _weekday_only(t)]
        if weekdays:
            return weekdays[0]
    return own[0] if own else None


def _weekday(text: str) -> int | None:
    low = text.lower()
    for n, name in enumerate(WEEKDAYS):
        if name in low:
            return n
    return None


def _own_date(ev: Event, timex: Timex | None) -> str | None:
    """The document's own reading: its timex's value (a weekday's nearest day), else the
    event's time."""
    return timex.value if timex is not None else ev.time.value


def _date(event: StoryEvent, dcts: dict[str, str | None]) -> None:
    """Give the story event its date and each document's claim its resolved day."""
    stated = Counter(
        c.own for c in event.claims
        if c.own and _DAY.match(c.own) and not _weekday_only(c.timex)
    )
    # a weekday read against its article's date is weaker evidence, taken when no day is given
    days = stated or Counter(c.own for c in event.claims if c.own and _DAY.match(c.own))
    story_day = min(days, key=lambda d: (-days[d], d)) if days else None
    for claim in event.claims:
        claim.resolved, claim.basis = _resolve_claim(claim, story_day, dcts.get(claim.doc_id))
    event.date = story_day
    resolved = sorted({c.resolved for c in event.claims if c.resolved})
    if story_day:
        event.earliest = event.latest = story_day
    elif resolved:
        event.earliest, event.latest = resolved[0], resolved[-1]
    else:
        bounds = [c.event.time for c in event.claims]
        lows = [b.earliest for b in bounds if b.earliest]
        highs = [b.latest for b in bounds if b.latest]
        event.earliest = max(lows) if lows else None
        event.latest = min(highs) if highs else None
        if event.earliest and event.latest and event.earliest > event.latest:
            # the documents' bounds do not meet: say no more than all of them together
            event.earliest, event.latest = min(lows), max(highs)


def _weekday_only(timex: Timex | None) -> bool:
    """A bare weekday ("on Monday"): its day is only the article's nearest reading."""
    if timex is None or _weekday(timex.text) is None:
        return False
    return not re.search(r"\d", timex.text)


def _resolve_claim(
    claim: EventClaim, story_day: str | None, dct: str | None
) -> tuple[str | None, str]:
    own = claim.own if claim.own and _DAY.match(claim.own) else None
    if story_day is None:
        return own, "text"
    day = dt.date.fromisoformat(story_day)
    weekday = _weekday(claim.timex.text) if claim.timex is not None else None
    near = dct is None or dt.timedelta(0) <= dt.date.fromisoformat(dct) - day <= WEEKDAY_REACH
    if weekday == day.weekday() and _weekday_only(claim.timex) and near:
        return story_day, "text" if own == story_day else "weekday"
    if own is not None:
        return own, "text"
    if claim.own and re.match(r"^XXXX-\d\d-\d\d$", claim.own):  # "March 22", no year known
        return (story_day, "story") if story_day.endswith(claim.own[4:]) else (None, "text")
    bounds = claim.event.time
    inside = (bounds.earliest or story_day) <= story_day <= (bounds.latest or story_day)
    return (story_day, "story") if inside else (None, "text")
