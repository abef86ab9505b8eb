"""Queries take every value literally and refuse what they cannot use; what they print from
the data (titles, origins, reasons, names) is shown, never obeyed by the terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.model import Document, Entity, Event, EventTime, Offsets, Rejection, Report, TextSpan
from dateline.store import Store
from dateline.store.query import APPLIES_TO, Filters, check_filters, run_query
from dateline.writers.render import safe_text, terminal_json

runner = CliRunner()
ANSI_RED = "\x1b[31m"


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def _report(doc_id: str, text: str, title: str, origin: str, actor: str = "Seoul") -> Report:
    return Report(
        document=Document(id=doc_id, text=text, dct="2017-11-22", origin=origin, title=title),
        entities=[Entity(id="E1", text=actor, label="GPE", mentions=[Offsets(0, len(actor))])],
        events=[Event(id="V1", type="ASSAULT", trigger=TextSpan("fired", 0, 5),
                      sentence=Offsets(0, len(text)), actor="E1", actor_text=actor,
                      time=EventTime(latest="2017-11-22", basis="dct-bound"))],
    )


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "news.duckdb"
    with Store(path) as store:
        store.add_reports([
            _report("d1", "Turnout was 100% in district_9.", "Plain", "a.txt"),
            _report("d2", "Turnout was 100 in district 9 and 1009 elsewhere.", "Other", "b.txt"),
            _report("d3", "A back\\slash here.", "[/] [bold]x[/bold]", f"{ANSI_RED}red.txt",
                    actor=f"Gang{ANSI_RED}_X"),
        ])
        store.add_rejections([
            Rejection(origin=f"evil{ANSI_RED}\x07.txt", reason="[/]broken [red]markup"),
            Rejection(origin="plain.txt", reason="50% of it was binary"),
        ])
    return path


def _ids(db: Path, kind: str, *args: object) -> list[str]:
    result = invoke("query", kind, "--db", db, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return sorted(row.get("doc_id") or row.get("id") or row["origin"] for row in
                  json.loads(result.stdout))


@pytest.mark.parametrize("word, found", [
    ("100%", ["d1"]),  # % is not "anything"
    ("district_9", ["d1"]),  # _ is not "any character"
    ("100_", []),
    ("%", ["d1"]),
    ("_", ["d1"]),
    ("back\\slash", ["d3"]),
    ("\\", ["d3"]),
    ("DISTRICT", ["d1", "d2"]),  # still case-insensitive
])
def test_search_words_are_literal(db, word, found):
    assert _ids(db, "documents", "--search", word) == found


def test_rejection_search_and_actor_are_literal_too(db):
    assert _ids(db, "rejections", "--search", "50%") == ["plain.txt"]
    assert _ids(db, "rejections", "--search", "%") == ["plain.txt"]
    assert _ids(db, "events", "--actor", "g_x") == []  # _ would match the escape's "["
    assert _ids(db, "events", "--actor", "%") == []
    assert _ids(db, "events", "--actor", "seo") == ["d1", "d2"]


@pytest.mark.parametrize("kind, args", [
    ("documents", ["--actor", "Seoul"]),
    ("documents", ["--label", "GPE"]),
    ("documents", ["--type", "ASSAULT"]),
    ("documents", ["--distinct"]),
    ("documents", ["--happened-since", "2017-01-01"]),
    ("rejections", ["--doc", "d1"]),
    ("rejections", ["--since", "2017-01-01"]),
    ("rejections", ["--until", "2017-01-01"]),
    ("rejections", ["--country", "KOR"]),
    ("entities", ["--actor", "Seoul"]),
    ("entities", ["--type", "X"]),
    ("quotes", ["--label", "PERSON"]),
    ("places", ["--happened-until", "2017-11-22"]),
    ("timexes", ["--distinct"]),
])
def test_a_filter_the_kind_does_not_have_is_a_usage_error(db, kind, args):
    result = invoke("query", kind, "--db", db, *args)
    assert result.exit_code == 2, result.output
    assert f"does not apply to {kind}" in result.stderr
    assert "Traceback" not in result.output and result.stderr.count("\n") == 1


def test_every_filter_applies_somewhere_and_is_refused_elsewhere():
    for name, kinds in APPLIES_TO.items():
        assert kinds, name
        value = True if name == "distinct" else "2017-01-01"
        check_filters(sorted(kinds)[0], Filters(**{name: value}))
        if "rejections" not in kinds:
            with pytest.raises(ValueError, match="does not apply to rejections"):
                check_filters("rejections", Filters(**{name: value}))


@pytest.mark.parametrize("args, message", [
    (["--limit", "99999999999999999999999"], "--limit"),
    (["--limit", str(2**63)], "--limit"),
    (["--limit", "0"], "--limit"),
    (["--limit", "-5"], "--limit"),
    (["--limit", "ten"], "--limit"),
    (["--since", "2017-13-45"], "not a valid"),
    (["--until", "yesterday"], "not a valid"),
    (["--wait", "-1"], "--wait"),
    (["--format", "xml"], "--format"),
])
def test_bad_values_exit_2_with_a_message(db, args, message):
    result = invoke("query", "documents", "--db", db, *args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output and result.exception is None or isinstance(
        result.exception, SystemExit)


def test_the_largest_limit_is_accepted(db):
    assert _ids(db, "documents", "--limit", str(2**63 - 1)) == ["d1", "d2", "d3"]


@pytest.mark.parametrize("value", ["'; DROP TABLE documents; --", "ü ß", "a" * 5000])
def test_odd_values_are_plain_values(db, value):
    for kind, option in (("documents", "--search"), ("events", "--actor"),
                         ("entities", "--label")):
        result = invoke("query", kind, "--db", db, option, value, "--format", "json")
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout) == []
    # --doc takes an id or a unique prefix of one: a value no id starts with is named
    result = invoke("query", "events", "--db", db, "--doc", value, "--format", "json")
    assert result.exit_code == 2 and "no stored document id starts with it" in result.output
    assert _ids(db, "documents") == ["d1", "d2", "d3"]


def test_a_nul_in_a_value_is_a_usage_error(db):
    with Store(db, read_only=True) as store, pytest.raises(ValueError, match="NUL"):
        run_query(store, "documents", Filters(search="a\x00b"))


def test_a_folder_given_as_the_store_is_one_line(tmp_path):
    for command in (["query", "documents"], ["export", "--out", tmp_path / "out"]):
        result = invoke(*command, "--db", tmp_path)
        assert result.exit_code == 2 and "not a store file" in result.stderr
        assert result.stderr.count("\n") == 1


def test_a_store_that_is_not_a_store_is_one_line(tmp_path):
    bogus = tmp_path / "notes.duckdb"
    bogus.write_text("hello\n" * 1000)
    result = invoke("query", "documents", "--db", bogus)
    assert result.exit_code == 2
    assert "cannot open the store" in result.stderr and result.stderr.count("\n") == 1


# -- escaping ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["documents", "rejections", "events", "entities"])
def test_markup_and_escape_sequences_in_data_are_shown_literally(db, kind):
    result = invoke("query", kind, "--db", db)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    if kind == "documents":
        assert "[/] [bold]x[/bold]" in result.stdout
        assert "\\x1b[31mred.txt" in result.stdout
    if kind == "rejections":
        assert "[/]broken [red]markup" in result.stdout
        assert "evil\\x1b[31m\\x07.txt" in result.stdout
    if kind in ("events", "entities"):
        assert "Gang\\x1b[31m_X" in result.stdout


def test_json_and_csv_keep_the_data_exact_when_not_on_a_terminal(db):
    result = invoke("query", "documents", "--db", db, "--format", "json", "--doc", "d3")
    assert json.loads(result.stdout)[0]["origin"] == f"{ANSI_RED}red.txt"
    csv_out = invoke("query", "documents", "--db", db, "--format", "csv", "--doc", "d3")
    assert "[/] [bold]x[/bold]" in csv_out.stdout


def test_a_rejection_printed_by_extract_is_escaped(tmp_path):
    empty = tmp_path / f"bad{ANSI_RED}[red]name\r.txt"
    empty.write_text("")
    result = invoke("extract", empty)
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\r" not in result.stderr
    assert "bad\\x1b[31m[red]name\\x0d.txt" in result.stderr


def test_extract_table_shows_a_title_literally(tmp_path):
    src = tmp_path / "one.jsonl"
    src.write_text(json.dumps({"text": "Troops crossed the border on Monday.",
                               "date": "2020-03-04", "title": f"[/]{ANSI_RED}Title"}) + "\n")
    result = invoke("extract", src, "--format", "table")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "[/]" in result.stdout


def test_a_rendered_report_escapes_its_heading_and_cells():
    from rich.console import Console

    from dateline.writers.render import render_report

    console = Console(record=True, width=200, force_terminal=True)
    report = _report("d9", "Troops moved.", f"[/]{ANSI_RED}Title\u202e", "x.txt",
                     actor=f"[bold]{ANSI_RED}Gang")
    render_report(report, console)
    shown = console.export_text(styles=False)
    assert "[/]\\x1b[31mTitle\\u202e" in shown
    assert "[bold]\\x1b[31mGang" in shown
    assert "\x1b" not in shown and "\u202e" not in shown


def test_safe_text_escapes_controls_and_keeps_the_rest():
    assert safe_text("a\x1b[0m\tb\nc\u202eé") == "a\\x1b[0m\\x09b\\x0ac\\u202eé"
    assert safe_text("a\tb\nc\r", one_line=False) == "a\tb\nc\\x0d"
    text = json.dumps({"k": "x\x9by\u2066"}, ensure_ascii=False)
    assert json.loads(terminal_json(text)) == {"k": "x\x9by\u2066"}
    assert "\x9b" not in terminal_json(text)


def test_rejections_show_whether_a_later_input_resolved_them(tmp_path):
    path = tmp_path / "news.duckdb"
    with Store(path) as store:
        store.add_rejections([Rejection(origin="a.txt", reason="timed out"),
                              Rejection(origin="b.txt", reason="empty")])
        store.add_reports([_report("d1", "Troops moved.", "T", "a.txt")])  # a.txt made it later
    result = invoke("query", "rejections", "--db", path, "--format", "json")
    rows = json.loads(result.stdout)
    assert [(r["origin"], r["resolved_at"] is None) for r in rows] == [("b.txt", True),
                                                                       ("a.txt", False)]


def test_log_lines_escape_what_they_quote():
    import io
    import logging

    from dateline.cli import _EscapingFormatter

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(_EscapingFormatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("dateline.test_escaping")
    logger.addHandler(handler)
    try:
        logger.warning("%s: no document date", f"evil{ANSI_RED}\r.txt")
    finally:
        logger.removeHandler(handler)
    assert stream.getvalue() == "WARNING evil\\x1b[31m\\x0d.txt: no document date\n"
