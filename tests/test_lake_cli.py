"""The lake end to end through the command line: ``ingest --lake`` gives the tables a ``--db``
ingest gives, idempotently and through a kill -9; ``query``, ``export``, ``stories`` and
``serve`` read a lake; ``attach`` loads one into a store; ``group`` groups it into stories; and
what is not a lake, or both or neither of --db and --lake, is a usage error."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.lake import Lake
from dateline.store import TABLES
from dateline.stories.membership import STORY_TABLES
from story_store import ARTICLES, build_story_store
from table_rows import CLOCK, tables_rows

runner = CliRunner()
#: Columns holding the time of writing, which differ between two runs.
#: Fact tables a store fills at ingest (stories: a lake groups them later).
_FACTS = [t for t in TABLES if t not in STORY_TABLES]
_NOT_FACTS = {"documents", "rejections"}
CITIES = ["Seoul", "Kabul", "Lima", "Oslo", "Cairo", "Quito"]


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    rows = [{"text": f"Police arrested {n + 2} men in {city} on Monday. The mayor said troops "
                     f"fired on protesters, killing {n + 1} people.",
             "date": f"2020-03-{n + 1:02d}", "source": "wire"}
            for n, city in enumerate(CITIES)]
    rows.append({"text": "Protesters marched in Lima on Sunday, police said."})  # undated
    lines = [json.dumps(r) for r in rows] + ['{"no text": 1}']
    (folder / "a.jsonl").write_text("\n".join(lines) + "\n")
    (folder / "b_empty.txt").write_text("")
    return folder


@pytest.fixture(scope="module")
def ingested(tmp_path_factory, nlp):
    """A corpus ingested both into a store (--db) and into a lake (--lake)."""
    root = tmp_path_factory.mktemp("lake_cli")
    corpus = _corpus(root / "corpus")
    db, lake = root / "s.duckdb", root / "lake"
    by_db = invoke("ingest", corpus, "--db", db)
    by_lake = invoke("ingest", corpus, "--lake", lake)
    return corpus, db, lake, by_db, by_lake


def test_ingest_into_a_lake_gives_the_stores_tables(ingested):
    corpus, db, lake, by_db, by_lake = ingested
    assert by_lake.exit_code == by_db.exit_code == 1  # two inputs rejected
    assert by_lake.stdout == by_db.stdout == (
        "stored 7, updated 0, duplicates skipped 0, rejected 2\n")
    with duckdb.connect(str(db), read_only=True) as store:
        expected = tables_rows(store, _FACTS)
    assert tables_rows(Lake(lake).connect(), _FACTS) == expected


def test_a_second_ingest_into_a_lake_adds_nothing(ingested, tmp_path):
    corpus, db, lake, _, _ = ingested
    copy = tmp_path / "lake"
    subprocess.run(["cp", "-r", str(lake), str(copy)], check=True)
    before = tables_rows(Lake(copy).connect())
    again = invoke("ingest", corpus, "--lake", copy)
    assert again.exit_code == 1
    assert again.stdout == "stored 0, updated 0, duplicates skipped 7, rejected 2\n"
    assert tables_rows(Lake(copy).connect()) == before


def test_query_export_and_stories_read_a_lake(ingested, tmp_path):
    _, db, lake, _, _ = ingested
    for kind in ("documents", "events", "places", "rejections"):
        from_db = invoke("query", kind, "--db", db, "--format", "json", "--all")
        from_lake = invoke("query", kind, "--lake", lake, "--format", "json", "--all")
        assert from_lake.exit_code == 0, from_lake.output
        rows = [{k: v for k, v in r.items() if k not in CLOCK | {"story_id"}}
                for r in json.loads(from_lake.stdout)]
        assert rows == [{k: v for k, v in r.items() if k not in CLOCK | {"story_id"}}
                        for r in json.loads(from_db.stdout)], kind
    out = invoke("export", "--lake", lake, "--format", "parquet", "--out", tmp_path / "ex")
    assert out.exit_code == 0, out.output
    docs = duckdb.connect().execute(
        f"SELECT count(*) FROM '{tmp_path / 'ex' / 'documents.parquet'}'").fetchone()[0]
    assert docs == 7
    ungrouped = invoke("stories", "--lake", lake)
    assert ungrouped.exit_code == 0
    assert f"no stories (run `dateline group --lake {lake}`)" in ungrouped.stderr


def test_attach_loads_a_lake_into_a_store_once(ingested, tmp_path):
    _, _, lake, _, _ = ingested
    db = tmp_path / "attached.duckdb"
    first = invoke("attach", lake, "--db", db)
    assert first.exit_code == 0, first.output
    assert "added documents 7," in first.stdout
    second = invoke("attach", lake, "--db", db)
    assert second.stdout.endswith("nothing new\n")
    with duckdb.connect(str(db), read_only=True) as store:
        assert tables_rows(store) == tables_rows(Lake(lake).connect())
    events = invoke("query", "events", "--db", db, "--format", "json", "--all")
    assert len(json.loads(events.stdout)) > 0


def test_group_a_lake_then_report_its_stories(tmp_path, nlp):
    db = build_story_store(tmp_path)  # a store groups at ingest, in input (= date) order
    src = tmp_path / "stories.jsonl"
    lake = tmp_path / "lake"
    assert invoke("ingest", src, "--lake", lake).exit_code == 0
    grouped = invoke("group", "--lake", lake)
    assert grouped.exit_code == 0, grouped.output
    assert grouped.stdout == f"grouped {len(ARTICLES)} documents\n"
    with duckdb.connect(str(db), read_only=True) as store:
        expected = tables_rows(store, STORY_TABLES)
    assert tables_rows(Lake(lake).connect(), STORY_TABLES) == expected
    assert invoke("group", "--lake", lake).stdout == "grouped 0 documents\n"
    from_lake = invoke("stories", "--lake", lake, "--format", "json")
    from_db = invoke("stories", "--db", db, "--format", "json")
    assert from_lake.exit_code == 0, from_lake.output
    assert json.loads(from_lake.stdout) == json.loads(from_db.stdout)
    # a later document is grouped alone, into the story it belongs to
    later = tmp_path / "later.jsonl"
    later.write_text(json.dumps({
        "date": "2017-11-15", "source": "reuters.com",
        "text": "The North Korean soldier shot by North Korean troops as he fled across the "
                "border was hit five times, surgeon Lee Cook-jong said."}) + "\n")
    assert invoke("ingest", later, "--lake", lake).exit_code == 0
    assert invoke("group", "--lake", lake).stdout == "grouped 1 documents\n"
    stories = json.loads(invoke("stories", "--lake", lake, "--format", "json").stdout)
    assert sorted(len(s["documents"]) for s in stories) == [1, 4]


def test_serve_reads_a_lake_read_only(ingested, monkeypatch):
    import uvicorn
    from fastapi.testclient import TestClient

    _, _, lake, _, _ = ingested
    seen = {}

    def fake_run(app, **kwargs):
        with TestClient(app) as c:
            seen["total"] = c.get("/api/documents").json()["total"]

    monkeypatch.setattr(uvicorn, "run", fake_run)
    monkeypatch.delenv("DATELINE_TOKEN", raising=False)
    served = invoke("serve", "--lake", lake)
    assert served.exit_code == 0, served.output
    assert seen == {"total": 7}
    monkeypatch.setenv("DATELINE_TOKEN", "t")
    refused = invoke("serve", "--lake", lake)
    assert refused.exit_code == 2
    assert "served read-only" in refused.stderr


def test_what_is_not_one_lake_is_a_usage_error(ingested, tmp_path):
    _, db, lake, _, _ = ingested
    (tmp_path / "empty").mkdir()
    cases = {
        ("query", "documents", "--db", db, "--lake", lake): "not both",
        ("query", "documents"): "--db FILE or --lake DIR",
        ("ingest", "x.txt", "--db", db, "--lake", lake): "not both",
        ("stories", "--lake", tmp_path / "missing"): "no such lake",
        ("export", "--lake", tmp_path / "empty", "--out", tmp_path / "o"): "not a lake",
        ("group", "--lake", tmp_path / "empty"): "not a lake",
        ("attach", tmp_path / "missing", "--db", tmp_path / "a.duckdb"): "no such lake",
        ("ingest", "x.txt", "--lake", db): "not a lake folder (a file)",
        ("ingest", "x.txt", "--lake", db.parent / "corpus"): "a folder holding other files",
    }
    for args, message in cases.items():
        result = invoke(*args)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.stderr, (args, result.stderr)


def test_a_damaged_lake_is_named(ingested, tmp_path):
    _, _, lake, _, _ = ingested
    copy = tmp_path / "lake"
    subprocess.run(["cp", "-r", str(lake), str(copy)], check=True)
    victim = sorted(copy.glob("events/*/*.parquet"))[0]
    victim.write_bytes(victim.read_bytes()[:64])
    truncated = invoke("query", "events", "--lake", copy)
    assert truncated.exit_code == 2
    assert "cannot read the events files" in truncated.stderr
    victim.unlink()
    missing = invoke("query", "events", "--lake", copy)
    assert missing.exit_code == 2
    assert "names a missing file events/" in missing.stderr


#: Ingests into a lake two documents per batch and SIGKILLs itself at a chosen point: while a
#: batch is being staged (``row``, the Nth fact row), or once a batch's files are in place and
#: before its manifest (``manifest``, the Nth manifest).
_DRIVER = """
import os, signal, sys
from dateline.ingest import ingest_lake
from dateline.lake import Lake, layout
from dateline.store import database

