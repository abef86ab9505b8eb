"""``attach``: a lake loaded into a store file adds what the store lacks, once; a lake that
grew since adds what it grew by, story tables included."""

from __future__ import annotations

import json

import duckdb

from dateline.ingest import ingest_lake
from dateline.lake import Lake
from dateline.lake.attach import attach
from dateline.lake.grouping import group_lake
from dateline.store import Store
from table_rows import tables_rows

ARTICLES = [
    {"date": "2020-01-07", "source": "a.com", "text": "Rebels attacked a police station in "
     "Kandahar on Tuesday, killing three officers, Governor Hayatullah Hayat said."},
    {"date": "2020-01-08", "source": "b.com", "text": "Governor Hayatullah Hayat said rebels "
     "who attacked a Kandahar police station on Tuesday killed three officers."},
    {"date": "2020-02-15", "text": "An earthquake struck Izmir on Saturday, damaging buildings."},
]


def test_attach_adds_what_the_store_lacks_once_and_then_what_the_lake_gained(tmp_path, nlp):
    first, later = tmp_path / "first.jsonl", tmp_path / "later.jsonl"
    first.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES[:2]) + "{}\n")
    later.write_text(json.dumps(ARTICLES[2]) + "\n")
    lake = Lake(tmp_path / "lake")
    ingest_lake([first], lake)
    group_lake(lake)
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        added = attach(lake, store)
        assert added["documents"] == 2 and added["rejections"] == 1
        assert added["story_documents"] == 2
        assert not any(attach(lake, store).values())  # twice: nothing
    ingest_lake([later], lake)
    group_lake(lake)
    with Store(db) as store:
        added = attach(lake, store)
    assert added["documents"] == 1 and added["story_documents"] == 1
    assert added["rejections"] == 0
    with duckdb.connect(str(db), read_only=True) as con:
        assert tables_rows(con) == tables_rows(lake.connect())
