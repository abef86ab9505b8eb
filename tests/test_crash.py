"""Crashes: an ingest killed with SIGKILL in the middle of a write transaction leaves a store that
a re-run completes into exactly what a clean run stores; workers die with their parent."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from dateline.ingest import ingest
from dateline.store import Store
from dateline.store.database import TABLES
from dateline.store.schema import RECORD_CLASSES

#: Runs an ingest with two documents per write, and SIGKILLs itself when the store has turned
#: its Nth record into a row: inside a write transaction, after earlier batches committed.
_DRIVER = """
import os, signal, sys
from dateline.ingest import ingest
from dateline.store import Store, database

db, corpus, kill_at = sys.argv[1], sys.argv[2], int(sys.argv[3])
real, calls = database.to_row, [0]

def to_row(record):
    calls[0] += 1
    if calls[0] == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(record)

database.to_row = to_row
with Store(db) as store:
    ingest([corpus], store, batch_size=2, write_batch=2)
"""
_TIMESTAMPS = {"documents": ["ingested_at"], "rejections": ["rejected_at", "resolved_at"],
               "stories": ["created_at"], "story_documents": ["grouped_at"]}
CITIES = ["Seoul", "Kabul", "Lima", "Oslo", "Cairo", "Quito", "Hanoi", "Dakar"]


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    rows = [
        {"text": f"Police arrested {n + 2} men in {city} on Monday. The mayor said troops "
                 f"fired on protesters, killing {n + 1} people.", "date": f"2020-03-{n + 1:02d}"}
        for n, city in enumerate(CITIES)
    ]
    (folder / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    (folder / "b_empty.txt").write_text("")
    return folder


def _tables(db: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as con:
        out = {}
        for table in TABLES:
            skip = _TIMESTAMPS.get(table)
            cols = f"* EXCLUDE ({', '.join(skip)})" if skip else "*"
            out[table] = con.execute(f"SELECT {cols} FROM {table} ORDER BY ALL").fetchall()
        return out


def _run(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=300,
                          **kw)


def test_kill_9_mid_batch_then_rerun_equals_a_clean_run(nlp, tmp_path):
    corpus = _corpus(tmp_path / "corpus")
    clean = tmp_path / "clean.duckdb"
    with Store(clean) as store:
        summary = ingest([corpus], store, batch_size=2, write_batch=2)
    assert (summary.stored, summary.rejected) == (len(CITIES), 1)
    expected = _tables(clean)
    rows = sum(len(expected[kind]) for kind in RECORD_CLASSES)  # the rows to_row makes

    db = tmp_path / "crashed.duckdb"
    killed = _run("-c", _DRIVER, str(db), str(corpus), str(rows // 2))
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    partial = _tables(db)["documents"]
    assert 0 < len(partial) < len(CITIES)  # killed mid-run, after some batches committed

    rerun = _run("-m", "dateline.cli", "ingest", str(corpus), "--db", str(db))
    assert rerun.returncode == 1, rerun.stderr  # the empty file is rejected again
    assert f"stored {len(CITIES) - len(partial)}, updated 0, " in rerun.stdout
    assert _tables(db) == expected


def _children(pid: int) -> list[int]:
    """Live (non-zombie) processes whose parent is ``pid`` and that multiprocessing spawned."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmd = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid and fields[0] != "Z" and b"spawn_main" in cmd:
            out.append(int(entry.name))
    return out


def _rss_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    kb = next((line.split()[1] for line in status.splitlines() if line.startswith("VmRSS")), 0)
    return int(kb) / 1024


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_exit_when_their_parent_is_killed(tmp_path):
    # Enough documents that the ingest is still running when both workers have loaded the
    # model, however loaded the machine (one worker may take them all while the other loads).
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "many.jsonl").write_text("".join(
        json.dumps({"text": f"Police arrested {n} men in Lima on Monday.", "date": "2020-03-04"})
        + "\n" for n in range(2000)
    ))
    parent = subprocess.Popen(
        [sys.executable, "-m", "dateline.cli", "ingest", str(corpus), "--db",
         str(tmp_path / "s.duckdb"), "--workers", "2", "--batch-size", "1"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        # Until both workers have loaded the model (past their initializer, into their tasks).
        while len(workers := _children(parent.pid)) < 2 or min(map(_rss_mb, workers)) < 250:
            assert parent.poll() is None and time.monotonic() < deadline, "no workers started"
            time.sleep(0.2)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 10
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(_alive(w) for w in workers)
    finally:
        if parent.poll() is None:
            parent.kill()
