"""Who may open the store file, and when: readers and one writer side by side.

DuckDB lets one process open a file read-write, and while it does, no other process may open
it at all, not even read-only. An ingest that held its store for the whole run (minutes to
hours) would lock every ``query``, ``export`` and ``serve`` out. So:

- **The writer holds the file only while it writes a batch**: it opens the file, writes the
  batch in one transaction and closes it; the processing between batches (nearly all of the
  run) goes on with the file released. Readers see the last committed batch. Opening costs
  about 20 ms, once per batch of 64 documents that take seconds to process
  (``benchmarks/store_writes.py``).
- **Anyone who finds the file locked waits** (bounded by ``--wait``, polling) and then gives
  up with one line naming the holder, never a DuckDB traceback.
- **One writer at a time**: a writer holds an exclusive ``flock`` on ``<db>.writer`` for its
  whole run, and writes into that file who it is (pid, command, start time), so a reader or a
  second writer that finds the store busy can say by whom. The kernel drops the lock when the
  process dies, even by ``kill -9``, so a stale sidecar never blocks: the next writer takes it
  over. A second ``ingest`` therefore waits for the first to finish (up to ``--wait``) rather
  than interleaving its batches with it.
- A long-lived reader (``serve``) opens the store per request, as Datasette does for SQLite:
  one write path, and readers that never pin the file.

The alternatives: a single writer process that others submit to would need a server for what
is a command-line tool; a Parquet lake that readers attach would copy the store on every batch.

``fcntl.flock`` directly rather than the ``filelock`` package: ``filelock`` truncates the lock
file on every attempt, so the file could not also name its holder.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import duckdb

#: Seconds a reader or a second writer waits for the store by default (``--wait``).
DEFAULT_WAIT = 10.0
#: Seconds a running writer waits for readers to let go before writing a batch it already
#: processed: that work is worth more than a reader's, so it waits longer than ``--wait``.
BATCH_WAIT = 60.0
_POLL = (0.02, 0.5)  # first and longest pause between attempts, seconds
_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<exe>.*?) \(PID (?P<pid>\d+)\)")


T = TypeVar("T")


class StoreBusy(RuntimeError):
    """The store stayed locked by another process for the whole wait."""


@dataclass(frozen=True, slots=True)
class Writer:
    """The process writing a store, as its sidecar names it."""

    pid: int
    command: str
    since: str  # ISO time the writer started

    def describe(self) -> str:
        started = dt.datetime.fromisoformat(self.since)
        today = started.date() == dt.date.today()
        when = started.strftime("%H:%M:%S" if today else "%Y-%m-%d %H:%M")
        return f"pid {self.pid} ({self.command}, since {when})"


def sidecar(db: str | Path) -> Path:
    """The file beside a store that locks it for its writer and names that writer (beside the
    real file, so that two paths to one store share it)."""
    return Path(f"{os.path.realpath(db)}.writer")


def current_writer(db: str | Path) -> Writer | None:
    """The writer a store's sidecar names, if there is one and it is still running."""
    try:
        data = json.loads(sidecar(db).read_text(encoding="utf-8"))
        writer = Writer(pid=int(data["pid"]), command=str(data["command"]), since=data["since"])
        dt.datetime.fromisoformat(writer.since)
        if writer.pid <= 0:  # 0 and -1 would signal whole process groups below
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    try:
        os.kill(writer.pid, 0)  # a writer killed -9 leaves its sidecar behind
    except ProcessLookupError:
        return None
    except PermissionError:  # alive, another user's
        pass
    return writer


def _command() -> str:
    """What this process is, for others to read: ``dateline ingest``."""
    words = [Path(sys.argv[0]).name] if sys.argv and sys.argv[0] else ["python"]
    words += [a for a in sys.argv[1:] if not a.startswith("-")][:1]
    return " ".join(words)


def _retry(attempt: Callable[[], T | None], wait: float, busy: Callable[[], str]) -> T:
    """Call ``attempt()`` until it returns something other than None or ``wait`` runs out."""
    deadline = time.monotonic() + wait
    pause = _POLL[0]
    while True:
        result = attempt()
        if result is not None:
            return result
        if time.monotonic() >= deadline:
            raise StoreBusy(busy())
        time.sleep(min(pause, max(0.0, deadline - time.monotonic())))
        pause = min(pause * 2, _POLL[1])


def _busy_message(db: str | Path, holder: str) -> str:
    return f"store busy: {db} is {holder}; try again later or pass a longer --wait"


class WriterLock:
    """The one writer of a store: an exclusive ``flock`` on ``<db>.writer``, which names it."""

    def __init__(self, db: str | Path) -> None:
        self.db = db
        self.path = sidecar(db)
        self._fd: int | None = None

    def acquire(self, wait: float = DEFAULT_WAIT) -> WriterLock:
        """Become the writer, waiting up to ``wait`` seconds for the current one to finish."""

        def holder() -> str:
            writer = current_writer(self.db)
            return "being written by " + (writer.describe() if writer else "another process")

        self._fd = _retry(self._try_lock, wait, lambda: _busy_message(self.db, holder()))
        record = {"pid": os.getpid(), "command": _command(), "since": dt.datetime.now().isoformat(
            timespec="seconds")}
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, json.dumps(record).encode(), 0)
        return self

    def _try_lock(self) -> int | None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        # The writer before us may have removed the file between our open and our lock: then
        # we hold a lock on a file nobody else will see, and must lock the new one.
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(self.path))
        except FileNotFoundError:
            same = False
        if not same:
            os.close(fd)
            return None
        return fd

    def release(self) -> None:
        """Stop being the writer; the sidecar goes (removed while still locked, so no race)."""
        if self._fd is None:
            return
        try:
            self.path.unlink(missing_ok=True)
        finally:
            os.close(self._fd)
            self._fd = None


def connect(
    db: str | Path, *, read_only: bool, wait: float = DEFAULT_WAIT
) -> duckdb.DuckDBPyConnection:
    """Open a store file, waiting up to ``wait`` seconds while another process holds it.

    Raises ``StoreBusy`` (its message names the holder) when the wait runs out; any other
    DuckDB error (not a DuckDB file, no permission) is raised as it is.
    """
    holder: dict[str, str] = {}

    def attempt() -> duckdb.DuckDBPyConnection | None:
        try:
            return duckdb.connect(str(db), read_only=read_only)
        except duckdb.IOException as e:
            found = _LOCK_HOLDER.search(str(e))
            if not found and "Could not set lock" not in str(e):
                raise
            holder["pid"] = found["pid"] if found else ""
            holder["exe"] = Path(found["exe"]).name if found else ""
            return None

    def busy() -> str:
        writer = current_writer(db)
        if writer and (not holder.get("pid") or str(writer.pid) == holder["pid"]):
            return _busy_message(db, "being written by " + writer.describe())
        if holder.get("pid"):
            return _busy_message(db, f"open in pid {holder['pid']} ({holder['exe']})")
        return _busy_message(db, "open in another process")

    return _retry(attempt, wait, busy)
