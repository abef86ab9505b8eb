"""The "Why" of issue 17, each checked as fixed: what did not happen is not scored, a time of
the night before is not dated after the publication, "earlier this month" ends at the article's
date, and a dateline word is not an actor."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import dateline
from dateline.cli import app


def _events(text: str, dct: str | None = "2017-11-22") -> dict:
    return {e.trigger.text: e for e in dateline.extract(text, dct=dct).events}


def test_a_negated_exchange_of_fire_is_not_scored(nlp):
    (event,) = _events("North and South Korean soldiers didn't exchange fire.").values()
    assert event.negated and event.type == "ASSAULT"
    assert (event.quad_class, event.score, event.acled_type, event.acled_subtype) == (None,) * 4


def test_the_night_before_at_10_pm_is_not_after_a_morning_publication(nlp):
    """Published Wednesday 2017-11-22 (09:30): Tuesday night at 10 p.m. is the 21st, 22:00."""
    event = _events("Gunmen attacked a police checkpoint Tuesday night, killing three officers "
                    "at about 10 p.m., police said.")["killing"]
    assert event.time.value == "2017-11-21T22:00"
    assert event.time.latest == "2017-11-21"


@pytest.mark.parametrize(("phrase", "earliest", "latest"), [
    ("earlier this month", "2017-11-01", "2017-11-22"),
    ("Earlier this week", "2017-11-20", "2017-11-22"),
    ("last month", "2017-10-01", "2017-10-31"),  # a period before the date: left as it is
])
def test_earlier_this_period_ends_at_the_article_date(nlp, phrase, earliest, latest):
    (event,) = _events(f"Rebels attacked the town {phrase}, officials said.").values()
    assert (event.time.earliest, event.time.latest) == (earliest, latest)


def test_later_this_year_starts_at_the_article_date(nlp):
    (event,) = _events("The army will attack the town later this year.").values()
    assert (event.time.value, event.time.earliest, event.time.latest) == (
        "2017", "2017-11-22", "2017-12-31")


def test_without_an_article_date_the_period_stays_whole(nlp):
    (event,) = _events("Rebels attacked the town in November 2017, officials said.",
                       dct=None).values()
    assert (event.time.earliest, event.time.latest) == ("2017-11-01", "2017-11-30")


@pytest.mark.parametrize("opening", ["KABUL —", "KABUL, Afghanistan —"])
def test_a_dateline_word_is_not_an_actor(nlp, opening):
    event = _events(f"{opening} Gunmen killed two guards on Monday.")["killed"]
    assert event.actor_text == "Gunmen"


def test_through_the_cli(tmp_path):
    article = tmp_path / "kabul.txt"
    article.write_text("KABUL — Gunmen killed two guards earlier this month.", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(article), "--dct", "2017-11-22"])
    assert result.exit_code == 0, result.output
    (event,) = json.loads(result.stdout)["events"]
    entities = {e["id"]: e["text"] for e in json.loads(result.stdout)["entities"]}
    assert entities.get(event["actor"]) != "KABUL"
    assert event["time"]["latest"] == "2017-11-22"


def test_bad_input_only_a_dateline(tmp_path):
    article = tmp_path / "bare.txt"
    article.write_text("KABUL —", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(article), "--dct", "2017-11-22"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["events"] == []
