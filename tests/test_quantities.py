"""Counts and measures: numerals, qualifiers, ranges, units, currencies, conversions, and the
numbers that are not quantities."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.model import Quantity


def quantities(nlp, text: str) -> list[Quantity]:
    return nlp(text)._.quantities


def one(nlp, text: str) -> Quantity:
    found = quantities(nlp, text)
    assert len(found) == 1, [q.text for q in found]
    return found[0]


def find(found: list[Quantity], text: str) -> list[Quantity]:
    return [q for q in found if text in q.text]


# --- numerals -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("They found 30,000 leaflets.", 30000),
        ("They found 1.7 tons of rice.", 1.7),
        ("The march covered 2 1/2 miles.", 2.5),
        ("They arrested twenty-one protesters.", 21),
        ("They arrested two protesters.", 2),
        ("They arrested a dozen protesters.", 12),
        ("They arrested two hundred and five protesters.", 205),
        ("Officials said 3 million people voted.", 3_000_000),
    ],
)
def test_numerals_in_digits_and_words(nlp, text, value):
    assert one(nlp, text).value == pytest.approx(value)


def test_vague_plurals_are_at_least_their_scale(nlp):
    q = one(nlp, "Police detained dozens of students.")
    assert (q.value, q.qualifier, q.low, q.unit) == (24, "at_least", 24, "student")
    q = one(nlp, "Hundreds of people fled.")
    assert (q.qualifier, q.low, q.unit) == ("at_least", 200, "people")


# --- qualifiers and ranges ------------------------------------------------------------


@pytest.mark.parametrize(
    ("cue", "qualifier", "bound"),
    [
        ("about", "approx", None),
        ("around", "approx", None),
        ("some", "approx", None),
        ("roughly", "approx", None),
        ("nearly", "approx", None),
        ("almost", "approx", None),
        ("approximately", "approx", None),
        ("an estimated", "approx", None),
        ("at least", "at_least", "low"),
        ("at most", "at_most", "high"),
        ("up to", "at_most", "high"),
        ("more than", "more_than", "low"),
        ("over", "more_than", "low"),
        ("upwards of", "more_than", "low"),
        ("less than", "less_than", "high"),
        ("fewer than", "less_than", "high"),
        ("under", "less_than", "high"),
    ],
)
def test_qualifier_cues(nlp, cue, qualifier, bound):
    q = one(nlp, f"The army sent {cue} 40 soldiers.")
    assert q.qualifier == qualifier
    assert q.text.lower().startswith(cue)
    assert q.unit == "soldier"
    assert q.low == (40 if bound == "low" else None)
    assert q.high == (40 if bound == "high" else None)


@pytest.mark.parametrize(
    "text",
    ["between 20 and 30 soldiers", "20-30 soldiers", "20 to 30 soldiers"],
)
def test_ranges_give_bounds(nlp, text):
    q = one(nlp, f"Witnesses saw {text} at the gate.")
    assert (q.qualifier, q.low, q.high, q.unit) == ("range", 20, 30, "soldier")
    assert q.text == text


def test_bare_counts_stay(nlp):
    found = quantities(nlp, "Police arrested 12 on Monday and two were injured.")
    assert [(q.value, q.unit) for q in found] == [(12, None), (2, None)]


def test_change_and_result_are_not_a_range(nlp):
    found = quantities(nlp, "Sales rose 8% to $33 million.")
    assert [(q.value, q.unit, q.qualifier) for q in found] == [
        (8, "%", "exact"),
        (33e6, "USD", "exact"),
    ]


def test_change_in_subunit_is_not_a_range(nlp):
    found = quantities(nlp, "The stock rose 12 cents to $4.")
    assert [(q.unit, q.qualifier) for q in found] == [("USD", "exact"), ("USD", "exact")]
    assert [q.value for q in found] == [pytest.approx(0.12), 4]


def test_currency_range_shares_the_unit(nlp):
    q = one(nlp, "It paid 175 million to 180 million Canadian dollars.")
    assert (q.low, q.high, q.unit, q.qualifier) == (175e6, 180e6, "CAD", "range")


# --- units and currencies -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "unit", "kind", "si"),
    [
        ("The wall is 4 kilometers long.", "m", "length", 4000),
        ("It is 300 feet high.", "m", "length", 91.44),
        ("The parcel weighed 60 kilograms.", "kg", "mass", 60),
        ("They seized 5 tons of cocaine.", "kg", "mass", 5000),
        ("The fire burned 10 square kilometers of forest.", "m2", "area", 1e7),
        ("They spilled 200 liters of oil.", "m3", "volume", 0.2),
        ("Winds reached 120 km/h on the coast.", "m/s", "speed", 120 / 3.6),
        ("Winds reached 60 miles per hour on the coast.", "m/s", "speed", 26.8224),
        ("It was 30 degrees Celsius at noon.", "K", "temperature", 303.15),
        ("It was 86 degrees Fahrenheit at noon.", "K", "temperature", 303.15),
        ("The talks went on for 2 1/2 hrs.", "s", "duration", 9000),
        ("Turnout was 40 percent.", "%", "percent", None),
    ],
)
def test_units_normalize_to_si(nlp, text, unit, kind, si):
    q = one(nlp, text)
    assert (q.unit, q.kind) == (unit, kind)
    assert q.si_value == (pytest.approx(si) if si is not None else None)


@pytest.mark.parametrize(
    ("text", "value", "iso"),
    [
        ("The deal was worth $27 million.", 27e6, "USD"),
        ("Aid of €3.5bn was pledged.", 3.5e9, "EUR"),
        ("The fine was 500 million won.", 5e8, "KRW"),
        ("The club paid £4m for him.", 4e6, "GBP"),
        ("It cost 12 dollars.", 12, "USD"),
        ("Shares gained 12 cents.", 0.12, "USD"),
    ],
)
def test_currencies_with_magnitude(nlp, text, value, iso):
    q = one(nlp, text)
    assert q.value == pytest.approx(value)
    assert (q.unit, q.kind) == (iso, "currency")


@pytest.mark.parametrize(
    ("text", "main", "alt"),
    [
        ("a worm 27 centimeters (10.6 inches) long", "27 centimeters", "10.6 inches"),
        ("a 4-kilometer (2 1/2-mile) wide zone", "4-kilometer", "2 1/2-mile"),
        ("he is 1.7 meters (5 feet, 7 inches) tall", "1.7 meters", "5 feet, 7 inches"),
        ("he weighs 60 kilograms (132 pounds) now", "60 kilograms", "132 pounds"),
        ("it cost $10 (8 euros) there", "$10", "8 euros"),
    ],
)
def test_parenthetical_conversion_is_one_quantity(nlp, text, main, alt):
    q = one(nlp, text)
    assert q.text == main
    assert q.alternative is not None and q.alternative.text == alt
    assert text[q.alternative.start : q.alternative.end] == alt


def test_pounds_after_kilograms_is_a_weight(nlp):
    q = one(nlp, "He weighs just 60 kilograms (132 pounds).")
    assert (q.unit, q.kind, q.si_value) == ("kg", "mass", 60)


def test_compound_measure_adds_up(nlp):
    q = one(nlp, "He is 5 feet 7 inches tall.")
    assert q.si_value == pytest.approx(5 * 0.3048 + 7 * 0.0254)


# --- counted nouns --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("He was hit at least five times.", 5, "time"),
        ("He needed two rounds of surgery.", 2, "round"),
        ("They fired about 40 rounds.", 40, "round"),
        ("Only one soldier was killed.", 1, "soldier"),
        ("Surgeons removed dozens of parasites.", 24, "parasite"),
    ],
)
def test_counted_noun_is_its_lemma(nlp, text, value, unit):
    q = one(nlp, text)
    assert (q.value, q.unit, q.kind) == (value, unit, "count")


# --- not quantities -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The war of 1950-53 ended in a truce.",
        "It happened in 2017 after a long delay.",
        "The meeting starts at 5 p.m. sharp.",
        "Call 555-123-4567 for tickets.",
        "He came first and she came third.",
        "One briefly followed him across the border.",
        "Soldiers sprint to the area; one hurries across the line.",
        'He acted "one, by firing weapons, and two, by crossing the line."',
        "Soldiers stood just meters (feet) away.",
        "The Jays led 33-26 at the half.",
        "Flight 370 vanished over the sea.",
        "He wore the No. 5 shirt.",
    ],
)
def test_numbers_that_are_not_quantities(nlp, text):
    assert quantities(nlp, text) == []


def test_numbers_inside_time_expressions_are_left_to_timex(nlp):
    from dateline.model import Timex

    text = "The border has been quiet for more than three decades, officials said."
    doc = nlp(text)
    start = text.index("three")
    doc._.timexes = [Timex("three decades", start, start + 13, "DURATION", "P3DE")]
    nlp.get_pipe("dateline_quantities")(doc)
    assert doc._.quantities == []


def test_malformed_numerals_are_skipped(nlp):
    found = quantities(nlp, "Values 1,2,3,,4 and 3..5 were typed.")
    assert all("1,2,3" not in q.text and "3..5" not in q.text for q in found)
    assert not any(q.value in (3, 5) for q in found)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n ",
        "9" * 5000 + " soldiers died.",
        "$" + "1" * 3000 + " million",
        "1,2,3,,4 3..5 1/0 0/0 --- 12-- -- 5-",
        "Солдаты 30 北朝鮮 40 兵士 about ٣٠ rounds",
        "between and to - about at least",
    ],
)
def test_bad_input_does_not_crash(nlp, text):
    for q in quantities(nlp, text):
        assert text[q.start : q.end] == q.text
        assert q.value is None or q.value == q.value  # not NaN


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from([*"0123456789,.-/$€ ()abmk", " about ", " to ", " feet", " dozen"]),
        max_size=40,
    ).map("".join)
)
def test_random_numeric_garbage(nlp, text):
    for q in quantities(nlp, text):
        assert text[q.start : q.end] == q.text


# --- the seed -------------------------------------------------------------------------


def test_seed_quantities(seed_report, seed_text):
    found = seed_report.quantities
    assert [q.start for q in found] == sorted(q.start for q in found)
    for q in found:
        assert seed_text[q.start : q.end] == q.text

    def facts(text):
        return [(q.value, q.qualifier, q.unit) for q in find(found, text)]

    assert facts("five times") == [(5, "at_least", "time")] * 2
    assert facts("40 rounds") == [(40, "approx", "round")] * 2
    assert facts("two rounds") == [(2, "exact", "round")]
    assert facts("30,000") == [(30000, "approx", "North Korean")]
    assert facts("parasites") == [(24, "at_least", "parasite")]

    km = find(found, "4-kilometer")[0]
    assert (km.unit, km.si_value, km.alternative.text) == ("m", 4000, "2 1/2-mile")
    cm = find(found, "27 centimeters")[0]
    assert (cm.unit, cm.si_value, cm.alternative.text) == ("m", pytest.approx(0.27), "10.6 inches")
    tall = find(found, "1.7 meters")[0]
    assert (tall.value, tall.unit, tall.alternative.text) == (1.7, "m", "5 feet, 7 inches")
    kg = find(found, "60 kilograms")[0]
    assert (kg.value, kg.unit, kg.kind, kg.alternative.text) == (60, "kg", "mass", "132 pounds")

    # alternatives are not facts of their own; nor are years, dates, pronouns, list markers
    for text in ("10.6", "132", "2 1/2", "5 feet", "1950", "2017", "November", "One", "one"):
        assert not any(q.text.startswith(text) for q in found), text
    assert not find(found, "meters (feet)")
