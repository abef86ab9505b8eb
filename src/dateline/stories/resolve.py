"""Cross-document resolution inside one story: its actors and its events.

Each document's report already merges the mentions of one actor within that document. Here the
entities of all documents of a story are clustered by name (``names``): full names by key,
then one-word mentions ("Gaddafi") joined to the one full name they can stand for. Events of
the documents are linked into story events by type, what the trigger counts (killed, injured,
shot: ``resources/stories/facts.tsv``) and resolved actors and targets, so a user can count the
articles and outlets that tell each event (copies once, as GDELT's NumArticles/NumSources).

A story event is dated from the documents that date it: the date most of them give (to the day)
is the story's date, an article that never dates the event gets it, and a weekday that the
article's own date reads as another day ("Monday" in a Friday article that says "last week")
takes the story's date when that date is that weekday and lies within the three weeks before.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from dateline.model import Event, Report, Timex
from dateline.stories.facts import trigger_fact
from dateline.stories.names import NameKey, name_key, same_name, short_mention

#: entity labels that can be a story's actors, and the family each is compared in
LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "NORP": "NORP", "NOMINAL": "NOMINAL"}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: how far back a weekday may point from its article's date when the story dates it
WEEKDAY_REACH = dt.timedelta(days=21)


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
    fact: str | None  # what the trigger counts: deaths, injured, hits, ...
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
            label = LABELS.get(ent.label)
            key = name_key(ent.text, label) if label and "\n" not in ent.text else None
            if key is not None:
                items.append((rep.document.id, ent.id, ent.text, key))
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    full = [i for i, it in enumerate(items) if not it[3].single or it[3].label == "NOMINAL"]
    for n, i in enumerate(full):
        for j in full[n + 1 :]:
            if find(i) != find(j) and same_name(items[i][3], items[j][3]):
                parent[find(j)] = find(i)
    singles = [i for i, it in enumerate(items) if it[3].single and it[3].label != "NOMINAL"]
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
        name = max(full_names or names, key=lambda nm: (names[nm], len(nm)))
        actors.append(
            StoryActor(
                id=f"A{n}", name=name, label=items[members[0]][3].label,
                variants=sorted(names, key=lambda nm: (-names[nm], nm)),
                documents=list(dict.fromkeys(items[i][0] for i in members)),
                members=[(items[i][0], items[i][1]) for i in members],
            )
        )
    return actors


def resolve_events(
    reports: list[Report], actors: list[StoryActor], copy_of: dict[str, str] | None = None
) -> list[StoryEvent]:
    """The story's events: the documents' events linked by type, fact and actors, dated."""
    of_entity = {m: a.id for a in actors for m in a.members}
    groups: dict[tuple, list[EventClaim]] = defaultdict(list)
    triggers: dict[tuple, Counter] = defaultdict(Counter)
    for rep in reports:
        doc_id = rep.document.id
        for ev in rep.events:
            if ev.negated or ev.modality == "hypothetical" or ev.generic:
                continue
            actor = of_entity.get((doc_id, ev.actor)) if ev.actor else None
            target = of_entity.get((doc_id, ev.target)) if ev.target else None
            fact = trigger_fact(ev.trigger.text)
            if actor is None and target is None and fact is None:
                continue
            key = (ev.type, fact or ev.trigger.text.lower(), actor, target)
            timex = _dating_timex(rep, ev)
            groups[key].append(EventClaim(doc_id, ev, timex, _own_date(ev, timex)))
            triggers[key][ev.trigger.text.lower()] += 1
    _merge_partial(groups)
    events = []
    ordered = sorted(groups.items(), key=lambda kv: -len({c.doc_id for c in kv[1]}))
    for n, (key, claims) in enumerate(ordered, 1):
        trig = triggers[key].most_common(1)[0][0] if triggers[key] else key[1]
        event = StoryEvent(f"S{n}", key[0], trigger_fact(trig), trig, key[2], key[3], claims)
        _date(event, {r.document.id: r.document.dct for r in reports})
        events.append(event)
    return events


def _merge_partial(groups: dict[tuple, list[EventClaim]]) -> None:
    """An event whose actor (or target) the text leaves out joins the one group of the same
    type and fact that has it: "killed 34 people" and "the bombers killed 34 people"."""
    for key in sorted(groups, key=lambda k: (k[2] is not None) + (k[3] is not None)):
        if key[2] is not None and key[3] is not None:
            continue
        wider = [
            k for k in groups
            if k != key and k[:2] == key[:2]
            and (key[2] is None or k[2] == key[2]) and (key[3] is None or k[3] == key[3])
        ]
        if len(wider) == 1:
            groups[wider[0]].extend(groups.pop(key))


def _dating_timex(rep: Report, ev: Event) -> Timex | None:
    """The time expression in the event's sentence that dates it to the day, else a weekday
    there (which the event's own reading may have set aside, as in "last week ... Monday"), else
    the one its coarser time came from."""
    inside = [t for t in rep.timexes if ev.sentence.start <= t.start and t.end <= ev.sentence.end]
    if not inside:
        return None
    own = [t for t in inside if ev.time.value and t.value == ev.time.value]
    if own and _DAY.match(own[0].value):
        return own[0]
    if ev.time.value is None:
        return None
    weekdays = [t for t in inside if _weekday(t.text) is not None]
    return (weekdays or own or [None])[0]


def _weekday(text: str) -> int | None:
    low = text.lower()
    for n, name in enumerate(WEEKDAYS):
        if name in low:
            return n
    return None


def _own_date(ev: Event, timex: Timex | None) -> str | None:
    if ev.time.value:
        return ev.time.value
    return timex.value if timex is not None else None


def _date(event: StoryEvent, dcts: dict[str, str | None]) -> None:
    """Give the story event its date and each document's claim its resolved day."""
    days = Counter(
        c.own for c in event.claims
        if c.own and _DAY.match(c.own) and not _weekday_only(c.timex)
    )
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
    bounds = claim.event.time
    inside = (bounds.earliest or story_day) <= story_day <= (bounds.latest or story_day)
    return (story_day, "story") if inside else (None, "text")
