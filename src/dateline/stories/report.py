"""One story's report: its documents, actors, events (dated across documents) and the facts
its documents agree or disagree on, as the plain data that ``dateline stories`` prints.

Grouping hands over a ``StoryGroup`` (which documents, which are copies); this module reads
their reports and resolves them together (``resolve``), then lines up the facts (``disagree``).
"""

from __future__ import annotations

from typing import Any

from dateline.model import Report
from dateline.stories import StoryGroup
from dateline.stories.disagree import disagreements, event_label
from dateline.stories.resolve import StoryEvent, resolve_actors, resolve_events


def build_story(group: StoryGroup, reports: list[Report]) -> dict[str, Any]:
    """The JSON-ready report of one story from its members' reports (in ``group`` order)."""
    by_id = {r.document.id: r for r in reports}
    members = [by_id[d] for d in group.doc_ids if d in by_id]
    copies = set(group.copy_of)
    originals = [r for r in members if r.document.id not in copies]
    actors = resolve_actors(originals)
    events = resolve_events(originals, actors)
    actor_map = {a.id: a for a in actors}
    ext = {r.document.id: r.document.external_id or r.document.id for r in members}
    sources = {r.document.id: r.document.source for r in members}
    dates = sorted(r.document.dct for r in members if r.document.dct)
    main = _main_event(events)
    title = next((r.document.title for r in members if r.document.title), None)
    return {
        "id": group.id,
        "title": title,
        "first_published": dates[0] if dates else None,
        "last_published": dates[-1] if dates else None,
        "happened": {
            "earliest": main.earliest if main else None,
            "latest": main.latest if main else None,
        },
        "documents": [
            {
                "id": r.document.id, "external_id": r.document.external_id,
                "source": r.document.source, "url": r.document.url,
                "published": r.document.dct, "title": r.document.title,
                "copy_of": group.copy_of.get(r.document.id),
            }
            for r in members
        ],
        "actors": [
            {
                "id": a.id, "name": a.name, "label": a.label, "variants": a.variants,
                "documents": [ext[d] for d in a.documents],
            }
            for a in actors if len(a.documents) >= 2 or len(a.variants) >= 2
        ],
        "events": [
            {
                "id": e.id, "type": e.type, "label": event_label(e, actor_map),
                "fact": e.fact,
                "actor": actor_map[e.actor].name if e.actor else None,
                "target": actor_map[e.target].name if e.target else None,
                "date": e.date, "earliest": e.earliest, "latest": e.latest,
                "articles": len(e.documents()),
                "outlets": len({sources[d] or d for d in e.documents()}),
                "documents": [
                    {
                        "document": ext[c.doc_id], "trigger": c.event.trigger.text,
                        "start": c.event.trigger.start, "end": c.event.trigger.end,
                        "own_date": c.own, "date": c.resolved, "date_basis": c.basis,
                    }
                    for c in e.claims
                ],
            }
            for e in events
        ],
        "disagreements": [
            f.to_dict() for f in disagreements(originals, actors, events, actor_map)
        ],
    }


def _main_event(events: list[StoryEvent]) -> StoryEvent | None:
    """The event the story is about: the one most documents date to the day, else the one
    most documents tell (events come ordered by how many documents tell them)."""
    dated = [e for e in events if e.date]
    if dated:
        return max(dated, key=lambda e: sum(c.resolved == e.date for c in e.claims))
    return events[0] if events else None


def story_reports(store, story_id: str | None = None) -> list[dict[str, Any]]:
    """Every story of a store (or the one named), as ``build_story`` gives it."""
    from dateline.stories.membership import load_groups

    out = []
    for group in load_groups(store, story_id):
        reports = [store.load_report(d) for d in group.doc_ids]
        out.append(build_story(group, reports))
    return out
