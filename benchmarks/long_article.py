"""Long articles: time and peak memory of one article of about N characters, processed whole.

Usage: python benchmarks/long_article.py [DATA] [--chars N]

DATA is a JSONL file of articles (``text`` field); their texts are joined, paragraph after
paragraph, into one article of ``--chars`` characters (default 1,000,000). Default: the dev
articles under ../shared/data/stories/dev/articles.jsonl. The article goes through the full
pipeline (``pipeline.process``, which cuts it into pieces); the script checks that every
record's offsets point at its text in the whole article and that every id reference resolves.
Prints characters, pieces, records, seconds (wall and CPU: the machine may be shared), and peak
RSS; the last line is the headline
(target: 1 MB in at most 60 s and 1 GB).
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

from dateline.model import Document, Report
from dateline.pieces import cut
from dateline.pipeline import get_nlp, process

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "stories" / "dev" / "articles.jsonl"


def long_text(path: Path, chars: int) -> str:
    """The articles' texts joined by blank lines, repeated until ``chars`` long."""
    texts = [json.loads(line)["text"] for line in path.open(encoding="utf-8") if line.strip()]
    out, size, i = [], 0, 0
    while size < chars:
        out.append(texts[i % len(texts)])
        size += len(out[-1]) + 2
        i += 1
    return "\n\n".join(out)[:chars]


def check(report: Report) -> int:
    """Records checked; raises AssertionError at the first wrong offset or dangling id."""
    text = report.document.text
    entities = {e.id for e in report.entities}
    events = {v.id for v in report.events}
    assert len(entities) == len(report.entities) and len(events) == len(report.events)
    n = 0
    for kind in ("timexes", "quantities", "places", "quotes", "incident_roles"):
        for r in getattr(report, kind):
            assert text[r.start : r.end] == r.text, (kind, r)
            n += 1
    for v in report.events:
        assert text[v.trigger.start : v.trigger.end] == v.trigger.text, v.trigger
        assert {v.actor, v.target, v.source} - {None} <= entities, v
        assert v.same_as is None or v.same_as in events
        assert v.place is None or v.place < len(report.places)
        assert all(q < len(report.quantities) for q in v.quantities)
        n += 1
    return n + len(report.entities)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--chars", type=int, default=1_000_000)
    args = parser.parse_args()

    text = long_text(args.data, args.chars)
    get_nlp()
    start, cpu = time.perf_counter(), time.process_time()
    (report,) = process([Document(id="long", text=text, dct="2020-01-01")])
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert isinstance(report, Report), report
    records = check(report)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"characters {len(text):,}, pieces {len(cut(text))}, records checked {records:,}")
    print(f"events {len(report.events):,}, entities {len(report.entities):,}")
    print(f"{len(text) / 1e6:.2f} MB article: {seconds:.1f} s ({cpu:.1f} s CPU), "
          f"peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