lake, corpus, where, kill_at = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
calls = [0]

def dying(real):
    def call(*args):
        calls[0] += 1
        if calls[0] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args)
    return call

if where == "row":
    database.to_row = dying(database.to_row)
else:
    layout.write_manifest = dying(layout.write_manifest)
ingest_lake([corpus], Lake(lake), batch_size=2, write_batch=2)
"""


@pytest.mark.parametrize("where", ["row", "manifest"])
def test_kill_9_mid_run_then_rerun_equals_a_clean_run(ingested, tmp_path, where):
    corpus, _, clean, _, _ = ingested
    lake = tmp_path / "lake"
    facts = tables_rows(Lake(clean).connect(), [t for t in _FACTS if t not in _NOT_FACTS])
    kill_at = sum(map(len, facts.values())) // 2 if where == "row" else 2
    killed = subprocess.run([sys.executable, "-c", _DRIVER, str(lake), str(corpus), where,
                             str(kill_at)], capture_output=True, text=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    stored = Lake(lake).stored_ids()
    assert 0 < len(stored) < 7  # killed mid-run, after some batches committed
    if where == "manifest":  # the batch's files are in place, no manifest names them
        named = {f.path for m in Lake(lake).manifests() for f in m.files}
        assert any(p.relative_to(lake).as_posix() not in named
                   for p in lake.glob("*/pub_date=*/*.parquet"))
    rerun = invoke("ingest", corpus, "--lake", lake)
    assert rerun.exit_code == 1, rerun.output
    assert rerun.stdout.startswith(f"stored {7 - len(stored)}, updated 0, ")
    assert tables_rows(Lake(lake).connect()) == tables_rows(Lake(clean).connect())
    named = {f.path for m in Lake(lake).manifests() for f in m.files}
    assert {p.relative_to(lake).as_posix() for p in lake.glob("*/pub_date=*/*.parquet")} == named
