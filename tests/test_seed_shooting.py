"""Issue 17's "done when" on the bundled article: its shooting is one distinct event, with its
date bounds, its place (the JSA, with coordinates), its counts ("at least five times", "about 40
rounds") and its sources (the UN Command's video, South Korea's military), through the CLI and
in the store's flat ``event_table``."""

from __future__ import annotations

import json

import duckdb
from typer.testing import CliRunner

from dateline.cli import app

JSA = ("Joint Security Area", 37.9559, 126.6772)


def _shootings(rows: list[dict]) -> list[dict]:
    return [r for r in rows if r["event_type"] == "ASSAULT" and not r["negated"]]


def test_the_seed_shooting_is_one_complete_distinct_event(seed_path, tmp_path):
    runner = CliRunner()
    db = str(tmp_path / "seed.duckdb")
    result = runner.invoke(app, ["ingest", str(seed_path), "--db", db])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["query", "events", "--db", db, "--distinct", "-f", "json"])
    assert result.exit_code == 0, result.output
    (shooting,) = _shootings(json.loads(result.stdout))

    assert shooting["trigger"] == "shot" and shooting["same_as"] is None
    assert shooting["tellings"] >= 5  # the lede, "fired about 40 rounds", ..., the military's
    assert (shooting["earliest"], shooting["latest"], shooting["time_basis"]) == (
        None, "2017-11-22", "dct-bound")  # no date in the text: on or before the article's
    assert (shooting["place_name"], shooting["place_lat"], shooting["place_lon"]) == JSA
    assert shooting["place_basis"] == "incident"  # "the first shooting in the area": the JSA
    assert shooting["incident_counts"].split("; ") == ["about 40 rounds", "at least five times"]
    sources = shooting["incident_sources"].split("; ")
    assert {"UN Command", "South Korea's military"} <= set(sources)
    assert (shooting["acled_type"], shooting["acled_subtype"]) == (
        "Violence against civilians", "Attack")

    with duckdb.connect(db, read_only=True) as con:
        rows = con.execute(
            "SELECT event_id, place_name, place_lat, place_lon FROM event_table "
            "WHERE event_type = 'ASSAULT' AND NOT negated AND same_as IS NULL"
        ).fetchall()
        acled = con.execute(
            "SELECT DISTINCT acled_subtype FROM event_table WHERE incident_id = ?",
            [shooting["event_id"]],
        ).fetchall()
    assert rows == [(shooting["event_id"], *JSA)]
    assert acled == [("Attack",)]  # one incident, one ACLED type


def test_the_seed_shooting_in_the_report(seed_path):
    """The same through ``extract``: each telling is the first's, placed at the JSA, with the
    counts linked to the tellings that state them and the sources as attributions."""
    result = CliRunner().invoke(app, ["extract", str(seed_path)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    events, places = report["events"], report["places"]
    entities = {e["id"]: e["text"] for e in report["entities"]}
    first = events[0]
    tellings = [first] + [e for e in events if e["same_as"] == first["id"]]
    assert all(e["type"] == "ASSAULT" and not e["negated"] for e in tellings)
    assert {(places[e["place"]]["name"], places[e["place"]]["lat"], places[e["place"]]["lon"])
            for e in tellings} == {JSA}
    counts = {report["quantities"][q]["text"] for e in tellings for q in e["quantities"]}
    assert counts == {"at least five times", "about 40 rounds"}
    sources = {entities[e["source"]] for e in tellings if e["source"]}
    assert {"UN Command", "South Korea's military"} <= sources
    cues = {(a["speaker_text"], a["cue"]["text"]) for a in report["attributions"]}
    assert ("US-led UN command", "according to") in cues
    assert ("South Korea's military", "said") in cues
    others = [e for e in events if e["type"] == "ASSAULT" and e not in tellings]
    assert [e["trigger"]["text"] for e in others] == ["exchange"]  # "didn't exchange fire"
    assert others[0]["negated"] and others[0]["quad_class"] is None
