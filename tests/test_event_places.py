"""Every event gets a place when its clause, sentence, incident or the article's dateline gives
one, with ``place_basis`` saying which; and none otherwise."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.events.lexicon import load_lexicon
from dateline.events.placing import dateline_place, fill_places
from dateline.model import Document, Event, Offsets, TextSpan
from dateline.pipeline import process

DATELINED = (
    "KABUL, Afghanistan (AP) — Gunmen attacked a police checkpoint in Kandahar on Monday. "
    "In Herat, officials said insurgents ambushed a convoy. "
    "Separately, a roadside bomb killed two engineers. "
    "Pakistan's army shelled a village on Tuesday, the ministry said."
)
UNPLACED = "Gunmen attacked a police checkpoint on Monday, officials said."


def report(nlp, text: str):
    return next(process([Document(id="t", text=text, dct="2021-05-04")], nlp=nlp))


def where(rep) -> dict[str, tuple[str | None, str | None]]:
    """trigger -> (place text, basis)"""
    return {
        e.trigger.text: (rep.places[e.place].text if e.place is not None else None, e.place_basis)
        for e in rep.events
    }


def test_clause_then_sentence_then_dateline(nlp):
    assert where(report(nlp, DATELINED)) == {
        "attacked": ("Kandahar", "clause"),
        "ambushed": ("Herat", "sentence"),  # "In Herat" is the saying's, in the same sentence
        "killed": ("KABUL", "dateline"),  # nothing in its sentence: where the article is from
        "shelled": (None, None),  # its sentence names Pakistan: the Kabul dateline is not its
    }


def test_no_dateline_no_place_in_the_sentence_means_no_place(nlp):
    assert where(report(nlp, UNPLACED)) == {"attacked": (None, None)}


def test_the_dateline_place_is_the_city_resolved(nlp):
    doc = nlp(DATELINED)
    index = dateline_place(doc)
    assert index is not None and doc._.places[index].name == "Kabul"
    assert dateline_place(nlp(UNPLACED)) is None


def _event(n: int, **kw) -> Event:
    return Event(id=f"V{n}", type="ASSAULT", trigger=TextSpan("fired", n, n + 5),
                 sentence=Offsets(0, 0), **kw)


def test_a_retelling_takes_its_incidents_place_either_way(nlp):
    doc = nlp(UNPLACED)
    events = [
        _event(1),  # the first telling names no place ...
        _event(2, same_as="V1", place=0, place_basis="sentence"),  # ... a retelling does
        _event(3, same_as="V1"),
        _event(4),  # another incident: nothing to take
    ]
    fill_places(doc, events, load_lexicon())
    assert [(e.place, e.place_basis) for e in events] == [
        (0, "incident"), (0, "sentence"), (0, "incident"), (None, None)
    ]


def test_seed_article_through_the_cli(seed_path, tmp_path, seed_text):
    """The seed has no dateline and names the JSA in a sentence without an event; the shooting's
    tellings say "in the area" / "to the area", which stands for the JSA (the Seoul of "near
    Seoul" is where the soldier was taken): the shooting is placed there, by reference or as its
    incident's; the other events stay unplaced. Under a Seoul dateline those whose sentence
    names no other country take Seoul; the dateline is no antecedent of "the area"."""
    runner = CliRunner()
    result = runner.invoke(app, ["extract", str(seed_path)])
    assert result.exit_code == 0, result.output
    seed = json.loads(result.stdout)
    placed = {
        (seed["places"][e["place"]]["name"], e["place_basis"], e["type"])
        for e in seed["events"] if e["place"] is not None
    }
    assert placed == {
        ("Joint Security Area", "reference", "ASSAULT"),
        ("Joint Security Area", "incident", "ASSAULT"),
    }
    assert all(e["type"] != "ASSAULT" for e in seed["events"] if e["place"] is None)

    datelined = tmp_path / "seoul.txt"
    datelined.write_text("SEOUL, South Korea (AP) — " + seed_text, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(datelined), "--dct", "2017-11-22"])
    assert result.exit_code == 0, result.output
    rep = json.loads(result.stdout)
    placed = {
        (rep["places"][e["place"]]["name"], e["place_basis"])
        for e in rep["events"] if e["place"] is not None
    }
    unplaced = [e["trigger"]["text"] for e in rep["events"] if e["place"] is None]
    assert placed == {
        ("Seoul", "dateline"), ("Joint Security Area", "reference"),
        ("Joint Security Area", "incident"),
    }
    # the lede's soldier is parsed differently after the dateline ("North Korean" alone a
    # nationality), so "shot" is an incident of its own there, and its sentence names the US
    assert unplaced == ["shot", "rescued"]


@pytest.mark.parametrize(("text", "expected"), [
    # a place named after the anaphor: the nearest site or city
    ("Gunmen killed two guards in the area on Monday, police said. The area lies near Kandahar.",
     ("Kandahar", "reference")),
    # "there": the nearest place named before it
    ("Troops entered Mosul on Monday. Gunmen killed two guards there, officials said.",
     ("Mosul", "reference")),
    # where the victim was taken is not where he was shot
    ("Gunmen shot a man in the area. He was taken to a hospital in Kabul.", (None, None)),
    # "the area" is narrower than a country
    ("Gunmen killed two guards in the area on Monday. Afghanistan has seen many attacks.",
     (None, None)),
    # nothing named at all
    ("Gunmen killed two guards in the area on Monday.", (None, None)),
])
def test_a_place_word_stands_for_a_place_named_elsewhere(nlp, text, expected):
    assert where(report(nlp, text))["killed" if "killed" in text else "shot"] == expected


def test_bad_input_an_empty_article_is_refused(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(empty)])
    assert result.exit_code != 0
    assert "empty.txt" in result.output


def test_the_flat_event_view_carries_the_basis(tmp_path):
    article = tmp_path / "kabul.txt"
    article.write_text(DATELINED, encoding="utf-8")
    db = str(tmp_path / "store.duckdb")
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(article), "--db", db, "--dct", "2021-05-04"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["query", "events", "--db", db, "-f", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert sorted((r["place_name"], r["place_basis"]) for r in rows if r["place_basis"]) == [
        ("Herāt", "sentence"), ("Kabul", "dateline"), ("Kandahār", "clause")
    ]
