"""event_time: a date from a time expression governing the trigger's clause, else bounds from the
document date and tense, else unknown; never silently the publication date."""

from __future__ import annotations

import re

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


@pytest.mark.parametrize(
    ("text", "trigger", "value"),
    [
        # conjoined verbs with one subject share the first one's date
        ("The president on Monday condemned the attack and offered condolences.", "offered",
         "2017-11-20"),
        # a bare participle shares the date of the clause it adjoins
        ("Retaliating for the raid, the army launched strikes on Sunday.", "Retaliating",
         "2017-11-19"),
        # a when-clause happens at its main clause's date, and the other way round
        ("He was cooking dinner on Friday when he was shot.", "shot", "2017-11-17"),
        ("Officials spoke as dawn broke on Sunday.", "spoke", "2017-11-19"),
        # a past relative clause on a dated event noun
        ("He was charged over the 2015 bombing that killed four people.", "killed", "2015"),
        ("Prices have doubled since August, when the shares traded at $10.", "traded",
         "2017-08"),
        # a when-clause right after a time is that time's, wherever the parse hangs it
        ("Demand is weaker than in 2015, when prices were high.", "were", "2015"),
    ],
)
def test_a_clause_without_a_date_of_its_own_shares_the_date_of_its_host(
    parse, text, trigger, value
):
    doc = parse(text)
    time = event_time(doc, token(doc, trigger))
    assert (time.value, time.basis) == (value, "text")


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        # an infinitive's event lies ahead of its governor's date
        ("On Friday the government planned to pay the claims.", "pay"),
        # a conjunct with a subject of its own is a clause of its own
        ("The army struck on Monday and the rebels retreated.", "retreated"),
        # a relative clause on an undated noun does not take its clause's date
        ("Police on Monday arrested a man who killed three people.", "killed"),
        # "before"/"after" put a clause off the date it follows
        ("He left on Nov. 3, the day before police issued a warrant.", "issued"),
        # a conjunct in another tense
        ("He arrived on Monday and will leave soon.", "leave"),
    ],
)
def test_a_clause_bound_to_a_dated_one_in_other_ways_keeps_its_own_bounds(parse, text, trigger):
    doc = parse(text)
    time = event_time(doc, token(doc, trigger))
    assert time.basis != "text", (time, [(t.text, t.dep_, t.head.text) for t in doc])


@pytest.mark.parametrize(
    ("text", "trigger", "earliest", "latest"),
    [
        # a start: from then to the document date (the tense gives the other side)
        ("The company has doubled its profits since 1980.", "doubled", "1980-01-01", DCT),
        ("Prices rose after Monday.", "rose", "2017-11-21", DCT),
        # an end: a deadline is no date of the event
        ("The boy must be returned to his father by Jan. 14.", "returned", None, "2018-01-14"),
        ("Officials postponed until Tuesday any action on the case.", "postponed", None,
         "2017-11-28"),
        ("He left before Friday.", "left", None, "2017-11-16"),
    ],
)
def test_since_until_by_before_after_make_a_time_an_edge_of_the_event(
    parse, text, trigger, earliest, latest
):
    doc = parse(text)
    time = event_time(doc, token(doc, trigger), happened=True)
    assert (time.value, time.earliest, time.latest, time.basis) == (
        None, earliest, latest, "text"
    )


@pytest.mark.parametrize(
    ("text", "act"),
    [
        ("Police on Monday charged him with murder.", "murder"),
        ("He was arrested on Monday in the bombing.", "bombing"),
        ("On Monday they accused the army of the killing.", "killing"),
    ],
)
def test_the_act_of_a_charge_happened_by_the_charge_not_on_its_day(parse, text, act):
    doc = parse(text)
    time = event_time(doc, token(doc, act), happened=True)
    assert (time.value, time.earliest, time.latest) == (None, None, "2017-11-20")
    dated = parse("Police on Monday charged him with the 2015 murder.")
    assert event_time(dated, token(dated, "murder")).value == "2015"
    undated = parse("Police charged him with murder.")  # by the charge, itself by the DCT
    time = event_time(undated, token(undated, "murder"))
    assert (time.latest, time.basis) == (DCT, "dct-bound")


def test_what_a_dated_past_report_tells_happened_by_the_report(parse):
    doc = parse("He said on Tuesday that the soldiers fled.")
    time = event_time(doc, token(doc, "fled"))
    assert (time.value, time.latest, time.basis) == (None, "2017-11-21", "text")
    ahead = parse("He said on Tuesday that the soldiers would leave.")
    assert event_time(ahead, token(ahead, "leave")).latest is None  # still to come
    undated = parse("He said that the soldiers fled.")
    assert event_time(undated, token(undated, "fled")).basis == "dct-bound"


