"""The story report: names merged across documents, story events dated across documents, each
kind of difference, exact offsets, and ``dateline stories`` end to end."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.model import Document, Entity, Offsets, Report
from dateline.stories import StoryGroup
from dateline.stories.disagree import (
    AGREE,
    COMPATIBLE,
    CONFLICT,
    UPDATE,
    classify_dates,
    classify_numbers,
)
from dateline.stories.facts import Claim
from dateline.stories.report import build_story
from dateline.stories.resolve import resolve_actors, resolve_events

runner = CliRunner()


def _people(doc_id: str, *names: str, label: str = "PERSON") -> Report:
    text = ". ".join(names)
    ents, at = [], 0
    for n, name in enumerate(names, 1):
        ents.append(Entity(f"E{n}", name, label, mentions=[Offsets(at, at + len(name))]))
        at += len(name) + 2
    return Report(Document(doc_id, text), entities=ents)


def _merged(*names: str, label: str = "PERSON") -> list[list[str]]:
    reports = [_people(f"d{n}", name, label=label) for n, name in enumerate(names)]
    return sorted(sorted(a.variants) for a in resolve_actors(reports))


@pytest.mark.parametrize(
    "names",
    [
        ("Moammar Gadhafi", "Muammar Gaddafi", "Muammar el-Qaddafi", "Muammar Qaddafi"),
        ("Thae Yong Ho", "Thae Yong-ho"),
        ("Dr Lee Kook-jong", "Lee Cook-jong", "Lee Guk-jong"),
        ("Dr. Gregory D. Reiber", "Gregory Reiber"),
        ("Ben Crump", "Benjamin Crump"),
        ("President Barack Obama", "Mr Barack Obama"),
        ("Bennet Omalu", "Bennett Omalu"),
    ],
)
def test_name_variants_merge(names):
    assert _merged(*names) == [sorted(names)]


def test_people_who_share_a_surname_stay_apart():
    assert len(_merged("Muammar Gaddafi", "Mutassim Gaddafi", "Saif al-Islam Gaddafi")) == 3


def test_a_surname_alone_joins_the_one_full_name_it_can_stand_for():
    assert _merged("Muammar Gaddafi", "Gadhafi") == [["Gadhafi", "Muammar Gaddafi"]]
    # two Gaddafis: "Gaddafi" alone could be either, so it joins neither
    assert len(_merged("Muammar Gaddafi", "Mutassim Gaddafi", "Gaddafi")) == 3


def test_lookalike_skeletons_are_not_one_name():
    assert len(_merged("Huize", "White House", label="ORG")) == 2


def test_organization_words_in_another_order():
    merged = _merged("National Transitional Council", "Transitional National Council", label="ORG")
    assert len(merged) == 1


def _claim(value: float, low: float, high: float, published: str | None = None, doc: str = "a",
           revises: bool = False) -> Claim:
    return Claim(str(value), value, str(value), doc, doc, None, published, 0, 1,
                 low=low, high=high, revises=revises)


INF = float("inf")


def test_number_kinds():
    assert classify_numbers([_claim(5, 5, 5, doc="a"), _claim(5, 5, 5, doc="b")]) == AGREE
    # "at least 4" and 5 can both be true
    assert classify_numbers([_claim(4, 4, INF, doc="a"), _claim(5, 5, 5, doc="b")]) == COMPATIBLE
    # 7 and 8 hits on no dates that order them
    assert classify_numbers([_claim(8, 8, 8, doc="a"), _claim(7, 7, 7, doc="b")]) == CONFLICT
    # a toll rising from one day's report to the next
    rising = [_claim(235, 235, 235, "2017-11-20", "a"), _claim(305, 305, 305, "2017-11-21", "b")]
    assert classify_numbers(rising) == UPDATE
    falling = [_claim(305, 305, 305, "2017-11-20", "a"), _claim(235, 235, 235, "2017-11-21", "b")]
    assert classify_numbers(falling) == CONFLICT
    # undated, but the text says the figure rose
    said = [_claim(77, 77, 77, doc="a"), _claim(233, 233, 233, doc="b", revises=True)]
    assert classify_numbers(said) == UPDATE
    old = _claim(31, 31, 31, doc="a")
    old.superseded = True  # "the previous toll of 31"
    assert classify_numbers([old, _claim(35, 35, 35, doc="b")]) == UPDATE


def _dates(*values: str) -> list[Claim]:
    return [Claim(v, v, v, f"d{n}", f"d{n}", None, None, 0, 1) for n, v in enumerate(values)]


def test_date_kinds():
    assert classify_dates(_dates("2017-11-13", "2017-11-13")) == AGREE
    assert classify_dates(_dates("2017-11-13", "Monday")) == COMPATIBLE
    assert classify_dates(_dates("2017-11-13", "Tuesday")) == CONFLICT
    assert classify_dates(_dates("2017-11-13", "2017-11-20")) == CONFLICT
    assert classify_dates(_dates("2016-03-22", "XXXX-11-13")) == CONFLICT  # no year, other day
    assert classify_dates(_dates("2016-03-22", "2016-W12")) == COMPATIBLE


DEFECTION = [
    Document(
        "a", dct="2017-11-14", source="apnews.com", external_id="ap-1",
        text="A North Korean soldier was shot five times by North Korean troops on Monday, "
        "November 13, as he fled across the border, the UN Command said. Surgeon Lee Cook-jong "
        "said the soldier was hit at least four times. Doctors removed a 27 cm parasite.",
    ),
    Document(
        "b", dct="2017-11-24", source="bbc.co.uk", external_id="bbc-1",
        text="The North Korean soldier who was shot last week by North Korean troops as he fled "
        "across the border on Monday is recovering, Dr Lee Kook-jong said on Friday. Doctors "
        "found a 10-inch worm in his gut.",
    ),
    Document(
        "c", dct="2017-11-14", source="cnn.com", external_id="cnn-1",
        text="The soldier was shot eight times by North Korean troops, surgeon Lee Guk-jong said "
        "on Tuesday. An 11-inch worm was taken from his gut.",
    ),
]


@pytest.fixture(scope="module")
def defection(nlp):
    from dateline.pipeline import process

    reports = list(process(DEFECTION, nlp=nlp))
    return reports, build_story(StoryGroup("s1", ["a", "c", "b"]), reports)


def test_weekday_dated_from_the_story(defection):
    reports, _ = defection
    actors = resolve_actors(reports)
    events = resolve_events(reports, actors)
    shooting = next(e for e in events if {"a", "b"} <= set(e.documents()))
    assert shooting.date == "2017-11-13"
    late = next(c for c in shooting.claims if c.doc_id == "b")
    assert late.timex is not None and late.timex.text == "Monday"
    assert late.resolved == "2017-11-13" and late.basis == "weekday"  # not 2017-11-20
    # the CNN article never dates the shooting: it gets the story's date
    undated = next(c for c in shooting.claims if c.doc_id == "c")
    assert undated.own is None and (undated.resolved, undated.basis) == ("2017-11-13", "story")


def test_story_json_and_kinds(defection):
    _, story = defection
    assert story["id"] == "s1" and story["happened"]["earliest"] == "2017-11-13"
    surgeon = next(a for a in story["actors"] if "Lee Guk-jong" in a["variants"])
    assert set(surgeon["documents"]) == {"ap-1", "bbc-1", "cnn-1"}
    facts = {f["about"]: f for f in story["disagreements"]}
    # five (or at least four) vs eight on the same day: nothing says one replaces the other
    assert facts["hits"]["kind"] == CONFLICT
    assert any(f["kind"] == COMPATIBLE for f in facts.values())


def test_claim_offsets_point_at_the_text(defection):
    reports, story = defection
    texts = {r.document.external_id: r.document.text for r in reports}
    claims = [c for f in story["disagreements"] for c in f["claims"]]
    assert claims
    for c in claims:
        assert texts[c["document"]][c["start"] : c["end"]] == c["text"]


def test_units_and_roundings_are_compatible(defection):
    _, story = defection
    worm = [f for f in story["disagreements"] if "length" in f["about"]]
    assert worm and worm[0]["kind"] == COMPATIBLE  # 27 cm / 10-inch / 11-inch


def test_a_story_without_events(nlp):
    from dateline.pipeline import process

    docs = [Document(f"x{n}", "Nothing happened here at all.", external_id=f"x{n}")
            for n in range(2)]
    story = build_story(StoryGroup("s", ["x0", "x1"]), list(process(docs, nlp=nlp)))
    assert story["events"] == [] and story["happened"] == {"earliest": None, "latest": None}
    from dateline.writers.story import render_html, render_markdown

    assert "No events" in render_markdown([story]) and "<table>" in render_html([story])


def test_markdown_and_html_escape_article_text():
    from dateline.writers.story import render_html, render_markdown

    claim = {"value": "<b>|x", "normalized": 1, "text": "<b>|x", "document": "d", "source": None,
             "published": None, "start": 0, "end": 5, "attributed_to": None}
    story = {"id": "s", "title": "<script>", "first_published": None, "last_published": None,
             "happened": {"earliest": None, "latest": None}, "documents": [], "events": [],
             "actors": [{"name": "<i>", "variants": ["<i>"], "documents": ["a", "b"]}],
             "disagreements": [{"about": "hits", "kind": "conflict", "claims": [claim]}]}
    md, page = render_markdown([story]), render_html([story])
    assert "<script>" not in md and "<i>" not in md and "&lt;b&gt;\\|x" in md
    assert "<script>" not in page and "&lt;b&gt;|x" in page


def _ingest(tmp_path):
    src = tmp_path / "in.jsonl"
    rows = [{"id": d.external_id, "date": d.dct, "source": d.source, "text": d.text}
            for d in DEFECTION]
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    result = runner.invoke(app, ["ingest", str(src), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


def test_cli_stories_end_to_end(tmp_path):
    db = _ingest(tmp_path)
    result = runner.invoke(app, ["stories", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    stories = json.loads(result.stdout)
    assert stories, "the three reports form a story"
    assert len(stories) == 1
    story = stories[0]
    assert {"id", "title", "first_published", "last_published", "happened", "documents",
            "actors", "events", "disagreements"} <= set(story)
    assert [d["external_id"] for d in story["documents"]] == ["ap-1", "cnn-1", "bbc-1"]
    assert story["happened"] == {"earliest": "2017-11-13", "latest": "2017-11-13"}
    # the Friday article's "Monday" is the story's 2017-11-13
    told = [d for e in story["events"] for d in e["documents"] if d["document"] == "bbc-1"]
    assert any(d["date"] == "2017-11-13" and d["date_basis"] == "weekday" for d in told)
    surgeon = next(f for f in story["disagreements"] if f["about"].startswith("name of Lee"))
    assert {c["value"] for c in surgeon["claims"]} >= {"Lee Guk-jong", "Lee Kook-jong"}
    for fact in story["disagreements"]:
        assert fact["kind"] in (AGREE, COMPATIBLE, UPDATE, CONFLICT)
    md = runner.invoke(app, ["stories", "--db", str(db), "--format", "markdown"])
    assert md.exit_code == 0 and "### Facts" in md.stdout
    table = runner.invoke(app, ["stories", "--db", str(db), "--story", story["id"]])
    assert table.exit_code == 0 and story["id"] in table.stdout


def test_cli_unknown_story_and_empty_store(tmp_path):
    db = _ingest(tmp_path)
    result = runner.invoke(app, ["stories", "--db", str(db), "--story", "nope"])
    assert result.exit_code == 2 and "no story 'nope'" in result.output
    from dateline.store import Store

    empty = tmp_path / "empty.duckdb"
    Store(empty).close()
    result = runner.invoke(app, ["stories", "--db", str(empty), "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    missing = runner.invoke(app, ["stories", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 2


def _told(doc_id: str, text: str, dct: str, nlp) -> Report:
    from dateline.pipeline import process

    return next(process([Document(doc_id, text, dct=dct, external_id=doc_id)], nlp=nlp))


def test_a_claim_dated_weeks_away_is_another_event(nlp):
    reports = [
        _told("a", "Bombers attacked the airport on March 22, 2016, officials said.",
              "2016-03-23", nlp),
        _told("b", "The attacks on March 22 killed 32 people, officials said.", "2016-03-24", nlp),
        _told("c", "Bombers attacked Paris on November 13, 2015, officials said.",
              "2016-03-24", nlp),
    ]
    events = resolve_events(reports, resolve_actors(reports))
    dated = {e.date: set(e.documents()) for e in events if e.fact == "attack" and e.date}
    assert dated.get("2016-03-22", set()) >= {"a"} and "c" not in dated["2016-03-22"]
    assert dated.get("2015-11-13") == {"c"}


def test_a_copy_is_listed_but_counted_once(defection):
    import dataclasses

    reports, _ = defection
    original = reports[0]
    copy = dataclasses.replace(
        original, document=dataclasses.replace(original.document, id="d", external_id="copy-1",
                                               source="wire.example")
    )
    group = StoryGroup("s1", ["a", "d", "c", "b"], copy_of={"d": "a"})
    story = build_story(group, [*reports, copy])
    listed = {d["external_id"]: d["copy_of"] for d in story["documents"]}
    assert listed["copy-1"] == "a"
    claims = [c for f in story["disagreements"] for c in f["claims"]]
    assert all(c["document"] != "copy-1" for c in claims)
    assert all(e["articles"] <= 3 for e in story["events"])


def test_discrepancy_rows_and_matching(benchmark):
    bench = benchmark("story_discrepancies")
    table = """## q-2014: A quake

