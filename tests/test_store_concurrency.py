"""Readers and writers side by side, across processes: a reader gets the last committed state or
waits and then says who holds the store; a second writer waits or fails with that message; no
DuckDB traceback ever reaches the user."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from dateline.model import Document, Report
from dateline.store import Store, StoreBusy, current_writer
from dateline.store.access import WriterLock, connect, sidecar

BIN = Path(sys.executable).parent / "dateline"


def _report(doc_id: str) -> Report:
    text = f"Troops crossed the border on Monday ({doc_id})."
    return Report(document=Document(id=doc_id, text=text, dct="2020-03-04", origin=doc_id))


def _fill(db: Path, *ids: str) -> None:
    with Store(db) as store:
        store.add_reports([_report(i) for i in ids])


def _holder(db: Path, hold: float, *, mid_batch: bool) -> subprocess.Popen:
    """Another process that becomes the store's writer and, when ``mid_batch``, holds the file
    for ``hold`` seconds as an ingest does while it writes a batch; it prints ``ready`` then."""
    code = textwrap.dedent(f"""
        import time
        from dateline.store import Store
        store = Store({str(db)!r})
        if {mid_batch!r}:
            with store.holding():
                print("ready", flush=True)
                time.sleep({hold})
        else:
            print("ready", flush=True)
            time.sleep({hold})
        store.close()
    """)
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
    return proc


def _dateline(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN), *map(str, args)], capture_output=True, text=True, timeout=120
    )


def _no_traceback(stderr: str) -> None:
    for sign in ("Traceback", "IO Error", "Conflicting lock", "_duckdb."):
        assert sign not in stderr, stderr


def test_a_reader_reads_the_committed_state_while_a_writer_is_between_batches(tmp_path):
    db = tmp_path / "news.duckdb"
    _fill(db, "d1", "d2")
    writer = _holder(db, 30, mid_batch=False)
    try:
        result = _dateline("query", "documents", "--db", db, "--format", "json", "--wait", "0")
        assert result.returncode == 0, result.stderr
        assert sorted(r["id"] for r in json.loads(result.stdout)) == ["d1", "d2"]
        _no_traceback(result.stderr)
    finally:
        writer.kill()
        writer.wait()


def test_a_reader_waits_for_the_batch_being_written_and_then_succeeds(tmp_path):
    db = tmp_path / "news.duckdb"
    _fill(db, "d1")
    writer = _holder(db, 1.5, mid_batch=True)
    started = time.monotonic()
    result = _dateline("query", "documents", "--db", db, "--format", "json", "--wait", "30")
    writer.wait()
    assert result.returncode == 0, result.stderr
    assert [r["id"] for r in json.loads(result.stdout)] == ["d1"]
    assert time.monotonic() - started < 30
    _no_traceback(result.stderr)


@pytest.mark.parametrize("command", ["query", "export"])
def test_a_reader_that_waits_too_long_names_the_writer(tmp_path, command):
    db = tmp_path / "news.duckdb"
    _fill(db, "d1")
    writer = _holder(db, 30, mid_batch=True)
    try:
        args = ["documents"] if command == "query" else ["--out", tmp_path / "out"]
        result = _dateline(command, *args, "--db", db, "--wait", "0.3")
    finally:
        writer.kill()
        writer.wait()
    assert result.returncode == 3
    line = result.stderr.strip()
    assert "\n" not in line
    assert f"store busy: {db} is being written by pid {writer.pid}" in line
    assert "since" in line and "--wait" in line
    _no_traceback(result.stderr)
    assert not (tmp_path / "out").exists()


def test_a_second_ingest_fails_clearly_while_the_first_runs(tmp_path):
    db = tmp_path / "news.duckdb"
    article = tmp_path / "a.txt"
    article.write_text(" date 2020-03-04 \nTroops crossed the border on Monday.\n")
    writer = _holder(db, 30, mid_batch=False)
    try:
        result = _dateline("ingest", article, "--db", db, "--wait", "0.3")
    finally:
        writer.kill()
        writer.wait()
    assert result.returncode == 3
    assert f"being written by pid {writer.pid}" in result.stderr
    _no_traceback(result.stderr)


def test_queries_during_a_real_ingest_never_fail(tmp_path):
    """The reader-during-writer case end to end: an ingest in one process, queries in a loop in
    another; each query answers (with whatever was committed), none sees a lock error."""
    db = tmp_path / "news.duckdb"
    corpus = tmp_path / "corpus.jsonl"
    lines = [
        json.dumps({"text": f"Troops crossed the border near town {i} on Monday, officials said.",
                    "date": "2020-03-04", "id": f"n{i}"})
        for i in range(12)
    ]
    corpus.write_text("\n".join(lines) + "\n")
    _fill(db, "d0")  # the store exists before the ingest starts, as when adding to it
    ingest = subprocess.Popen(
        [str(BIN), "ingest", str(corpus), "--db", str(db)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    answers = []
    while ingest.poll() is None:
        result = _dateline("query", "documents", "--db", db, "--format", "json", "--wait", "30")
        assert result.returncode == 0, result.stderr
        _no_traceback(result.stderr)
        answers.append(len(json.loads(result.stdout)))
    out, err = ingest.communicate()
    assert ingest.returncode == 0, err
    assert "stored 12" in out
    assert answers and all(n >= 1 for n in answers)
    final = _dateline("query", "documents", "--db", db, "--format", "json")
    assert len(json.loads(final.stdout)) == 13
    assert not sidecar(db).exists()


# -- the helpers themselves, in one process ---------------------------------------------------


def test_one_writer_at_a_time_and_the_sidecar_names_it(tmp_path):
    db = tmp_path / "news.duckdb"
    with Store(db):
        writer = current_writer(db)
        assert writer is not None and writer.pid == os.getpid()
        with pytest.raises(StoreBusy, match=rf"being written by pid {os.getpid()} \("):
            Store(db, wait=0.1)
    assert not sidecar(db).exists()
    with Store(db):  # free again
        pass


def test_a_sidecar_left_by_a_killed_writer_does_not_block(tmp_path):
    db = tmp_path / "news.duckdb"
    sidecar(db).write_text(json.dumps({"pid": 2**22 + 7, "command": "dateline ingest",
                                       "since": "2026-01-01T08:00:00"}))
    assert current_writer(db) is None  # no such process
    with Store(db, wait=0) as store:
        store.add_reports([_report("d1")])
        assert current_writer(db).pid == os.getpid()


def test_a_writer_releases_the_file_between_calls(tmp_path):
    db = tmp_path / "news.duckdb"
    with Store(db) as writer:
        writer.add_reports([_report("d1")])
        with Store(db, read_only=True, wait=0) as reader:  # would be refused if held
            assert reader.count("documents") == 1
        writer.add_reports([_report("d2")])
        assert writer.count("documents") == 2


def test_the_writer_lock_is_taken_over_only_once_released(tmp_path):
    db = tmp_path / "news.duckdb"
    first = WriterLock(db).acquire(wait=0)
    with pytest.raises(StoreBusy):
        WriterLock(db).acquire(wait=0.05)
    first.release()
    WriterLock(db).acquire(wait=0).release()


def test_a_file_that_is_not_a_store_is_an_error_not_a_wait(tmp_path):
    bogus = tmp_path / "notes.duckdb"
    bogus.write_text("not a database\n" * 100)
    started = time.monotonic()
    with pytest.raises(Exception, match="not a valid DuckDB database") as info:
        connect(bogus, read_only=True, wait=5)
    assert not isinstance(info.value, StoreBusy)
    assert time.monotonic() - started < 2


def test_a_second_writer_waits_its_turn_within_the_wait(tmp_path):
    db = tmp_path / "news.duckdb"
    _fill(db, "d1")
    first = _holder(db, 1.0, mid_batch=False)
    with Store(db, wait=30) as second:  # the first finishes after a second: this one goes on
        second.add_reports([_report("d2")])
    first.wait()
    assert first.returncode == 0
    with Store(db, read_only=True) as store:
        assert store.count("documents") == 2


def test_two_paths_to_one_store_share_its_writer_lock(tmp_path):
    db = tmp_path / "news.duckdb"
    (tmp_path / "alias.duckdb").symlink_to(db)
    with Store(db), pytest.raises(StoreBusy, match="being written by pid"):
        Store(tmp_path / "alias.duckdb", wait=0.1)
