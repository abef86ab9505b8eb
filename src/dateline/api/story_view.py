"""The story page's arrangement of one story report: documents by outlet, events in the order
they happened, and each fact's claims linked to the stored document they quote.

The report itself comes from ``dateline.stories.report`` (as ``/api/stories/{id}`` serves it);
this module only orders and groups it for reading, so the page shows nothing the API does not.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from dateline.writers.story import _bounds as bounds  # one wording of a date range


def layout(story: dict[str, Any]) -> dict[str, Any]:
    """``outlets`` (source, its documents oldest first), ``timeline`` (events by when they
    happened, undated last), ``facts`` (the report's disagreements, conflicts first, each claim with
    ``doc_id`` for its link) and ``happened`` (the main event's dates as words)."""
    docs = sorted(story["documents"],
                  key=lambda d: (d["source"] or "", d["published"] or "9999", d["id"]))
    outlets = [(source, list(items)) for source, items in
               groupby(docs, key=lambda d: d["source"] or "")]
    stored = {d["external_id"] or d["id"]: d["id"] for d in story["documents"]}
    timeline = sorted(
        ({**e, "when": e["date"] or bounds(e["earliest"], e["latest"])} for e in story["events"]),
        key=lambda e: (e["date"] or e["earliest"] or e["latest"] or "9999", e["id"]),
    )
    facts = [
        {**f, "claims": [{**c, "doc_id": stored.get(c["document"], c["document"])}
                         for c in f["claims"]]}
        for f in story["disagreements"]
    ]
    happened = bounds(story["happened"]["earliest"], story["happened"]["latest"])
    return {"outlets": outlets, "timeline": timeline, "facts": facts, "happened": happened}
