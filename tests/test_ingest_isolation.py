"""One bad document never costs a good one: failures at any stage become that document's
rejection, committed with its batch; long articles in pieces; exit codes; updates of stored
documents that a later input dates; rejections resolved when their origin is stored."""

from __future__ import annotations

import json
import logging

import duckdb
import pytest
from spacy.language import Language
from typer.testing import CliRunner

from dateline import pipeline
from dateline.cli import app
from dateline.ingest import ingest
from dateline.model import Document, Rejection, Report
from dateline.pieces import cut, merge
from dateline.store import Store

runner = CliRunner()


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


@Language.component("_poison_for_tests")
def _poison(doc):
    if "POISON" in doc.text:
        raise RuntimeError("choked on purpose")
    if "RECURSE" in doc.text:
        raise RecursionError("maximum recursion depth exceeded")
    return doc


@pytest.fixture()
def poisoned_nlp(nlp):
    """The session pipeline with a last component that raises on a marker word; the CLI's
    pipeline is the same object, so the CLI sees it too."""
    nlp.add_pipe("_poison_for_tests", last=True)
    yield nlp
    nlp.remove_pipe("_poison_for_tests")


def _jsonl(path, *rows: dict) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def _calm(n: int) -> dict:
    return {"text": f"Police arrested {n} men in the capital on Monday.", "date": "2020-03-04"}


