"""Filtered reads of the store for ``dateline query`` (and the API later).

Every fact table is joined to its document, so documents and facts share the date filters; the
other filters apply where the kind has what they name. A filter given for a kind that has no
such thing (``documents --actor``, ``rejections --since``) is an error, not silently ignored,
and every value is checked before it reaches SQL, so a bad one is a ``ValueError`` naming it.

Search words and names are matched literally, as substrings, case-insensitively (DuckDB's
``contains`` on lowered text): ``%``, ``_`` and ``\\`` are characters like any other, not LIKE
wildcards. Full-text search (DuckDB's ``fts`` extension) would rank and stem, but it is an
extension DuckDB downloads on first use, and its index must be rebuilt after every write.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from dateline.store.database import TABLES, Store
from dateline.store.schema import RECORD_CLASSES, Column, columns
from dateline.store.views import flat_events_select
from dateline.stories.membership import STORY_TABLES, has_story_tables

#: Kinds that show each row's story and take ``--story``.
_STORY_KINDS = ("documents", "events")
_DOCUMENT_FIELDS = "d.id, d.dct, d.source, d.title, d.url, d.chars, d.origin, d.external_id"
#: Largest --limit: DuckDB's LIMIT is a signed 64-bit integer.
MAX_LIMIT = 2**63 - 1
#: An entity's aliases as one string, so that a name matches any of them (``|`` joins them: a
#: name with ``|`` in it could match across two aliases, which no real name has).
_ALIASES = "array_to_string(e.aliases, '|')"
_DATED = frozenset({"documents", *RECORD_CLASSES})  # rejections have no document date


def _with_column(name: str) -> frozenset[str]:
    return frozenset(k for k, cls in RECORD_CLASSES.items() if name in {c.name for c in
                                                                       columns(cls)})


#: The kinds each filter applies to (``search`` and ``limit`` apply to all).
APPLIES_TO: dict[str, frozenset[str]] = {
    "since": _DATED,
    "until": _DATED,
    "label": _with_column("label"),
    "type": _with_column("type"),
    "country": _with_column("country") | {"events"},  # an event's: its place's
    "actor": frozenset({"events"}),
    "doc": _DATED,
    "distinct": frozenset({"events"}),
    "happened_since": frozenset({"events"}),
    "happened_until": frozenset({"events"}),
    "story": frozenset(_STORY_KINDS),
    "flat": frozenset({"events"}),
}
#: The text a search word must occur in, per kind (any of the expressions).
_SEARCHED: dict[str, tuple[str, ...]] = {
    "documents": ("d.text", "d.title"),
    "rejections": ("r.origin", "r.reason"),
    "events": ("k.trigger->>'text'",),
    "attributions": ("k.speaker_text", "k.cue->>'text'"),
}


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


def _option(name: str) -> str:
    return "--" + name.replace("_", "-")


def check_filters(kind: str, f: Filters) -> None:
    """Refuse a filter ``kind`` has nothing for, and values SQL could not take."""
    if kind not in TABLES or kind in STORY_TABLES:
        kinds = [t for t in TABLES if t not in STORY_TABLES]
        raise ValueError(f"unknown kind {kind!r}; one of {', '.join(kinds)}")
    for field in fields(Filters):
        value = getattr(f, field.name)
        if field.name in APPLIES_TO and value not in (None, False):
            kinds = APPLIES_TO[field.name]
            if kind not in kinds:
                option = _option(field.name)
                raise ValueError(
                    f"{option} does not apply to {kind} "
                    f"({option} applies to {', '.join(k for k in TABLES if k in kinds)})"
                )
        if isinstance(value, str) and "\x00" in value:
            raise ValueError(f"{_option(field.name)} contains a NUL character")
    for name in ("since", "until", "happened_since", "happened_until"):
        value = getattr(f, name)
        if value is not None:
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                raise ValueError(
                    f"{_option(name)} {value!r} is not a valid YYYY-MM-DD date"
                ) from None
    if f.limit is not None and not _whole(f.limit, 1):
        raise ValueError(f"--limit {f.limit!r} is not a whole number from 1 to {MAX_LIMIT}")
    if not _whole(f.offset, 0):
        raise ValueError(f"offset {f.offset!r} is not a whole number from 0 to {MAX_LIMIT}")


def _whole(value: object, least: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and least <= value <= MAX_LIMIT


def _contains(expr: str) -> str:
    """A literal, case-insensitive substring test of ``expr`` against one parameter."""
    return f"contains(lower({expr}), lower(?))"


def _search(where: list[str], params: list[Any], exprs: tuple[str, ...], words: str) -> None:
    for word in words.split():
        where.append("(" + " OR ".join(_contains(e) for e in exprs) + ")")
        params += [word] * len(exprs)


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


def _stored_column(col: Column, stored: set[str]) -> str:
    """``col`` as a store that may predate it has it: itself, under its field's name (a store
    not yet migrated), or null."""
    if col.name in stored:
        return f'k."{col.name}"'
    if col.field in stored:
        return f'k."{col.field}" AS "{col.name}"'
    return f'NULL AS "{col.name}"'


def _select(store: Store, kind: str, f: Filters) -> tuple[str, list[Any], str]:
    """The filtered SELECT of ``kind``, its parameters and its ORDER BY clause."""
    check_filters(kind, f)
    where: list[str] = []
    params: list[Any] = []
    grouped = kind in _STORY_KINDS and has_story_tables(store.con)
    if f.story is not None and not grouped:
        raise ValueError("this store has no stories (it was made before story grouping)")
    story_col = "s.story_id" if grouped else "NULL AS story_id"
    if kind == "rejections":
        # a store made before rejections could be resolved shows them all as open
        stored = {c[0] for c in store.con.execute("SELECT * FROM rejections LIMIT 0").description}
        resolved = "r.resolved_at" if "resolved_at" in stored else "NULL AS resolved_at"
        sql = f"SELECT r.origin, r.reason, r.rejected_at, {resolved} FROM rejections r"
        if f.search:
            _search(where, params, _SEARCHED[kind], f.search)
        order = "resolved_at IS NOT NULL, r.rejected_at DESC"  # the open ones first
    elif kind == "documents":
        sql = f"SELECT {_DOCUMENT_FIELDS}, {story_col} FROM documents d"
        if grouped:
            sql += " LEFT JOIN story_documents s ON s.doc_id = d.id"
        if f.search:
            _search(where, params, _SEARCHED[kind], f.search)
        order = "d.dct DESC NULLS LAST, d.id"
    else:
        # a store made before a field was added lacks its column until the next ingest opens
        # it for writing; a read-only query shows the field as null there (and a renamed
        # column under its old name)
        stored = {c[0] for c in store.con.execute(f"SELECT * FROM {kind} LIMIT 0").description}
        fields_sql = ", ".join(_stored_column(c, stored) for c in columns(RECORD_CLASSES[kind]))
        story = f", {story_col}" if kind in _STORY_KINDS else ""
        sql = flat_events_select(store, story) if f.flat else (
            f"SELECT k.doc_id, d.dct, k.idx, {fields_sql}{story} FROM {kind} k "
            "JOIN documents d ON d.id = k.doc_id"
        )
        if grouped:
            sql += " LEFT JOIN story_documents s ON s.doc_id = k.doc_id"
        if f.search:
            _search(where, params, _SEARCHED.get(kind, ("k.text",)), f.search)
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
                where.append(f"upper(k.{attr}) = upper(?)")
                params.append(value)
        if f.actor is not None:
            where.append(
                f"({_contains('k.actor_text')} OR {_contains('k.target_text')} OR EXISTS ("
                "SELECT 1 FROM entities e WHERE e.doc_id = k.doc_id AND e.id IN (k.actor, k.target)"
                f" AND ({_contains('e.text')} OR {_contains(_ALIASES)})))"
            )
            params += [f.actor] * 4
        if f.distinct and "same_as" in stored:  # an older store has no retellings marked
            where.append("k.same_as IS NULL")
        happened = (("earliest", ">=", f.happened_since), ("latest", "<=", f.happened_until))
        for bound, op, day in happened:
            if day:
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
    if f.doc:
        where.append("d.id = ?" if kind == "documents" else "k.doc_id = ?")
        params.append(f.doc)
    if f.story is not None:
        where.append("s.story_id = ?")
        params.append(f.story)
    if where:
        sql += " WHERE " + " AND ".join(where)
    return sql, params, order
