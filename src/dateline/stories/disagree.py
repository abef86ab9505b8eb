"""Where the documents of one story agree and disagree: every fact two or more of them state,
the claims side by side, and what kind of difference it is.

- ``agree``: every claim gives the same value.
- ``compatible``: the values can all be true at once: "at least 4" and 5, "nearly 400" and 398,
  27 cm and a 10-inch worm (a measure is as exact as its last written unit), a date and its
  weekday, two spellings of one name.
- ``update``: the values cannot all be true at once, but each difference is a later report
  giving a higher figure (a toll rising with the publication date), a figure the text itself
  says replaces another ("rose to 233") or one it says is the earlier ("77 dead reported
  previously").
- ``conflict``: the values cannot both be true and nothing says one replaces the other.

Claims of a syndicated copy are left out (its original's claims stand for it): a copy is one
more place the text appears, not another witness.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass

from dateline.model import Report
from dateline.stories.facts import Claim, attribution, count_claims, place_key
from dateline.stories.names import fold, name_tokens
from dateline.stories.resolve import WEEKDAYS, StoryActor, StoryEvent

AGREE, COMPATIBLE, UPDATE, CONFLICT = "agree", "compatible", "update", "conflict"
#: the readings of a time that name a day or a calendar span: days, weeks, months, years,
#: weekday names
_CALENDAR = re.compile(
    r"^((\d{4}|XXXX)(-\d\d(-\d\d)?|-W\d\d)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday)$",
    re.IGNORECASE,
)
#: the actor labels whose names are compared as facts
NAMED = ("PERSON", "ORG", "FAC")


@dataclass(slots=True)
class Fact:
    """One thing two or more documents state, and how their statements relate."""

    about: str
    kind: str
    claims: list[Claim]

    def to_dict(self) -> dict:
        return {
            "about": self.about, "kind": self.kind,
            "claims": [c.to_dict() for c in self.claims],
        }


def disagreements(
    reports: list[Report], actors: list[StoryActor], events: list[StoryEvent],
    actor_map: dict[str, StoryActor] | None = None,
) -> list[Fact]:
    """Every fact stated by two or more of the story's original documents (copies left out
    by the caller), classified."""
    facts = _count_facts(reports) + _date_facts(reports, events, actor_map)
    facts += _name_facts(reports, actors) + _place_facts(reports)
    order = {CONFLICT: 0, UPDATE: 1, COMPATIBLE: 2, AGREE: 3}
    return sorted(facts, key=lambda f: (order[f.kind], -len(f.claims), f.about))


def _witnessed(claims: list[Claim]) -> bool:
    return len({c.doc_id for c in claims}) >= 2


def _count_facts(reports: list[Report]) -> list[Fact]:
    by_fact: dict[str, list[Claim]] = defaultdict(list)
    common = common_places(reports)
    for rep in reports:
        for fact, claim in count_claims(rep, common):
            by_fact[fact].append(claim)
    return [
        Fact(about, classify_numbers(claims), _unique(claims))
        for about, claims in by_fact.items() if _witnessed(claims)
    ]


def common_places(reports: list[Report]) -> frozenset[str]:
    """The places half the story's documents or more name: where the story is, not a part."""
    seen: dict[str, set[str]] = defaultdict(set)
    for rep in reports:
        for p in rep.places:
            seen[place_key(p)].add(rep.document.id)
    return frozenset(k for k, docs in seen.items() if 2 * len(docs) >= len(reports))


def _by_date(claims: list[Claim]) -> list[Claim]:
    return sorted(claims, key=lambda c: (c.published is None, c.published or "", c.document))


def classify_numbers(claims: list[Claim]) -> str:
    """The kind of a numeric fact (see module doc), compared between documents: each document
    stands by the first figure it gives for the fact that it does not call an earlier one (news
    puts the current figure first; later ones are parts, "14 at the airport", figures of other
    sources, "not eight", or earlier figures, "77 reported previously")."""
    heads = [
        min([c for c in group if not c.superseded] or group, key=lambda c: c.start)
        for group in _by_doc(claims)
    ]
    if len({(c.low, c.high) for c in heads}) == 1:
        return AGREE if len({(c.low, c.high) for c in claims}) == 1 else COMPATIBLE
    verdict = COMPATIBLE
    for n, a in enumerate(heads):
        for b in heads[n + 1 :]:
            if a.low <= b.high and b.low <= a.high:
                continue
            small, large = (a, b) if a.high < b.low else (b, a)
            later = small.published and large.published and small.published < large.published
            if large.revises or small.superseded or later:
                verdict = UPDATE
            else:
                return CONFLICT
    return verdict


def _by_doc(claims: list[Claim]) -> list[list[Claim]]:
    groups: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        groups[c.doc_id].append(c)
    return list(groups.values())


