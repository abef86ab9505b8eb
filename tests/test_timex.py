"""The timex component: each TIMEX3 family normalized against a document date, tense, anaphora,
missing dates and garbage input."""

from __future__ import annotations

import re

import pytest

DCT = "2017-11-22"  # a Wednesday


@pytest.fixture(scope="module")
def tag(timex_doc):
    """spaCy's own pipes plus the timex component only: (text, dct) -> list of Timex."""

    def _tag(text: str, dct: str | None = DCT):
        doc = timex_doc(text, dct)
        for t in doc._.timexes:
            assert doc.text[t.start : t.end] == t.text
        return doc._.timexes

    return _tag


def one(timexes, text: str):
    found = [t for t in timexes if t.text == text]
    assert found, f"{text!r} not tagged; got {[t.text for t in timexes]}"
    return found[0]


@pytest.mark.parametrize(
    ("text", "expr", "value"),
    [
        ("It was signed on November 22, 2017.", "November 22, 2017", "2017-11-22"),
        ("It was signed on 22 November 2017.", "22 November 2017", "2017-11-22"),
        ("It was signed 2017-11-22.", "2017-11-22", "2017-11-22"),
        ("It was signed 11/22/2017.", "11/22/2017", "2017-11-22"),
        ("It was signed in Nov. 2016.", "Nov. 2016", "2016-11"),
        ("It was signed in 2016.", "2016", "2016"),
        ("Prices rose in the 1990s.", "1990s", "199"),
        ("Prices rose in the nineties.", "the nineties", "199"),
        ("Prices fell in the '80s.", "'80s", "198"),
        ("It shaped the 20th century.", "the 20th century", "19"),
        ("Sales fell in the third quarter.", "the third quarter", "2017-Q3"),
        ("Sales fell in the first half.", "the first half", "2017-H1"),
        ("They met last week.", "last week", "2017-W46"),
        ("They meet this week.", "this week", "2017-W47"),
        ("They met yesterday.", "yesterday", "2017-11-21"),
        ("They meet tomorrow.", "tomorrow", "2017-11-23"),
        ("They met today.", "today", "2017-11-22"),
        ("They met three years ago.", "three years ago", "2014"),
        ("They met two weeks ago.", "two weeks ago", "2017-W45"),
        ("They met last summer.", "last summer", "2017-SU"),
        ("It sold nineteen ninety-six models.", "nineteen ninety-six", "1996"),
        ("Women's Day is this Sunday, March eighth.", "Sunday, March eighth", "2018-03-08"),
        (
            "The vote is on the twenty-first of December.",
            "the twenty-first of December",
            "2017-12-21",
        ),
        ("It happened about March 5.", "about March 5", "2017-03-05"),
    ],
)
def test_dates(tag, text, expr, value):
    t = one(tag(text), expr)
    assert (t.type, t.value) == ("DATE", value)


@pytest.mark.parametrize(
    ("text", "expr", "value"),
    [
        ("The army is now ready.", "now", "PRESENT_REF"),
        ("He is currently abroad.", "currently", "PRESENT_REF"),
        ("He recently left.", "recently", "PAST_REF"),
        ("That was true in the past.", "the past", "PAST_REF"),
        ("It may change in the future.", "the future", "FUTURE_REF"),
        ("Islam will one day be the largest faith.", "one day", "FUTURE_REF"),
        ("He hopes someday to return.", "someday", "FUTURE_REF"),
    ],
)
def test_references(tag, text, expr, value):
    assert one(tag(text), expr).value == value


