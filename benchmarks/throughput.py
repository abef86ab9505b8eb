"""Throughput: bare spaCy vs Dateline on ~600-word news documents, and 2 workers vs 1.

Usage: python benchmarks/throughput.py [DATA] [--docs N] [--batch-size B] [--runs R]
       [--workers W]

DATA is a folder or file of news text (.tml TimeML files, .txt, or seed-format files); it is
cut into ~600-word documents. Default: the TempEval-3 TimeBank/AQUAINT copy under
../shared/data/timeml/tbaq, else the bundled example article.

Dateline's rate is what a user gets: ``dateline.pipeline.process`` (tokenizing with the document
date, every component, and building the report), not ``nlp.pipe`` alone, whose rate is printed
beside it. Each rate is the median of ``--runs`` runs (bare spaCy and Dateline alternate, so a
load that comes and goes hits both). The cost Dateline adds per document is split into its
components' ms/doc and the rest ("outside the components": report building, extension copies),
so a slowdown can be placed. Dateline runs spaCy's attribute ruler and lemmatizer as lookup
tables (``dateline.spacy_tables``), so its spaCy part is cheaper than bare spaCy's: both are
timed per step and the saving is printed.

Scale-out: the same corpus through ``process_parallel`` with one worker (in process, as
``dateline ingest`` without ``--workers``) and with ``--workers`` (2) worker processes, whose
pool is started and warmed before the clock starts; the speed-up is the ratio of the median
rates, and the reports of every run must equal the one-worker reports (the script stops if
not). Prints peak RSS (this process, and the largest worker); the last line is the headline.
"""

from __future__ import annotations

import argparse
import re
import resource
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import spacy

from dateline.model import Document, Rejection, Report
from dateline.pipeline import (
    BATCH_SIZE,
    COMPONENTS,
    MODEL,
    get_nlp,
    process,
    process_parallel,
    worker_pool,
)

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


def documents(texts: list[str]) -> list[Document]:
    return [Document(id=str(i), text=t, dct="2000-01-01") for i, t in enumerate(texts)]


def process_rate(nlp: spacy.Language, texts: list[str], batch_size: int) -> float:
    """Documents per second through ``process``: tokenizing, every component, the report."""
    docs = documents(texts)
    start = time.perf_counter()
    for _ in process(docs, nlp=nlp, batch_size=batch_size):
        pass
    return len(docs) / (time.perf_counter() - start)


def parallel_run(
    texts: list[str], workers: int, batch_size: int, pool: ProcessPoolExecutor | None
) -> tuple[float, list[dict]]:
    """Documents per second through ``process_parallel`` with ``workers``, and the reports."""
    docs = documents(texts)
    start = time.perf_counter()
    results = list(process_parallel(docs, workers=workers, batch_size=batch_size, pool=pool))
    seconds = time.perf_counter() - start
    return len(docs) / seconds, [_plain(r) for r in results]


def _plain(result: Report | Rejection) -> dict:
    return result.to_dict() if isinstance(result, Report) else {"rejected": result.reason}


def step_ms(nlp: spacy.Language, texts: list[str], batch_size: int) -> dict[str, float]:
    """Milliseconds per document spent in each step of ``nlp`` (tokenizer included), each run
    over the whole corpus as ``nlp.pipe`` runs it: a batch at a time."""
    start = time.perf_counter()
    docs = [nlp.make_doc(t) for t in texts]
    spent = {"tokenizer": 1000 * (time.perf_counter() - start) / len(docs)}
    for name, proc in nlp.pipeline:
        start = time.perf_counter()
        if hasattr(proc, "pipe"):
            docs = list(proc.pipe(docs, batch_size=batch_size))
        else:
            docs = [proc(doc) for doc in docs]
        spent[name] = 1000 * (time.perf_counter() - start) / len(docs)
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=None)
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    data = args.data or (DEFAULT_DATA if DEFAULT_DATA.exists() else FALLBACK)
    texts = corpus(data, args.docs)
    print(f"corpus: {len(texts)} docs x {WORDS_PER_DOC} words from {data}, {args.runs} runs")

    bare = spacy.load(MODEL)
    full = get_nlp()  # the pipeline process_parallel(workers=1) uses
    rate(full, texts[:8], args.batch_size)  # warm up: first-use loads (gazetteer, lexicons)
    runs: dict[str, list[float]] = {"bare": [], "pipe": [], "process": [], "workers": []}
    with worker_pool(args.workers) as pool:
        # start every worker (each loads the pipeline) before the clock starts
        list(process_parallel(documents(texts[: 4 * args.workers]), args.workers, 1, pool=pool))
        expected = None
        for i in range(args.runs):
            runs["bare"].append(rate(bare, texts, args.batch_size))
            runs["pipe"].append(rate(full, texts, args.batch_size))
            one, reports = parallel_run(texts, 1, args.batch_size, None)
            runs["process"].append(one)
            expected = expected or reports
            many, reports = parallel_run(texts, args.workers, args.batch_size, pool)
            runs["workers"].append(many)
            if reports != expected:
                differ = sum(a != b for a, b in zip(reports, expected, strict=True))
                raise SystemExit(f"{differ} reports from {args.workers} workers differ")
            print(f"run {i + 1}: " + ", ".join(f"{k} {v[-1]:.2f} docs/s" for k, v in runs.items()))
    bare_rate, pipe_rate, full_rate, many_rate = (statistics.median(runs[k]) for k in runs)
    bare_steps = step_ms(bare, texts, args.batch_size)
    steps = step_ms(full, texts, args.batch_size)
    for name, ms in steps.items():
        was = f"  (bare spaCy {bare_steps[name]:6.2f})" if name in bare_steps else ""
        print(f"{name:22s} {ms:7.2f} ms/doc{was}")
    parts = {name: steps[name] for name in COMPONENTS}
    saved = sum(bare_steps.values()) - sum(v for k, v in steps.items() if k not in parts)
    spacy_ms, full_ms = 1000 / bare_rate, 1000 / full_rate
    added = full_ms - spacy_ms
    outside = added + saved - sum(parts.values())
    print(f"bare spaCy ({MODEL}): {bare_rate:.2f} docs/s ({spacy_ms:.1f} ms/doc)")
    print(f"Dateline nlp.pipe only: {pipe_rate:.2f} docs/s")
    print(f"Dateline process (what users get): {full_rate:.2f} docs/s ({full_ms:.1f} ms/doc)")
    print(f"Dateline's spaCy steps: {saved:.1f} ms/doc less than bare spaCy's (lookup tables)")
    print(f"added by Dateline: {added:.1f} ms/doc = components {sum(parts.values()):.1f} "
          f"+ outside the components {outside:.1f} - spaCy steps saved {saved:.1f}")
    speedup = many_rate / full_rate
    print(f"{args.workers} workers: {many_rate:.2f} docs/s vs 1 worker {full_rate:.2f} docs/s: "
          f"x{speedup:.2f}, reports identical in every run")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: {peak_mb:.0f} MB (largest worker {worker_mb:.0f} MB)")
    print(
        f"ratio {full_rate / bare_rate:.2f} (median of {args.runs})  bare {bare_rate:.2f} "
        f"docs/s  dateline {full_rate:.2f} docs/s  outside components {outside:.1f} ms/doc  "
        f"{args.workers} workers x{speedup:.2f}  peak RSS {peak_mb:.0f} MB"
    )


if __name__ == "__main__":
    main()
