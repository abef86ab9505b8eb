"""An article's own retelling of an event (``Event.same_as``) is one story event, not several."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from typer.testing import CliRunner

from dateline.cli import app
from dateline.stories.resolve import _merge_retold

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "000_cbf8f8bc139d878a.txt"


def test_retold_groups_merge_under_the_key_that_names_most() -> None:
    bare = ("ASSAULT", "shooting", None, None)
    target_only = ("ASSAULT", "shot", None, "T")
    full = ("ASSAULT", "fired", "A", "T")
    other = ("AID", "rescued", "B", "T")
    groups = {bare: ["c1"], target_only: ["c2", "c3"], full: ["c4"], other: ["c5"]}
    triggers = {k: Counter({k[1]: len(v)}) for k, v in groups.items()}
    _merge_retold(groups, triggers, [(target_only, full), (full, bare)])  # type: ignore[arg-type]
    assert set(groups) == {full, other}
    assert sorted(groups[full]) == ["c1", "c2", "c3", "c4"]
    assert triggers[full] == Counter({"shot": 2, "fired": 1, "shooting": 1})


def test_no_retelling_leaves_groups_alone() -> None:
    groups = {("ASSAULT", "shot", "A", None): ["c1"], ("ASSAULT", "shot", "B", None): ["c2"]}
    _merge_retold(groups, {k: Counter() for k in groups}, [])  # type: ignore[arg-type]
    assert len(groups) == 2


def test_the_sample_articles_shooting_is_one_story_event(tmp_path: Path) -> None:
    runner = CliRunner()
    db = tmp_path / "s.duckdb"
    assert runner.invoke(app, ["ingest", str(EXAMPLE), "--db", str(db)]).exit_code == 0
    out = runner.invoke(app, ["stories", "--db", str(db), "--format", "json"])
    assert out.exit_code == 0, out.output
    (story,) = json.loads(out.output)
    assaults = [e for e in story["events"] if e["type"] == "ASSAULT"]
    assert len(assaults) == 1, [e["label"] for e in assaults]
    assert assaults[0]["actor"] and assaults[0]["target"]