@pytest.mark.parametrize(
    ("text", "expr", "value", "mod"),
    [
        ("The siege lasted three days.", "three days", "P3D", None),
        ("The talks lasted two hours.", "two hours", "PT2H", None),
        ("It lasted twenty-one days.", "twenty-one days", "P21D", None),
        ("It lasted a decade.", "a decade", "P10Y", None),
        ("It lasted more than three decades.", "more than three decades", "P30Y", "MORE_THAN"),
        ("It lasted about 10 years.", "about 10 years", "P10Y", "APPROX"),
        ("It lasted at least 72 hours.", "at least 72 hours", "PT72H", "EQUAL_OR_MORE"),
        ("It lasted less than a week.", "less than a week", "P1W", "LESS_THAN"),
        ("It lasted half an hour.", "half an hour", "PT30M", None),
        ("He stayed for years.", "years", "PXY", None),
        (
            "The craft goes back more than two thousand years.",
            "more than two thousand years",
            "P2000Y",
            "MORE_THAN",
        ),
        ("The dynasty ruled for three hundred years.", "three hundred years", "P300Y", None),
        ("It will take one day to fix.", "one day", "P1D", None),
        # digit fractions, and the kinds of day a count can name
        ("The envoy spent 5 1/2 hours in Nairobi.", "5 1/2 hours", "PT5H30M", None),
        ("They lived in the camps for 2 1/2 years.", "2 1/2 years", "P2Y6M", None),
        ("Shares fell for eight trading days.", "eight trading days", "P8D", None),
        ("Refunds take five business days.", "five business days", "P5D", None),
    ],
)
def test_durations(tag, text, expr, value, mod):
    t = one(tag(text), expr)
    assert (t.type, t.value, t.mod) == ("DURATION", value, mod)


@pytest.mark.parametrize(
    ("text", "expr", "value", "mod"),
    [
        ("Growth slowed in early 2017.", "early 2017", "2017", "START"),
        ("Growth slowed in mid-2016.", "mid-2016", "2016", "MID"),
        ("Growth slowed at the end of 2016.", "the end of 2016", "2016", "END"),
        ("Growth slowed in the late 1980s.", "the late 1980s", "198", "END"),
        ("Growth slowed earlier this year.", "earlier this year", "2017", "START"),
    ],
)
def test_modifiers(tag, text, expr, value, mod):
    t = one(tag(text), expr)
    assert (t.value, t.mod) == (value, mod)


def test_range_gives_both_years(tag):
    values = [(t.text, t.value) for t in tag("He fought in the 1950-53 Korean War.")]
    assert values == [("1950", "1950"), ("53", "1953")]


@pytest.mark.parametrize(
    ("text", "expr", "type_", "value"),
    [
        ("They met at 2:30 p.m.", "2:30 p.m.", "TIME", "2017-11-22T14:30"),
        ("The vote closed at 14:30 GMT.", "14:30 GMT", "TIME", "2017-11-22T14:30"),
        ("They met this morning.", "this morning", "TIME", "2017-11-22TMO"),
        ("They met last night.", "last night", "TIME", "2017-11-21TNI"),
        ("They met Friday night.", "Friday night", "DATE", "2017-11-17TNI"),
    ],
)
def test_times_and_parts_of_day(tag, text, expr, type_, value):
    t = one(tag(text), expr)
    assert (t.type, t.value) == (type_, value)


@pytest.mark.parametrize(
    ("text", "expr", "value", "quant", "freq"),
    [
        ("They meet every year.", "every year", "P1Y", "EVERY", None),
        ("They meet each Monday.", "each Monday", "XXXX-WXX-1", "EACH", "1W"),
        ("The paper comes out daily.", "daily", "P1D", None, "1X"),
        ("They meet twice a year.", "twice a year", "P1Y", "EVERY", "2X"),
        ("Qantas runs four flights a week.", "a week", "P1W", "EVERY", None),
        ("It sells fifty thousand CDs a year.", "a year", "P1Y", "EVERY", None),
        ("Qantas runs eleven flights a week.", "a week", "P1W", "EVERY", None),
    ],
)
def test_sets(tag, text, expr, value, quant, freq):
    t = one(tag(text), expr)
    assert (t.type, t.value, t.quant, t.freq) == ("SET", value, quant, freq)


