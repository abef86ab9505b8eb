"""End to end through the command line: extract, ingest, query, export, and bad input."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from dateline.cli import app

runner = CliRunner()
CONTRACT_KEYS = {"document", "entities", "timexes", "quantities", "places", "events", "quotes"}


def invoke(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def _spans(report: dict) -> list[tuple[str, int, int]]:
    """Every (text, start, end) a report claims, for checking against the article."""
    spans = []
    for kind in ("timexes", "quantities", "places", "quotes", "incident_roles"):
        spans += [(r["text"], r["start"], r["end"]) for r in report[kind]]
    spans += [(e["trigger"]["text"], e["trigger"]["start"], e["trigger"]["end"])
              for e in report["events"]]
    return spans


def test_extract_seed_follows_the_contract(seed_path, seed_text):
    result = invoke("extract", seed_path)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report.keys() >= CONTRACT_KEYS
    assert report["document"]["dct"] == "2017-11-22"
    assert report["document"]["chars"] == len(seed_text.strip())
    article = seed_text.strip()
    for text, start, end in _spans(report):
        assert article[start:end] == text
    for entity in report["entities"]:
        for m in entity["mentions"]:
            assert article[m["start"]:m["end"]].strip()


def test_extract_table_is_readable(seed_path):
    result = invoke("extract", seed_path, "--format", "table")
    assert result.exit_code == 0, result.output
    assert "dct 2017-11-22" in result.stdout


def test_extract_jsonl_gives_one_line_per_article(tmp_path):
    src = tmp_path / "two.jsonl"
    src.write_text(
        json.dumps({"text": "Troops crossed the border on Monday.", "date": "2020-03-04"}) + "\n"
        + json.dumps({"text": "Police arrested two men.", "date": "2020-03-05"}) + "\n"
    )
    result = invoke("extract", src, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["document"]["dct"] for r in lines] == ["2020-03-04", "2020-03-05"]


def test_dct_option_dates_an_undated_text(tmp_path):
    src = tmp_path / "undated.txt"
    src.write_text("The ministry said on Tuesday that talks would resume.")
    result = invoke("extract", src, "--dct", "2019-06-05")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["document"]["dct"] == "2019-06-05"


def test_bad_dct_option_is_a_usage_error(seed_path):
    result = invoke("extract", seed_path, "--dct", "2017-02-30")
    assert result.exit_code == 2
    assert "2017-02-30" in result.output


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.txt", b""),
        ("binary.bin", bytes(range(256)) * 8),
        ("bad-date.txt", b" date 2017-02-30 Text."),
    ],
)
def test_extract_rejects_bad_input_naming_it(tmp_path, name, content):
    src = tmp_path / name
    src.write_bytes(content)
    result = invoke("extract", src)
    assert result.exit_code == 1
    assert name in result.stderr
    assert "rejected" in result.stderr


def test_ingest_is_idempotent_and_queryable(tmp_path, seed_path):
    db = tmp_path / "news.duckdb"
    first = invoke("ingest", seed_path, "--db", db)
    assert first.exit_code == 0, first.output
    assert "stored 1, updated 0, duplicates skipped 0, rejected 0" in first.stdout
    again = invoke("ingest", seed_path, "--db", db)
    assert "stored 0, updated 0, duplicates skipped 1, rejected 0" in again.stdout
    result = invoke("query", "documents", "--db", db, "--format", "json")
    docs = json.loads(result.stdout)
    assert len(docs) == 1 and docs[0]["dct"] == "2017-11-22"
    result = invoke("query", "documents", "--db", db, "--search", "armistice defector",
                    "--since", "2017-11-01", "--format", "csv")
    assert result.stdout.count("\n") == 2  # header + the seed
    result = invoke("query", "documents", "--db", db, "--until", "2017-01-01", "--format", "json")
    assert json.loads(result.stdout) == []


def test_query_events_by_event_time(tmp_path, seed_path):
    db = tmp_path / "news.duckdb"
    assert invoke("ingest", seed_path, "--db", db).exit_code == 0

    def events(*args):
        result = invoke("query", "events", "--db", db, "--format", "json", *args)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    # the seed never dates its shooting: every event is known only to be by 2017-11-22
    assert len(events("--happened-until", "2017-11-22")) == len(events())
    assert events("--happened-until", "2017-11-21") == []
    assert events("--happened-since", "2017-11-01") == []
    bad = invoke("query", "events", "--db", db, "--happened-since", "2017-13-01")
    assert bad.exit_code == 2 and "not a valid YYYY-MM-DD date" in bad.output
    wrong = invoke("query", "places", "--db", db, "--happened-until", "2017-11-22")
    assert wrong.exit_code == 2 and "applies to events" in wrong.stderr


def test_ingest_batch_goes_on_past_bad_inputs(tmp_path, seed_path):
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "sub" / "seed.txt").write_bytes(seed_path.read_bytes())
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "junk.bin").write_bytes(b"\x00\x01\x02" * 100)
    (corpus / "feed.jsonl.gz").write_bytes(gzip.compress(
        (json.dumps({"text": "Rebels attacked a convoy.", "date": "2021-01-02"}) + "\n{broken\n")
        .encode()))
    db = tmp_path / "news.duckdb"
    result = invoke("ingest", corpus, "--db", db)
    assert result.exit_code == 1
    assert "stored 2," in result.stdout
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("SELECT origin FROM rejections ORDER BY origin").fetchall()
    origins = [r[0] for r in rows]
    con.close()
    assert len(origins) == 3
    assert any("empty.txt" in o for o in origins)
    assert any("junk.bin" in o for o in origins)
    assert any("feed.jsonl.gz:2" in o for o in origins)
    listed = invoke("query", "rejections", "--db", db, "--format", "json")
    assert len(json.loads(listed.stdout)) == 3


def test_query_and_export_need_an_existing_store(tmp_path):
    result = invoke("query", "events", "--db", tmp_path / "missing.duckdb")
    assert result.exit_code == 2
    assert "no such store" in result.stderr


def test_export_parquet_and_jsonl(tmp_path, seed_path):
    db = tmp_path / "news.duckdb"
    invoke("ingest", seed_path, "--db", db)
    for fmt in ("parquet", "jsonl"):
        out = tmp_path / fmt
        result = invoke("export", "--db", db, "--format", fmt, "--out", out)
        assert result.exit_code == 0, result.output
        assert (out / f"documents.{fmt}").exists()
    con = duckdb.connect()
    parquet = tmp_path / "parquet" / "documents.parquet"
    n = con.execute(f"SELECT count(*) FROM read_parquet('{parquet}')")
    assert n.fetchone()[0] == 1


def test_installed_command_runs_on_the_seed(seed_path):
    exe = Path(sys.executable).with_name("dateline")
    proc = subprocess.run([str(exe), "extract", str(seed_path)], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["document"]["dct"] == "2017-11-22"


def test_ingest_with_two_workers_stores_everything_in_order(tmp_path):
    src = tmp_path / "many.jsonl"
    src.write_text("".join(
        json.dumps({"text": f"Police arrested {n} men in the capital.", "date": f"2020-03-{n:02d}"})
        + "\n" for n in range(1, 6)
    ))
    db = tmp_path / "news.duckdb"
    result = invoke("ingest", src, "--db", db, "--workers", "2", "--batch-size", "2")
    assert result.exit_code == 0, result.output
    assert "stored 5, updated 0, duplicates skipped 0, rejected 0" in result.stdout
    rows = json.loads(invoke("query", "documents", "--db", db, "--format", "json").stdout)
    assert sorted(r["dct"] for r in rows) == [f"2020-03-{n:02d}" for n in range(1, 6)]


def test_query_tables_show_the_readable_columns(tmp_path, seed_path, monkeypatch):
    from dateline import cli

    monkeypatch.setattr(cli.out, "width", 200)
    db = tmp_path / "news.duckdb"
    invoke("ingest", seed_path, "--db", db)
    result = invoke("query", "events", "--db", db, "--type", "REQUEST")
    assert result.exit_code == 0, result.output
    assert "REQUEST" in result.stdout and "requested" in result.stdout
    assert "≤ 2017-11-22" in result.stdout  # an undated past event is bounded, not dated
    assert "trigger" in result.stdout and "sentence" not in result.stdout


def test_tables_written_to_a_pipe_keep_their_words_whole(tmp_path, seed_path):
    db = tmp_path / "news.duckdb"
    invoke("ingest", seed_path, "--db", db)
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    exe = Path(sys.executable).with_name("dateline")
    result = subprocess.run([str(exe), "query", "events", "--db", str(db)], capture_output=True,
                            text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    rows = result.stdout.splitlines()
    assert any("ASSAULT" in row and "firearms" in row for row in rows), result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) > 80


def test_an_articles_url_is_evidence_for_its_places(tmp_path):
    text = "Officers arrested a man on Dundas Street in London on Tuesday, police said."
    src = tmp_path / "two.jsonl"
    src.write_text(
        json.dumps({"text": text, "date": "2009-03-04"}) + "\n"
        + json.dumps({"text": text, "date": "2009-03-04", "url": "http://www.lfpress.ca/n/1"})
        + "\n"
    )
    result = invoke("extract", src, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    bare, local = (json.loads(line) for line in result.stdout.splitlines())
    assert [p["country"] for p in bare["places"]] == ["GBR"]
    assert [p["country"] for p in local["places"]] == ["CAN"]  # a .ca outlet: London, Ontario


@pytest.mark.parametrize("dct", ["9999-01-01", "2017-11-22xyz", "1066-10-14"])
def test_a_dct_no_article_could_have_is_a_usage_error(seed_path, dct):
    result = runner.invoke(app, ["extract", str(seed_path), "--dct", dct])
    assert result.exit_code == 2 and "--dct" in result.output
