"""The flat event view (store/views.py) and ``query events`` over it."""

from __future__ import annotations

import json

import duckdb
from typer.testing import CliRunner

from dateline.cli import app
from dateline.model import (
    Document,
    Entity,
    Event,
    EventTime,
    Offsets,
    Place,
    Quantity,
    Report,
    TextSpan,
)
from dateline.store import Store
from dateline.store.query import Filters, run_query

TEXT = "Gunmen killed five people in Kabul on Monday, police said.\n\nThe attack shocked the city."


def _report() -> Report:
    return Report(
        document=Document(id="d1", text=TEXT, dct="2017-11-22", source="AP",
                          url="https://example.com/k", title="Attack"),
        entities=[
            Entity(id="E1", text="gunmen", label="NOMINAL", sector="REB", mentions=[Offsets(0, 6)]),
            Entity(id="E2", text="police", label="NOMINAL", sector="COP",
                   mentions=[Offsets(46, 52)]),
        ],
        quantities=[Quantity(text="five people", start=14, end=25, value=5, unit="people",
                             kind="count")],
        places=[Place(text="Kabul", start=29, end=34, name="Kabul", country="AFG", lat=34.5,
                      lon=69.2, feature="city", admin1="AF.13")],
        events=[Event(id="V1", type="ASSAULT", trigger=TextSpan("killed", 7, 13),
                      sentence=Offsets(0, TEXT.index("The")), actor="E1",
                      target_text="five people", place=0, quantities=[0], source="E2",
                      modality="reported",
                      time=EventTime(value="2017-11-20", earliest="2017-11-20",
                                     latest="2017-11-20", precision="day", basis="text"),
                      quad_class=4, score=-10.0, cameo="18")],
    )


def test_one_scalar_row_per_event(tmp_path):
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        store.add_reports([_report()])
    con = duckdb.connect(str(db), read_only=True)  # usable read-only, by plain DuckDB
    cur = con.execute(
        "SELECT event_date, earliest, latest, event_type, actor_name, actor_sector, place_name, "
        "place_lat, place_admin1, killed, injured, source_name, outlet, url, published, "
        "sentence, start_char, end_char FROM event_table"
    )
    (row,) = cur.fetchall()
    assert [str(v) for v in row[:3]] == ["2017-11-20"] * 3
    assert row[3:9] == ("ASSAULT", "gunmen", "REB", "Kabul", 34.5, "AF.13")
    assert row[9:14] == (5, None, "police", "AP", "https://example.com/k")
    sentence, start, end = row[15:]
    assert sentence == TEXT[start:end] == TEXT.split("\n")[0]
    types = {d[0]: str(d[1]) for d in con.execute("SELECT * FROM event_table").description}
    assert not [n for n, t in types.items() if "JSON" in t or "[]" in t or "STRUCT" in t]
    assert all(n.isidentifier() and n.islower() for n in types)


def test_an_event_without_links_keeps_its_row(tmp_path):
    report = _report()
    at, start = TEXT.index("shocked"), TEXT.index("The attack")
    report.events[0] = Event(id="V1", type="ACCUSE", trigger=TextSpan("shocked", at, at + 7),
                             sentence=Offsets(start, len(TEXT)))
    with Store(tmp_path / "s.duckdb") as store:
        store.add_reports([report])
        rows = store.con.execute(
            "SELECT event_date, place_name, killed, other_counts, sentence FROM event_table"
        ).fetchall()
    assert rows == [(None, None, None, None, "The attack shocked the city.")]


def test_query_events_reads_the_view_unless_raw(tmp_path):
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        store.add_reports([_report()])
    with Store(db, read_only=True) as store:
        columns, rows = run_query(store, "events", Filters(flat=True, type="assault"))
        assert "event_date" in columns and "time" not in columns and len(rows) == 1
        columns, _ = run_query(store, "events", Filters())
        assert "time" in columns
    runner = CliRunner()
    flat = json.loads(runner.invoke(app, ["query", "events", "--db", str(db), "-f", "json"]).stdout)
    assert flat[0]["killed"] == 5 and flat[0]["event_date"] == "2017-11-20"
    raw = runner.invoke(app, ["query", "events", "--db", str(db), "-f", "json", "--raw"])
    assert json.loads(json.loads(raw.stdout)[0]["time"])["value"] == "2017-11-20"
    table = runner.invoke(app, ["query", "events", "--db", str(db)], env={"COLUMNS": "200"})
    assert "Kabul (AFG)" in table.stdout and "5 killed" in table.stdout


def test_a_store_without_the_view_is_named(tmp_path):
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        store.add_reports([_report()])
        store.con.execute("DROP VIEW event_table")
    result = CliRunner().invoke(app, ["query", "events", "--db", str(db)])
    assert result.exit_code == 2 and "predates the event_table view" in result.stderr
    assert CliRunner().invoke(app, ["query", "events", "--db", str(db), "--raw"]).exit_code == 0
    out = tmp_path / "export"
    result = CliRunner().invoke(app, ["export", "--db", str(db), "-f", "parquet",
                                      "--out", str(out)])
    assert result.exit_code == 2 and "predates the event_table view" in result.stderr
    assert not out.exists()  # no export without its event_table file


def test_casualties_from_the_pipeline(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("A bomb exploded in a market in Kabul on Monday, killing at least 20 people.")
    db = tmp_path / "s.duckdb"
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(src), "--db", str(db), "--dct", "2017-11-22"]
                         ).exit_code == 0
    rows = json.loads(runner.invoke(app, ["query", "events", "--db", str(db), "-f", "json"]
                                    ).stdout)
    assert [r["killed"] for r in rows if r["trigger"] == "killing"] == [20]


def test_the_seed_shooting_is_one_incident_with_its_counts_and_sources(tmp_path, seed_path):
    db = tmp_path / "s.duckdb"
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(seed_path), "--db", str(db)]).exit_code == 0
    rows = json.loads(runner.invoke(app, ["query", "events", "--db", str(db), "--distinct",
                                          "-f", "json"]).stdout)
    (shooting,) = [r for r in rows if r["trigger"] == "shot"]  # the lede's "being shot"
    assert shooting["latest"] == "2017-11-22" and shooting["tellings"] >= 4
    # the first actor a telling names: "The North violated the armistice ... by firing"
    assert shooting["incident_actor"] == "North Korea"
    assert shooting["target_name"] == "North Korean soldier"
    assert {"about 40 rounds", "at least five times"} <= set(
        shooting["incident_counts"].split("; "))
    assert {"UN Command", "South Korea's military"} <= set(
        shooting["incident_sources"].split("; "))