@pytest.mark.parametrize(
    ("text", "expr", "dct", "value"),
    [
        ("The soldier defected on Monday.", "Monday", DCT, "2017-11-20"),
        ("The soldier will defect on Monday.", "Monday", DCT, "2017-11-27"),
        ("In December, sales fell sharply.", "December", "2018-02-15", "2017-12"),
        ("The vote will be held in March.", "March", DCT, "2018-03"),
        ("Talks are expected to resume in January.", "January", DCT, "2018-01"),
        ("The ceremony was held on Thanksgiving.", "Thanksgiving", "2017-12-20", "2017-11-23"),
        ("They will celebrate Christmas at home.", "Christmas", DCT, "2017-12-25"),
        ("He said the deadline is Nov. 30.", "Nov. 30", DCT, "2017-11-30"),
        (
            "Police have been hunting him since the Aug. 2 raid.",
            "Aug. 2",
            "2018-03-10",
            "2017-08-02",
        ),
        ("The board named a new chief, effective March 1.", "March 1", DCT, "2018-03-01"),
        ("The board named a new chief in March.", "March", DCT, "2017-03"),
    ],
)
def test_tense_decides_direction(tag, text, expr, dct, value):
    assert one(tag(text, dct), expr).value == value


@pytest.mark.parametrize(
    ("text", "expr", "value"),
    [
        # intention verbs look ahead even in a past-tense report (DCT Wednesday 2017-11-22)
        ("The delegation planned to fly home on Friday.", "Friday", "2017-11-24"),
        ("The talks were set to reopen Monday in Geneva.", "Monday", "2017-11-27"),
        # ... unless the plan itself lies in the past (past perfect)
        ("The permit had been due to lapse Monday.", "Monday", "2017-11-20"),
        # a prospective modal dates its own clause forward
        ("The envoy could arrive as early as Friday.", "Friday", "2017-11-24"),
        ("Officials said the bridge might reopen Monday.", "Monday", "2017-11-27"),
        ("Aides said the minister would be flying home Friday.", "Friday", "2017-11-24"),
        # a past plan verb dates the planned event after it, not the planning before it
        ("The union has scheduled a walkout Monday.", "Monday", "2017-11-27"),
        ("Farmers planned a rally on Friday near the capital.", "Friday", "2017-11-24"),
        ("On Monday, farmers planned their next steps.", "Monday", "2017-11-20"),
        ("A rally planned for Monday was called off.", "Monday", "2017-11-20"),
        # ... but not a noun phrase inside it, nor a reduced relative
        ("Lawyers said they would contest Monday's verdict.", "Monday", "2017-11-20"),
        ("Lawyers asked judges to lift the ban imposed Monday.", "Monday", "2017-11-20"),
        # a subject infinitive takes the tense of its clause's verb, not the future
        (
            "The first countries to sign the pact on Monday were Chile and Peru.",
            "Monday",
            "2017-11-20",
        ),
        # a past verb of putting off: its "until" date is the new deadline, still ahead
        (
            "Officials postponed until Monday morning any action on the permit.",
            "Monday morning",
            "2017-11-27TMO",
        ),
        (
            "The agency extended its deadline until 9 a.m. Friday.",
            "9 a.m. Friday",
            "2017-11-24T09:00",
        ),
        # ... but what merely lasted until a day ended then
        ("The talks lasted until Monday.", "Monday", "2017-11-20"),
        # a weekday's thing in the present exists already; in the future it is still ahead
        ("The bonds carry a premium over Friday's closing price.", "Friday", "2017-11-17"),
        ("The minister will attend Friday's meeting.", "Friday", "2017-11-24"),
    ],
)
def test_weekday_direction_cues(tag, text, expr, value):
    assert one(tag(text), expr).value == value


@pytest.mark.parametrize(
    ("text", "expr", "type_", "value"),
    [
        ("Profit rose in the year ended June 30.", "the year", "DURATION", "P1Y"),
        ("Sales for the fiscal year ending March 31 grew.", "the fiscal year", "DURATION", "P1Y"),
        ("Sales grew during the year.", "the year", "DURATION", "P1Y"),
        ("Analysts expect a loss for the full year.", "the full year", "DATE", "2017"),
        ("For the week, the index lost 2%.", "the week", "DATE", "2017-W47"),
    ],
)
def test_reporting_periods(tag, text, expr, type_, value):
    t = one(tag(text), expr)
    assert (t.type, t.value) == (type_, value)


