"""The weights of place-resolution evidence: read from their table, traced for training, and
learned by training/train_place_weights.py."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from dateline.places import resolve as rs
from dateline.places.detect import detect
from dateline.places.gazetteer import get_gazetteer

_PATH = Path(__file__).resolve().parents[1] / "training" / "train_place_weights.py"
_SPEC = importlib.util.spec_from_file_location("train_place_weights", _PATH)
train = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(train)


def test_every_kind_of_evidence_has_a_weight():
    w = rs.weights()
    assert set(rs.EVIDENCE) <= set(w)
    assert w["population"] == 1.0  # the score's unit, so MIN_SCORE keeps its meaning


def test_a_weights_table_without_a_row_is_named(monkeypatch):
    rows = [[k, "1.0", ""] for k in rs.EVIDENCE if k != "near"]
    monkeypatch.setattr(rs, "read_table", lambda component, name: rows)
    rs.weights.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"weights\.tsv: no weight for near"):
            rs.weights()
    finally:
        monkeypatch.undo()
        rs.weights.cache_clear()
    assert "near" in rs.weights()


def test_trace_records_each_name_with_its_evidence(nlp):
    gaz = get_gazetteer()
    doc = nlp("Gunmen attacked Maiduguri on Sunday; Maiduguri is the capital of Borno, "
              "in northeastern Nigeria.")
    trace: rs.Trace = []
    res = rs.resolve(doc, detect(doc, gaz), gaz, trace)
    assert sorted(key for key, *_ in trace) == sorted({r.key for r in res})
    maiduguri = next(r for r in res if r.key == "maiduguri")
    key, cands, ctx, containers = next(t for t in trace if t[0] == "maiduguri")
    words: list[str] = []
    values = rs.evidence(gaz, maiduguri.entry, dict(cands)[maiduguri.entry], ctx, containers,
                         words)
    assert len(values) == len(rs.EVIDENCE)
    assert maiduguri.why.startswith("; ".join(words))


def test_fit_finds_the_evidence_that_marks_the_right_candidate():
    """Synthetic groups: the candidate near the gold point always has the second kind of
    evidence, and the larger town is as often right as wrong; the fit learns the evidence."""
    rng = np.random.default_rng(0)
    data = []
    for _ in range(200):
        x = np.zeros((3, 2))
        x[:, 0] = rng.uniform(2, 6, 3)
        right = int(rng.integers(3))
        x[right, 1] = 1.0
        data.append((x, np.arange(3) == right))
    w = train.fit(data, np.array([1.0, 0.0]), l2=0.0)
    assert w[1] > 1.0
    assert train.accuracy(data, w) > train.accuracy(data, np.array([1.0, 0.0]))


def test_training_names_a_missing_corpus(monkeypatch, tmp_path):
    monkeypatch.setattr("sys.argv", ["train_place_weights.py", str(tmp_path / "nope.xml")])
    with pytest.raises(SystemExit, match="nope.xml: no such corpus file"):
        train.main()
