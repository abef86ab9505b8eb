"""The data behind each view: one function per view, feeding both its JSON route and its HTML
page (as Datasette's ``data()``), so the page never shows what the API would not.

Listings go through ``store.query`` (the filters of ``dateline query``) and come in pages that
say how many rows matched and where the next page is, so nothing is cut off silently.
Stories are the reports of ``dateline stories`` (``story_reports``), built per page or per story.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

from dateline.store import Store
from dateline.store.query import Filters, count_query, run_query
from dateline.store.schema import RECORD_CLASSES, columns
from dateline.stories.disagree import AGREE
from dateline.stories.membership import has_story_tables, load_groups
from dateline.stories.report import story_reports

#: Row limits of one page.
DEFAULT_LIMIT = 50
MAX_LIMIT = 1000
#: Documents (and events per document) shown on the search page.
PAGE_DOCUMENTS = 20
PAGE_EVENTS_PER_DOCUMENT = 200


def listing_data(store: Store, kind: str, filters: Filters) -> dict[str, Any]:
    """One page of ``kind`` matching ``filters``: ``columns``, ``rows`` (JSON columns decoded),
    ``total`` (all matches) and ``offset``/``limit`` of this page."""
    names, rows = run_query(store, kind, filters)
    if len(rows) < filters.limit and (rows or filters.offset == 0):
        total = filters.offset + len(rows)  # the last page: no second pass needed to count
    else:
        total = count_query(store, kind, filters)
    return {
        "kind": kind,
        "total": total,
        "offset": filters.offset,
        "limit": filters.limit,
        "columns": names,
        "rows": [_plain_row(kind, names, row) for row in rows],
    }


def events_data(store: Store, filters: Filters) -> dict[str, Any]:
    """A page of events, each with its place resolved (name, country, coordinates) for maps."""
    data = listing_data(store, "events", filters)
    wanted = {(r["doc_id"], r["place"]) for r in data["rows"] if r["place"] is not None}
    places: dict[tuple[str, int], dict[str, Any]] = {}
    if wanted:
        cur = store.con.execute(
            "SELECT doc_id, idx, text, name, country, lat, lon, feature FROM places "
            "WHERE list_contains(?, doc_id)",
            [sorted({doc for doc, _ in wanted})],
        )
        names = [c[0] for c in cur.description]
        for row in cur.fetchall():
            rec = dict(zip(names, row, strict=True))
            if (rec["doc_id"], rec["idx"]) in wanted:
                places[rec["doc_id"], rec["idx"]] = rec
    for row in data["rows"]:
        row["place_detail"] = places.get((row["doc_id"], row["place"]))
    return data


def search_data(store: Store, filters: Filters) -> dict[str, Any]:
    """The search page: documents matching the search and dates, the events of those
    documents that pass the event filters (with how many there are in all), and their places
    (an article's places are shown even where no event is tied to one)."""
    doc_filters = Filters(search=filters.search, since=filters.since, until=filters.until,
                          doc=filters.doc, limit=PAGE_DOCUMENTS)
    documents = listing_data(store, "documents", doc_filters)
    events: list[dict[str, Any]] = []
    places: list[dict[str, Any]] = []
    events_total = places_total = 0
    for d in documents["rows"]:
        per_doc = dataclasses.replace(filters, search=None, doc=d["id"],
                                      limit=PAGE_EVENTS_PER_DOCUMENT)
        data = events_data(store, per_doc)
        events += data["rows"]
        events_total += data["total"]
        data = listing_data(store, "places", Filters(doc=d["id"], limit=PAGE_EVENTS_PER_DOCUMENT))
        places += data["rows"]
        places_total += data["total"]
    return {"documents": documents, "events": events, "events_total": events_total,
            "places": places, "places_total": places_total}


def document_data(store: Store, doc_id: str) -> dict[str, Any] | None:
    """A stored document's text and every fact with its character offsets (the report
    contract), or None when no document has that id."""
    try:
        report = store.load_report(doc_id)
    except KeyError:
        return None
    data = report.to_dict()
    data["document"]["text"] = report.document.text
    return data


def places_geojson(data: dict[str, Any]) -> dict[str, Any]:
    """A page of places as a GeoJSON FeatureCollection (places without coordinates left out,
    counted in ``unlocated``); paging members ride along as foreign members."""
    features = []
    for row in data["rows"]:
        if row.get("lat") is None or row.get("lon") is None:
            continue
        props = {k: v for k, v in row.items() if k not in ("lat", "lon")}
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
            "properties": props,
        })
    return {
        "type": "FeatureCollection",
        "features": features,
        "total": data["total"],
        "offset": data["offset"],
        "limit": data["limit"],
        "unlocated": len(data["rows"]) - len(features),
        "next": data.get("next"),
    }


def _plain_row(kind: str, names: list[str], row: tuple[Any, ...]) -> dict[str, Any]:
    """A row as JSON-ready data: JSON columns parsed, dates and times as ISO strings."""
    json_cols = (
        {c.name for c in columns(RECORD_CLASSES[kind]) if c.is_json}
        if kind in RECORD_CLASSES else set()
    )
    out = {}
    for name, value in zip(names, row, strict=True):
        if name in json_cols and isinstance(value, str):
            value = json.loads(value)
        elif isinstance(value, dt.date | dt.datetime):
            value = value.isoformat()
        out[name] = value
    return out


#: The columns of the story listing (each story's summary; ``/api/stories/{id}`` has the rest).
STORY_COLUMNS = ["id", "title", "first_published", "last_published", "happened_earliest",
                 "happened_latest", "documents", "disagreements"]


def stories_data(store: Store, limit: int, offset: int) -> dict[str, Any]:
    """One page of the store's stories (in order of first publication, as ``dateline stories``
    lists them), each summarised from its full report; only the page's stories are built."""
    groups = load_groups(store)
    rows = []
    for group in groups[offset:offset + limit]:
        (story,) = story_reports(store, group.id)
        rows.append({
            "id": story["id"], "title": story["title"],
            "first_published": story["first_published"],
            "last_published": story["last_published"],
            "happened_earliest": story["happened"]["earliest"],
            "happened_latest": story["happened"]["latest"],
            "documents": len(story["documents"]),
            "disagreements": sum(f["kind"] != AGREE for f in story["disagreements"]),
        })
    return {"kind": "stories", "total": len(groups), "offset": offset, "limit": limit,
            "columns": STORY_COLUMNS, "rows": rows}


def story_data(store: Store, story_id: str) -> dict[str, Any] | None:
    """One story's full report (the JSON of ``dateline stories --story``), or None."""
    found = story_reports(store, story_id)
    return found[0] if found else None


def story_of(store: Store, doc_id: str) -> str | None:
    """The id of the story a stored document belongs to, if it has been grouped."""
    if not has_story_tables(store.con):
        return None
    row = store.con.execute(
        "SELECT story_id FROM story_documents WHERE doc_id = ?", [doc_id]
    ).fetchone()
    return row[0] if row else None
