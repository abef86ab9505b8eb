"""Story grouping at ingest: joining, keeping apart, copies, increments, undated documents,
the store's story tables and ``query --story`` through the command line."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from dateline.cli import app
from dateline.model import Document, Entity, Offsets, Report, Timex
from dateline.store import TABLES, Store
from dateline.stories.grouping import Grouper
from dateline.stories.membership import STORY_TABLES, load_groups
from dateline.stories.signature import signature

QUAKE = (
    "A magnitude 6.1 earthquake struck Ludian county in Yunnan province on Sunday, killing at "
    "least 398 people, Xinhua reported. Rescuers in Zhaotong searched collapsed homes in "
    "Longtoushan, where the quake flattened whole villages."
)
QUAKE_LATER = (
    "The death toll from the Ludian earthquake in Yunnan rose to 410 on Tuesday. Troops reached "
    "Longtoushan, where the quake flattened homes, Xinhua said. Premier Li Keqiang visited "
    "Zhaotong and the rescuers there."
)
QUAKE_ELSEWHERE = (
    "A magnitude 5.9 earthquake struck Kumamoto prefecture in Japan on Friday, killing nine "
    "people. Rescuers in Mashiki searched collapsed houses, the broadcaster NHK reported."
)
QUAKE_UNDATED = (
    "Survivors of the Ludian earthquake camped in tents near Longtoushan as Xinhua reported "
    "aftershocks around Zhaotong in Yunnan."
)
NAMES = ("Ludian", "Yunnan", "Zhaotong", "Longtoushan", "Xinhua", "Kumamoto", "Japan", "Mashiki")


def report(doc_id: str, text: str, dct: str | None, url: str | None = None) -> Report:
    """A processed document as the pipeline would hand it over (names as GPE entities)."""
    entities = [
        Entity(id=f"e{i}", text=name, label="GPE",
               mentions=[Offsets(text.index(name), text.index(name) + len(name))])
        for i, name in enumerate(n for n in NAMES if n in text)
    ]
    document = Document(id=doc_id, text=text, dct=dct, url=url)
    return Report(document=document, entities=entities)


def place(store: Store, reports: list[Report], grouper: Grouper | None = None):
    """Store reports and group them, as ``dateline ingest`` does after each batch."""
    store.add_reports(reports)
    return (grouper or Grouper(store)).add(reports)


def story_of(store: Store) -> dict[str, str]:
    rows = store.con.execute("SELECT doc_id, story_id FROM story_documents").fetchall()
    return dict(rows)


def test_two_reports_of_one_event_join_and_a_later_quake_elsewhere_does_not():
    with Store(":memory:") as store:
        place(store, [
            report("a1", QUAKE, "2014-08-04"),
            report("a2", QUAKE_LATER, "2014-08-05"),
            report("b1", QUAKE_ELSEWHERE, "2014-09-06"),
        ])
        stories = story_of(store)
    assert stories["a1"] == stories["a2"]
    assert stories["b1"] != stories["a1"]


def test_a_syndicated_copy_is_linked_to_its_original_and_kept():
    with Store(":memory:") as store:
        place(store, [report("a1", QUAKE, "2014-08-04", url="https://wire.example/1")])
        placed = place(store,
            [report("a1-copy", QUAKE, "2014-08-05", url="https://paper.example/quake")]
        )
        groups = load_groups(store)
        documents = store.con.execute("SELECT documents FROM stories").fetchall()
    assert placed[0].copy_of == "a1"
    assert len(groups) == 1
    assert groups[0].doc_ids == ["a1", "a1-copy"]
    assert groups[0].copy_of == {"a1-copy": "a1"}
    assert documents == [(2,)]


def test_a_second_ingest_extends_the_story_of_the_first(tmp_path):
    path = tmp_path / "news.duckdb"
    with Store(path) as store:
        place(store, [report("a1", QUAKE, "2014-08-04")])
    with Store(path) as store:
        place(store, [report("a2", QUAKE_LATER, "2014-08-05")])
        stories = story_of(store)
        span = store.con.execute("SELECT first_day, last_day, documents FROM stories").fetchall()
    assert stories["a1"] == stories["a2"]
    assert [(str(a), str(b), n) for a, b, n in span] == [("2014-08-04", "2014-08-05", 2)]


def test_an_undated_document_joins_by_content():
    with Store(":memory:") as store:
        grouper = Grouper(store)
        dated = [report("a1", QUAKE, "2014-08-04"), report("b1", QUAKE_ELSEWHERE, "2014-08-04")]
        place(store, dated, grouper)
        place(store, [report("u1", QUAKE_UNDATED, None)], grouper)
        stories = story_of(store)
    assert stories["u1"] == stories["a1"] != stories["b1"]


def test_an_undated_document_naming_a_later_year_needs_more_to_join():
    text = (
        "A museum opened in 2019 to remember the Ludian earthquake; officials "
        "praised the schools, bridges and mountain roads the province has built since."
    )
    year = text.index("2019")
    placed = {}
    for value in ("2019", None):  # the same text, with and without the year it names
        later = report("u2", text, None)
        if value:
            later.timexes = [Timex(text=value, start=year, end=year + 4, type="DATE", value=value)]
        with Store(":memory:") as store:
            place(store, [report("a1", QUAKE, "2014-08-04")])
            place(store, [later])
            stories = story_of(store)
        placed[value] = stories["u2"] == stories["a1"]
    assert placed == {"2019": False, None: True}


def test_a_document_already_grouped_is_not_placed_again():
    with Store(":memory:") as store:
        place(store, [report("a1", QUAKE, "2014-08-04")])
        assert place(store, [report("a1", QUAKE, "2014-08-04")]) == []
        assert store.count("story_documents") == 1


def test_a_document_without_events_or_words_still_gets_a_story():
    with Store(":memory:") as store:
        placed = place(store, [report("e1", "", None), report("e2", "Ok.", "2020-01-01")])
        groups = load_groups(store)
    assert len(placed) == 2
    assert sorted(d for g in groups for d in g.doc_ids) == ["e1", "e2"]
    assert len(groups) == 2


def test_documents_stored_without_a_story_are_grouped_later():
    with Store(":memory:") as store:
        store.add_reports([report("a1", QUAKE, "2014-08-04"), report("a2", QUAKE_LATER, None)])
        assert Grouper(store).add_stored() == 2
        assert Grouper(store).add_stored() == 0
        stories = story_of(store)
    assert stories["a1"] == stories["a2"]


def test_load_groups_of_an_empty_store_and_of_an_unknown_story():
    with Store(":memory:") as store:
        assert load_groups(store) == []
        place(store, [report("a1", QUAKE, "2014-08-04")])
        assert load_groups(store, "no-such-story") == []
        (group,) = load_groups(store)
        assert load_groups(store, group.id)[0].doc_ids == ["a1"]


def test_signature_weighs_rare_names_over_common_words():
    sig = signature(report("a1", QUAKE, "2014-08-04"))
    assert "ludian" in sig.keys and "the" not in sig.vector
    assert sig.vector["ludian"] > sig.vector["earthquake"]
    assert abs(sum(w * w for w in sig.vector.values()) - 1.0) < 1e-9


def test_undated_document_is_bounded_by_the_dates_it_names():
    text = QUAKE_UNDATED + " A similar quake had struck in 2013-07 further north."
    r = report("u1", text, None)
    r.timexes = [Timex(text="2013-07", start=0, end=7, type="DATE", value="2013-07")]
    assert str(signature(r).not_before) == "2013-07-01"


def test_story_tables_are_exported_tables():
    assert set(STORY_TABLES) <= set(TABLES)


# -- end to end ---------------------------------------------------------------------------------
runner = CliRunner()


def _jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_ingest_twice_then_query_documents_and_events_by_story(tmp_path):
    db = tmp_path / "news.duckdb"
    first = _jsonl(tmp_path / "first.jsonl", [
        {"id": "guardian-1", "text": QUAKE, "date": "2014-08-04", "url": "https://g.example/1"},
        {"id": "kyodo-1", "text": QUAKE_ELSEWHERE, "date": "2014-09-06"},
    ])
    second = _jsonl(tmp_path / "second.jsonl", [
        {"id": "cbc-1", "text": QUAKE_LATER, "date": "2014-08-05"},
        {"id": "wire-copy", "text": QUAKE, "date": "2014-08-04", "url": "https://w.example/9"},
    ])
    for path in (first, second):
        result = runner.invoke(app, ["ingest", str(path), "--db", str(db)])
        assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["query", "documents", "--db", str(db), "--format", "json"])
    docs = {d["external_id"]: d for d in json.loads(result.stdout)}
    story = docs["guardian-1"]["story_id"]
    assert docs["cbc-1"]["story_id"] == docs["wire-copy"]["story_id"] == story
    assert docs["kyodo-1"]["story_id"] != story

    result = runner.invoke(
        app, ["query", "documents", "--db", str(db), "--story", story, "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert {d["external_id"] for d in json.loads(result.stdout)} == {
        "guardian-1", "cbc-1", "wire-copy"
    }
    with Store(db, read_only=True) as store:
        (group,) = load_groups(store, story)
        ids = dict(store.con.execute("SELECT external_id, id FROM documents").fetchall())
    assert group.copy_of == {ids["wire-copy"]: ids["guardian-1"]}

    result = runner.invoke(
        app, ["query", "events", "--db", str(db), "--story", story, "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    events = json.loads(result.stdout)
    assert events and {e["story_id"] for e in events} == {story}


def test_query_story_on_another_kind_is_a_usage_error(tmp_path):
    db = tmp_path / "news.duckdb"
    Store(db).close()
    result = runner.invoke(app, ["query", "entities", "--db", str(db), "--story", "s1"])
    assert result.exit_code == 2
    assert "--story does not apply to entities (--story applies to documents, events)" in (
        result.output)


# -- the benchmark's scoring ----------------------------------------------------------------------
def test_benchmark_scores_pairs_and_b_cubed(benchmark):
    stories_eval = benchmark("stories_eval")
    gold = {"a": "x", "b": "x", "c": "y", "d": "z"}
    pred = {"a": "1", "b": "1", "c": "1", "d": "2"}
    p, r, f = stories_eval.pairwise(pred, gold)
    assert (round(p, 3), r) == (0.333, 1.0)
    bp, br, _ = stories_eval.bcubed(pred, gold)
    assert (round(bp, 3), br) == (round((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4, 3), 1.0)
    assert stories_eval.ecb_story("12_3ecbplus") == "12ecbplus"
    assert stories_eval.detokenize("He said , `` no '' .") == 'He said, "no".'


def test_a_store_made_before_stories_still_answers_queries_and_exports(tmp_path):
    db = tmp_path / "old.duckdb"
    with Store(db) as store:
        store.add_reports([report("a1", QUAKE, "2014-08-04")])
        for table in STORY_TABLES:
            store.con.execute(f"DROP TABLE {table}")
    result = runner.invoke(app, ["query", "documents", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["story_id"] is None
    result = runner.invoke(app, ["query", "documents", "--db", str(db), "--story", "s1"])
    assert result.exit_code == 2
    assert "no stories" in result.output
    result = runner.invoke(app, ["export", "--db", str(db), "--format", "jsonl", "--out",
                                 str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "documents.jsonl").exists()
    assert not (tmp_path / "out" / "stories.jsonl").exists()
