"""The Ray engine (``ingest --engine ray --lake``) on a local Ray of 2 CPUs: every table equals a
local ``ingest --lake`` of the same inputs, a second run adds nothing, a run killed mid-way and
run again ends with the same tables, and bad input (a bad file among good ones, an address
nothing answers on, no Ray installed) is said clearly."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.engines import EngineUnavailable
from dateline.ingest import ingest_lake
from dateline.lake import Lake
from dateline.model import Rejection
from table_rows import tables_rows

ray = pytest.importorskip("ray")
from dateline.engines.ray import batch_id, ingest_ray  # noqa: E402  (needs ray)

CITIES = ["Seoul", "Kabul", "Lima", "Oslo", "Cairo", "Quito", "Hanoi", "Dakar", "Accra", "Minsk",
          "Sanaa", "Tunis"]
#: A Ray ingest of two documents per write batch, run in a new session and killed from outside.
_RUN = """
import sys
from dateline.engines.ray import ingest_ray
from dateline.lake import Lake

ingest_ray([sys.argv[2]], Lake(sys.argv[1]), workers=1, batch_size=2, write_batch=2)
"""


def session_pids(session: int) -> list[int]:
    """The live processes of a session: a run started in a new session and every process its
    Ray started, which sit in process groups of their own but not in sessions of their own."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone meanwhile
        if int(fields[3]) == session and fields[0] != "Z":
            pids.append(int(stat.parent.name))
    return pids


def _corpus(folder: Path) -> Path:
    """Good documents among bad input: an empty file, a broken JSONL line, an over-long
    article, an undated text, and a repeat of a document under a URL with tracking parameters
    (the same document: the first input's URL is the one stored)."""
    folder.mkdir()
    rows = [
        {"text": f"Police arrested {n + 2} men in {city} on Monday. The mayor said troops fired "
                 f"on protesters, killing {n + 1} people.", "date": f"2020-03-{n + 1:02d}",
         "url": f"https://news.example/{city.lower()}"}
        for n, city in enumerate(CITIES)
    ]
    (folder / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    (folder / "b_empty.txt").write_text("")
    (folder / "c_broken.jsonl").write_text(
        '{"text": "Rebels seized a town on Friday.", "date": "2020-04-03"}\n{"text": oops\n'
    )
    (folder / "d_long.txt").write_text("word " * 500)
    (folder / "e_undated.txt").write_text("Firefighters battled a blaze in Lyon on Sunday.")
    copy = dict(rows[0], url=rows[0]["url"] + "?utm_source=feed")
    (folder / "f_copy.jsonl").write_text(json.dumps(copy) + "\n")
    return folder


def _tables(lake_dir: Path) -> dict[str, list[tuple]]:
    """Every table of the lake, rows sorted, without the commit timestamps."""
    con = Lake(lake_dir).connect()
    try:
        return tables_rows(con)
    finally:
        con.close()


@pytest.fixture(scope="module")
def local_ray():
    """One local Ray of 2 CPUs for the in-process runs (the engine uses a Ray it finds
    initialized, as in a notebook)."""
    ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False,
             logging_level=logging.ERROR)  # "local": never a cluster `ray start` left running
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return _corpus(tmp_path_factory.mktemp("ray") / "corpus")


@pytest.fixture(scope="module")
def local(nlp, corpus, tmp_path_factory):
    """What a local ``ingest --lake`` of the corpus commits: (summary line, tables)."""
    lake = tmp_path_factory.mktemp("local") / "lake"
    summary = ingest_lake([corpus], Lake(lake), max_chars=2000)
    return summary.line(), _tables(lake)


@pytest.fixture(scope="module")
def through_cli(local_ray, corpus, tmp_path_factory):
    """The corpus through ``dateline ingest --engine ray`` with 2 actors: (result, lake)."""
    lake = tmp_path_factory.mktemp("ray") / "lake"
    result = CliRunner().invoke(app, [
        "ingest", str(corpus), "--engine", "ray", "--lake", str(lake), "--workers", "2",
        "--max-chars", "2000",
    ])
    return result, lake


def test_every_table_equals_a_local_ingest(local, through_cli):
    line, expected = local
    result, lake = through_cli
    assert result.exit_code == 1, result.output  # rejections: the others went through
    assert result.stdout.strip().splitlines()[-1] == line
    assert line == "stored 14, updated 0, duplicates skipped 1, rejected 3"
    tables = _tables(lake)
    for table in ("documents", "events", "places", "entities", "timexes", "rejections"):
        assert tables[table], table  # the corpus gives rows to compare
    assert tables == expected
    urls = {r[0] for r in Lake(lake).connect().execute("SELECT url FROM documents").fetchall()}
    assert "https://news.example/seoul" in urls  # the first input of the repeated document


