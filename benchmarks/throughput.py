"""Throughput: bare spaCy vs Dateline on ~600-word news documents, and 2 workers vs 1.

Usage: python benchmarks/throughput.py [DATA] [--docs N] [--batch-size B] [--runs R]
       [--workers W]

DATA is a folder or file of news text (.tml TimeML files, .txt, or seed-format files); it is
cut into ~600-word documents. Default: the TempEval-3 TimeBank/AQUAINT copy under
../shared/data/timeml/tbaq, else the bundled example article.

Dateline's rate is what a user gets: ``process_parallel`` with one worker, i.e.
``dateline.pipeline.process`` in this process (tokenizing with the document date, every
component, and building the report). Each rate is the median of ``--runs`` runs (bare spaCy and
Dateline alternate, so a load that comes and goes hits both); each run also measures this
process's CPU time, printed as a CPU ratio beside the headline, steadier than wall-clock time
on a machine others share. Where the CPU goes is measured per step of both pipelines (CPU
ms/doc, median of the runs): Dateline's components, spaCy's steps (Dateline runs spaCy's
attribute ruler and lemmatizer as lookup tables, ``dateline.spacy_tables``, so those cost less
than bare spaCy's), and the rest, outside every step (the report, tokenizing with the date).

Scale-out: the same corpus through ``process_parallel`` with one worker (in process, as
``dateline ingest`` without ``--workers``) and with ``--workers`` (2) worker processes, whose
pool is started and warmed before the clock starts; the speed-up is the ratio of the median
rates, and the reports of every run must equal the one-worker reports (the script stops if
not). Prints peak RSS (this process, and the largest worker); the last line is the headline.
"""

from __future__ import annotations

import argparse
import os
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


#: A measure of one pass: documents per second of wall-clock time and of this process's CPU.
Rates = tuple[float, float]


def _clocks() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _rates(n: int, since: tuple[float, float]) -> Rates:
    wall, cpu = _clocks()
    return n / (wall - since[0]), n / max(cpu - since[1], 1e-9)


def rate(nlp: spacy.Language, texts: list[str], batch_size: int) -> Rates:
    """Bare spaCy: ``nlp.pipe`` over the texts."""
    start = _clocks()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return _rates(len(texts), start)


def documents(texts: list[str]) -> list[Document]:
    return [Document(id=str(i), text=t, dct="2000-01-01") for i, t in enumerate(texts)]


def parallel_run(
    texts: list[str], workers: int, batch_size: int, pool: ProcessPoolExecutor | None
) -> tuple[Rates, list[dict]]:
    """Dateline through ``process_parallel`` with ``workers`` (1: in this process, through
    ``process``: tokenizing with the date, every component, the report), and the reports."""
    docs = documents(texts)
    start = _clocks()
    results = list(process_parallel(docs, workers=workers, batch_size=batch_size, pool=pool))
    return _rates(len(docs), start), [_plain(r) for r in results]


def _plain(result: Report | Rejection) -> dict:
    return result.to_dict() if isinstance(result, Report) else {"rejected": result.reason}


def step_ms(nlp: spacy.Language, texts: list[str], batch_size: int) -> dict[str, float]:
    """CPU milliseconds per document in each step of ``nlp`` (tokenizer included), each step
    run over the whole corpus as ``nlp.pipe`` runs it: a batch at a time."""
    start = time.process_time()
    docs = [nlp.make_doc(t) for t in texts]
    spent = {"tokenizer": 1000 * (time.process_time() - start) / len(docs)}
    for name, proc in nlp.pipeline:
        start = time.process_time()
        if hasattr(proc, "pipe"):
            docs = list(proc.pipe(docs, batch_size=batch_size))
        else:
            docs = [proc(doc) for doc in docs]
        spent[name] = 1000 * (time.process_time() - start) / len(docs)
    return spent


