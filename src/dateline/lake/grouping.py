"""Story grouping over a lake, as a step after ingest (``dateline group --lake DIR``).

The documents not yet grouped are taken in publication-date order and given to the store's own
``Grouper`` in batches (as many as ingest writes at once), on an in-memory DuckDB that holds the
documents of the days the current batch reaches, the story index whole (``story_keys``,
``story_bands``, ``story_documents``: what a document's keys and MinHash bands look up), but the
stories themselves (their term vectors) only for the time window: those whose dates reach the
batch's first day minus ``window_days``, plus the stories a batch's keys or bands point at,
loaded from the lake when a batch needs them. Each batch's placements are committed to the lake
as a story batch (``Lake.commit_groups``), so a run killed at any point is finished by running
it again, which groups only what no committed batch grouped. One grouping run at a time per
lake (a lock says so); ingests may run meanwhile (their documents wait for the next run).
Documents are grouped in date order rather than in the order they were stored (as ``ingest``
into a store does), so a lake's stories can differ from a store's where that order matters.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import duckdb

from dateline.lake import layout
from dateline.lake.layout import LakeError
from dateline.lake.reader import load, register
from dateline.lake.writer import Lake
from dateline.model import RECORD_KINDS
from dateline.store import Store
from dateline.store.database import create_tables
from dateline.stories.grouping import STORED_BATCH, Grouper
from dateline.stories.signature import Signature

#: Lock file a grouping run holds exclusive for its whole run.
GROUP_LOCK = "_group.lock"
_INDEX = ("story_documents", "story_keys", "story_bands")


class _WindowGrouper(Grouper):
    """The store's ``Grouper`` on a connection that holds only the stories of the time window:
    before its prefetch reads a batch's candidates, the stories the batch's index keys and
    bands point at that the connection lacks are loaded from the lake."""

    def __init__(self, store: Store, lake: Lake) -> None:
        super().__init__(store)
        self.lake = lake

    def _prefetch(self, sigs: list[Signature]) -> None:
        keys = sorted({k for s in sigs for k in s.keys})
        bands = sorted({b for s in sigs for b in s.bands()})
        missing = [r[0] for r in self.con.execute(
            "SELECT story_id FROM story_keys WHERE key IN (SELECT unnest(?))"
            " UNION SELECT m.story_id FROM story_bands b JOIN story_documents m"
            " ON m.doc_id = b.doc_id WHERE b.band IN (SELECT unnest(?))"
            " EXCEPT SELECT id FROM stories", [keys, bands]).fetchall()]
        if missing:  # from the batches committed so far, this run's included
            register(self.con, self.lake.root, self.lake.manifests())
            load(self.con, self.lake.root, tables=("stories",),
                 where={"stories": ("id IN (SELECT unnest(?))", [missing])})
        super()._prefetch(sigs)


def group_lake(lake: Lake, on_batch: Callable[[int], None] | None = None) -> int:
    """Group the lake's documents that no committed story batch grouped; returns how many.
    ``on_batch(n)`` reports progress."""
    with _group_lock(lake):
        con = duckdb.connect(":memory:")
        try:
            create_tables(con)
            register(con, lake.root, lake.manifests())
            order = _ungrouped(con, lake)
            if not order:
                return 0
            grouper = _WindowGrouper(Store.over(str(lake.root), con), lake)
            window = dt.timedelta(days=grouper.settings.window_days)
            load(con, lake.root, tables=_INDEX)
            first = _day(order[0][0])
            low = first - window if first is not None else dt.date.max
            load(con, lake.root, tables=("stories",), where={"stories": ("last_day >= ?", [low])})
            run_id = f"g{dt.datetime.now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
            held: set[str] = set()
            done = 0
            for n, i in enumerate(range(0, len(order), STORED_BATCH)):
                batch = order[i:i + STORED_BATCH]
                _hold_days(con, lake, held, {day for day, _ in batch})
                if (day := _day(batch[0][0])) is not None:  # stories out of the window go
                    con.execute("DELETE FROM stories WHERE last_day < ?", [day - window])
                placements = grouper.add(grouper.store.load_report(d) for _, d in batch)
                lake.commit_groups(con, placements, f"{run_id}-{n:06d}")
                done += len(placements)
                if on_batch:
                    on_batch(len(placements))
            return done
        finally:
            con.close()


def _ungrouped(con: duckdb.DuckDBPyConnection, lake: Lake) -> list[tuple[str, str]]:
    """(partition, id) of the documents no story batch grouped, in date order (undated last),
    each day's in the order they were stored."""
    grouped = lake.grouped_ids()
    files = [r[0] for r in con.execute(
        "SELECT path FROM lake_files WHERE tbl = 'documents'").fetchall()]
    if not files:
        return []
    rows = con.execute(
        "SELECT coalesce(strftime(t.dct, '%Y-%m-%d'), ?), t.id FROM read_parquet(?,"
        " filename = true, union_by_name = true, hive_partitioning = false) t"
        " JOIN lake_files f ON f.path = t.filename"
        " JOIN lake_owner o ON o.doc_id = t.id AND o.batch = f.batch"
        " ORDER BY t.dct NULLS LAST, t.ingested_at, t.id", [layout.UNKNOWN_DAY, files]
    ).fetchall()
    return [(day, doc_id) for day, doc_id in rows if doc_id not in grouped]


def _hold_days(
    con: duckdb.DuckDBPyConnection, lake: Lake, held: set[str], days: set[str]
) -> None:
    """Hold the documents (and facts) of exactly these partitions: days done leave memory,
    days a batch reaches are loaded whole (once: the next batches go on from the last)."""
    for day in sorted(held - days):
        ids = "SELECT id FROM documents WHERE coalesce(strftime(dct, '%Y-%m-%d'), ?) = ?"
        for kind in RECORD_KINDS:
            con.execute(f"DELETE FROM {kind} WHERE doc_id IN ({ids})", [layout.UNKNOWN_DAY, day])
        con.execute(f"DELETE FROM documents WHERE id IN ({ids})", [layout.UNKNOWN_DAY, day])
    if days - held:
        load(con, lake.root, tables=("documents", *RECORD_KINDS), pub_dates=days - held)
    held.clear()
    held.update(days)


def _day(partition: str) -> dt.date | None:
    return None if partition == layout.UNKNOWN_DAY else dt.date.fromisoformat(partition)


@contextmanager
def _group_lock(lake: Lake) -> Iterator[None]:
    """One grouping run per lake: a second one stops at once, naming the lake."""
    with open(lake.root / GROUP_LOCK, "a+b") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LakeError(f"{lake.root}: another `dateline group` is running on it") from None
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)

