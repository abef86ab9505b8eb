"""Throughput: bare spaCy vs Dateline on ~600-word news documents.

Usage: python benchmarks/throughput.py [DATA] [--docs N] [--batch-size B] [--runs R]

DATA is a folder or file of news text (.tml TimeML files, .txt, or seed-format files); it is
cut into ~600-word documents. Default: the TempEval-3 TimeBank/AQUAINT copy under
../shared/data/timeml/tbaq, else the bundled example article.

Dateline's rate is what a user gets: ``dateline.pipeline.process`` (tokenizing with the document
date, every component, and building the report), not ``nlp.pipe`` alone, whose rate is printed
beside it. Each rate is the median of ``--runs`` runs (bare spaCy and Dateline alternate, so a
load that comes and goes hits both). The cost Dateline adds per document is split into its
components' ms/doc and the rest ("outside the components": report building, extension copies),
so a slowdown can be placed. Prints peak RSS; the last line is the headline.
"""

from __future__ import annotations

import argparse
import re
import resource
import statistics
import time
from pathlib import Path

import spacy

from dateline.model import Document
from dateline.pipeline import BATCH_SIZE, COMPONENTS, MODEL, build_nlp, process

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "timeml" / "tbaq"
FALLBACK = ROOT / "examples"
WORDS_PER_DOC = 600


def _texts(path: Path) -> list[str]:
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    texts = []
    for f in files:
        raw = f.read_text(encoding="utf-8", errors="replace")
        if f.suffix == ".tml":
            m = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
            raw = re.sub(r"<[^>]+>", "", m.group(1)) if m else ""
        else:
            raw = re.sub(r"^\s*date \d{4}-\d{2}-\d{2}\s", "", raw)
        texts.append(raw)
    return texts


def corpus(path: Path, n_docs: int) -> list[str]:
    """``n_docs`` documents of ~600 words, cut from the source texts in order (cycled)."""
    words = " ".join(_texts(path)).split()
    if not words:
        raise SystemExit(f"{path}: no text found")
    docs = []
    i = 0
    while len(docs) < n_docs:
        chunk = [words[(i + k) % len(words)] for k in range(WORDS_PER_DOC)]
        docs.append(" ".join(chunk))
        i += WORDS_PER_DOC
    return docs


def rate(nlp: spacy.Language, texts: list[str], batch_size: int) -> float:
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return len(texts) / (time.perf_counter() - start)


def process_rate(nlp: spacy.Language, texts: list[str], batch_size: int) -> float:
    """Documents per second through ``process``: tokenizing, every component, the report."""
    docs = [Document(id=str(i), text=t, dct="2000-01-01") for i, t in enumerate(texts)]
    start = time.perf_counter()
    for _ in process(docs, nlp=nlp, batch_size=batch_size):
        pass
    return len(docs) / (time.perf_counter() - start)


def component_ms(nlp: spacy.Language, texts: list[str], batch_size: int) -> dict[str, float]:
    """Milliseconds per document spent in each Dateline component."""
    with nlp.select_pipes(disable=list(COMPONENTS)):
        docs = list(nlp.pipe(texts, batch_size=batch_size))
    spent = {}
    for name in COMPONENTS:
        proc = nlp.get_pipe(name)
        start = time.perf_counter()
        if hasattr(proc, "pipe"):  # as nlp.pipe runs it: a batch at a time
            for _ in proc.pipe(docs, batch_size=batch_size):
                pass
        else:
            for doc in docs:
                proc(doc)
        spent[name] = 1000 * (time.perf_counter() - start) / len(docs)
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=None)
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    data = args.data or (DEFAULT_DATA if DEFAULT_DATA.exists() else FALLBACK)
    texts = corpus(data, args.docs)
    print(f"corpus: {len(texts)} docs x {WORDS_PER_DOC} words from {data}, {args.runs} runs")

    bare = spacy.load(MODEL)
    full = build_nlp()
    rate(full, texts[:8], args.batch_size)  # warm up: first-use loads (gazetteer, lexicons)
    runs: dict[str, list[float]] = {"bare": [], "pipe": [], "process": []}
    for i in range(args.runs):
        runs["bare"].append(rate(bare, texts, args.batch_size))
        runs["pipe"].append(rate(full, texts, args.batch_size))
        runs["process"].append(process_rate(full, texts, args.batch_size))
        print(f"run {i + 1}: " + ", ".join(f"{k} {v[-1]:.2f} docs/s" for k, v in runs.items()))
    bare_rate, pipe_rate, full_rate = (statistics.median(runs[k]) for k in runs)
    parts = component_ms(full, texts, args.batch_size)
    for name, ms in parts.items():
        print(f"{name:22s} {ms:7.2f} ms/doc")
    spacy_ms, full_ms = 1000 / bare_rate, 1000 / full_rate
    added = full_ms - spacy_ms
    outside = added - sum(parts.values())
    print(f"bare spaCy ({MODEL}): {bare_rate:.2f} docs/s ({spacy_ms:.1f} ms/doc)")
    print(f"Dateline nlp.pipe only: {pipe_rate:.2f} docs/s")
    print(f"Dateline process (what users get): {full_rate:.2f} docs/s ({full_ms:.1f} ms/doc)")
    print(f"added by Dateline: {added:.1f} ms/doc: components {sum(parts.values()):.1f}, "
          f"outside the components {outside:.1f} ({outside / added:.0%} of the added cost)"
          if added > 0 else "added by Dateline: nothing measurable")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak_mb:.0f} MB")
    print(
        f"ratio {full_rate / bare_rate:.2f} (median of {args.runs})  bare {bare_rate:.2f} "
        f"docs/s  dateline {full_rate:.2f} docs/s  outside components {outside:.1f} ms/doc  "
        f"peak RSS {peak_mb:.0f} MB"
    )


if __name__ == "__main__":
    main()
