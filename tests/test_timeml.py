"""TimeML I/O: reading TempEval-3 files and writing reports that read back byte-identical."""

from __future__ import annotations

from dateline.model import Document, Report, Timex
from dateline.readers.timeml import parse_timeml, read_timeml
from dateline.writers.timeml import write_timeml

TML = """<?xml version="1.0" ?>
<TimeML xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<DOCID>APW0001</DOCID>
<DCT><TIMEX3 tid="t0" type="TIME" value="1998-11-20T19:30" temporalFunction="false" \
functionInDocument="CREATION_TIME">1998-11-20 19:30</TIMEX3></DCT>
<TEXT>
AT&amp;T <EVENT eid="e1" class="REPORTING">said</EVENT> <TIMEX3 tid="t1" type="DATE" \
value="1998-11-20">Friday</TIMEX3> that profit rose <SIGNAL sid="s1">for</SIGNAL> \
<TIMEX3 tid="t2" type="DURATION" value="P3Y" mod="MORE_THAN">more than three years</TIMEX3> \
&lt;p&gt; <TIMEX3 tid="t3" type="SET" value="P1Y" quant="EVERY">every year</TIMEX3>.
</TEXT>
<MAKEINSTANCE eventID="e1" eiid="ei1" tense="PAST" aspect="NONE" polarity="POS" pos="VERB"/>
<TLINK lid="l1" relType="IS_INCLUDED" eventInstanceID="ei1" relatedToTime="t1"/>
<TLINK lid="l2" relType="INCLUDES" timeID="t0" relatedToEventInstance="ei1"/>
<TLINK lid="l3" relType="BEFORE" eventInstanceID="ei1" relatedToEventInstance="ei9"/>
</TimeML>
"""


def test_read_timeml_gives_gold_events_and_their_links_to_times_from_the_event_side():
    tml = parse_timeml(TML)
    assert tml.dct_tid == "t0" and tml.timex_ids == ["t1", "t2", "t3"]
    (event,) = tml.events
    assert (event.eiid, event.text, event.event_class, event.tense) == (
        "ei1", "said", "REPORTING", "PAST"
    )
    assert tml.document.text[event.start : event.end] == "said"
    # "t0 INCLUDES ei1" is read as "ei1 IS_INCLUDED t0"; event-event links are left out
    assert tml.time_links == [("ei1", "t1", "IS_INCLUDED"), ("ei1", "t0", "IS_INCLUDED")]


def test_an_instance_of_an_unknown_event_and_a_link_of_unknown_type_are_skipped():
    broken = TML.replace('eventID="e1"', 'eventID="e7"').replace('"INCLUDES"', '"OVERLAPS"')
    tml = parse_timeml(broken)
    assert tml.events == [] and tml.time_links == [("ei1", "t1", "IS_INCLUDED")]


def test_read_timeml_gives_plain_text_dct_and_gold_offsets(tmp_path):
    path = tmp_path / "doc.tml"
    path.write_text(TML, encoding="utf-8")
    document, dct, timexes, *_ = read_timeml(path)
    assert dct == "1998-11-20" and document.dct == dct and document.id == "APW0001"
    assert document.text.startswith("\nAT&T said Friday that profit rose for more than")
    assert "<p>" in document.text and "<EVENT" not in document.text
    assert [t.text for t in timexes] == ["Friday", "more than three years", "every year"]
    for t in timexes:
        assert document.text[t.start : t.end] == t.text
    assert (timexes[1].value, timexes[1].mod) == ("P3Y", "MORE_THAN")
    assert (timexes[2].type, timexes[2].quant) == ("SET", "EVERY")


def test_write_then_read_is_identity():
    text = 'Q&A: "<b>" said on Monday, 2017-11-20 & 5 > 3 < 4 for three days.\n\tEnd'
    timexes = [
        Timex("Monday", text.index("Monday"), text.index("Monday") + 6, "DATE", "2017-11-20"),
        Timex("2017-11-20", text.index("2017"), text.index("2017") + 10, "DATE", "2017-11-20"),
        Timex(
            "three days",
            text.index("three"),
            text.index("three") + 10,
            "DURATION",
            "P3D",
            mod="APPROX",
        ),
    ]
    report = Report(document=Document(id="d&1", text=text, dct="2017-11-22"), timexes=timexes)
    out = write_timeml(report)
    assert "<TEXT>" in out and 'functionInDocument="CREATION_TIME"' in out
    back = parse_timeml(out)
    assert back.document.text == text
    assert back.dct == "2017-11-22"
    assert back.document.id == "d&1"
    assert back.timexes == timexes


def test_writer_skips_overlapping_timexes():
    text = "on Monday morning"
    timexes = [
        Timex("Monday morning", 3, 17, "TIME", "2017-11-20TMO"),
        Timex("Monday", 3, 9, "DATE", "2017-11-20"),
    ]
    back = parse_timeml(write_timeml(Report(document=Document(id="x", text=text), timexes=timexes)))
    assert back.document.text == text
    assert [t.text for t in back.timexes] == ["Monday morning"]
    assert back.dct is None


def test_report_round_trip_through_the_pipeline(seed_report):
    back = parse_timeml(write_timeml(seed_report))
    assert back.document.text == seed_report.document.text
    assert [(t.start, t.end, t.value) for t in back.timexes] == [
        (t.start, t.end, t.value) for t in seed_report.timexes
    ]