def _date_facts(
    reports: list[Report], events: list[StoryEvent], actor_map: dict[str, StoryActor] | None
) -> list[Fact]:
    docs = {r.document.id: r for r in reports}
    facts = []
    for event in events:
        claims = []
        for c in event.claims:
            rep = docs.get(c.doc_id)
            if rep is None or c.timex is None:
                continue
            doc = rep.document
            if not c.own or not _CALENDAR.match(_weekday_name(c.own) or c.own):
                continue  # a time of day, "today" in an undated article: no day of its own
            value = c.resolved or _weekday_name(c.own) or c.own
            claims.append(Claim(
                value=c.timex.text, normalized=value, text=doc.text[c.timex.start : c.timex.end],
                document=doc.external_id or doc.id, doc_id=doc.id, source=doc.source,
                published=doc.dct, start=c.timex.start, end=c.timex.end,
                attributed_to=c.event.source_text or attribution(rep, c.timex.start, c.timex.end),
            ))
        claims = _unique(claims)
        if _witnessed(claims):
            about = f"date of {event_label(event, actor_map)}"
            facts.append(Fact(about, classify_dates(claims), claims))
    return facts


def event_label(event: StoryEvent, actors: dict[str, StoryActor] | None = None) -> str:
    """A short name of a story event: its trigger and, when known, who and whom."""
    who = [x for x in (event.actor, event.target) if x]
    if actors and who:
        return f"{event.trigger} ({' → '.join(actors[x].name for x in who)})"
    return f"{event.trigger} [{event.id}]"


def _weekday_name(value: str | None) -> str | None:
    m = re.match(r"XXXX-WXX-([1-7])", value or "")
    return WEEKDAYS[int(m.group(1)) - 1].title() if m else None


def classify_dates(claims: list[Claim]) -> str:
    """Days and weekdays of one event: the same day agrees; two days (or two days of the year,
    "Nov. 13" and "March 22"), two weekdays, or a day and another weekday conflict; anything
    else (a day and its weekday, a week) is compatible."""
    values = {str(c.normalized) for c in claims}
    if len(values) == 1:
        return AGREE
    days = {v for v in values if re.match(r"^\d{4}-\d{2}-\d{2}$", v)}
    weekdays = {v.lower() for v in values if v.lower() in WEEKDAYS}
    month_days = {v[5:] for v in values if re.match(r"^(\d{4}|XXXX)-\d\d-\d\d$", v)}
    if len(days) > 1 or len(weekdays) > 1 or len(month_days) > 1:
        return CONFLICT
    if days and weekdays:
        day = dt.date.fromisoformat(next(iter(days)))
        return COMPATIBLE if WEEKDAYS[day.weekday()] in weekdays else CONFLICT
    return COMPATIBLE


def _name_facts(reports: list[Report], actors: list[StoryActor]) -> list[Fact]:
    docs = {r.document.id: r for r in reports}
    facts = []
    for actor in actors:
        if actor.label not in NAMED:
            continue
        claims = []
        longest = max(len(name_tokens(v)) for v in actor.variants)
        for doc_id, ent_id in actor.members:
            rep = docs.get(doc_id)
            ent = next((e for e in rep.entities if e.id == ent_id), None) if rep else None
            if ent is None or not ent.mentions:
                continue
            text = rep.document.text
            spans = [m for m in ent.mentions if fold(text[m.start : m.end]) == fold(ent.text)]
            m = (spans or ent.mentions)[0]
            if len(name_tokens(text[m.start : m.end])) < min(2, longest):
                continue  # "Thae" beside "Thae Yong Ho" is a short mention, not a spelling
            claims.append(_text_claim(rep, text[m.start : m.end], actor.name, m.start, m.end))
        claims = _unique(claims)
        if _witnessed(claims):
            facts.append(Fact(f"name of {actor.name}", _spelling_kind(claims), claims))
    return facts


def _place_facts(reports: list[Report]) -> list[Fact]:
    """Places where an event of the story happened, as each document spells them."""
    by_place: dict[str, list[Claim]] = defaultdict(list)
    names: dict[str, str] = {}
    for rep in reports:
        used = {ev.place for ev in rep.events if ev.place is not None}
        for i in sorted(used):
            p = rep.places[i]
            key = str(p.geonameid) if p.geonameid else fold(p.name or p.text)
            names.setdefault(key, p.name or p.text)
            by_place[key].append(_text_claim(rep, p.text, names[key], p.start, p.end))
    facts = []
    for key, claims in by_place.items():
        claims = _unique(claims)
        if _witnessed(claims):
            facts.append(Fact(f"place: {names[key]}", _spelling_kind(claims), claims))
    return facts


def _text_claim(rep: Report, value: str, normalized: str, start: int, end: int) -> Claim:
    doc = rep.document
    return Claim(
        value=value, normalized=normalized, text=doc.text[start:end],
        document=doc.external_id or doc.id, doc_id=doc.id, source=doc.source,
        published=doc.dct, start=start, end=end, attributed_to=attribution(rep, start, end),
    )


def _spelling_kind(claims: list[Claim]) -> str:
    return AGREE if len({c.text for c in claims}) == 1 else COMPATIBLE


def _unique(claims: list[Claim]) -> list[Claim]:
    """One claim per document and wording."""
    seen: dict[tuple, Claim] = {}
    for c in claims:
        seen.setdefault((c.doc_id, c.text), c)
    return _by_date(list(seen.values()))
