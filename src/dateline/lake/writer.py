"""``Lake``: commit batches of reports and rejections to a folder of Parquet files.

A batch is staged in an in-memory DuckDB whose tables are made by the store's own
``create_tables`` and filled by its own row conversion (``insert_document``, ``insert_facts``,
``insert_rejections``), then written with DuckDB's ``COPY ... (FORMAT parquet, PARTITION_BY
...)``: so the Parquet columns and types are the store's, with no second schema (DuckDB rather
than pyarrow for that reason, and it is a dependency already). The files are written under
``_tmp/``, renamed into their table folders, and the batch becomes visible when its manifest is
renamed into ``_manifest/`` (``layout.py``). A crash at any point leaves either a committed
batch or files no manifest names; the next writer removes those. Writers hold ``_lock`` shared
while they commit and cleanup takes it exclusive (and skips when it cannot), so processes
committing different batches at once (Ray actors) never remove each other's files.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import shutil
import threading
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from dateline.lake import layout
from dateline.lake.layout import DataFile, LakeError, Manifest
from dateline.model import RECORD_KINDS, Rejection, Report
from dateline.store.database import (
    TABLES,
    create_tables,
    insert_document,
    insert_facts,
    insert_rejections,
)

if TYPE_CHECKING:
    from dateline.stories.membership import Placement

#: How each table's rows find their publication day (SQL over the staged tables ``t``).
_DAY = {
    "documents": ("", "t.dct"),
    **{kind: ("JOIN documents d ON d.id = t.doc_id", "d.dct") for kind in RECORD_KINDS},
    "rejections": ("", "NULL::DATE"),
    "stories": ("", "t.first_day"),
    "story_documents": ("", "t.day"),
    "story_keys": ("JOIN stories s ON s.id = t.story_id", "s.first_day"),
    "story_bands": ("JOIN story_documents m ON m.doc_id = t.doc_id", "m.day"),
}
assert set(_DAY) == set(TABLES), "every store table needs its partition day"


class Lake:
    """A Dateline lake in folder ``root``: created if missing or empty (a folder holding
    anything else is refused), or with ``create=False`` (to read one) a ``LakeError`` unless
    the folder is a lake."""

    def __init__(self, root: str | Path, create: bool = True) -> None:
        self.root = Path(root)
        if self.root.exists() and not self.root.is_dir():
            raise LakeError(f"{self.root}: not a lake folder (a file)")
        is_lake = (self.root / layout.MANIFESTS).is_dir()
        if create and not is_lake and self.root.is_dir() and any(self.root.iterdir()):
            raise LakeError(f"{self.root}: not a lake (a folder holding other files; give a new "
                            "or empty folder)")
        if create:
            for sub in (layout.MANIFESTS, layout.STAGING):
                (self.root / sub).mkdir(parents=True, exist_ok=True)
        elif not self.root.exists():
            raise LakeError(f"{self.root}: no such lake (run `dateline ingest --lake` first)")
        elif not is_lake:
            raise LakeError(f"{self.root}: not a lake (no {layout.MANIFESTS} folder)")
        self._manifests: dict[str, Manifest] = {}  # committed manifests are never rewritten
        self._stage: duckdb.DuckDBPyConnection | None = None
        self._mutex = threading.Lock()
        self._cleaned = False

    def __reduce__(self) -> tuple[type[Lake], tuple[Path]]:
        """A lake travels (to a Ray actor, a worker process) as its folder."""
        return (Lake, (self.root,))

    def close(self) -> None:
        """Close the staging database (the files need no closing)."""
        if self._stage is not None:
            self._stage.close()
            self._stage = None

    def __enter__(self) -> Lake:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading the commit records ---------------------------------------------------------
    def manifests(self) -> list[Manifest]:
        """Every committed batch, oldest commit first."""
        for path in layout.manifest_files(self.root):
            if path.stem not in self._manifests:
                self._manifests[path.stem] = layout.read_manifest(path)
        return sorted(self._manifests.values(), key=lambda m: (m.committed_at, m.batch_id))

    def stored_ids(self) -> set[str]:
        """Ids of the documents committed (a re-run skips them)."""
        return {d for m in self.manifests() for d in m.documents}

    def grouped_ids(self) -> set[str]:
        """Ids of the documents committed into a story."""
        return {d for m in self.manifests() for d in m.grouped}

    def is_committed(self, batch_id: str) -> bool:
        return layout.manifest_path(self.root, batch_id).exists()

    def connect(self) -> duckdb.DuckDBPyConnection:
        """An in-memory DuckDB over the committed files with the store's tables and views."""
        from dateline.lake.reader import connect

        return connect(self)

    # -- writing ----------------------------------------------------------------------------
    def commit(self, batch: list[Report | Rejection], batch_id: str) -> None:
        """Commit a batch's reports (those not committed yet) and rejections; committing a
        batch id already committed does nothing."""
        layout.check_batch_id(batch_id)
        reports = [r for r in batch if isinstance(r, Report)]
        rejections = [r for r in batch if isinstance(r, Rejection)]
        with self._mutex, self._committing():
            if self.is_committed(batch_id):
                return
            stored = self.stored_ids()
            con = self._staged()
            now = dt.datetime.now()
            documents = []
            for report in reports:
                doc = report.document
                if doc.id in stored:
                    continue
                stored.add(doc.id)
                documents.append(doc.id)
                insert_document(con, doc, now)
                insert_facts(con, report)
            insert_rejections(con, rejections, now)
            if not documents and not rejections:
                return
            self._write(Manifest(batch_id, "", "ingest", documents=documents,
                                 rejections=sorted({r.origin for r in rejections})))

    def commit_groups(
        self, con: duckdb.DuckDBPyConnection, placements: list[Placement], batch_id: str
    ) -> None:
        """Commit a story batch: the placements just written to ``con``'s story tables (by
        ``Grouper``), the stories they touched as they now stand, and the index rows they add."""
        layout.check_batch_id(batch_id)
        if not placements:
            return
        with self._mutex, self._committing():
            if self.is_committed(batch_id):
                return
            stage = self._staged()
            ids = [p.doc_id for p in placements]
            stories = sorted({p.story_id for p in placements})
            for table, where, keys in (
                ("stories", "id", stories),
                ("story_documents", "doc_id", ids),
                ("story_bands", "doc_id", ids),
            ):
                rows = con.execute(
                    f"SELECT * FROM {table} WHERE {where} IN (SELECT unnest(?))", [keys]
                ).fetchall()
                if rows:
                    marks = ", ".join("?" for _ in rows[0])
                    stage.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
            keys = [(k, p.story_id) for p in placements for k in p.keys]
            if keys:
                stage.executemany("INSERT INTO story_keys VALUES (?, ?)", keys)
            self._write(Manifest(batch_id, "", "group", grouped=ids))

    def _staged(self) -> duckdb.DuckDBPyConnection:
        """The staging database, emptied: the store's tables, in memory."""
        if self._stage is None:
            self._stage = duckdb.connect(":memory:")
            create_tables(self._stage)
        for table in TABLES:
            self._stage.execute(f"DELETE FROM {table}")
        return self._stage

    def _write(self, manifest: Manifest) -> None:
        """Write the staged rows as Parquet under ``_tmp``, rename them into place, then
        commit the manifest; on any error remove what was written and re-raise."""
        con = self._stage
        assert con is not None
        temp = self.root / layout.STAGING / f"{manifest.batch_id}.{uuid.uuid4().hex}"
        placed: list[Path] = []
        try:
            for table in TABLES:
                manifest.files += self._copy(con, table, manifest.batch_id, temp, placed)
            manifest.committed_at = layout.now_text()
            layout.write_manifest(self.root, manifest)
        except BaseException:
            for path in placed:
                path.unlink(missing_ok=True)
            raise
        finally:
            shutil.rmtree(temp, ignore_errors=True)
        self._manifests[manifest.batch_id] = manifest

    def _copy(
        self, con: duckdb.DuckDBPyConnection, table: str, batch_id: str, temp: Path,
        placed: list[Path],
    ) -> list[DataFile]:
        join, day = _DAY[table]
        select = (f"SELECT t.*, coalesce(strftime({day}, '%Y-%m-%d'), '{layout.UNKNOWN_DAY}')"
                  f" AS pub_date FROM {table} t {join}")
        counts = con.execute(
            f"SELECT pub_date, count(*) FROM ({select}) GROUP BY pub_date ORDER BY pub_date"
        ).fetchall()
        if not counts:
            return []
        out = temp / table
        temp.mkdir(parents=True, exist_ok=True)
        con.execute(
            f"COPY ({select}) TO '{_sql_text(out)}' (FORMAT parquet, PARTITION_BY (pub_date),"
            f" FILENAME_PATTERN '{batch_id}-{{i}}')"
        )
        files = []
        for pub_date, rows in counts:
            written = sorted((out / f"pub_date={pub_date}").glob("*.parquet"))
            if len(written) != 1:
                raise LakeError(f"{table}/{pub_date}: DuckDB wrote {len(written)} files, not 1")
            rel = layout.data_path(table, pub_date, batch_id, 0)
            final = self.root / rel
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(written[0], final)
            placed.append(final)
            files.append(DataFile(table, pub_date, rel, rows))
        return files

    # -- the lock and the cleanup -----------------------------------------------------------
    @contextmanager
    def _committing(self) -> Iterator[None]:
        """Hold the lake's lock shared for one commit (after cleaning up once, if alone)."""
        if not self._cleaned:
            self.clean()
            self._cleaned = True
        with open(self.root / layout.LOCK, "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_SH)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def clean(self) -> list[Path]:
        """Remove what a crashed writer left (data files no manifest names, staged files,
        temporary manifests) if no other process is committing; returns what it removed."""
        with open(self.root / layout.LOCK, "a+b") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return []  # another writer is committing: its files are not orphans
            try:
                named = {f.path for m in self.manifests() for f in m.files}
                removed = [p for p in self._data_files() if
                           p.relative_to(self.root).as_posix() not in named]
                removed += list((self.root / layout.MANIFESTS).glob(".*.tmp"))
                for path in removed:
                    path.unlink(missing_ok=True)
                staging = self.root / layout.STAGING
                for staged in staging.iterdir() if staging.is_dir() else ():
                    shutil.rmtree(staged, ignore_errors=True)
                    removed.append(staged)
                return removed
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _data_files(self) -> Iterable[Path]:
        for table in TABLES:
            yield from (self.root / table).glob("pub_date=*/*.parquet")


def _sql_text(path: Path) -> str:
    """A path as a SQL string literal's contents."""
    return str(path).replace("'", "''")
