"""The DuckDB store: round trips, idempotence, transactions, queries, exports."""

from __future__ import annotations

import duckdb
import pytest

from dateline.model import (
    Document,
    Entity,
    Event,
    EventTime,
    Offsets,
    Place,
    Rejection,
    Report,
    TextSpan,
    Timex,
)
from dateline.store import TABLES, Store
from dateline.store.query import Filters, run_query
from dateline.writers.export import export_tables


def _report(doc_id: str = "d1", dct: str = "2017-11-22") -> Report:
    text = "North Korea fired at the defector near Seoul today."
    return Report(
        document=Document(id=doc_id, text=text, dct=dct, origin=f"{doc_id}.txt", title="T"),
        entities=[
            Entity(id="E1", text="North Korea", label="GPE", aliases=["North Korea", "the North"],
                   country="PRK", mentions=[Offsets(0, 11)]),
            Entity(id="E2", text="the defector", label="NOMINAL", mentions=[Offsets(21, 33)]),
        ],
        timexes=[Timex(text="today", start=45, end=50, type="DATE", value=dct)],
        places=[Place(text="Seoul", start=39, end=44, name="Seoul", country="KOR",
                      lat=37.566, lon=126.978, feature="city")],
        events=[Event(id="V1", type="ASSAULT", trigger=TextSpan("fired", 12, 17),
                      sentence=Offsets(0, 51), actor="E1", target="E2", place=0,
                      time=EventTime(value=dct, earliest=dct, latest=dct, precision="day",
                                     basis="text"))],
    )


def test_report_round_trips_through_the_store():
    store = Store(":memory:")
    original = _report()
    assert store.add_reports([original]) == 1
    assert store.load_report("d1") == original


def test_same_document_is_stored_once():
    store = Store(":memory:")
    assert store.add_reports([_report(), _report()]) == 1
    assert store.add_reports([_report()]) == 0
    assert store.count("documents") == 1
    assert store.count("entities") == 2


def test_a_failed_batch_leaves_nothing_behind():
    store = Store(":memory:")
    bad = _report("d2")
    bad.entities[0].mentions = object()  # not serializable: the insert of d2 fails midway
    with pytest.raises(TypeError):
        store.add_reports([_report("d1"), bad])
    assert store.count("documents") == 0
    assert store.count("entities") == 0


def test_rejections_are_recorded_once_per_input():
    store = Store(":memory:")
    store.add_rejections([Rejection("a.txt", "empty file")])
    store.add_rejections([Rejection("a.txt", "empty file"), Rejection("b.bin", "binary")])
    assert store.count("rejections") == 2


def test_queries_filter_by_date_label_type_and_actor():
    store = Store(":memory:")
    store.add_reports([_report("d1", "2017-11-22"), _report("d2", "2016-01-05")])
    _, rows = run_query(store, "documents", Filters(since="2017-01-01"))
    assert [r[0] for r in rows] == ["d1"]
    _, rows = run_query(store, "documents", Filters(search="defector seoul"))
    assert len(rows) == 2
    _, rows = run_query(store, "documents", Filters(search="defector paris"))
    assert rows == []
    cols, rows = run_query(store, "entities", Filters(label="gpe", until="2016-12-31"))
    assert [r[cols.index("text")] for r in rows] == ["North Korea"]
    _, rows = run_query(store, "events", Filters(actor="the north", type="ASSAULT"))
    assert len(rows) == 2
    _, rows = run_query(store, "events", Filters(actor="South Korea"))
    assert rows == []
    with pytest.raises(ValueError, match="does not apply"):
        run_query(store, "quotes", Filters(label="PERSON"))


def test_events_filter_by_what_is_known_of_their_time():
    store = Store(":memory:")
    bounded = _report("d3", "2017-11-22")  # no date in the text: on or before the DCT
    bounded.events[0].time = EventTime(latest="2017-11-22", basis="dct-bound")
    store.add_reports([_report("d1", "2017-11-22"), _report("d2", "2016-01-05"), bounded])

    def docs(**kw):
        return sorted(r[0] for r in run_query(store, "events", Filters(**kw))[1])

    assert docs(happened_since="2017-01-01") == ["d1"]  # d3 may be older
    assert docs(happened_until="2016-12-31") == ["d2"]
    assert docs(happened_until="2017-11-22") == ["d1", "d2", "d3"]
    assert docs(happened_since="2016-01-05", happened_until="2016-01-05") == ["d2"]
    with pytest.raises(ValueError, match="applies to events"):
        run_query(store, "quotes", Filters(happened_since="2017-01-01"))


def test_store_reopens_and_keeps_its_data(tmp_path):
    path = tmp_path / "news.duckdb"
    with Store(path) as store:
        store.add_reports([_report()])
    with Store(path, read_only=True) as store:
        assert store.count("documents") == 1


def test_a_store_made_before_a_field_was_added_still_answers_queries(tmp_path):
    path = tmp_path / "old.duckdb"
    with Store(path) as store:
        store.add_reports([_report()])
        store.con.execute("ALTER TABLE events DROP COLUMN same_as")  # as an older store had it
    with Store(path, read_only=True) as store:
        columns, rows = run_query(store, "events", Filters(distinct=True))
        assert len(rows) == 1
        assert dict(zip(columns, rows[0], strict=True))["same_as"] is None
        assert store.load_report("d1").events[0].same_as is None
    with Store(path) as store:  # the next ingest's open adds the column
        assert "same_as" in {c[0] for c in store.con.execute("SELECT * FROM events").description}


def test_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such store"):
        Store(tmp_path / "nope.duckdb", read_only=True)


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_export_writes_every_table_readably(tmp_path, fmt):
    store = Store(":memory:")
    store.add_reports([_report()])
    paths = export_tables(store, tmp_path, fmt)
    assert {p.stem for p in paths} == {*TABLES, "event_table"}
    reader = "read_parquet" if fmt == "parquet" else "read_json_auto"
    con = duckdb.connect()
    n = con.execute(f"SELECT count(*) FROM {reader}('{tmp_path / ('entities.' + fmt)}')")
    assert n.fetchone()[0] == 2
