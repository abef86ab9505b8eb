"""GDELT, ACLED, GeoJSON and TimeML exports of the stored events (writers/gdelt.py, acled.py,
geojson.py, timeml.py): each opens in DuckDB (and pandas when installed) with its documented
columns; TimeML reads back through Dateline's own reader."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
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
    Timex,
)
from dateline.readers.timeml import parse_timeml
from dateline.store import Store
from dateline.writers import acled, gdelt, geojson
from dateline.writers.timeml import write_timeml

TEXT = ("Gunmen attacked a market in Kabul on Monday, killing five people, police said.\n\n"
        "The attack killed at least 7 people. Troops did not fire back.")
DAY = "2017-11-20"


def _at(word: str, nth: int = 0) -> TextSpan:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return TextSpan(word, start, start + len(word))


def _report() -> Report:
    first, second = Offsets(0, TEXT.index("\n")), Offsets(TEXT.index("The"), TEXT.index("Troops"))
    third = Offsets(TEXT.index("Troops"), len(TEXT))
    when = EventTime(value=DAY, earliest=DAY, latest=DAY, precision="day", basis="text")
    five, seven = _at("five people"), _at("at least 7 people")
    violent = {"type": "ASSAULT", "quad_class": 4, "score": -10.0, "cameo": "18",
               "acled_type": "Violence against civilians", "acled_subtype": "Attack"}
    return Report(
        document=Document(id="abcdef0123456789", text=TEXT, dct="2017-11-22", source="AP",
                          url="https://example.com/kabul"),
        entities=[Entity(id="E1", text="gunmen", label="NOMINAL", sector="REB",
                         mentions=[Offsets(0, 6)]),
                  Entity(id="E2", text="police", label="NOMINAL", sector="COP",
                         mentions=[Offsets(_at("police").start, _at("police").end)])],
        timexes=[Timex(text="Monday", start=_at("Monday").start, end=_at("Monday").end,
                       type="DATE", value=DAY)],
        quantities=[Quantity(text=five.text, start=five.start, end=five.end, value=5,
                             unit="people", kind="count"),
                    Quantity(text=seven.text, start=seven.start, end=seven.end, value=7,
                             qualifier="at_least", unit="people", kind="count")],
        places=[Place(text="Kabul", start=_at("Kabul").start, end=_at("Kabul").end,
                      name="Kabul", country="AFG", lat=34.52813, lon=69.17233, feature="city",
                      geonameid=1138958, admin1="AF.13")],
        events=[
            Event(id="V1", trigger=_at("attacked"), sentence=first, actor="E1", place=0,
                  time=when, source="E2", modality="reported", **violent),
            Event(id="V2", trigger=_at("killing"), sentence=first, actor="E1", quantities=[0],
                  time=when, same_as="V1", **violent),
            Event(id="V3", trigger=_at("killed"), sentence=second, quantities=[1],
                  time=EventTime(latest="2017-11-22", basis="dct-bound"), same_as="V1",
                  **violent),
            Event(id="V4", trigger=_at("fire"), sentence=third, negated=True,
                  time=EventTime(latest="2017-11-22", basis="dct-bound"),
                  **{**violent, "acled_type": "Battles", "acled_subtype": "Armed clash"}),
        ],
    )


@pytest.fixture()
def store(tmp_path):
    with Store(tmp_path / "s.duckdb") as s:
        s.add_reports([_report()])
        yield s


def _read_csv(path: Path, delim: str) -> tuple[list[str], list[dict]]:
    rel = duckdb.sql(f"SELECT * FROM read_csv('{path}', delim='{delim}', header=true, "
                     "all_varchar=true)")
    return rel.columns, [dict(zip(rel.columns, r, strict=True)) for r in rel.fetchall()]


def test_gdelt_columns_and_values(store, tmp_path):
    (path,) = gdelt.export(store, tmp_path / "out")
    columns, rows = _read_csv(path, "\t")
    assert columns == list(gdelt.COLUMNS) and len(columns) == 61
    (negated, row) = sorted(rows, key=lambda r: r["SQLDATE"] or "")  # one row per distinct event
    assert row["SQLDATE"] == "20171120" and row["Year"] == "2017" and row["MonthYear"] == "201711"
    assert (row["Actor1Name"], row["Actor1Code"], row["Actor1Type1Code"]) == ("GUNMEN", "REB",
                                                                              "REB")
    assert (row["EventCode"], row["EventRootCode"], row["QuadClass"]) == ("18", "18", "4")
    assert row["GoldsteinScale"] == "-10.0" and row["NumMentions"] == "3"
    assert row["IsRootEvent"] == "1" and negated["IsRootEvent"] == "0"
    assert (row["ActionGeo_Type"], row["ActionGeo_CountryCode"], row["ActionGeo_ADM1Code"]) == (
        "4", "AF", "AF13")
    assert float(row["ActionGeo_Lat"]) == 34.52813 and float(row["ActionGeo_Long"]) == 69.17233
    assert row["ActionGeo_FeatureID"] == "1138958"
    assert row["SOURCEURL"] == "https://example.com/kabul" and len(row["DATEADDED"]) == 14
    assert row["GLOBALEVENTID"].isdigit() and row["AvgTone"] is None


def test_acled_codes_only_what_happened(store, tmp_path):
    (path,) = acled.export(store, tmp_path / "out")
    columns, rows = _read_csv(path, ",")
    assert columns == list(acled.COLUMNS)
    (row,) = rows  # the negated "did not fire back" is not coded; retellings are one event
    assert (row["event_date"], row["year"], row["time_precision"]) == (DAY, "2017", "1")
    assert (row["event_type"], row["sub_event_type"]) == ("Violence against civilians", "Attack")
    assert (row["actor1"], row["country"], row["admin1"], row["location"]) == (
        "gunmen", "Afghanistan", "AF.13", "Kabul")
    assert row["geo_precision"] == "1" and row["source"] == "AP"
    assert row["fatalities"] == "7"  # the largest count any telling gives
    assert row["notes"].startswith("Gunmen attacked") and "according to police" in row["notes"]


def test_geojson_points_open_in_duckdb(store, tmp_path):
    (path,) = geojson.export(store, tmp_path / "out")
    data = json.loads(path.read_text())
    (feature,) = data["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [69.17233, 34.52813]}
    assert feature["properties"]["event_date"] == DAY
    assert feature["properties"]["place_name"] == "Kabul"
    rows = duckdb.sql(f"SELECT event_type, place_name, geometry FROM read_json('{path}')")
    assert rows.fetchall()[0][:2] == ("ASSAULT", "Kabul")  # DuckDB reads GeoJSON features


def test_timeml_events_and_links_read_back(store):
    report = store.load_report("abcdef0123456789")
    tml = parse_timeml(write_timeml(report))
    assert tml.document.text == TEXT and tml.dct == "2017-11-22"
    assert [e.text for e in tml.events] == ["attacked", "killing", "killed", "fire"]
    assert [e.polarity for e in tml.events] == ["POS", "POS", "POS", "NEG"]
    (monday,) = tml.timex_ids
    links = {(link.event, link.time, link.rel) for link in tml.time_links}
    assert ("ei1", monday, "IS_INCLUDED") in links and ("ei1", "t0", "BEFORE") in links
    assert ("ei3", "t0", "BEFORE") in links  # a past event bounded by the article's date
    assert not any(link.event == "ei3" and link.time == monday for link in tml.time_links)


def test_timeml_without_a_dct_has_no_dct_links(store):
    report = store.load_report("abcdef0123456789")
    report.document.dct = None
    tml = parse_timeml(write_timeml(report))
    assert tml.dct_tid is None and {link.time for link in tml.time_links} == {"t1"}


def test_exports_open_in_pandas(store, tmp_path):
    pandas = pytest.importorskip("pandas")
    (g,) = gdelt.export(store, tmp_path)
    (a,) = acled.export(store, tmp_path)
    assert list(pandas.read_csv(g, sep="\t").columns) == list(gdelt.COLUMNS)
    assert list(pandas.read_csv(a).columns) == list(acled.COLUMNS)


def test_export_formats_through_the_cli(store, tmp_path):
    db = store.path
    store.close()
    runner = CliRunner()
    for fmt, name in (("gdelt", "gdelt_events.tsv"), ("acled", "acled_events.csv"),
                      ("geojson", "events.geojson"), ("timeml", "abcdef0123456789.tml")):
        out = tmp_path / fmt  # an export goes to a new or empty folder
        result = runner.invoke(app, ["export", "--db", db, "-f", fmt, "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert (out / name).exists() and name in result.stdout
    bad = runner.invoke(app, ["export", "--db", db, "-f", "gdelt2", "--out", str(tmp_path)])
    assert bad.exit_code == 2
    missing = runner.invoke(app, ["export", "--db", str(tmp_path / "none.duckdb"), "-f", "acled",
                                  "--out", str(tmp_path)])
    assert missing.exit_code == 2 and "no such store" in missing.stderr


def test_an_empty_store_exports_headers_only(tmp_path):
    with Store(tmp_path / "e.duckdb") as s:
        (g,) = gdelt.export(s, tmp_path)
        (a,) = acled.export(s, tmp_path)
        (j,) = geojson.export(s, tmp_path)
    assert g.read_text().count("\n") == 1 and a.read_text().count("\n") == 1
    assert json.loads(j.read_text()) == {"type": "FeatureCollection", "features": []}


def test_a_distinct_event_takes_the_place_a_retelling_gives(tmp_path):
    report = _report()
    report.events[0].place, report.events[1].place = None, 0
    with Store(tmp_path / "p.duckdb") as s:
        s.add_reports([report])
        (g,) = gdelt.export(s, tmp_path)
        (a,) = acled.export(s, tmp_path)
        own = s.con.execute("SELECT place_name, incident_place_name FROM event_table "
                            "WHERE event_id = 'V1'").fetchall()
    assert own == [(None, "Kabul")]
    _, rows = _read_csv(g, "\t")
    assert {r["ActionGeo_FullName"] for r in rows} == {"Kabul", None}
    _, (row,) = _read_csv(a, ",")
    assert (row["location"], row["country"], row["geo_precision"]) == ("Kabul", "Afghanistan", "1")
