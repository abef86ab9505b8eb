"""Events an article tells again point at their first telling (``same_as``)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

import dateline
from dateline.cli import app
from dateline.events.restated import mark_restatements
from dateline.model import Event, EventTime, Offsets, TextSpan


def event(n: int, type_: str = "ASSAULT", **kw) -> Event:
    trigger = TextSpan("fired", 10 * n, 10 * n + 5)
    return Event(id=f"V{n}", type=type_, trigger=trigger, sentence=Offsets(0, 0), **kw)


def test_a_retelling_points_at_the_first_telling():
    events = [
        event(1, actor="E1", target="E2", mode="firearms"),
        event(2, actor="E1", target="E2"),  # mode not said again
        event(3, target="E2", mode="firearms"),  # actor not said again
    ]
    mark_restatements(events)
    assert [e.same_as for e in events] == [None, "V1", "V1"]


def test_different_participants_types_or_dates_are_different_events():
    dated = EventTime(value="2017-11-13", basis="text")
    other_day = EventTime(value="2017-11-20", basis="text")
    events = [
        event(1, actor="E1", target="E2", mode="firearms", time=dated),
        event(2, actor="E1", target="E3", mode="firearms"),  # another target
        event(3, "COERCE", actor="E1", target="E2"),  # another type
        event(4, actor="E1", target="E2", mode="firearms", time=other_day),  # another day
        event(5, actor="E1", target="E2", negated=True),  # what did not happen
        event(6, actor="E1", target="E2", modality="hypothetical"),  # what may
        event(7, actor="E1", target="E2", mode="explosives"),  # with other arms
        event(8),  # no participant to tie it to anything
        event(9),
    ]
    mark_restatements(events)
    assert [e.same_as for e in events] == [None] * 9


def test_acts_with_different_edges_in_the_text_are_different_events():
    since = EventTime(earliest="2015-01-01", latest="2017-11-22", basis="text")  # "since 2015"
    until = EventTime(latest="2016-12-31", basis="text")  # "until 2016"
    events = [
        event(1, actor="E1", target="E2", time=since),
        event(2, actor="E1", target="E2", time=until),
        event(3, actor="E1", target="E2", time=since),
    ]
    mark_restatements(events)
    assert [e.same_as for e in events] == [None, None, "V1"]


def test_no_events_is_fine():
    events: list[Event] = []
    mark_restatements(events)
    assert events == []


def test_seed_attack_told_five_times_is_one_attack(seed_report):
    """The lede's "being shot" is the first telling: "the defector" is the soldier it names."""
    events = {e.id: e for e in seed_report.events}
    first = seed_report.events[0]
    assert first.trigger.text == "shot" and first.same_as is None
    retold = [e for e in seed_report.events if e.same_as == first.id]
    assert {e.trigger.text for e in retold} >= {"fired", "shot", "firing", "fire"}
    assert all(e.type == "ASSAULT" for e in retold)
    accusations = [e for e in seed_report.events if e.type == "ACCUSE" and e.source]
    assert accusations[1].same_as == accusations[0].id  # Carroll's charge, said twice
    assert all(events[e.same_as].same_as is None for e in events.values() if e.same_as)


def test_query_distinct_leaves_out_retellings(tmp_path, seed_path):
    runner = CliRunner()
    db = str(tmp_path / "news.duckdb")
    assert runner.invoke(app, ["ingest", str(seed_path), "--db", db]).exit_code == 0
    every = json.loads(runner.invoke(app, ["query", "events", "--db", db, "-f", "json"]).stdout)
    result = runner.invoke(app, ["query", "events", "--db", db, "--distinct", "-f", "json"])
    distinct = json.loads(result.stdout)
    assert 0 < len(distinct) < len(every)
    assert all(row["same_as"] is None for row in distinct)
    wrong = runner.invoke(app, ["query", "places", "--db", db, "--distinct"])
    assert wrong.exit_code == 2 and "--distinct applies to events" in wrong.output


def _tellings(text: str) -> list[tuple[str, str | None]]:
    """(trigger, the trigger of the telling it restates) of each event of ``text``."""
    report = dateline.extract(text, dct="2021-05-04")
    trigger = {e.id: e.trigger.text for e in report.events}
    return [(e.trigger.text, trigger.get(e.same_as or "")) for e in report.events]


def test_a_states_incident_and_its_forces_are_one(nlp):
    """"The North ... firing" and "North Korean soldiers fired": a state and its soldiers."""
    text = ("The North violated the armistice by firing across the border, a spokesman said. "
            "North Korean soldiers fired about 40 rounds at a defector.")
    assert ("fired", "firing") in _tellings(text)
    other = ("Syria shelled the border town on Monday. "
             "Turkish soldiers fired at Kurdish fighters.")  # another country's soldiers
    assert [r for _, r in _tellings(other)] == [None, None]


def test_a_definite_nominal_refers_back_an_indefinite_does_not(nlp):
    told = _tellings("Gunmen fired at a police patrol. Police are investigating the shooting.")
    assert ("shooting", "fired") in told
    other = _tellings("Gunmen fired at a police patrol. "
                      "Police said a shooting in another province killed two.")
    assert ("shooting", None) in other