def test_weekdays_of_a_named_week(tag):
    timexes = tag("The summit ran from Monday to Wednesday last week.")
    assert [t.value for t in timexes] == ["2017-11-13", "2017-11-15", "2017-W46"]


def test_anaphora_resolve_to_last_mentioned_date(tag):
    text = (
        "The soldier crossed on Nov. 13. The following day, troops fired. "
        "Officials met that week. The day before, talks had failed."
    )
    timexes = tag(text)
    assert one(timexes, "Nov. 13").value == "2017-11-13"
    assert one(timexes, "The following day").value == "2017-11-14"
    assert one(timexes, "that week").value == "2017-W46"
    assert one(timexes, "The day before").value == "2017-11-13"


def test_hour_with_part_of_day_and_that_same_day(tag):
    timexes = tag("The ferry sank on Nov. 13 at 3 in the morning. Divers arrived that same day.")
    t = one(timexes, "3 in the morning")
    assert (t.type, t.value) == ("TIME", "2017-11-13T03:00")
    assert one(timexes, "that same day").value == "2017-11-13"
    assert one(tag("The vote closes at 8 in the evening."), "8 in the evening").value.endswith(
        "T20:00"
    )


def test_a_newspaper_called_a_daily_is_no_set(tag):
    assert tag("The Communist Party daily Granma said so.") == []
    assert one(tag("Qantas plans daily flights."), "daily").type == "SET"


def test_a_number_of_years_in_words_is_no_year(tag):
    assert [t.value for t in tag("The tree is two thousand years old.")] == []
    assert one(tag("In two thousand, the census was taken."), "two thousand").value == "2000"


def test_quarter_ended_on_a_day_is_the_quarter_that_day_closes(tag):
    text = "For the quarter ended Sept. 30, net rose from a loss a year earlier."
    timexes = tag(text, "1989-10-26")
    assert one(timexes, "the quarter").value == "1989-Q3"
    assert one(timexes, "a year earlier").value == "1988-Q3"
    fiscal = tag("Net rose in the fiscal first quarter. For the quarter ended Sept. 30, it rose.")
    assert one(fiscal, "the quarter").value.endswith("-Q1")  # a named fiscal quarter holds


@pytest.mark.parametrize(
    "phrase",
    ["the corresponding period last year", "last year's quarter", "the quarter a year earlier"],
)
def test_reported_quarter_a_year_back(tag, phrase):
    text = f"Sales rose in the second quarter, against a loss in {phrase}."
    assert one(tag(text), phrase).value == "2016-Q2"


@pytest.mark.parametrize("rel", ["year-earlier", "year-ago"])
def test_year_earlier_ordinal_quarter_is_one_expression(tag, rel):
    timexes = tag(f"Profit rose in the third quarter. In the {rel} third quarter, it lost money.")
    t = one(timexes, f"the {rel} third quarter")
    assert t.value == "2016-Q3"
    assert not any(x.text == rel for x in timexes)


def test_year_earlier_after_nine_months_compares_years(tag):
    text = (
        "Net rose in the third quarter from a loss a year earlier. In the first nine months, "
        "net was $30 million, compared with $20 million a year earlier."
    )
    timexes = tag(text)
    earlier = [t.value for t in timexes if t.text == "a year earlier"]
    assert earlier == ["2016-Q3", "2016"]


def test_the_1988_quarter_is_a_quarter(tag):
    text = "Profit fell in the third quarter. It earned $3 million in the 2016 quarter."
    assert one(tag(text), "the 2016 quarter").value == "2016-Q3"
    # no quarter named before: the quarter just ended at the document date
    assert one(tag("It earned $3 million in the 2016 quarter."), "the 2016 quarter").value == (
        "2016-Q3"
    )


