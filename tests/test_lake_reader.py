"""Reading a lake as a store: ``Lake.connect`` gives the store's tables with the rows a store
fed the same batches holds, the ``event_table`` view, and clear errors for what is not a lake."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.lake import Lake, LakeError
from dateline.model import Document, Rejection, Report
from dateline.pipeline import process
from dateline.store import TABLES, Store
from table_rows import table_rows


@pytest.fixture(scope="module")
def reports(nlp) -> list[Report]:
    docs = [
        Document(id="a1", text="Police arrested two men in Aleppo on Tuesday, officials said.",
                 dct="2019-02-05", source="wire", origin="in.jsonl:1"),
        Document(id="b2", text="Troops shelled Homs on Sunday, killing three people.",
                 dct="2019-02-03", url="https://example.com/b", origin="in.jsonl:2"),
        Document(id="c3", text="Protesters marched in Paris.", origin="c3.txt"),
    ]
    return list(process(docs, nlp=nlp))


def test_a_lake_reads_as_the_store_of_the_same_batches(tmp_path, reports):
    lake = Lake(tmp_path / "lake")
    batches = [[reports[0], Rejection("c3.txt", "too short")], [reports[1], reports[2]]]
    store = Store(":memory:")
    for i, batch in enumerate(batches):
        lake.commit(batch, f"b{i}")
        store.write(new=[r for r in batch if isinstance(r, Report)],
                    rejections=[r for r in batch if isinstance(r, Rejection)])
    con = lake.connect()
    for table in (*TABLES, "event_table"):
        assert table_rows(con, table) == table_rows(store.con, table), table
    resolved = con.execute("SELECT resolved_at IS NOT NULL FROM rejections").fetchall()
    assert resolved == [(True,)]  # c3.txt was stored by the batch after its rejection
    lake_store = Store.over(str(lake.root), con)
    assert lake_store.load_report("b2") == store.load_report("b2")


def test_a_document_two_writers_stored_is_kept_once_with_its_facts(tmp_path, reports, monkeypatch):
    lake = Lake(tmp_path / "lake")
    lake.commit([reports[0]], "first")
    monkeypatch.setattr(Lake, "stored_ids", lambda self: set())  # a writer that raced the first
    lake.commit([reports[0], reports[1]], "second")
    con = lake.connect()
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
    entities = con.execute("SELECT count(*) FROM entities WHERE doc_id = 'a1'").fetchone()[0]
    assert entities == len(reports[0].entities)


def test_an_empty_lake_has_every_table_and_no_rows(tmp_path):
    con = Lake(tmp_path / "lake").connect()
    for table in TABLES:
        assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0


def test_what_is_not_a_lake_is_named(tmp_path):
    with pytest.raises(LakeError, match="no such lake"):
        Lake(tmp_path / "missing", create=False)
    (tmp_path / "empty").mkdir()
    with pytest.raises(LakeError, match="not a lake"):
        Lake(tmp_path / "empty", create=False)
    (tmp_path / "file").write_text("x")
    with pytest.raises(LakeError, match="not a lake folder"):
        Lake(tmp_path / "file", create=False)


def test_a_manifest_naming_a_missing_file_is_named(tmp_path, reports):
    lake = Lake(tmp_path / "lake")
    lake.commit(reports, "b1")
    victim = next(Path(lake.root, "entities").glob("*/*.parquet"))
    victim.unlink()
    with pytest.raises(LakeError, match=r"manifest b1 names a missing file entities/"):
        Lake(lake.root, create=False).connect()


def test_a_truncated_parquet_file_is_named(tmp_path, reports):
    lake = Lake(tmp_path / "lake")
    lake.commit(reports, "b1")
    victim = next(Path(lake.root, "documents").glob("*/*.parquet"))
    victim.write_bytes(victim.read_bytes()[:100])
    with pytest.raises(LakeError, match="cannot read the documents files"):
        Lake(lake.root, create=False).connect()