| Fact | Values as quoted (article ids in square brackets) | Kind |
|---|---|---|
| Deaths | `at least 398` [a, b]; `close to 600` [c] | update (rising) |
| Day | `Sunday` [a] | agree |

## Distractors (story = "none")

| id | What it is | Why |
|---|---|---|
| x | `other` [x] | trap |
"""
    rows = bench.parse_discrepancies(table)
    assert [(r.story, r.fact) for r in rows] == [("q-2014", "Deaths"), ("q-2014", "Day")]
    assert rows[0].quotes[0].ids == frozenset({"a", "b"})
    assert bench.gold_kind(rows[0].kind) == "update"
    claim = {"document": "b", "text": "398"}
    other = {"document": "c", "text": "600"}
    assert bench.shown_by(rows[0], [{"claims": [claim, other]}]) is not None
    # a claim from an article the quote does not cite does not count
    assert bench.shown_by(rows[0], [{"claims": [claim, {"document": "a", "text": "600"}]}]) is None


def test_a_count_placed_elsewhere_is_a_fact_of_its_own():
    from dateline.model import Place, Quantity
    from dateline.stories.facts import count_claims

    text = "In Yunnan 398 people died, and 66 died in Qiaojia county."
    rep = Report(
        Document("d", text),
        quantities=[
            Quantity("398 people", 10, 20, 398.0, unit="people", kind="count"),
            Quantity("66", 31, 33, 66.0, kind="count"),
        ],
        places=[Place("Yunnan", 3, 9, name="Yunnan"), Place("Qiaojia", 42, 49, name="Qiaojia")],
    )
    facts = {c.text: fact for fact, c in count_claims(rep)}
    assert facts == {"398 people": "deaths", "66": "deaths at Qiaojia"}
    # the story's own place does not split the toll
    assert {f for f, _ in count_claims(rep, frozenset({"Qiaojia"}))} == {"deaths"}


def test_an_age_is_the_age_of_someone():
    from dateline.model import Quantity
    from dateline.stories.facts import count_claims

    text = "The 22-year-old Stephon Clark was shot. Officer Mercado spoke."
    rep = Report(
        Document("d", text),
        quantities=[Quantity("22-year", 4, 11, 22.0, unit="s", kind="duration",
                             source_unit="year", si_value=694252800.0)],
        entities=[Entity("E1", "Stephon Clark", "PERSON", mentions=[Offsets(16, 29)]),
                  Entity("E2", "Mercado", "PERSON", mentions=[Offsets(48, 55)])],
    )
    [(fact, claim)] = count_claims(rep)
    assert fact == "age of Stephon Clark" and claim.normalized == 22.0