@pytest.mark.parametrize(
    ("text", "expr", "value"),
    [
        ("Earnings will be lower for the last half of 2018.", "the last half of 2018", "2018-H2"),
        ("It lasts the first two quarters of 2018.", "the first two quarters of 2018", "2018-H1"),
        ("Sales were flat in the last half of the '80s.", "the last half of the '80s", "198"),
        (
            "It grew in the first half of the 20th century.",
            "the first half of the 20th century",
            "19",
        ),
    ],
)
def test_part_of_a_year_or_decade(tag, text, expr, value):
    assert one(tag(text), expr).value == value


def test_forecast_quarter_is_no_anchor_for_year_ago(tag):
    text = (
        "Profit rose in the third quarter. The firm sees gains in the second quarter of 2019. "
        "In the year-ago period it lost money."
    )
    assert one(tag(text), "the year-ago period").value == "2016-Q3"


def test_coarse_anaphora_follow_the_last_month_or_year(tag):
    # a day of the DCT's year was mentioned first; the month/year anaphora follow what came later
    text = (
        "The strike began on Nov. 2. Talks had failed in March 2011. "
        "The following month, miners walked out. They had marched in June 1998 "
        "and again later that year."
    )
    timexes = tag(text)
    assert one(timexes, "Nov. 2").value == "2017-11-02"
    assert one(timexes, "The following month").value == "2011-04"
    assert one(timexes, "later that year").value == "1998"


@pytest.mark.parametrize(
    ("text", "expr", "value"),
    [
        ("Hate groups grew over the past year.", "the past year", "2016"),
        ("Wages lost ground in the last decade.", "the last decade", "200"),
        ("The plant will close over the next year or so.", "the next year or so", "2018"),
        ("Sales reached $6 billion in the latest fiscal year.", "the latest fiscal year", "2016"),
    ],
)
def test_the_past_year_is_the_previous_calendar_year(tag, text, expr, value):
    t = one(tag(text), expr)
    assert (t.type, t.value) == ("DATE", value)


def test_the_past_weeks_and_plural_units_stay_durations(tag):
    assert one(tag("He has stayed here for the last week."), "the last week").type == "DURATION"
    t = one(tag("The last two years were hard."), "The last two years")
    assert (t.type, t.value) == ("DURATION", "P2Y")
    assert one(tag("Prices rose over the past year.", dct=None), "the past year").value == "XXXX"


@pytest.mark.parametrize(
    ("text", "expr", "value"),
    [
        ("Kidnappings have risen in recent years.", "recent years", "PXY"),
        ("Officials voiced concern in recent months.", "recent months", "PXM"),
        ("Talks stalled in recent days.", "recent days", "PXD"),
    ],
)
def test_recent_units_are_vague_durations(tag, text, expr, value):
    t = one(tag(text), expr)
    assert (t.type, t.value) == ("DURATION", value)


@pytest.mark.parametrize(
    "text",
    [
        "The case is for today's youth what the blockade was for their parents.",
        "In today's world, such a test is cheap.",
        "For the people of the town, high noon comes at last.",
        'The minister said on ABC\'s "This Week" that talks would go on.',
        "Protesters gathered at the annual March for Life on Capitol Hill.",
        "Now, he says, the plan looks dead.",
    ],
)
def test_phrases_that_date_nothing(tag, text):
    assert tag(text) == []


def test_today_of_a_specific_event_is_still_tagged(tag):
    assert one(tag("Today's vote was close."), "Today").value == DCT
    assert one(tag("The offer ran in today's editions."), "today").value == DCT
    assert one(tag("They meet this week."), "this week").value == "2017-W47"
    assert one(tag("It closed in March of 2016."), "March of 2016").value == "2016-03"
    assert one(tag("Now the alliance is larger."), "Now").value == "PRESENT_REF"


