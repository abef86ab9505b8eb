"""The lake writer: commit, stored ids, the same columns and types as the store, idempotent
batch ids, concurrent writers, and the cleanup of what a crashed writer left."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import duckdb
import pytest

from dateline.lake import Lake, LakeError, layout
from dateline.model import Document, Rejection, Report
from dateline.pipeline import process
from dateline.store import Store


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


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.glob("*/pub_date=*/*.parquet"))


def test_commit_writes_partitions_and_a_manifest_and_stored_ids(tmp_path, reports):
    lake = Lake(tmp_path / "lake")
    bad = Rejection(origin="empty.txt", reason="empty input")
    lake.commit([*reports, bad], "b0001")
    assert lake.stored_ids() == {"a1", "b2", "c3"}
    files = _files(lake.root)
    assert "documents/pub_date=2019-02-05/b0001-0.parquet" in files
    assert "documents/pub_date=unknown/b0001-0.parquet" in files
    assert "rejections/pub_date=unknown/b0001-0.parquet" in files
    assert "entities/pub_date=2019-02-03/b0001-0.parquet" in files
    manifest = json.loads((lake.root / "_manifest" / "b0001.json").read_text())
    assert manifest["documents"] == ["a1", "b2", "c3"]
    assert manifest["rejections"] == ["empty.txt"]
    assert sorted(f["path"] for f in manifest["files"]) == files
    assert Lake(lake.root).stored_ids() == {"a1", "b2", "c3"}  # a new reader sees it too


def test_parquet_columns_and_types_equal_the_stores(tmp_path, reports):
    lake = Lake(tmp_path / "lake")
    lake.commit([*reports, Rejection("x", "bad")], "b1")
    store = Store(":memory:")
    store.write(new=reports, rejections=[Rejection("x", "bad")])
    con = duckdb.connect()
    for table in {f.split("/")[0] for f in _files(lake.root)}:
        glob = str(lake.root / table / "*" / "*.parquet")
        lake_cols = con.execute(
            f"DESCRIBE SELECT * FROM read_parquet('{glob}', hive_partitioning=false)"
        ).fetchall()
        store_cols = store.con.execute(f"DESCRIBE {table}").fetchall()
        assert [c[:2] for c in lake_cols] == [c[:2] for c in store_cols], table
        rows = con.execute(f"SELECT count(*) FROM read_parquet('{glob}')").fetchone()[0]
        assert rows == store.count(table), table


def test_recommitting_a_batch_or_a_stored_document_adds_nothing(tmp_path, reports):
    lake = Lake(tmp_path / "lake")
    lake.commit(reports[:2], "b1")
    before = _files(lake.root)
    lake.commit(reports, "b1")  # same batch id: a no-op, even with other contents
    assert _files(lake.root) == before
    lake.commit(reports, "b2")  # a1 and b2 are stored: only c3 is written
    manifest = json.loads((lake.root / "_manifest" / "b2.json").read_text())
    assert manifest["documents"] == ["c3"]
    lake.commit(reports, "b3")  # nothing new: no batch at all
    assert not (lake.root / "_manifest" / "b3.json").exists()
    assert lake.stored_ids() == {"a1", "b2", "c3"}


def _commit_in_child(root: str, report: Report, batch_id: str) -> None:
    Lake(root).commit([report], batch_id)


def test_processes_commit_different_batches_at_once(tmp_path, reports):
    root = str(tmp_path / "lake")
    Lake(root)
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_commit_in_child, args=(root, r, f"w{i}"))
             for i, r in enumerate(reports)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    assert Lake(root).stored_ids() == {"a1", "b2", "c3"}
    assert len(layout.manifest_files(Path(root))) == 3


def test_files_no_manifest_names_are_removed_by_the_next_writer(tmp_path, reports):
    lake = Lake(tmp_path / "lake")
    lake.commit(reports[:1], "b1")
    committed = _files(lake.root)
    orphan = lake.root / "documents" / "pub_date=2019-02-03" / "crashed-0.parquet"
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"PAR1 half a file")
    staged = lake.root / "_tmp" / "crashed.abc" / "documents"
    staged.mkdir(parents=True)
    (staged / "x.parquet").write_bytes(b"PAR1")
    temp_manifest = lake.root / "_manifest" / ".crashed.json.123.tmp"
    temp_manifest.write_text("{")
    assert lake.stored_ids() == {"a1"}  # invisible before any cleanup
    Lake(lake.root).commit(reports[1:2], "b2")
    assert not orphan.exists() and not staged.exists() and not temp_manifest.exists()
    assert set(committed) <= set(_files(lake.root))


def test_a_failed_write_leaves_no_file_and_no_batch(tmp_path, reports, monkeypatch):
    lake = Lake(tmp_path / "lake")

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(layout, "write_manifest", fail)
    with pytest.raises(OSError, match="disk full"):
        lake.commit(reports, "b1")
    assert _files(lake.root) == []
    assert lake.stored_ids() == set()
    assert list((lake.root / "_tmp").iterdir()) == []


def test_bad_batch_ids_and_a_file_as_lake_are_refused(tmp_path, reports):
    lake = Lake(tmp_path / "lake")
    for bad in ("", "../up", ".hidden", "a/b", "x{i}"):
        with pytest.raises(ValueError, match="bad batch id"):
            lake.commit(reports, bad)
    (tmp_path / "file").write_text("x")
    with pytest.raises(LakeError, match="not a lake folder"):
        Lake(tmp_path / "file")


def test_an_unreadable_manifest_is_named(tmp_path, reports):
    lake = Lake(tmp_path / "lake")
    (lake.root / "_manifest" / "broken.json").write_text("{not json")
    with pytest.raises(LakeError, match="broken.json: unreadable manifest"):
        lake.stored_ids()


def test_a_lake_travels_to_another_process_as_its_folder(tmp_path, reports):
    import pickle

    lake = Lake(tmp_path / "lake")
    lake.commit(reports[:1], "b1")
    copy = pickle.loads(pickle.dumps(lake))
    assert copy.root == lake.root
    assert copy.stored_ids() == {"a1"}


def test_a_folder_holding_other_files_is_not_made_a_lake(tmp_path):
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "notes.txt").write_text("mine")
    with pytest.raises(LakeError, match="a folder holding other files"):
        Lake(tmp_path / "home")
    assert sorted(p.name for p in (tmp_path / "home").iterdir()) == ["notes.txt"]
    Lake(tmp_path / "new")  # a new folder, then an empty one, are made lakes
    (tmp_path / "empty").mkdir()
    assert Lake(tmp_path / "empty").stored_ids() == set()
