"""How the server reaches the store: many readers, at most one writer.

Read-only (no token): every request opens the DuckDB file read-only and closes it when done, so
the file is held only while requests are in flight and an ``ingest`` elsewhere can take it in
between; when it holds the file, the request fails with ``StoreBusy`` (a 503) instead of waiting.

Writable (a token): the server is the store's writer. One connection is opened read-write at
start; readers get cursors on it (DuckDB's MVCC lets them read while a write is under way), and
every write goes through ONE thread fed by a queue, the ``execute_write_fn`` model of Datasette,
so writes never interleave and readers never wait on a lock.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import duckdb

from dateline.store import Store

T = TypeVar("T")
#: How long a request waits for its write (the pipeline loads its model on the first one).
WRITE_TIMEOUT = 300.0


class StoreBusy(Exception):
    """The store file is held by another process (an ingest writing to it)."""


class _CursorStore(Store):
    """A ``Store`` over an existing DuckDB connection (a cursor of the writer's connection):
    ``Store.__init__`` always opens the file, which a second opening in one process cannot."""

    def __init__(self, path: str, con: duckdb.DuckDBPyConnection) -> None:
        self.path = path
        self.con = con


class StoreAccess:
    """Readers and the single writer of one store file."""

    def __init__(self, path: str | Path, writable: bool = False) -> None:
        self.path = str(path)
        if not Path(self.path).exists() and not writable:
            raise FileNotFoundError(f"{self.path}: no such store (run `dateline ingest` first)")
        self._base: Store | None = None
        self._jobs: queue.Queue[tuple[Callable[[Store], object], Future] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        if writable:
            try:
                self._base = Store(self.path)
            except (duckdb.IOException, duckdb.ConnectionException) as e:
                raise StoreBusy(f"{self.path}: cannot open for writing: {e}") from None
            self._thread = threading.Thread(target=self._write_loop, name="dateline-writer",
                                            daemon=True)
            self._thread.start()

    @property
    def writable(self) -> bool:
        return self._base is not None

    @contextmanager
    def reader(self) -> Iterator[Store]:
        """A store to read from for the length of one request."""
        if self._base is not None:
            cursor = self._base.con.cursor()
            try:
                yield _CursorStore(self.path, cursor)
            finally:
                cursor.close()
            return
        try:
            store = Store(self.path, read_only=True)
        except (duckdb.IOException, duckdb.ConnectionException) as e:
            raise StoreBusy(f"the store is busy (another process is writing to it): {e}") from None
        with store:
            yield store

    def write(self, job: Callable[[Store], T], timeout: float = WRITE_TIMEOUT) -> T:
        """Run ``job(store)`` on the writer thread and return its result (or raise its error)."""
        if self._base is None:
            raise PermissionError("this server was started without a token: no writes")
        done: Future = Future()
        self._jobs.put((job, done))
        return done.result(timeout)

    def _write_loop(self) -> None:
        assert self._base is not None
        store = _CursorStore(self.path, self._base.con.cursor())
        while (item := self._jobs.get()) is not None:
            job, done = item
            if not done.set_running_or_notify_cancel():
                continue
            try:
                done.set_result(job(store))
            except BaseException as e:  # handed to the waiting request
                done.set_exception(e)
        store.con.close()

    def close(self) -> None:
        """Finish queued writes, then release the file."""
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join()
            self._thread = None
        if self._base is not None:
            self._base.close()
            self._base = None
