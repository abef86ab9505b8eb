"""Shared fixtures: one pipeline per test session, the bundled seed article, and the benchmark
scripts' modules (for tests of their scoring)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

from dateline.model import Document

ROOT = Path(__file__).resolve().parents[1]
SEED_PATH = ROOT / "examples" / "000_cbf8f8bc139d878a.txt"


@pytest.fixture(scope="session")
def nlp():
    from dateline.pipeline import get_nlp

    return get_nlp()


@pytest.fixture(scope="session")
def benchmark():
    """name -> the module of ``benchmarks/<name>.py``, imported with its folder on ``sys.path``
    as when it runs, so that it finds the modules beside it."""
    folder = str(ROOT / "benchmarks")
    sys.path.insert(0, folder)
    yield importlib.import_module
    sys.path.remove(folder)


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED_PATH


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The seed article's text, without its date header."""
    return SEED_PATH.read_text(encoding="utf-8").split(" date 2017-11-22 ", 1)[1]


@pytest.fixture(scope="session")
def seed_report(nlp, seed_text):
    from dateline.pipeline import process

    doc = Document(id="seed", text=seed_text, dct="2017-11-22")
    return next(process([doc], nlp=nlp))


@pytest.fixture(scope="session")
def timex_doc(nlp):
    """(text, dct) -> a Doc through spaCy's own pipes and the timex component only."""
    from dateline.pipeline import make_doc

    def _doc(text: str, dct: str | None = "2017-11-22"):
        doc = make_doc(nlp, Document(id="t", text=text, dct=dct))
        for name, proc in nlp.pipeline:
            if not name.startswith("dateline_") or name == "dateline_timex":
                doc = proc(doc)
        return doc

    return _doc


@pytest.fixture()
def run(nlp):
    """Process one text with a document date and return its Report."""
    from dateline.pipeline import process

    def _run(text: str, dct: str | None = "2017-11-22"):
        return next(process([Document(id="t", text=text, dct=dct)], nlp=nlp))

    return _run
