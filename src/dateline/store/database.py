"""The embedded DuckDB store: one table per record kind, plus documents and rejections.

Every fact row carries ``doc_id`` and ``idx`` (its position in the document's report, which is
what events use to point at places and quantities) and the offsets of the characters it came
from. A batch of reports is written in one transaction, so a crash never leaves half a document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import duckdb

from dateline.model import RECORD_KINDS, Document, Rejection, Report
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


class Store:
    """A Dateline store in one DuckDB file (or in memory with ``":memory:"``)."""

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            if read_only and not Path(self.path).exists():
                raise FileNotFoundError(f"{self.path}: no such store (run `dateline ingest` first)")
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.con = duckdb.connect(self.path, read_only=read_only)
        if not read_only:
            self._create_tables()
            self._create_story_tables()
            create_views(self.con)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema ---------------------------------------------------------------------------
    def _create_tables(self) -> None:
        cols = ", ".join(f"{name} {sql}" for name, sql in _DOCUMENT_COLUMNS)
        self.con.execute(f"CREATE TABLE IF NOT EXISTS documents ({cols})")
        for name, sql in _DOCUMENT_COLUMNS[1:]:  # stores made before a column was added
            self.con.execute(f"ALTER TABLE documents ADD COLUMN IF NOT EXISTS {name} {sql}")
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS rejections "
            "(origin VARCHAR PRIMARY KEY, reason VARCHAR, rejected_at TIMESTAMP)"
        )
        for kind, cls in RECORD_CLASSES.items():
            self.con.execute(
                f"CREATE TABLE IF NOT EXISTS {kind} (doc_id VARCHAR NOT NULL, idx INTEGER NOT NULL)"
            )
            # Fields added to a record class since the store was made become new columns.
            for col in columns(cls):
                self.con.execute(
                    f'ALTER TABLE {kind} ADD COLUMN IF NOT EXISTS "{col.name}" {col.sql_type}'
                )

    def _create_story_tables(self) -> None:
        """Story membership and its indexes (``dateline.stories.membership`` owns them)."""
        create_story_tables(self.con)

    # -- writing --------------------------------------------------------------------------
    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of these document ids are already stored."""
        ids = list(ids)
        if not ids:
            return set()
        rows = self.con.execute(
            "SELECT id FROM documents WHERE list_contains(?, id)", [ids]
        ).fetchall()
        return {r[0] for r in rows}

    def add_reports(self, reports: Iterable[Report]) -> int:
        """Store reports in one transaction; returns how many were new."""
        reports = [r for r in reports]
        fresh = self.known_ids(r.document.id for r in reports)
        now = dt.datetime.now()
        stored = 0
        self.con.execute("BEGIN TRANSACTION")
        try:
            for report in reports:
                doc = report.document
                if doc.id in fresh:
                    continue
                fresh.add(doc.id)
                self.con.execute(
                    f"INSERT INTO documents ({_DOCUMENT_NAMES}) VALUES ({_DOCUMENT_MARKS})",
                    [doc.id, doc.dct, doc.source, doc.url, doc.title, doc.chars, doc.origin,
                     doc.text, now, doc.external_id],
                )
                for kind, cls in RECORD_CLASSES.items():
                    records = getattr(report, kind)
                    if not records:
                        continue
                    names = ", ".join(f'"{c.name}"' for c in columns(cls))
                    marks = ", ".join("?" for _ in range(len(columns(cls)) + 2))
                    self.con.executemany(
                        f"INSERT INTO {kind} (doc_id, idx, {names}) VALUES ({marks})",
                        [[doc.id, i, *to_row(r)] for i, r in enumerate(records)],
                    )
                stored += 1
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return stored

    def add_rejections(self, rejections: Iterable[Rejection]) -> None:
        """Record rejected inputs; a later rejection of the same origin replaces the earlier."""
        rows = [(r.origin, r.reason, dt.datetime.now()) for r in rejections]
        if rows:
            self.con.executemany("INSERT OR REPLACE INTO rejections VALUES (?, ?, ?)", rows)

    # -- reading --------------------------------------------------------------------------
    def count(self, table: str) -> int:
        if table not in TABLES:
            raise ValueError(f"unknown table {table!r}; one of {', '.join(TABLES)}")
        return self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def document_ids(self) -> list[str]:
        rows = self.con.execute("SELECT id FROM documents ORDER BY dct, id").fetchall()
        return [r[0] for r in rows]

    def load_report(self, doc_id: str) -> Report:
        """Rebuild a stored document's full report."""
        cur = self.con.execute("SELECT * FROM documents WHERE id = ?", [doc_id])
        row = _rows(cur)
        if not row:
            raise KeyError(doc_id)
        d = row[0]
        document = Document(
            id=d["id"], text=d["text"], dct=d["dct"].isoformat() if d["dct"] else None,
            source=d["source"], url=d["url"], title=d["title"], origin=d["origin"],
            external_id=d["external_id"],
        )
        parts = {}
        for kind, cls in RECORD_CLASSES.items():
            cur = self.con.execute(f"SELECT * FROM {kind} WHERE doc_id = ? ORDER BY idx", [doc_id])
            parts[kind] = [from_row(cls, r) for r in _rows(cur)]
        return Report(document=document, **parts)

    def iter_reports(self) -> Iterator[Report]:
        for doc_id in self.document_ids():
            yield self.load_report(doc_id)


def _rows(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [c[0] for c in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
