"""Query and report tables fit the terminal's width and never break a word: short columns do
not wrap, long text wraps at spaces (a word too long for its column ends in "…"), and the
columns left out at a narrow width are named under the table."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from dateline.cli import app
from dateline.writers.render import render_rows

runner = CliRunner()
_WORD = re.compile(r"[^\s…]+…?")


@pytest.fixture(scope="module")
def store(tmp_path_factory, seed_path) -> str:
    db = str(tmp_path_factory.mktemp("width") / "news.duckdb")
    result = runner.invoke(app, ["ingest", str(seed_path), "--db", db])
    assert result.exit_code == 0, result.output
    return db


_LAYOUT = ("event_table (7) doc id time type mode trigger actor target place counts (incident) "
           "sources modality same as not shown at this width: ≤ , ;")


def _words(value: object) -> set[str]:
    words = set(str(value).split()) if value is not None else set()
    return words | {f"{w};" for w in words} | {f"{w}," for w in words}


def _broken_words(table: str, rows: list[dict]) -> list[str]:
    """The words of a rendered table that are neither whole words of its data or layout nor
    cut with an ellipsis: words broken by the layout."""
    known = _words(_LAYOUT)
    for row in rows:
        for value in row.values():
            known |= _words(value)
        known |= {row["doc_id"][:8], f"({row['place_country']})"}
    return [
        word for word in _WORD.findall(table)
        if not word.endswith("…") and word not in known and set(word) != {"─"}
    ]


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_event_table_fits_a_narrow_terminal_without_breaking_words(store, columns):
    env = {**os.environ, "COLUMNS": str(columns)}
    exe = Path(sys.executable).with_name("dateline")
    result = subprocess.run([str(exe), "query", "events", "--db", store, "--distinct"],
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= columns
    assert any("ASSAULT" in line for line in lines)
    rows = json.loads(runner.invoke(app, ["query", "events", "--db", store, "--distinct",
                                          "-f", "json"]).stdout)
    assert _broken_words(result.stdout, rows) == []
    if columns < 120:
        caption = " ".join(result.stdout.split())
        assert "not shown at this width:" in caption and "same as" in caption


def test_every_kind_fits_80_columns(store, monkeypatch):
    from dateline import cli

    monkeypatch.setattr(cli.out, "width", 80)
    for kind in ("documents", "entities", "timexes", "quantities", "places", "quotes",
                 "attributions", "incident_roles", "rejections"):
        result = runner.invoke(app, ["query", kind, "--db", store])
        assert result.exit_code == 0, result.output
        assert max(len(line) for line in result.stdout.splitlines()) <= 80, kind


def test_a_word_longer_than_its_column_ends_in_an_ellipsis():
    console = Console(width=40, record=True, soft_wrap=True)
    long = "Supercalifragilisticexpialidocious-and-more-of-it"
    render_rows("demo", ["id", "text"], [("V1", f"short words then {long}")], console)
    text = console.export_text()
    assert max(len(line) for line in text.splitlines()) <= 40
    assert "short words then" in text and "…" in text and long not in text


def test_the_report_table_fits_too(seed_path, monkeypatch):
    from dateline import cli

    monkeypatch.setattr(cli.out, "width", 70)
    result = runner.invoke(app, ["extract", str(seed_path), "-f", "table"])
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.stdout.splitlines()) <= 70
    assert "Joint Security" in result.stdout


def test_bad_input_a_table_too_narrow_for_any_two_columns_keeps_the_first():
    console = Console(width=12, record=True, soft_wrap=True)
    render_rows("demo", ["identifier", "text"], [("V1", "some words")], console)
    text = console.export_text()
    assert "V1" in text and "not shown at this width: text" in " ".join(text.split())
