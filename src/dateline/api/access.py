"""How the server reaches the store: many readers, at most one writer.

Read-only (no token): requests share one read-only connection (opening the file costs ~70 ms on
a 50,000-event store), opened by the first request and closed once no request has used it for
``IDLE_CLOSE`` seconds, so the file is held only while requests come and an ``ingest``
elsewhere can take it in a pause; when it holds the file, the request fails with ``StoreBusy``
(a 503) instead of waiting.

Writable (a token): the server is the store's writer. One connection is opened read-write at
start; readers get cursors on it (DuckDB's MVCC lets them read while a write is under way), and
every write goes through ONE thread fed by a queue, the ``execute_write_fn`` model of Datasette,
so writes never interleave and readers never wait on a lock.

Answers are cached (``read``), but only for as long as the store cannot change under them: in
read-only mode, the life of the shared connection (DuckDB's file lock keeps every writer out
while it is open; a new connection starts an empty cache); with a token, until the next write.
"""

from __future__ import annotations

import queue
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import duckdb

from dateline.store import Store
from dateline.store.access import StoreBusy

T = TypeVar("T")
#: How long a request waits for its write (the pipeline loads its model on the first one).
WRITE_TIMEOUT = 300.0
#: Seconds without a request after which the shared read-only connection lets the file go.
IDLE_CLOSE = 1.0
#: Seconds a request waits for a writer elsewhere to let the file go before its 503.
OPEN_WAIT = 1.0
#: Answers kept (least recently used dropped first).
CACHE_SIZE = 512


class StoreAccess:
    """Readers and the single writer of one store file."""

    def __init__(self, path: str | Path, writable: bool = False) -> None:
        self.path = str(path)
        if not Path(self.path).exists() and not writable:
            raise FileNotFoundError(f"{self.path}: no such store (run `dateline ingest` first)")
        self._base: Store | None = None
        self._jobs: queue.Queue[tuple[Callable[[Store], object], Future] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._shared: Store | None = None  # the read-only connection requests share
        self._users = 0
        self._last_use = 0.0
        self._lock = threading.Lock()
        self._cache: OrderedDict[Hashable, object] = OrderedDict()
        self._generation = 0  # bumped when the cache is emptied: older answers are not kept
        self._running: dict[Hashable, threading.Event] = {}  # keys being computed
        self._closed = threading.Event()
        if not writable:
            threading.Thread(target=self._release_when_idle, name="dateline-idle",
                             daemon=True).start()
        if writable:
            try:
                self._base = Store(self.path, wait=OPEN_WAIT)
                self._base.hold()  # readers take cursors of it, writes go through it
            except (duckdb.IOException, duckdb.ConnectionException, StoreBusy) as e:
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
                yield Store.over(self.path, cursor)
            finally:
                cursor.close()
            return
        with self._lock:
            shared = self._shared
            if shared is not None:
                self._users += 1
                cursor = shared.con.cursor()
        if shared is None:
            # opened outside the lock: opening may wait for a writer, and requests answered
            # from the cache must not wait with it
            opened = self._open_shared()
            with self._lock:
                if self._shared is None:
                    self._shared = opened
                    self._forget()  # what was read before may have changed since
                else:  # another request opened it meanwhile
                    opened.close()
                self._users += 1
                cursor = self._shared.con.cursor()
        try:
            yield Store.over(self.path, cursor)
        finally:
            cursor.close()
            with self._lock:
                self._users -= 1
                self._last_use = time.monotonic()

    def _open_shared(self) -> Store:
        try:
            return Store(self.path, read_only=True, wait=OPEN_WAIT)
        except (duckdb.IOException, duckdb.ConnectionException, StoreBusy) as e:
            raise StoreBusy(f"the store is busy (another process is writing to it): {e}") from None
        except FileNotFoundError as e:  # removed while serving
            raise StoreBusy(f"the store is gone: {e}") from None

    def read(self, key: Hashable, compute: Callable[[Store], T]) -> T:
        """``compute(store)``, or its answer cached under ``key`` while the store is unchanged.
        Requests asking what another is computing wait for its answer instead of computing it
        again. The answer is shared: callers must not change it."""
        with self.reader() as store:
            while True:
                with self._lock:
                    if key in self._cache:
                        self._cache.move_to_end(key)
                        return self._cache[key]  # type: ignore[return-value]
                    running = self._running.get(key)
                    if running is None:
                        self._running[key] = threading.Event()
                        generation = self._generation
                        break
                running.wait()  # then take its answer (or compute, if it failed)
            try:
                value = compute(store)
                with self._lock:
                    if generation == self._generation:  # no write since it was read
                        self._cache[key] = value
                        while len(self._cache) > CACHE_SIZE:
                            self._cache.popitem(last=False)
            finally:
                with self._lock:
                    self._running.pop(key).set()
            return value

    def _forget(self) -> None:
        """Empty the cache (with the lock held)."""
        self._cache.clear()
        self._generation += 1

    def _release_when_idle(self) -> None:
        """Close the shared read-only connection after IDLE_CLOSE seconds without requests."""
        while not self._closed.wait(IDLE_CLOSE / 4):
            with self._lock:
                idle = time.monotonic() - self._last_use > IDLE_CLOSE
                if self._shared is not None and self._users == 0 and idle:
                    self._shared.close()
                    self._shared = None

    def write(self, job: Callable[[Store], T], timeout: float = WRITE_TIMEOUT) -> T:
        """Run ``job(store)`` on the writer thread and return its result (or raise its error)."""
        if self._base is None:
            raise PermissionError("this server was started without a token: no writes")
        done: Future = Future()
        self._jobs.put((job, done))
        return done.result(timeout)

    def _write_loop(self) -> None:
        assert self._base is not None
        store = Store.over(self.path, self._base.con.cursor())
        while (item := self._jobs.get()) is not None:
            job, done = item
            if not done.set_running_or_notify_cancel():
                continue
            try:
                result = job(store)
            except BaseException as e:  # handed to the waiting request
                done.set_exception(e)
            else:
                with self._lock:
                    self._forget()
                done.set_result(result)
        store.con.close()

    def close(self) -> None:
        """Finish queued writes, then release the file."""
        self._closed.set()
        with self._lock:
            if self._shared is not None:
                self._shared.close()
                self._shared = None
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join()
            self._thread = None
        if self._base is not None:
            self._base.close()
            self._base = None
