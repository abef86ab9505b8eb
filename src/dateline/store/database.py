"""The embedded DuckDB store: one table per record kind, plus documents and rejections.

Every fact row carries ``doc_id`` and ``idx`` (its position in the document's report, which is
what events use to point at places and quantities) and the offsets of the characters it came
from. A batch of reports is written in one transaction, so a crash never leaves half a document.

A store opened for writing holds its file only for the duration of each write call (or of a
``with store.holding():`` block) and releases it in between, so readers get in between batches;
it is the store's one writer for as long as it is open (``access.py`` says why and how).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import duckdb

from dateline.model import RECORD_KINDS, Document, Rejection, Report
from dateline.store.access import BATCH_WAIT, DEFAULT_WAIT, WriterLock, connect
from dateline.store.schema import RECORD_CLASSES, columns, from_row, to_row
from dateline.store.views import create_views
from dateline.stories.membership import STORY_TABLES, create_story_tables

_DOCUMENT_COLUMNS = (
    ("id", "VARCHAR PRIMARY KEY"),
    ("dct", "DATE"),
    ("source", "VARCHAR"),
    ("url", "VARCHAR"),
    ("title", "VARCHAR"),
    ("chars", "BIGINT"),
    ("origin", "VARCHAR"),
    ("text", "VARCHAR"),
    ("ingested_at", "TIMESTAMP"),
    ("external_id", "VARCHAR"),
)
_DOCUMENT_NAMES = ", ".join(name for name, _ in _DOCUMENT_COLUMNS)
_DOCUMENT_MARKS = ", ".join("?" for _ in _DOCUMENT_COLUMNS)
#: Tables a user may query or export, in a stable order.
TABLES: tuple[str, ...] = ("documents", *RECORD_KINDS, "rejections", *STORY_TABLES)


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _holding(method: Callable[_P, _R]) -> Callable[_P, _R]:
    """Hold the store file for one call unless the caller already holds it."""

    @functools.wraps(method)
    def held(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with args[0].holding():  # type: ignore[attr-defined]
            return method(*args, **kwargs)

    return held


class Store:
    """A Dateline store in one DuckDB file (or in memory with ``":memory:"``).

    Read-only, it holds the file from open to close: open it for one query or one export (a
    long-lived reader opens one per request). For writing, it waits up to ``wait`` seconds to
    become the store's one writer, then opens the file per write call. ``StoreBusy`` (from
    ``dateline.store.access``) says who held it when a wait runs out.
    """

    def __init__(
        self, path: str | Path, read_only: bool = False, wait: float = DEFAULT_WAIT
    ) -> None:
        self.path = str(path)
        self.read_only = read_only
        self.wait = wait
        self._con: duckdb.DuckDBPyConnection | None = None
        self._writer: WriterLock | None = None
        if self.path == ":memory:":
            self._con = duckdb.connect(self.path)
        elif read_only:
            if Path(self.path).exists() and not Path(self.path).is_file():
                raise FileNotFoundError(f"{self.path}: not a store file (a folder?)")
            if not Path(self.path).is_file():
                raise FileNotFoundError(f"{self.path}: no such store (run `dateline ingest` first)")
            self._con = connect(self.path, read_only=True, wait=wait)
        else:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self._writer = WriterLock(self.path).acquire(wait)
        if not read_only:
            try:
                if self._con is None:  # the first open waits --wait, not a batch's wait
                    self._con = connect(self.path, read_only=False, wait=wait)
                create_tables(self.con)
                create_views(self.con)
            except BaseException:
                self.close()
                raise
            self.release()

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The open connection; a writer's is opened here and kept until ``release()``."""
        if self._con is None:
            wait = self.wait if self.read_only else max(self.wait, BATCH_WAIT)
            self._con = connect(self.path, read_only=self.read_only, wait=wait)
        return self._con

    @contextmanager
    def holding(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Hold the file for a block of calls (one batch); a writer releases it afterwards."""
        opened = self._con is None
        try:
            yield self.con
        finally:
            if opened:
                self.release()

    @classmethod
    def over(cls, path: str, con: duckdb.DuckDBPyConnection) -> Store:
        """A store reading and writing through a connection its caller owns (a cursor of
        ``serve``'s writer connection): ``holding()`` never releases it, and there is no writer
        lock to take, since the caller's store holds it."""
        store = cls.__new__(cls)
        store.path, store.read_only, store.wait = path, False, 0.0
        store._con, store._writer = con, None
        return store

    def hold(self) -> None:
        """Open the file now and keep it until ``close()`` (``holding()`` never releases a
        connection it did not open): for a long-lived writer such as ``serve`` with a token,
        whose readers take cursors of this connection."""
        self.con.execute("SELECT 1")

    def release(self) -> None:
        """Close a file store's connection so that other processes may open the file."""
        if self._con is not None and self.path != ":memory:":
            self._con.close()
            self._con = None

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None
        if self._writer is not None:
            self._writer.release()
            self._writer = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing --------------------------------------------------------------------------
    @_holding
    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of these document ids are already stored."""
        ids = list(ids)
        if not ids:
            return set()
        rows = self.con.execute(
            "SELECT id FROM documents WHERE list_contains(?, id)", [ids]
        ).fetchall()
        return {r[0] for r in rows}

    @_holding
    def stored_metadata(self, ids: Iterable[str]) -> dict[str, dict[str, str | None]]:
        """The date, source, URL and title of those of ``ids`` already stored (for updates)."""
        ids = list(ids)
        if not ids:
            return {}
        rows = self.con.execute(
            "SELECT id, dct, source, url, title FROM documents WHERE list_contains(?, id)", [ids]
        ).fetchall()
        return {
            r[0]: {"dct": r[1].isoformat() if r[1] else None, "source": r[2], "url": r[3],
                   "title": r[4]}
            for r in rows
        }

    @_holding
    def write(
        self,
        new: Iterable[Report] = (),
        updated: Iterable[Report] = (),
        rejections: Iterable[Rejection] = (),
    ) -> tuple[int, int]:
        """One transaction: store ``new`` reports (skipping ids already stored), replace the
        document row and every fact of ``updated`` ones, record ``rejections`` (a later
        rejection of an origin replaces the earlier), and mark resolved the open rejections of
        the origins just stored. Returns (stored, updated); on error nothing is written."""
        new, updated = list(new), list(updated)
        known = self.known_ids(r.document.id for r in new)
        now = dt.datetime.now()
        stored = 0
        self.con.execute("BEGIN TRANSACTION")
        try:
            for report in new:
                doc = report.document
                if doc.id in known:
                    continue
                known.add(doc.id)
                insert_document(self.con, doc, now)
                self._insert_facts(report)
                stored += 1
            for report in updated:
                doc = report.document
                for kind in RECORD_CLASSES:
                    self.con.execute(f"DELETE FROM {kind} WHERE doc_id = ?", [doc.id])
                self.con.execute(
                    "UPDATE documents SET dct = ?, source = ?, url = ?, title = ?, chars = ?, "
                    "origin = ?, text = ?, external_id = ? WHERE id = ?",
                    [doc.dct, doc.source, doc.url, doc.title, doc.chars, doc.origin, doc.text,
                     doc.external_id, doc.id],
                )
                self._insert_facts(report)
            insert_rejections(self.con, rejections, now)
            origins = [r.document.origin for r in (*new, *updated) if r.document.origin]
            if origins:
                self.con.execute(
                    "UPDATE rejections SET resolved_at = ? "
                    "WHERE resolved_at IS NULL AND list_contains(?, origin)",
                    [now, origins],
                )
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return stored, len(updated)

    def _insert_facts(self, report: Report) -> None:
        insert_facts(self.con, report)

    def add_reports(self, reports: Iterable[Report]) -> int:
        """Store reports in one transaction; returns how many were new."""
        return self.write(new=reports)[0]

    def add_rejections(self, rejections: Iterable[Rejection]) -> None:
        """Record rejected inputs; a later rejection of the same origin replaces the earlier."""
        self.write(rejections=rejections)

    # -- reading --------------------------------------------------------------------------
    @_holding
    def count(self, table: str) -> int:
        if table not in TABLES:
            raise ValueError(f"unknown table {table!r}; one of {', '.join(TABLES)}")
        return self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    @_holding
    def document_ids(self) -> list[str]:
        rows = self.con.execute("SELECT id FROM documents ORDER BY dct, id").fetchall()
        return [r[0] for r in rows]

    @_holding
    def load_report(self, doc_id: str) -> Report:
        """Rebuild a stored document's full report."""
        cur = self.con.execute("SELECT * FROM documents WHERE id = ?", [doc_id])
        row = _rows(cur)
        if not row:
            raise KeyError(doc_id)
        parts = {}
        for kind in RECORD_CLASSES:
            cur = self.con.execute(f"SELECT * FROM {kind} WHERE doc_id = ? ORDER BY idx", [doc_id])
            parts[kind] = _rows(cur)
        return report_from_rows(row[0], parts)

    def iter_reports(self) -> Iterator[Report]:
        for doc_id in self.document_ids():
            yield self.load_report(doc_id)


# -- the one schema and row conversion (the store and the Parquet lake share them) -----------
def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create (or bring up to date) every store table on a connection: documents, rejections,
    one table per record kind and the story tables. The lake stages its batches in tables made
    here, so its Parquet files have the store's columns and types."""
    cols = ", ".join(f"{name} {sql}" for name, sql in _DOCUMENT_COLUMNS)
    con.execute(f"CREATE TABLE IF NOT EXISTS documents ({cols})")
    for name, sql in _DOCUMENT_COLUMNS[1:]:  # stores made before a column was added
        con.execute(f"ALTER TABLE documents ADD COLUMN IF NOT EXISTS {name} {sql}")
    con.execute(
        "CREATE TABLE IF NOT EXISTS rejections "
        "(origin VARCHAR PRIMARY KEY, reason VARCHAR, rejected_at TIMESTAMP)"
    )
    # Set when the origin is later stored: the rejection is kept, marked as no longer open.
    con.execute("ALTER TABLE rejections ADD COLUMN IF NOT EXISTS resolved_at TIMESTAMP")
    for kind, cls in RECORD_CLASSES.items():
        con.execute(
            f"CREATE TABLE IF NOT EXISTS {kind} (doc_id VARCHAR NOT NULL, idx INTEGER NOT NULL)"
        )
        # Fields added to a record class since the store was made become new columns.
        for col in columns(cls):
            con.execute(f'ALTER TABLE {kind} ADD COLUMN IF NOT EXISTS "{col.name}" {col.sql_type}')
    create_story_tables(con)  # story membership and its indexes (stories.membership owns them)


def insert_document(con: duckdb.DuckDBPyConnection, doc: Document, now: dt.datetime) -> None:
    """Insert a document row stored at ``now`` (no transaction of its own)."""
    con.execute(
        f"INSERT INTO documents ({_DOCUMENT_NAMES}) VALUES ({_DOCUMENT_MARKS})",
        [doc.id, doc.dct, doc.source, doc.url, doc.title, doc.chars, doc.origin, doc.text, now,
         doc.external_id],
    )


def insert_facts(con: duckdb.DuckDBPyConnection, report: Report) -> None:
    """Insert a report's fact rows, each with its ``doc_id`` and ``idx``: one statement per
    kind, its values bound column by column as typed lists and unnested (``executemany``
    binds row by row, about 2 ms a row: more than processing the document took)."""
    for kind, cls in RECORD_CLASSES.items():
        records = getattr(report, kind)
        if not records:
            continue
        rows = [to_row(r) for r in records]
        values = [[report.document.id] * len(rows), list(range(len(rows)))]
        values += [list(column) for column in zip(*rows, strict=True)]
        names = ", ".join(f'"{c.name}"' for c in columns(cls))
        lists = ", ".join(
            f"unnest(?::{sql}[])"
            for sql in ("VARCHAR", "INTEGER", *(c.sql_type for c in columns(cls)))
        )
        con.execute(f"INSERT INTO {kind} (doc_id, idx, {names}) SELECT {lists}", values)


def insert_rejections(
    con: duckdb.DuckDBPyConnection, rejections: Iterable[Rejection], now: dt.datetime
) -> None:
    """Record rejections, open; a later rejection of an origin replaces the earlier."""
    rows = {r.origin: (r.origin, r.reason, now) for r in rejections}
    if rows:
        con.executemany(
            "INSERT OR REPLACE INTO rejections (origin, reason, rejected_at, resolved_at) "
            "VALUES (?, ?, ?, NULL)",
            list(rows.values()),
        )


def report_from_rows(
    document: dict[str, Any], parts: dict[str, list[dict[str, Any]]]
) -> Report:
    """Rebuild a report from its document row and its fact rows by kind (in ``idx`` order)."""
    d = document
    doc = Document(
        id=d["id"], text=d["text"], dct=d["dct"].isoformat() if d["dct"] else None,
        source=d["source"], url=d["url"], title=d["title"], origin=d["origin"],
        external_id=d["external_id"],
    )
    return Report(
        document=doc,
        **{kind: [from_row(cls, r) for r in parts.get(kind, ())]
           for kind, cls in RECORD_CLASSES.items()},
    )


def _rows(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [c[0] for c in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
