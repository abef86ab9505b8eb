"""The store's offset columns are ``start_char``/``end_char`` (``end`` is an SQL keyword), a store
made with ``start``/``end`` columns is renamed once when opened for writing, and the records and
the report JSON keep the contract's ``start``/``end``."""

from __future__ import annotations

import json

import duckdb
from typer.testing import CliRunner

from dateline.cli import app
from dateline.model import Document, Event, EventTime, Offsets, Place, Report, TextSpan, Timex
from dateline.store import Store
from dateline.store.query import Filters, run_query
from dateline.store.schema import RECORD_CLASSES, columns, from_row

runner = CliRunner()
TEXT = "Soldiers fired at protesters in Seoul on Monday."


def _report() -> Report:
    return Report(
        document=Document(id="d1", text=TEXT, dct="2017-11-22", origin="d1.txt"),
        timexes=[Timex(text="Monday", start=41, end=47, type="DATE", value="2017-11-20")],
        places=[Place(text="Seoul", start=32, end=37, name="Seoul", country="KOR",
                      lat=37.566, lon=126.978, feature="city")],
        events=[Event(id="V1", type="ASSAULT", trigger=TextSpan("fired", 9, 14),
                      sentence=Offsets(0, len(TEXT)), place=0,
                      time=EventTime(value="2017-11-20", earliest="2017-11-20",
                                     latest="2017-11-20", precision="day", basis="text"))],
    )


def _table_columns(path: str, table: str) -> list[str]:
    con = duckdb.connect(path, read_only=True)
    try:
        return [c[0] for c in con.execute(f"SELECT * FROM {table} LIMIT 0").description]
    finally:
        con.close()


def _make_old_store(path: str) -> None:
    """A store as Dateline wrote it before the rename: offset columns named start/end."""
    with Store(path) as store:
        store.add_reports([_report()])
    con = duckdb.connect(path)
    con.execute("DROP VIEW event_table")
    for kind in RECORD_CLASSES:
        names = {c[0] for c in con.execute(f"SELECT * FROM {kind} LIMIT 0").description}
        for old, new in (("start", "start_char"), ("end", "end_char")):
            if new in names:
                con.execute(f'ALTER TABLE {kind} RENAME COLUMN {new} TO "{old}"')
    con.close()


def test_every_offset_column_is_start_char_end_char():
    renamed = [k for k, cls in RECORD_CLASSES.items() if {"start", "end"} <= {
        c.field for c in columns(cls)}]
    assert {"timexes", "quantities", "places", "quotes"} <= set(renamed)
    for kind in renamed:
        names = [c.name for c in columns(RECORD_CLASSES[kind])]
        assert "start_char" in names and "end_char" in names
        assert "start" not in names and "end" not in names


def test_plain_sql_selects_the_offsets_and_reports_keep_start_end(tmp_path):
    path = str(tmp_path / "news.duckdb")
    with Store(path) as store:
        store.add_reports([_report()])
        assert store.load_report("d1") == _report()
    con = duckdb.connect(path, read_only=True)
    start, end = con.execute("select start_char, end_char from places").fetchone()
    assert TEXT[start:end] == "Seoul"
    # the nested JSON (trigger, sentence) keeps the record's field names
    assert con.execute("select trigger->>'start' from events").fetchone()[0] == "9"
    con.close()


def test_from_row_reads_store_rows_and_record_json():
    place = from_row(Place, {"text": "Seoul", "start_char": 32, "end_char": 37})
    assert (place.start, place.end) == (32, 37)
    span = from_row(TextSpan, {"text": "fired", "start": 9, "end": 14})
    assert (span.start, span.end) == (9, 14)


def test_an_old_store_is_renamed_once_when_opened_for_writing(tmp_path):
    path = str(tmp_path / "old.duckdb")
    _make_old_store(path)
    assert {"start", "end"} <= set(_table_columns(path, "places"))
    # read-only, before the migration: the query shows the new names over the old columns
    with Store(path, read_only=True) as store:
        names, (values,) = run_query(store, "places", Filters())
    row = dict(zip(names, values, strict=True))
    assert TEXT[row["start_char"]:row["end_char"]] == "Seoul"
    with Store(path):  # opened for writing: renamed, the view made again
        pass
    for kind in ("places", "timexes", "quantities"):
        names = _table_columns(path, kind)
        assert {"start_char", "end_char"} <= set(names) and not {"start", "end"} & set(names)
    with Store(path) as store:  # a second open finds nothing to rename and loses nothing
        assert store.load_report("d1") == _report()
        row = store.con.execute("select place_name, start_char from event_table").fetchone()
    assert row == ("Seoul", 0)


def test_cli_query_and_export_use_the_new_names(tmp_path):
    path = str(tmp_path / "news.duckdb")
    with Store(path) as store:
        store.add_reports([_report()])
    result = runner.invoke(app, ["query", "places", "--db", path, "--format", "json"])
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    assert (row["start_char"], row["end_char"]) == (32, 37) and "start" not in row
    out = tmp_path / "export"
    result = runner.invoke(app, ["export", "--db", path, "-f", "parquet", "--out", str(out)])
    assert result.exit_code == 0, result.output
    got = duckdb.sql(f"select start_char, end_char from '{out / 'timexes.parquet'}'").fetchall()
    assert got == [(41, 47)]


def test_a_missing_store_is_still_a_usage_error(tmp_path):
    result = runner.invoke(app, ["query", "places", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2