def _median_steps(runs: list[dict[str, float]]) -> dict[str, float]:
    return {name: statistics.median(run[name] for run in runs) for name in runs[0]}


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
    for nlp in (bare, full):  # warm up: first-use loads (gazetteer, lexicons, caches)
        rate(nlp, texts[:8], args.batch_size)
    runs: dict[str, list[Rates]] = {"bare": [], "dateline": [], "workers": []}
    steps: dict[str, list[dict[str, float]]] = {"bare": [], "dateline": []}
    with worker_pool(args.workers) as pool:
        # start every worker (each loads the pipeline) before the clock starts
        list(process_parallel(documents(texts[: 4 * args.workers]), args.workers, 1, pool=pool))
        expected = None
        for i in range(args.runs):
            runs["bare"].append(rate(bare, texts, args.batch_size))
            one, reports = parallel_run(texts, 1, args.batch_size, None)
            runs["dateline"].append(one)
            expected = expected or reports
            many, reports = parallel_run(texts, args.workers, args.batch_size, pool)
            runs["workers"].append(many)
            if reports != expected:
                differ = sum(a != b for a, b in zip(reports, expected, strict=True))
                raise SystemExit(f"{differ} reports from {args.workers} workers differ")
            steps["bare"].append(step_ms(bare, texts, args.batch_size))
            steps["dateline"].append(step_ms(full, texts, args.batch_size))
            print(f"run {i + 1} (load {os.getloadavg()[0]:.1f}): "
                  f"bare {runs['bare'][-1][0]:.2f}, dateline {one[0]:.2f}, "
                  f"{args.workers} workers {many[0]:.2f} docs/s; CPU: bare "
                  f"{runs['bare'][-1][1]:.2f}, dateline {one[1]:.2f} docs/s")
    wall = {k: statistics.median(r[0] for r in v) for k, v in runs.items()}
    cpu = {k: statistics.median(r[1] for r in v) for k, v in runs.items() if k != "workers"}
    bare_steps, our_steps = _median_steps(steps["bare"]), _median_steps(steps["dateline"])
    for name, ms in our_steps.items():
        was = f"  (bare spaCy {bare_steps[name]:6.2f})" if name in bare_steps else ""
        print(f"{name:22s} {ms:7.2f} ms/doc CPU{was}")
    parts = sum(our_steps[name] for name in COMPONENTS)
    saved = sum(bare_steps.values()) - sum(
        ms for name, ms in our_steps.items() if name not in COMPONENTS
    )
    bare_ms, our_ms = 1000 / cpu["bare"], 1000 / cpu["dateline"]
    # what the run costs beyond its steps, less what bare spaCy's nlp.pipe costs beyond its own
    outside = (our_ms - sum(our_steps.values())) - (bare_ms - sum(bare_steps.values()))
    print(f"bare spaCy ({MODEL}): {wall['bare']:.2f} docs/s, CPU {bare_ms:.1f} ms/doc")
    print(f"Dateline through process (what users get): {wall['dateline']:.2f} docs/s, "
          f"CPU {our_ms:.1f} ms/doc")
    print(f"Dateline's CPU per document vs bare spaCy's: {our_ms - bare_ms:+.1f} ms = components "
          f"{parts:.1f} + outside the steps {outside:.1f} (the report, tokenizing with the date, "
          f"beyond bare nlp.pipe's own) - spaCy steps run as lookup tables {saved:.1f}")
    speedup = wall["workers"] / wall["dateline"]
    print(f"{args.workers} workers: {wall['workers']:.2f} docs/s vs 1 worker "
          f"{wall['dateline']:.2f} docs/s: x{speedup:.2f}, reports identical in every run")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: {peak_mb:.0f} MB (largest worker {worker_mb:.0f} MB)")
    print(
        f"ratio {wall['dateline'] / wall['bare']:.2f} (median of {args.runs}; CPU ratio "
        f"{cpu['dateline'] / cpu['bare']:.2f})  bare {wall['bare']:.2f} docs/s  dateline "
        f"{wall['dateline']:.2f} docs/s  outside the steps {outside:.1f} ms/doc  "
        f"{args.workers} workers x{speedup:.2f}  peak RSS {peak_mb:.0f} MB"
    )


if __name__ == "__main__":
    main()
