"""What writing to a Parquet lake costs beside the DuckDB store, with the processing left out.

Usage: python benchmarks/lake_writes.py [DATA] [--repeat R]

DATA is any input Dateline reads (default: the stories dev set under ../shared/data, 56 dated
articles from many outlets). Its documents are processed once; then the same reports are
written R times (alternating, so both see the same machine load) into a fresh store
(``Store.write`` per batch of 64, as ``ingest`` does, grouping left out) and into a fresh lake
(``Lake.commit`` per batch of 64), and the lake is read back (``Lake.connect``) and grouped into
stories (``group_lake``) against the store grouping its stored documents
(``Grouper.add_stored``, which also rebuilds each report from its rows first). Last
line: milliseconds per document written to the lake against the store, files per batch, and
the grouping rates.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from dateline.ingest import WRITE_BATCH
from dateline.lake import Lake
from dateline.lake.grouping import group_lake
from dateline.model import Document, Report
from dateline.pipeline import get_nlp, process
from dateline.readers import read_inputs
from dateline.store import Store
from dateline.stories.grouping import Grouper

DEFAULT = (Path(__file__).resolve().parents[1].parent / "shared" / "data" / "stories" / "dev"
           / "articles.jsonl")


def _batches(reports: list[Report]) -> list[list[Report]]:
    return [reports[i:i + WRITE_BATCH] for i in range(0, len(reports), WRITE_BATCH)]


def _store_run(reports: list[Report], folder: Path) -> tuple[float, float]:
    with Store(folder / "s.duckdb") as store:
        start = time.perf_counter()
        for batch in _batches(reports):
            store.write(new=batch)
        written = time.perf_counter() - start
        start = time.perf_counter()
        Grouper(store).add_stored()  # from the stored reports, as the lake groups
        return written, time.perf_counter() - start


def _lake_run(reports: list[Report], folder: Path) -> tuple[float, float, float, int]:
    lake = Lake(folder / "lake")
    start = time.perf_counter()
    for i, batch in enumerate(_batches(reports)):
        lake.commit(batch, f"b{i:06d}")
    written = time.perf_counter() - start
    files = sum(len(m.files) for m in lake.manifests())
    start = time.perf_counter()
    lake.connect().close()
    read = time.perf_counter() - start
    start = time.perf_counter()
    group_lake(lake)
    return written, read, time.perf_counter() - start, files


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    docs = [d for d in read_inputs([args.data]) if isinstance(d, Document)]
    reports = [r for r in process(docs, nlp=get_nlp()) if isinstance(r, Report)]
    if not reports:
        raise SystemExit(f"{args.data}: no document to write")
    n, batches = len(reports), len(_batches(reports))
    store_w, store_g, lake_w, lake_r, lake_g, files = [], [], [], [], [], 0
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            w, g = _store_run(reports, Path(tmp))
            store_w.append(w)
            store_g.append(g)
        with tempfile.TemporaryDirectory() as tmp:
            w, r, g, files = _lake_run(reports, Path(tmp))
            lake_w.append(w)
            lake_r.append(r)
            lake_g.append(g)
    med = statistics.median
    print(f"{n} documents in {batches} batches of up to {WRITE_BATCH}, median of {args.repeat}")
    print(f"store: write {1000 * med(store_w) / n:.1f} ms/doc, group {n / med(store_g):.1f} doc/s")
    print(f"lake:  write {1000 * med(lake_w) / n:.1f} ms/doc ({files / batches:.0f} files per "
          f"batch), connect {1000 * med(lake_r):.0f} ms, group {n / med(lake_g):.1f} doc/s")
    print(f"lake write {1000 * med(lake_w) / n:.1f} vs store {1000 * med(store_w) / n:.1f} ms/doc,"
          f" {files / batches:.0f} files/batch; group {n / med(lake_g):.1f} vs "
          f"{n / med(store_g):.1f} doc/s")


if __name__ == "__main__":
    main()
