"""event_time: a date from a time expression governing the trigger's clause, else bounds from the
document date and tense, else unknown; never silently the publication date."""

from __future__ import annotations

import pytest

from dateline.time.anchoring import event_time

DCT = "2017-11-22"


@pytest.fixture(scope="module")
def parse(timex_doc):
    return timex_doc


def token(doc, text: str):
    return next(t for t in doc if t.text == text)


def test_timex_in_clause_dates_the_event(parse):
    doc = parse("Police arrested the suspect on Monday.")
    time = event_time(doc, token(doc, "arrested"))
    assert (time.value, time.earliest, time.latest) == ("2017-11-20", "2017-11-20", "2017-11-20")
    assert (time.precision, time.basis) == ("day", "text")


def test_coarse_timex_gives_bounds(parse):
    doc = parse("The company was founded in 1995.")
    time = event_time(doc, token(doc, "founded"))
    assert (time.value, time.earliest, time.latest) == ("1995", "1995-01-01", "1995-12-31")
    assert time.precision == "year"


def test_timex_of_an_embedded_clause_does_not_date_the_reporting_event(parse):
    doc = parse("He said on Tuesday that the soldiers fled in 2015.")
    said = event_time(doc, token(doc, "said"))
    fled = event_time(doc, token(doc, "fled"))
    assert said.value == "2017-11-21"
    assert fled.value == "2015"


def test_nominal_trigger_takes_its_own_date(parse):
    doc = parse("Officials described the shooting on Nov. 13 as a violation.")
    time = event_time(doc, token(doc, "shooting"))
    assert time.value == "2017-11-13"


def test_undated_past_event_is_bounded_not_dated(parse):
    doc = parse("Troops fired shots at the soldier.")
    time = event_time(doc, token(doc, "fired"))
    assert time.basis == "dct-bound"
    assert (time.value, time.earliest, time.latest) == (None, None, DCT)


def test_undated_future_event_starts_after_dct(parse):
    doc = parse("The army will hold drills.")
    time = event_time(doc, token(doc, "hold"))
    assert (time.basis, time.earliest, time.latest) == ("dct-bound", DCT, None)


def test_untensed_event_that_happened_is_bounded_by_dct(parse):
    doc = parse("The military said soldiers used rifles to fire 40 rounds at the defector.")
    fire = token(doc, "fire")
    assert event_time(doc, fire).basis == "unknown"  # no tense, nothing known
    time = event_time(doc, fire, happened=True)  # the report has it happen
    assert (time.basis, time.earliest, time.latest) == ("dct-bound", None, DCT)


def test_no_document_date_means_unknown(parse):
    doc = parse("Troops fired shots at the soldier.", dct=None)
    time = event_time(doc, token(doc, "fired"))
    assert (time.basis, time.value, time.earliest, time.latest) == ("unknown", None, None, None)


def test_reference_values_bound_by_dct(parse):
    doc = parse("He recently resigned.")
    time = event_time(doc, token(doc, "resigned"))
    assert (time.value, time.latest, time.basis) == ("PAST_REF", DCT, "text")


def test_relative_clause_keeps_its_own_date(parse):
    doc = parse("The soldier, who defected in 2015, spoke on Monday.")
    assert event_time(doc, token(doc, "defected")).value == "2015"
    assert event_time(doc, token(doc, "spoke")).value == "2017-11-20"


def test_possessive_date_of_a_nominal_event(parse):
    doc = parse("Friday's attack killed five.")
    assert event_time(doc, token(doc, "attack")).value == "2017-11-17"
