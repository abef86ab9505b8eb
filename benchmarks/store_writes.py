"""Ingest speed with the store file held only while a batch is written.

Usage: python benchmarks/store_writes.py [DATA] [--docs N] [--repeat R]

DATA is a folder (or file) of inputs Dateline reads; the first N files (default 50; sorted)
are ingested into a fresh store in a temporary folder, after the pipeline is loaded and warmed
up, so the figure is the steady ingest rate. Each run is made twice, alternating R times: with
the file held for the whole run (``store.holding()`` around the ingest, as before readers could
get in) and released between batches (the default), so that both see the same machine load.
Default DATA: the TimeBank/AQUAINT copy under ../shared/data. Last line: docs/s released
between batches and the change against held.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import duckdb

from dateline.ingest import ingest
from dateline.pipeline import get_nlp
from dateline.store import Store

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "timeml" / "tbaq"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--docs", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    files = sorted(p for p in args.data.rglob("*") if p.is_file()) if args.data.is_dir() else [
        args.data
    ]
    files = files[: args.docs]
    list(get_nlp().pipe(["Warm up the pipeline on Tuesday, officials said."]))

    runs: dict[str, list[float]] = {"held": [], "released": []}
    for _ in range(args.repeat):
        for mode in runs:
            with tempfile.TemporaryDirectory() as tmp:
                db = Path(tmp) / "bench.duckdb"
                start = time.perf_counter()
                with Store(db) as store:
                    if mode == "held":  # as before: the file held for the whole run
                        with store.holding():
                            summary = ingest(files, store)
                    else:
                        summary = ingest(files, store)
                runs[mode].append(summary.stored / (time.perf_counter() - start))
                if mode == "released":
                    per_open = _open_cost(db)
    held, released = (statistics.median(runs[m]) for m in ("held", "released"))
    print(f"{summary.line()}; {args.repeat} runs each, alternating")
    print(f"one open + close of the filled store: {per_open * 1000:.1f} ms")
    print(f"file held for the whole run: {held:.2f} docs/s (median; runs "
          f"{', '.join(f'{r:.2f}' for r in runs['held'])})")
    print(f"file released between batches: {released:.2f} docs/s "
          f"({100 * (released / held - 1):+.1f}%)")


def _open_cost(db: Path, cycles: int = 20) -> float:
    start = time.perf_counter()
    for _ in range(cycles):
        duckdb.connect(str(db)).close()
    return (time.perf_counter() - start) / cycles


if __name__ == "__main__":
    main()
