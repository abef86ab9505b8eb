"""Speed of the dateline_quantities component alone, in ms per ~600-word document.

Usage: python benchmarks/quantities_speed.py [DATA] [--docs N] [--repeat R]

DATA is a text file or folder (seed-format ``date YYYY-MM-DD`` headers are dropped; .tml
tags are stripped); its words are cut into ~600-word documents, cycling the text when it is
short. Default: the bundled examples/. The documents are parsed once by the rest of the
pipeline (spaCy + timex); only the quantities component is timed. Last line: ms/doc.
"""

from __future__ import annotations

import argparse
import re
import time
from itertools import cycle, islice
from pathlib import Path

from dateline.pipeline import COMPONENTS, build_nlp

ROOT = Path(__file__).resolve().parents[1]
WORDS_PER_DOC = 600


def _words(path: Path) -> list[str]:
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    words: list[str] = []
    for f in files:
        raw = f.read_text(encoding="utf-8", errors="replace")
        raw = re.sub(r"^\s*date \d{4}-\d{2}-\d{2}\s", "", raw)
        words.extend(re.sub(r"<[^>]+>", " ", raw).split())
    return words


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", nargs="?", type=Path, default=ROOT / "examples")
    ap.add_argument("--docs", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    words = _words(args.data)
    if not words:
        raise SystemExit(f"no text in {args.data}")
    stream = cycle(words)
    texts = [" ".join(islice(stream, WORDS_PER_DOC)) for _ in range(args.docs)]

    nlp = build_nlp()
    component = nlp.get_pipe("dateline_quantities")
    later = [c for c in COMPONENTS if c not in ("dateline_timex",)]
    docs = list(nlp.pipe(texts, disable=later))
    best = float("inf")
    found = 0
    for _ in range(args.repeat):
        start = time.perf_counter()
        for doc in docs:
            component(doc)
        best = min(best, time.perf_counter() - start)
        found = sum(len(doc._.quantities) for doc in docs)
    print(f"docs: {len(docs)} x ~{WORDS_PER_DOC} words, quantities found: {found}")
    print(f"dateline_quantities: {1000 * best / len(docs):.3f} ms/doc")


if __name__ == "__main__":
    main()
