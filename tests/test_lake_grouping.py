"""Story grouping over a lake (``dateline.lake.grouping``): the same stories as a store's
grouping of the documents in date order, with only the time window's stories held; a run
stopped midway finished by the next; one run at a time."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from dateline.ingest import ingest, ingest_lake
from dateline.lake import Lake, LakeError
from dateline.lake import grouping as lake_grouping
from dateline.lake.grouping import group_lake
from dateline.store import Store
from dateline.stories.membership import STORY_TABLES
from table_rows import tables_rows

#: Three stories months apart, then an undated follow-up of the first (found by its terms,
#: long after its story left the window) and a dated follow-up of the third.
ARTICLES = [
    {"date": "2020-01-07", "text": "Rebels attacked a police station in Kandahar on Tuesday, "
     "killing three officers, Governor Hayatullah Hayat said. The Taliban claimed the attack."},
    {"date": "2020-02-15", "text": "An earthquake of magnitude 6 struck Izmir on Saturday, "
     "damaging dozens of buildings, the disaster agency AFAD said."},
    {"date": "2020-03-30", "text": "Farmers blocked roads around Lyon on Monday in protest "
     "against fuel taxes, the prefecture said. Their union leader Christiane Lambert spoke."},
    {"date": "2020-04-01", "text": "Farmers kept blocking roads around Lyon on Wednesday over "
     "fuel taxes, union leader Christiane Lambert said."},
    {"text": "Governor Hayatullah Hayat condemned the Taliban attack on the Kandahar police "
     "station that killed three officers."},
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, nlp) -> tuple[Path, Path]:
    """The articles as JSONL, and a store that grouped them at ingest in this (date) order."""
    root = tmp_path_factory.mktemp("lake_grouping")
    src = root / "in.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES))
    db = root / "s.duckdb"
    with Store(db) as store:
        ingest([src], store)
    return src, db


def _lake(folder: Path, src: Path) -> Lake:
    lake = Lake(folder)
    ingest_lake([src], lake, write_batch=2)
    return lake


def test_a_lake_groups_as_a_store_does_holding_only_the_window(corpus, tmp_path, monkeypatch):
    src, db = corpus
    lake = _lake(tmp_path / "lake", src)
    held: list[int] = []
    commit = Lake.commit_groups

    def counting(self, con, placements, batch_id):
        held.append(con.execute("SELECT count(*) FROM stories").fetchone()[0])
        commit(self, con, placements, batch_id)

    monkeypatch.setattr(Lake, "commit_groups", counting)
    monkeypatch.setattr(lake_grouping, "STORED_BATCH", 1)  # one document per batch
    assert group_lake(lake) == len(ARTICLES)
    with duckdb.connect(str(db), read_only=True) as store:
        expected = tables_rows(store, STORY_TABLES)
    assert tables_rows(lake.connect(), STORY_TABLES) == expected
    # the stories of January and February have left memory by March, and
    # the undated follow-up's story came back from the lake, found by its terms
    assert held == [1, 1, 1, 1, 2]
    members = lake.connect().execute(
        "SELECT count(*) FROM story_documents GROUP BY story_id ORDER BY 1").fetchall()
    assert members == [(1,), (2,), (2,)]


def test_a_run_stopped_midway_is_finished_by_the_next(corpus, tmp_path, monkeypatch):
    src, db = corpus
    lake = _lake(tmp_path / "lake", src)
    monkeypatch.setattr(lake_grouping, "STORED_BATCH", 2)
    commit = Lake.commit_groups
    calls = [0]

    def failing(self, con, placements, batch_id):
        calls[0] += 1
        if calls[0] == 2:
            raise OSError("disk full")
        commit(self, con, placements, batch_id)

    monkeypatch.setattr(Lake, "commit_groups", failing)
    with pytest.raises(OSError, match="disk full"):
        group_lake(lake)
    assert len(lake.grouped_ids()) == 2
    monkeypatch.setattr(Lake, "commit_groups", commit)
    assert group_lake(Lake(lake.root)) == len(ARTICLES) - 2
    with duckdb.connect(str(db), read_only=True) as store:
        assert tables_rows(lake.connect(), STORY_TABLES) == tables_rows(store, STORY_TABLES)


def test_one_batch_across_days_and_an_empty_lake(corpus, tmp_path):
    src, db = corpus
    lake = _lake(tmp_path / "lake", src)
    assert group_lake(lake) == len(ARTICLES)  # one batch: the store's batch at ingest
    with duckdb.connect(str(db), read_only=True) as store:
        assert tables_rows(lake.connect(), STORY_TABLES) == tables_rows(store, STORY_TABLES)
    assert group_lake(Lake(tmp_path / "empty")) == 0


def test_one_grouping_run_at_a_time(tmp_path):
    lake = Lake(tmp_path / "lake")
    with lake_grouping._group_lock(lake), pytest.raises(LakeError, match="another"):
        group_lake(lake)