def test_a_when_clause_after_an_edge_takes_the_time_itself(parse):
    doc = parse("Shares have fallen since August, when they traded at $10.")
    assert event_time(doc, token(doc, "traded")).value == "2017-08"
    assert event_time(doc, token(doc, "fallen")).earliest == "2017-08-01"


# --- the scorer (benchmarks/event_time_eval.py) ------------------------------------------------


@pytest.fixture(scope="module")
def scorer(benchmark):
    return benchmark("event_time_eval")


def test_a_link_is_agreed_contradicted_or_left_open_by_the_bounds(scorer):
    import datetime as dt

    day = dt.date(2017, 11, 20)
    before, after = dt.date(2017, 11, 19), dt.date(2017, 11, 21)
    monday = (day, day)
    assert scorer.agreement("BEFORE", (None, before), monday) == "agreed"
    assert scorer.agreement("BEFORE", (after, None), monday) == "contradicted"
    assert scorer.agreement("BEFORE", (None, None), monday) == "open"
    assert scorer.agreement("AFTER", (None, before), monday) == "contradicted"
    assert scorer.agreement("IS_INCLUDED", (day, day), monday) == "agreed"
    assert scorer.agreement("IS_INCLUDED", (None, after), monday) == "open"
    assert scorer.agreement("INCLUDES", (before, after), monday) == "agreed"
    assert scorer.agreement("BEGINS", (day, day), monday) is None


TML = """<TimeML>
<DCT><TIMEX3 tid="t0" type="DATE" value="2017-11-22" functionInDocument="CREATION_TIME">\
2017-11-22</TIMEX3></DCT>
<TEXT>Police <EVENT eid="e1" class="OCCURRENCE">arrested</EVENT> the man \
<TIMEX3 tid="t1" type="DATE" value="2017-11-20">on Monday</TIMEX3>. He \
<EVENT eid="e2" class="OCCURRENCE">fled</EVENT> later.</TEXT>
<MAKEINSTANCE eventID="e1" eiid="ei1" tense="PAST" polarity="POS"/>
<MAKEINSTANCE eventID="e2" eiid="ei2" tense="PAST" polarity="POS"/>
<TLINK lid="l1" relType="IS_INCLUDED" eventInstanceID="ei1" relatedToTime="t1"/>
<TLINK lid="l2" relType="BEFORE" eventInstanceID="ei2" relatedToTime="t0"/>
<TLINK lid="l3" relType="AFTER" eventInstanceID="ei2" relatedToTime="t1"/>
</TimeML>
"""


def test_scorer_end_to_end_on_a_timeml_file(scorer, tmp_path, capsys):
    (tmp_path / "a.tml").write_text(TML, encoding="utf-8")
    assert scorer.main([str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    # "arrested" is dated Monday from the text; "fled" is bounded by the DCT (BEFORE agreed) and
    # says nothing about being after Monday (open)
    assert "anchoring  P 100.0 (1/1)  R 100.0 (1/1)  F1 100.0" in lines
    assert lines[-1].startswith("event time: anchoring F1 100.0")
    assert "links agreed 66.7%, contradicted 0.0% of 3" in lines[-1]


def test_scorer_rejects_a_folder_without_timeml_or_without_links(scorer, tmp_path, capsys):
    assert scorer.main([str(tmp_path)]) == 1
    assert "no .tml files" in capsys.readouterr().err
    unlinked = re.sub(r"<TLINK[^>]*/>\n", "", TML)
    (tmp_path / "b.tml").write_text(unlinked, encoding="utf-8")
    assert scorer.main([str(tmp_path)]) == 1
    assert "no event-time links" in capsys.readouterr().err


def test_time_heads_are_read_again_when_the_doc_gets_new_time_expressions(parse):
    doc = parse("Police arrested the suspect on Monday.")
    arrested = token(doc, "arrested")
    assert event_time(doc, arrested).value == "2017-11-20"
    doc._.timexes = []  # a pipeline that re-runs or replaces the timex component
    assert event_time(doc, arrested).basis == "dct-bound"


def test_time_heads_do_not_keep_their_doc_alive(parse):
    import gc

    from dateline.time import anchoring

    doc = parse("Police arrested the suspect on Monday.")
    event_time(doc, token(doc, "arrested"))
    assert doc in anchoring._HEADS
    del doc
    gc.collect()
    assert len(anchoring._HEADS) == 0  # a long ingest would otherwise hold every doc