def test_bare_july_is_a_month_and_year_spans_tag_both_years(tag):
    assert one(tag("It began buying the stock in July."), "July").value == "2017-07"
    values = [t.value for t in tag("He was arrested twice from 1991 to 1997.")]
    assert values == ["1991", "1997"]
    assert "1991" not in [t.value for t in tag("It sold 1991 to 2000 buyers.")]


@pytest.mark.parametrize(
    ("text", "expr", "value", "mod"),
    [
        ("Three days later, the index was down.", "Three days", "P3D", None),
        ("A few days later, it reported a loss.", "A few days", "PXD", None),
        ("Just over an hour later, he was declared dead.", "over an hour", "PT1H", "MORE_THAN"),
        ("A day earlier, trucks crossed the border.", "A day", "P1D", None),
    ],
)
def test_span_before_later_is_a_duration_without_the_signal(tag, text, expr, value, mod):
    t = one(tag(text), expr)
    assert (t.type, t.value, t.mod) == ("DURATION", value, mod)


def test_a_year_earlier_and_ago_stay_dates(tag):
    assert one(tag("A year earlier, it earned $5 million."), "A year earlier").type == "DATE"
    assert one(tag("It happened two weeks ago."), "two weeks ago").value == "2017-W45"


@pytest.mark.parametrize(
    ("text", "expr", "value"),
    [
        (
            "One person died. January nineteen ninety-seven.",
            "January nineteen ninety-seven",
            "1997-01",
        ),
        (
            "Oil fell to that level in the winter of nineteen ninety-four.",
            "the winter of nineteen ninety-four",
            "1994-WI",
        ),
        ("It was built in nineteen eighty-two.", "nineteen eighty-two", "1982"),
    ],
)
def test_years_said_in_words_join_their_month_or_season(tag, text, expr, value):
    assert one(tag(text), expr).value == value


def test_second_day_of_a_pair_shares_the_month(tag):
    timexes = tag("The summit will be held on December 4 and 5.")
    assert [(t.text, t.value) for t in timexes] == [
        ("December 4", "2017-12-04"),
        ("5", "2017-12-05"),
    ]
    assert [t.text for t in tag("The vote fell on December 4 and 5 percent left.")] == [
        "December 4"
    ]


@pytest.mark.parametrize(
    ("text", "expr", "value"),
    [
        ("He was shot to death last Dec. 23 at his home.", "Dec. 23", "2016-12-23"),
        ("He was hurt last Nov. 2 in a crash.", "Nov. 2", "2017-11-02"),
        ("The vote is next March 3.", "March 3", "2018-03-03"),
    ],
)
def test_last_and_next_before_a_day_of_month(tag, text, expr, value):
    assert one(tag(text), expr).value == value


@pytest.mark.parametrize(
    ("text", "dct", "value"),
    [
        ("Two helicopters crashed last February.", "1998-03-01", "1997-02"),
        ("The talks ended last May.", "1998-03-01", "1997-05"),
        ("The talks ended last January.", "1998-03-01", "1998-01"),
        ("This past February was cold.", "1998-03-01", "1998-02"),
        ("The vote is next April.", "1998-03-01", "1999-04"),
        ("The vote is next June.", "1998-03-01", "1998-06"),
        ("The vote is this coming April.", "1998-03-01", "1998-04"),
    ],
)
def test_last_or_next_month_name_skips_the_adjacent_month(tag, text, dct, value):
    """The month just past or just ahead has its own name ("last month"), so "last February"
    written in March is February a year back; "this past" and "this coming" keep the nearest."""
    (timex,) = [t for t in tag(text, dct=dct) if t.type == "DATE"]
    assert timex.value == value


def test_month_before_a_noun_is_not_pushed_ahead_by_a_future_clause(tag):
    text = "It is trying to sell itself under a June agreement with a group."
    assert one(tag(text), "June").value == "2017-06"
    assert one(tag("It will sell the unit in June."), "June").value == "2018-06"


