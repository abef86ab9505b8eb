"""Filtered reads of the store for ``dateline query`` (and the API later).

Every fact table is joined to its document, so all kinds share the date filters; the other
filters apply where the kind has the column they name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dateline.store.database import TABLES, Store
from dateline.store.schema import RECORD_CLASSES, columns
from dateline.store.views import flat_events_select
from dateline.stories.membership import STORY_TABLES, has_story_tables

#: Kinds that show each row's story and take ``--story``.
_STORY_KINDS = ("documents", "events")
_DOCUMENT_FIELDS = "d.id, d.dct, d.source, d.title, d.url, d.chars, d.origin, d.external_id"


@dataclass(slots=True)
class Filters:
    search: str | None = None  # words that must all occur (documents: text; facts: their text)
    since: str | None = None  # document date, inclusive
    until: str | None = None
    label: str | None = None  # entities
    type: str | None = None  # timexes, events
    country: str | None = None  # entities, places
    actor: str | None = None  # events: actor or target name (canonical or alias)
    doc: str | None = None  # one document id
    story: str | None = None  # documents, events: one story id
    distinct: bool = False  # events: only first tellings (no ``same_as``)
    happened_since: str | None = None  # events known to have happened on or after (earliest)
    happened_until: str | None = None  # ... on or before (latest)
    limit: int | None = 100  # None: every match
    offset: int = 0  # rows to skip (the API's pages)
    flat: bool = False  # events: the rows of the flat ``event_table`` view (store/views.py)


def run_query(store: Store, kind: str, f: Filters) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Column names and rows of ``kind`` matching the filters."""
    sql, params, order = _select(store, kind, f)
    sql += f" ORDER BY {order}"
    if f.limit is not None:
        sql += f" LIMIT {int(f.limit)}"
    if f.offset:
        sql += f" OFFSET {int(f.offset)}"
    cur = store.con.execute(sql, params)
    return [c[0] for c in cur.description], cur.fetchall()


def count_query(store: Store, kind: str, f: Filters) -> int:
    """How many rows of ``kind`` match the filters (limit and offset aside)."""
    sql, params, _ = _select(store, kind, f)
    return store.con.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]


def _select(store: Store, kind: str, f: Filters) -> tuple[str, list[Any], str]:
    """The filtered SELECT of ``kind``, its parameters and its ORDER BY clause."""
    if kind not in TABLES or kind in STORY_TABLES:
        kinds = [t for t in TABLES if t not in STORY_TABLES]
        raise ValueError(f"unknown kind {kind!r}; one of {', '.join(kinds)}")
    where: list[str] = []
    params: list[Any] = []
    if f.story is not None and kind not in _STORY_KINDS:
        raise ValueError("--story applies to documents and events")
    grouped = kind in _STORY_KINDS and has_story_tables(store.con)
    if f.story is not None and not grouped:
        raise ValueError("this store has no stories (it was made before story grouping)")
    story_col = "s.story_id" if grouped else "NULL AS story_id"
    if kind == "rejections":
        sql = "SELECT origin, reason, rejected_at FROM rejections r"
        if f.search:
            for word in f.search.split():
                where.append("(r.origin ILIKE ? OR r.reason ILIKE ?)")
                params += [f"%{word}%"] * 2
        order = "r.rejected_at DESC"
    elif kind == "documents":
        sql = f"SELECT {_DOCUMENT_FIELDS}, {story_col} FROM documents d"
        if grouped:
            sql += " LEFT JOIN story_documents s ON s.doc_id = d.id"
        if f.search:
            for word in f.search.split():
                where.append("(d.text ILIKE ? OR d.title ILIKE ?)")
                params += [f"%{word}%"] * 2
        order = "d.dct DESC NULLS LAST, d.id"
    else:
        # a store made before a field was added lacks its column until the next ingest opens
        # it for writing; a read-only query shows the field as null there
        stored = {c[0] for c in store.con.execute(f"SELECT * FROM {kind} LIMIT 0").description}
        names = {c.name for c in columns(RECORD_CLASSES[kind])}
        fields = ", ".join(
            f'k."{c.name}"' if c.name in stored else f'NULL AS "{c.name}"'
            for c in columns(RECORD_CLASSES[kind])
        )
        story = f", {story_col}" if kind in _STORY_KINDS else ""
        sql = (
            f"SELECT k.doc_id, d.dct, k.idx, {fields}{story} FROM {kind} k "
            "JOIN documents d ON d.id = k.doc_id"
        )
        if f.flat:
            if kind != "events":
                raise ValueError("the flat view is of events")
            sql = flat_events_select(store, story)
        if grouped:
            sql += " LEFT JOIN story_documents s ON s.doc_id = k.doc_id"
        text_expr = "k.text" if "text" in names else "k.trigger->>'text'"
        if f.search:
            for word in f.search.split():
                where.append(f"{text_expr} ILIKE ?")
                params.append(f"%{word}%")
        for attr in ("label", "type", "country"):
            value = getattr(f, attr)
            if value is not None and kind == "events" and attr == "country":
                # an event's country is its place's
                where.append(
                    "EXISTS (SELECT 1 FROM places p WHERE p.doc_id = k.doc_id"
                    " AND p.idx = k.place AND upper(p.country) = upper(?))"
                )
                params.append(value)
            elif value is not None:
                if attr not in names:
                    raise ValueError(f"--{attr} does not apply to {kind}")
                where.append(f"upper(k.{attr}) = upper(?)")
                params.append(value)
        if f.actor is not None:
            if kind != "events":
                raise ValueError("--actor applies to events")
            where.append(
                "(k.actor_text ILIKE ? OR k.target_text ILIKE ? OR EXISTS ("
                "SELECT 1 FROM entities e WHERE e.doc_id = k.doc_id AND e.id IN (k.actor, k.target)"
                " AND (e.text ILIKE ? OR array_to_string(e.aliases, '|') ILIKE ?)))"
            )
            params += [f"%{f.actor}%"] * 4
        if f.distinct:
            if kind != "events":
                raise ValueError("--distinct applies to events")
            if "same_as" in stored:  # a store older than same_as has no retellings marked
                where.append("k.same_as IS NULL")
        happened = (("earliest", ">=", f.happened_since), ("latest", "<=", f.happened_until))
        for bound, op, day in happened:
            if day:
                if kind != "events":
                    raise ValueError("--happened-since/--happened-until apply to events")
                # an open bound is no knowledge: "on or before the DCT" never matches a since
                where.append(f"CAST(k.time->>'{bound}' AS DATE) {op} CAST(? AS DATE)")
                params.append(day)
        order = "d.dct DESC NULLS LAST, k.doc_id, k.idx"
    if f.since:
        where.append("d.dct >= CAST(? AS DATE)")
        params.append(f.since)
    if f.until:
        where.append("d.dct <= CAST(? AS DATE)")
        params.append(f.until)
    if f.doc and kind != "rejections":
        where.append("d.id = ?" if kind == "documents" else "k.doc_id = ?")
        params.append(f.doc)
    if f.story is not None:
        where.append("s.story_id = ?")
        params.append(f.story)
    if where:
        sql += " WHERE " + " AND ".join(where)
    return sql, params, order
