"""The ``.tml`` files of a folder (or one file), parsed by spaCy's own pipes only: Dateline's
components are left to the caller, which times or runs what it measures. Shared by
timex_eval.py and event_time_eval.py."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path


def read_corpus(data: Path) -> list:
    """The parsed TimeML files under ``data``; empty (with a message) when there are none."""
    from dateline.readers.timeml import read_timeml

    files = sorted(data.rglob("*.tml")) if data.is_dir() else [data]
    if not files:
        print(f"no .tml files under {data}", file=sys.stderr)
    return [read_timeml(f) for f in files]


def parsed(nlp, tmls: list) -> Iterator[tuple]:
    """(TimeML file, Doc) pairs, each Doc through spaCy's pipes in batches, anchored on its DCT;
    Dateline's components are disabled."""
    from dateline.pipeline import make_doc

    disabled = [n for n in nlp.pipe_names if n.startswith("dateline_")]
    with nlp.select_pipes(disable=disabled):
        docs = nlp.pipe((make_doc(nlp, t.document) for t in tmls), batch_size=16)
        yield from zip(tmls, docs, strict=True)
