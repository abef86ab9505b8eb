"""The lake side of ingest: the duplicate rule (``Unstored``) and the commit of a write batch
(``commit_lake_batch``), which retries a refused batch document by document."""

from __future__ import annotations

import pytest

from dateline.ingest import IngestSummary, Unstored, commit_lake_batch
from dateline.lake import Lake
from dateline.model import Document, Rejection, Report
from dateline.readers.common import document_id
from dateline.store import database


def test_unstored_skips_seen_stored_and_bare_text_ids():
    text = "Troops shelled Homs."
    bare = document_id(text, None)
    unstored = Unstored({"stored"})
    assert unstored.is_new(Document(id="a", text="x"))
    assert not unstored.is_new(Document(id="a", text="x"))  # seen in this run
    assert not unstored.is_new(Document(id="stored", text="y"))
    assert Unstored({"other"}).is_new(Document(id="u", text=text, url="https://e.com/a"))
    assert not Unstored({bare}).is_new(Document(id="u", text=text, url="https://e.com/a"))


def test_a_refused_batch_is_committed_document_by_document(tmp_path, monkeypatch):
    lake = Lake(tmp_path / "lake")
    reports = [Report(document=Document(id=f"d{i}", text=f"Text {i}.", origin=f"in:{i}"))
               for i in range(3)]
    real = database.insert_document

    def refuse_one(con, doc, now):
        if doc.id == "d1":
            raise ValueError("value out of range")
        real(con, doc, now)

    monkeypatch.setattr("dateline.lake.writer.insert_document", refuse_one)
    summary = IngestSummary()
    pending = [Rejection("empty.txt", "empty input")]
    commit_lake_batch(lake, reports, pending, summary, "b1")
    assert (summary.stored, summary.rejected) == (2, 2)
    assert pending == []
    assert summary.rejections[1] == Rejection("in:1", "lake write failed: ValueError: "
                                                      "value out of range")
    assert lake.stored_ids() == {"d0", "d2"}
    con = lake.connect()
    origins = {r[0] for r in con.execute("SELECT origin FROM rejections").fetchall()}
    assert origins == {"empty.txt", "in:1"}


def test_a_lake_that_refuses_even_rejections_stops_the_run(tmp_path, monkeypatch):
    lake = Lake(tmp_path / "lake")

    def broken(*args, **kwargs):
        raise OSError("read-only file system")

    monkeypatch.setattr(lake, "commit", broken)
    with pytest.raises(OSError, match="read-only"):
        commit_lake_batch(lake, [], [Rejection("x", "bad")], IngestSummary(), "b1")
