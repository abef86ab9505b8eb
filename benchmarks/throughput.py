"""Throughput: bare spaCy vs the full Dateline pipeline on ~600-word news documents.

Usage: python benchmarks/throughput.py [DATA] [--docs N] [--batch-size B]

DATA is a folder or file of news text (.tml TimeML files, .txt, or seed-format files); it is
cut into ~600-word documents. Default: the TempEval-3 TimeBank/AQUAINT copy under
../shared/data/timeml/tbaq, else the bundled example article.
Prints bare spaCy docs/s, Dateline docs/s, their ratio, each Dateline component's ms/doc, and
peak RSS; the last line is the headline.
"""

from __future__ import annotations

import argparse
import re
import resource
import time
from pathlib import Path

import spacy

from dateline.pipeline import BATCH_SIZE, COMPONENTS, MODEL, build_nlp

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
    args = parser.parse_args()
    data = args.data or (DEFAULT_DATA if DEFAULT_DATA.exists() else FALLBACK)
    texts = corpus(data, args.docs)
    print(f"corpus: {len(texts)} docs x {WORDS_PER_DOC} words from {data}")

    bare = spacy.load(MODEL)
    full = build_nlp()
    rate(full, texts[:8], args.batch_size)  # warm up: first-use loads (gazetteer, lexicons)
    bare_rate = rate(bare, texts, args.batch_size)
    full_rate = rate(full, texts, args.batch_size)
    for name, ms in component_ms(full, texts, args.batch_size).items():
        print(f"{name:22s} {ms:7.2f} ms/doc")
    spacy_ms = 1000 / bare_rate
    print(f"bare spaCy ({MODEL}): {bare_rate:.2f} docs/s ({spacy_ms:.1f} ms/doc)")
    print(f"Dateline full pipeline: {full_rate:.2f} docs/s")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak_mb:.0f} MB")
    print(
        f"ratio {full_rate / bare_rate:.2f}  bare {bare_rate:.2f} docs/s  "
        f"dateline {full_rate:.2f} docs/s  peak RSS {peak_mb:.0f} MB"
    )


if __name__ == "__main__":
    main()