def test_bad_files_among_good_ones_become_rejection_rows(through_cli):
    result, lake = through_cli
    assert "b_empty.txt: empty input" in result.stderr
    con = Lake(lake).connect()
    reasons = dict(con.execute("SELECT origin, reason FROM rejections").fetchall())
    origins = {Path(o).name for o in reasons}
    assert origins == {"b_empty.txt", "c_broken.jsonl:2", "d_long.txt"}
    assert any("over the limit" in r for r in reasons.values())


def test_a_second_run_adds_nothing(local_ray, corpus, through_cli):
    _, lake = through_cli
    before = _tables(lake)
    summary = ingest_ray([corpus], Lake(lake), workers=2, max_chars=2000)
    assert (summary.stored, summary.duplicates, summary.rejected) == (0, 15, 3)
    assert _tables(lake) == before


def test_a_run_killed_mid_way_then_run_again_ends_the_same(local_ray, local, corpus, tmp_path):
    """SIGKILL to the whole run (the driver and every process its Ray started) as soon as its
    first batch is committed, whatever the actor is doing then (perhaps the next commit)."""
    lake, log = tmp_path / "lake", tmp_path / "run.log"
    with log.open("wb") as stderr:
        run = subprocess.Popen(
            [sys.executable, "-c", _RUN, str(lake), str(corpus)],
            stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True,
        )
        deadline = time.monotonic() + 240
        while (run.poll() is None and time.monotonic() < deadline
               and not any((lake / "_manifest").glob("*.json"))):
            time.sleep(0.02)
        _kill_session(run.pid)
        run.wait()
    assert run.returncode == -signal.SIGKILL, log.read_text()
    partial = Lake(lake).stored_ids()
    assert 0 < len(partial) < 14  # killed after some batches were committed, not all
    summary = ingest_ray([corpus], Lake(lake), workers=2, max_chars=2000)
    assert summary.stored == 14 - len(partial)
    assert _tables(lake) == local[1]


def _kill_session(session: int) -> None:
    """SIGKILL every process of a run's session, and wait until none is left."""
    deadline = time.monotonic() + 30
    while (left := session_pids(session)) and time.monotonic() < deadline:
        for pid in left:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.1)


def test_an_address_nothing_answers_on_is_a_clear_error(corpus, tmp_path):
    start = time.monotonic()
    with pytest.raises(EngineUnavailable, match="cannot reach the Ray cluster at 127.0.0.1:1"):
        ingest_ray([corpus], Lake(tmp_path / "lake"), address="127.0.0.1:1")
    result = CliRunner().invoke(app, [
        "ingest", str(corpus), "--engine", "ray", "--lake", str(tmp_path / "lake"),
        "--address", "ray://127.0.0.1:1",
    ])
    assert result.exit_code == 2, result.output
    assert "cannot reach the Ray cluster at ray://127.0.0.1:1" in result.stderr
    assert time.monotonic() - start < 30
    assert Lake(tmp_path / "lake").stored_ids() == set()


def test_bad_addresses_and_options_are_usage_errors(corpus, tmp_path):
    with pytest.raises(EngineUnavailable, match="bad Ray address"):
        ingest_ray([corpus], Lake(tmp_path / "lake"), address="no-port")
    for args, message in (
        (["--engine", "ray", "--db", str(tmp_path / "x.duckdb")], "--engine ray writes a lake"),
        (["--address", "auto", "--lake", str(tmp_path / "lake")], "--address"),
    ):
        result = CliRunner().invoke(app, ["ingest", str(corpus), *args])
        assert result.exit_code == 2, result.output
        assert message in result.output


def test_without_ray_the_engine_says_how_to_install_it(corpus, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` raises ImportError
    with pytest.raises(EngineUnavailable, match=r"install dateline\[ray\]"):
        ingest_ray([corpus], Lake(tmp_path / "lake"))
    result = CliRunner().invoke(
        app, ["ingest", str(corpus), "--engine", "ray", "--lake", str(tmp_path / "lake")]
    )
    assert result.exit_code == 2, result.output
    assert "install dateline[ray]" in result.stderr


def test_batch_ids_name_what_a_batch_holds():
    a, b = Rejection("a.txt", "empty input"), Rejection("b.txt", "empty input")
    assert batch_id([a, b]) == batch_id([a, b])
    assert batch_id([a, b]) != batch_id([b, a]) != batch_id([a])
    assert batch_id([a]).startswith("ray-")