def test_without_document_date_relative_values_keep_placeholders(tag):
    timexes = tag(
        "On Monday, after the vote of November 22, 2017, he left; last year was hard; "
        "yesterday it rained, in December it snowed.",
        dct=None,
    )
    values = {t.text: t.value for t in timexes}
    assert values["Monday"] == "XXXX-WXX-1"
    assert values["November 22, 2017"] == "2017-11-22"
    assert values["last year"] == "XXXX"
    assert values["yesterday"] == "XXXX-XX-XX"
    assert values["December"] == "XXXX-12"


def test_seed_article(tag, seed_text):
    timexes = tag(seed_text)
    assert one(timexes, "today").value == "2017-11-22"
    assert one(timexes, "November 22, 2017").value == "2017-11-22"
    decades = one(timexes, "more than three decades")
    assert (decades.type, decades.value, decades.mod) == ("DURATION", "P30Y", "MORE_THAN")
    assert {"1950", "1953"} <= {t.value for t in timexes}


def test_seed_report_carries_timexes(seed_report):
    assert any(t.value == "P30Y" for t in seed_report.timexes)


_VALID = re.compile(
    r"(?:\d{4}|X{4}|\d{2,3})(?:-(?:\d{2}|XX|W\d{2}|WXX|Q[1-4X]|H[12X]|SP|SU|FA|WI)"
    r"(?:-(?:\d{2}|XX|\d|WE))?)?(?:T[\w:]+)?|P[\dX.]+[YMWDQECL]|PT[\dX.]+[HMS]|"
    r"(?:PRESENT|PAST|FUTURE)_REF"
)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "9" * 5000,
        "32/13/2017 and 2017-13-45 and 99:99 and 31/02/2017",
        "東京 2017年11月 Москва 12:99 ١٢/٣/٢٠١٧ May may MAY 𝟚𝟘𝟙𝟟",
        "a " * 5000 + "year",
        "Monday " * 300,
        "<TIMEX3>&amp;</TIMEX3> \x00\x01 \u202e 2017",
    ],
)
def test_garbage_does_not_crash_or_invent_dates(tag, text):
    for dct in (DCT, None):
        for t in tag(text, dct):
            assert _VALID.fullmatch(t.value), t
            assert "-13" not in t.value and "-32" not in t.value


def test_every_rule_has_a_normalizer():
    from dateline.time.lexicon import load_lexicon
    from dateline.time.tagger import NORMALIZERS

    assert {r.name for r in load_lexicon().rules} <= set(NORMALIZERS)


def test_a_number_with_thousands_separator_is_not_split_into_a_rate(tag):
    """A count with a thousands separator ("358,000 a month") is not split into a rate."""
    timexes = tag("The economy created jobs at a rate of 358,000 a month.")
    assert [t.text for t in timexes] == ["a month"]
    assert (timexes[0].type, timexes[0].value) == ("SET", "P1M")


def test_a_count_before_a_year_ago_is_no_rate(tag):
    timexes = tag("It runs 13 plants, up from seven a year ago.")
    assert [(t.text, t.value) for t in timexes] == [("a year ago", "2016")]


@pytest.mark.parametrize(
    ("text", "expr"),
    [
        ("It made money after several quarters of losses.", "several quarters"),
        ("Insurers have struggled in recent quarters.", "recent quarters"),
    ],
)
def test_vague_counts_of_quarters_are_durations_not_fractions(tag, text, expr):
    t = one(tag(text), expr)
    assert (t.type, t.value) == ("DURATION", "PXQ")


def test_an_exact_count_of_quarters_of_something_is_a_fraction(tag):
    assert tag("Three quarters of the vote went to him.") == []


def test_part_of_day_of_a_named_day_is_not_the_documents(tag):
    """TempEval-3 tags the day of "the morning of Nov. 13"; the morning is not the DCT's."""
    assert [(t.text, t.value) for t in tag("She arrived on the morning of Nov. 13.")] == [
        ("Nov. 13", "2017-11-13")
    ]
    assert tag("He left on the morning of the attack.") == []
