"""The pipeline: components in place, documents anchored on their date, failures isolated."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

from dateline.model import Document, Rejection, Report
from dateline.pipeline import COMPONENTS, make_doc, process


def test_every_dateline_component_runs_after_the_parser(nlp):
    names = nlp.pipe_names
    assert names[-len(COMPONENTS):] == list(COMPONENTS)
    assert names.index("parser") < names.index(COMPONENTS[0])


def test_document_date_is_set_on_the_doc(nlp):
    doc = make_doc(nlp, Document(id="a", text="Hi.", dct="2017-11-22"))
    assert doc._.dct == dt.date(2017, 11, 22)
    assert make_doc(nlp, Document(id="b", text="Hi.")).__getattribute__("_").dct is None


def test_reports_come_back_in_input_order(nlp):
    docs = [
        Document(id=str(i), text=f"Report number {i}.", dct=f"2020-01-0{i}") for i in range(1, 8)
    ]
    reports = list(process(docs, nlp=nlp, batch_size=3))
    assert [r.document.id for r in reports] == [d.id for d in docs]


@Language.component("_boom_for_tests")
def _boom(doc):
    if "BOOM" in doc.text:
        raise RuntimeError("exploded on purpose")
    return doc


@pytest.fixture()
def exploding_nlp(nlp):
    nlp.add_pipe("_boom_for_tests", last=True)
    yield nlp
    nlp.remove_pipe("_boom_for_tests")


def test_a_failing_document_is_rejected_and_the_batch_goes_on(exploding_nlp):
    docs = [
        Document(id="1", text="Calm day.", origin="a.txt"),
        Document(id="2", text="BOOM goes the parser.", origin="b.txt"),
        Document(id="3", text="Another calm day.", origin="c.txt"),
    ]
    out = list(process(docs, nlp=exploding_nlp, batch_size=8))
    assert [type(x) for x in out] == [Report, Rejection, Report]
    assert out[1].origin == "b.txt"
    assert "exploded on purpose" in out[1].reason
    assert [out[0].document.id, out[2].document.id] == ["1", "3"]


@pytest.mark.parametrize(
    "text",
    ['"' * 200_000, "9" * 50_000, "Troops fired. " + "x/" * 100_000 + " Police fled."],
    ids=["quote-marks", "digits", "slashes"],
)
def test_long_runs_without_spaces_are_tokenized_fast_and_keep_their_text(nlp, text):
    doc = make_doc(nlp, Document(id="g", text=text))
    assert doc.text == text
    assert all(len(t) <= 50 for t in doc)


def test_garbage_goes_through_the_whole_pipeline(nlp):
    text = "Police fled. " + '"' * 5_000 + " 32/13/2017 " + "٣٤٥ 漢字 " * 200
    (report,) = process([Document(id="g", text=text, dct="2017-11-22")], nlp=nlp)
    assert isinstance(report, Report)
    for t in report.timexes:
        assert text[t.start:t.end] == t.text
