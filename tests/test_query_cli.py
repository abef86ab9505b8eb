"""``dateline query``: no silent cap on the rows shown, --all, document ids by unique prefix."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.model import Document, Entity, Offsets, Report
from dateline.store import Store
from dateline.store.ids import resolve_doc_id
from dateline.store.query import Filters, count_query


def _report(doc_id: str, n: int) -> Report:
    text = " ".join(f"Name{i}" for i in range(n))
    entities = [Entity(id=f"E{i}", text=f"Name{i}", label="PERSON",
                       mentions=[Offsets(i * 6, i * 6 + 5)]) for i in range(n)]
    return Report(document=Document(id=doc_id, text=text, dct="2020-01-01"), entities=entities)


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "q.duckdb"
    with Store(path) as store:
        store.add_reports([_report("abc1000000000000", 7), _report("abc2000000000000", 5),
                           _report("ffee000000000000", 2)])
    return str(path)


def _query(db, *args):
    return CliRunner().invoke(app, ["query", "entities", "--db", db, "-f", "json", *args])


def test_a_cut_list_says_so_on_stderr(db):
    result = _query(db, "--limit", "4")
    assert result.exit_code == 0 and len(json.loads(result.stdout)) == 4
    assert "4 of 14 entities shown (use --limit N or --all)" in result.stderr
    assert "shown" not in _query(db, "--limit", "14").stderr  # nothing left out, nothing said


def test_all_rows(db):
    result = _query(db, "--all")
    assert len(json.loads(result.stdout)) == 14 and "shown" not in result.stderr


def test_count_follows_the_filters(db):
    with Store(db, read_only=True) as store:
        f = Filters(doc="abc2000000000000", limit=1)
        assert count_query(store, "entities", f) == 5


def test_short_document_ids(db):
    rows = json.loads(_query(db, "--doc", "ff").stdout)
    assert {r["doc_id"] for r in rows} == {"ffee000000000000"}
    assert len(json.loads(_query(db, "--doc", "abc1000000000000").stdout)) == 7
    ambiguous = _query(db, "--doc", "abc")
    assert ambiguous.exit_code == 2 and "ambiguous" in ambiguous.stderr
    assert "abc1000000000000" in ambiguous.stderr
    missing = _query(db, "--doc", "0123")
    assert missing.exit_code == 2 and "no stored document id starts with it" in missing.stderr


def test_resolve_doc_id(db):
    with Store(db, read_only=True) as store:
        assert resolve_doc_id(store, "abc2") == "abc2000000000000"
        with pytest.raises(ValueError, match="ambiguous"):
            resolve_doc_id(store, "a")