def _rows(db, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


# -- a failing component, report, tokenizer or store write -------------------------------------

def test_a_component_failing_on_one_document_costs_only_that_document(poisoned_nlp, tmp_path):
    src = tmp_path / "batch.jsonl"
    poison = {"text": "POISON in the wire copy.", "date": "2020-03-04"}
    _jsonl(src, _calm(1), poison, _calm(2), _calm(3))
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        summary = ingest([src], store, batch_size=8)
    assert (summary.stored, summary.rejected) == (3, 1)
    (origin, reason), = _rows(db, "SELECT origin, reason FROM rejections")
    assert origin == f"{src}:2"
    assert reason == "_poison_for_tests failed: RuntimeError: choked on purpose"


def test_a_recursion_error_is_one_rejection_and_the_run_goes_on(poisoned_nlp):
    docs = [Document(id="a", text="Calm day."), Document(id="b", text="RECURSE here.", origin="b"),
            Document(id="c", text="Calm night.")]
    out = list(pipeline.process(docs, nlp=poisoned_nlp, batch_size=8))
    assert [type(x) for x in out] == [Report, Rejection, Report]
    assert out[1].reason.startswith("_poison_for_tests failed: RecursionError")


def test_text_over_spacys_max_length_is_rejected_not_fatal(nlp):
    """spaCy's E088 (a text longer than nlp.max_length) names the tokenizer stage."""
    docs = [Document(id="a", text="Calm day."), Document(id="b", text="word " * 400, origin="b"),
            Document(id="c", text="Calm night.")]
    saved = nlp.max_length
    nlp.max_length = 1000
    try:
        out = list(pipeline.process(docs, nlp=nlp))
    finally:
        nlp.max_length = saved
    assert [type(x) for x in out] == [Report, Rejection, Report]
    assert out[1].reason.startswith("tokenizer failed: ValueError: [E088]")


def test_a_failing_report_builder_names_the_report_stage(nlp, monkeypatch):
    real = pipeline.doc_to_report

    def picky(doc, document):
        if "odd" in doc.text:
            raise KeyError("odd text")
        return real(doc, document)

    monkeypatch.setattr(pipeline, "doc_to_report", picky)
    docs = [Document(id="a", text="Calm day."), Document(id="b", text="An odd one.")]
    out = list(pipeline.process(docs, nlp=nlp))
    assert isinstance(out[0], Report)
    assert out[1].reason == "report failed: KeyError: 'odd text'"


def test_a_failing_batch_write_is_retried_document_by_document(nlp, tmp_path, monkeypatch):
    src = tmp_path / "batch.jsonl"
    _jsonl(src, _calm(1), _calm(2), _calm(3))
    real = Store._insert_facts

    def refuse_two(self, report):
        if " 2 men" in report.document.text:
            raise duckdb.ConversionException("value out of range")
        real(self, report)

    monkeypatch.setattr(Store, "_insert_facts", refuse_two)
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        summary = ingest([src], store)
    assert (summary.stored, summary.rejected) == (2, 1)
    assert summary.rejections[0].origin == f"{src}:2"
    assert summary.rejections[0].reason.startswith("store write failed: ConversionException")
    assert len(_rows(db, "SELECT id FROM documents")) == 2
    assert len(_rows(db, "SELECT * FROM rejections")) == 1


def test_rejections_are_committed_with_each_batch_not_at_the_end(nlp, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a_empty.txt").write_text("")
    _jsonl(tmp_path / "in" / "b.jsonl", _calm(1), _calm(2), _calm(3))
    db = tmp_path / "s.duckdb"
    seen: list[tuple[int, int]] = []
    with Store(db) as store:
        ingest(
            [tmp_path / "in"], store, write_batch=1,
            on_document=lambda n: seen.append((store.count("documents"),
                                               store.count("rejections"))),
        )
    assert seen[0] == (1, 1)  # the empty file's rejection went in with the first document


# -- exit codes ---------------------------------------------------------------------------------

def test_cli_stores_the_good_documents_and_exits_1_on_a_poison_one(poisoned_nlp, tmp_path):
    src = tmp_path / "batch.jsonl"
    _jsonl(src, _calm(1), {"text": "POISON.", "date": "2020-03-04"}, _calm(2))
    db = tmp_path / "s.duckdb"
    result = invoke("ingest", src, "--db", db)
    assert result.exit_code == 1, result.output
    assert "stored 2, updated 0, duplicates skipped 0, rejected 1" in result.stdout
    assert "_poison_for_tests failed" in result.stderr
    assert len(_rows(db, "SELECT * FROM rejections")) == 1


def test_cli_rejects_e088_and_recursion_errors_and_stores_the_rest(poisoned_nlp, tmp_path):
    src = tmp_path / "batch.jsonl"
    _jsonl(src, _calm(1), {"text": "word " * 400, "date": "2020-03-04"}, _calm(2),
           {"text": "RECURSE deeply.", "date": "2020-03-04"}, _calm(3))
    db = tmp_path / "s.duckdb"
    saved = poisoned_nlp.max_length
    poisoned_nlp.max_length = 1000
    try:
        result = invoke("ingest", src, "--db", db)
    finally:
        poisoned_nlp.max_length = saved
    assert result.exit_code == 1, result.output
    assert "stored 3, updated 0, duplicates skipped 0, rejected 2" in result.stdout
    reasons = dict(_rows(db, "SELECT origin, reason FROM rejections"))
    assert reasons[f"{src}:2"].startswith("tokenizer failed: ValueError: [E088]")
    assert reasons[f"{src}:4"].startswith("_poison_for_tests failed: RecursionError")


def test_extract_rejects_the_poison_document_and_prints_the_others(poisoned_nlp, tmp_path):
    src = tmp_path / "batch.jsonl"
    _jsonl(src, _calm(1), {"text": "POISON.", "date": "2020-03-04"})
    result = invoke("extract", src, "--format", "jsonl")
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1
    assert "_poison_for_tests failed" in result.stderr


def test_an_internal_error_stops_the_run_with_exit_3_and_one_line(nlp, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the pipeline is gone\nsecond line of detail")

    monkeypatch.setattr("dateline.ingest.process_parallel", broken)
    src = tmp_path / "a.jsonl"
    _jsonl(src, _calm(1))
    result = invoke("ingest", src, "--db", tmp_path / "s.duckdb")
    assert result.exit_code == 3
    assert "internal error, the run stopped: RuntimeError: the pipeline is gone" in result.stderr
    assert "Traceback" not in result.output
    assert "second line" not in result.output


def test_verbose_logs_the_traceback_of_an_internal_error(nlp, tmp_path, monkeypatch, caplog):
    monkeypatch.setattr("dateline.ingest.extract_reports", _raise_runtime)
    src = tmp_path / "a.jsonl"
    _jsonl(src, _calm(1))
    with caplog.at_level(logging.INFO, logger="dateline.cli"):
        result = invoke("-v", "extract", src)
    assert result.exit_code == 3
    (record,) = [r for r in caplog.records if r.name == "dateline.cli"]
    assert record.exc_info and record.exc_info[0] is RuntimeError


def _raise_runtime(*args, **kwargs):
    raise RuntimeError("boom")


def test_an_article_over_max_chars_is_rejected_with_its_size(nlp, tmp_path):
    src = tmp_path / "a.jsonl"
    _jsonl(src, _calm(1), {"text": "word " * 100, "date": "2020-03-04"})
    result = invoke("ingest", src, "--db", tmp_path / "s.duckdb", "--max-chars", "200")
    assert result.exit_code == 1
    assert "499 characters, over the limit of 200 (--max-chars)" in result.stderr
    assert "stored 1," in result.stdout


def test_max_chars_must_be_positive(tmp_path):
    result = invoke("extract", tmp_path / "x.txt", "--max-chars", "0")
    assert result.exit_code == 2


# -- long articles in pieces --------------------------------------------------------------------

def test_cut_prefers_paragraphs_then_sentences_then_spaces():
    text = "One two. Three four.\n\nFive six seven. Eight nine."
    assert [text[a:b] for a, b in cut(text, 30)] == [
        "One two. Three four.\n\n", "Five six seven. Eight nine."]
    text = "Aa bb cc. Dd ee ff gg hh."
    assert [text[a:b] for a, b in cut(text, 14)] == ["Aa bb cc. ", "Dd ee ff gg ", "hh."]
    assert cut("x" * 25, 10) == [(0, 10), (10, 20), (20, 25)]
    assert cut("", 10) == [(0, 0)]


@pytest.mark.parametrize("size", [7, 64, 1000])
def test_pieces_cover_the_text_in_order_within_the_size(size):
    text = ("A sentence here. " * 30 + "\n\n") * 5 + "tail"
    pieces = cut(text, size)
    assert "".join(text[a:b] for a, b in pieces) == text
    assert all(0 < b - a <= size for a, b in pieces)


def test_a_long_article_in_pieces_keeps_offsets_ids_and_references(nlp, seed_text, monkeypatch):
    """The seed article three times over, one piece each: the second and third copies' records
    are the first's, shifted by their start, with ids renumbered and references followed."""
    article = seed_text.strip()
    text = "\n\n".join([article] * 3)
    monkeypatch.setattr(pipeline, "PIECE_CHARS", len(article) + 10)
    (report,) = pipeline.process([Document(id="long", text=text, dct="2017-11-22")], nlp=nlp)
    (single,) = pipeline.process([Document(id="one", text=article, dct="2017-11-22")], nlp=nlp)
    assert len(report.events) == 3 * len(single.events)
    assert len(report.entities) == 3 * len(single.entities)
    assert len({e.id for e in report.entities}) == len(report.entities)
    assert len({v.id for v in report.events}) == len(report.events)
    step = len(article) + 2
    n = len(single.events)
    for k in range(3):
        for one, many in zip(single.events, report.events[k * n:(k + 1) * n], strict=True):
            assert many.trigger.start == one.trigger.start + k * step
            assert text[many.trigger.start:many.trigger.end] == many.trigger.text
            assert (many.place is None) == (one.place is None)
            if many.place is not None:
                assert report.places[many.place].text == single.places[one.place].text
            actor = {e.id: e for e in report.entities}.get(many.actor)
            assert (actor.text if actor else None) == (
                {e.id: e for e in single.entities}[one.actor].text if one.actor else None)
            assert [report.quantities[q].text for q in many.quantities] == [
                single.quantities[q].text for q in one.quantities]
    for kind in ("timexes", "quantities", "places", "quotes", "incident_roles"):
        for r in getattr(report, kind):
            assert text[r.start:r.end] == r.text


def test_extract_of_a_long_article_through_the_cli_has_exact_offsets(
    nlp, seed_text, tmp_path, monkeypatch
):
    article = seed_text.strip()
    text = "\n\n".join([article] * 2)
    src = tmp_path / "long.txt"
    src.write_text(f" date 2017-11-22 {text}", encoding="utf-8")
    monkeypatch.setattr(pipeline, "PIECE_CHARS", len(article) + 10)
    result = invoke("extract", src)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["document"]["chars"] == len(text)
    events = report["events"]
    assert len({v["id"] for v in events}) == len(events)
    assert any(v["trigger"]["start"] > len(article) for v in events)
    for v in events:
        assert text[v["trigger"]["start"]:v["trigger"]["end"]] == v["trigger"]["text"]


def test_merge_renumbers_ids_after_the_earlier_pieces():
    from dateline.model import Entity, Event, Offsets, TextSpan

    def part(eid: str, vid: str) -> Report:
        return Report(
            document=Document(id="d", text=""),
            entities=[Entity(id=eid, text="X", label="ORG", mentions=[Offsets(0, 1)])],
            events=[Event(id=vid, type="ASSAULT", trigger=TextSpan("hit", 2, 5),
                          sentence=Offsets(0, 6), actor=eid, same_as=None)],
        )

    merged = merge(Document(id="d", text="x" * 20), [(0, part("E1", "V2")), (10, part("E1", "V1"))])
    assert [e.id for e in merged.entities] == ["E1", "E2"]
    assert [v.id for v in merged.events] == ["V2", "V3"]
    assert merged.events[1].actor == "E2"
    assert merged.entities[1].mentions[0].start == 10
    assert merged.events[1].trigger.start == 12


# -- updates and resolved rejections ------------------------------------------------------------

TUESDAY = "Police arrested five men on Tuesday in the capital."


def test_a_dated_reingest_updates_an_undated_document_and_rederives_its_facts(nlp, tmp_path):
    db = tmp_path / "s.duckdb"
    first = tmp_path / "undated.jsonl"
    _jsonl(first, {"text": TUESDAY})
    assert invoke("ingest", first, "--db", db).exit_code == 0
    (value,), = _rows(db, "SELECT value FROM timexes")
    assert value == "XXXX-WXX-2"
    events = len(_rows(db, "SELECT * FROM events"))

    dated = tmp_path / "dated.jsonl"
    _jsonl(dated, {"text": TUESDAY, "date": "2017-11-22", "title": "Arrests"})
    result = invoke("ingest", dated, "--db", db)
    assert result.exit_code == 0, result.output
    assert "stored 0, updated 1, duplicates skipped 0, rejected 0" in result.stdout
    (dct, title, origin), = _rows(db, "SELECT dct, title, origin FROM documents")
    assert (str(dct), title, origin) == ("2017-11-22", "Arrests", f"{dated}:1")
    assert _rows(db, "SELECT value FROM timexes") == [("2017-11-21",)]
    assert len(_rows(db, "SELECT * FROM events")) == events
    (latest,), = _rows(db, "SELECT json_extract_string(time, '$.latest') FROM events")
    assert latest == "2017-11-21"

    again = invoke("ingest", dated, "--db", db)
    assert "stored 0, updated 0, duplicates skipped 1, rejected 0" in again.stdout


def test_a_url_brought_later_updates_the_document_stored_without_one(nlp, tmp_path):
    db = tmp_path / "s.duckdb"
    _jsonl(tmp_path / "a.jsonl", {"text": TUESDAY, "date": "2017-11-22"})
    _jsonl(tmp_path / "b.jsonl",
           {"text": TUESDAY, "date": "2017-11-22", "url": "https://example.com/arrests"})
    invoke("ingest", tmp_path / "a.jsonl", "--db", db)
    result = invoke("ingest", tmp_path / "b.jsonl", "--db", db)
    assert "stored 0, updated 1," in result.stdout
    assert _rows(db, "SELECT url FROM documents") == [("https://example.com/arrests",)]


def test_a_conflicting_date_does_not_overwrite_a_stored_one(nlp, tmp_path):
    db = tmp_path / "s.duckdb"
    _jsonl(tmp_path / "a.jsonl", {"text": TUESDAY, "date": "2017-11-22"})
    _jsonl(tmp_path / "b.jsonl", {"text": TUESDAY, "date": "2019-01-01"})
    invoke("ingest", tmp_path / "a.jsonl", "--db", db)
    result = invoke("ingest", tmp_path / "b.jsonl", "--db", db)
    assert "stored 0, updated 0, duplicates skipped 1" in result.stdout
    assert str(_rows(db, "SELECT dct FROM documents")[0][0]) == "2017-11-22"


def test_a_rejection_is_resolved_when_its_origin_is_later_stored(nlp, tmp_path):
    db = tmp_path / "s.duckdb"
    src = tmp_path / "a.jsonl"
    _jsonl(src, {"text": "POISON then calm.", "date": "2020-03-04"})
    nlp.add_pipe("_poison_for_tests", last=True)
    try:
        assert invoke("ingest", src, "--db", db).exit_code == 1
    finally:
        nlp.remove_pipe("_poison_for_tests")
    assert _rows(db, "SELECT origin, resolved_at FROM rejections") == [(f"{src}:1", None)]
    assert invoke("ingest", src, "--db", db).exit_code == 0
    (origin, resolved), = _rows(db, "SELECT origin, resolved_at FROM rejections")
    assert origin == f"{src}:1" and resolved is not None


def test_a_new_rejection_of_a_resolved_origin_reopens_it():
    with Store(":memory:") as store:
        store.write(rejections=[Rejection("a.txt", "empty file")])
        store.write(new=[Report(Document(id="d", text="Hi.", origin="a.txt"))])
        assert store.con.execute("SELECT resolved_at IS NULL FROM rejections").fetchone() == (
            False,)
        store.write(rejections=[Rejection("a.txt", "binary")])
        assert store.con.execute("SELECT reason, resolved_at FROM rejections").fetchall() == [
            ("binary", None)]
