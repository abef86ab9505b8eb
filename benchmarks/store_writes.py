"""Ingest speed with the store file held only while a batch is written.

Usage: python benchmarks/store_writes.py [DATA] [--docs N] [--repeat R]

DATA is a folder (or file) of inputs Dateline reads; the first N files (default 50; sorted)
are ingested into a fresh store in a temporary folder, after the pipeline is loaded and warmed
up, so the figure is the steady ingest rate. Each run is made twice, alternating R times: with
the file held for the whole run (``store.holding()`` around the ingest, as before readers could
get in) and released between batches (the default), so that both see the same machine load.
Default DATA: the TimeBank/AQUAINT copy under ../shared/data. Last line: docs/s released
between batches against held, and the share of the run spent opening and closing the store.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dateline.ingest import ingest
from dateline.pipeline import get_nlp
from dateline.store import Store, database

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

    spent = {"seconds": 0.0, "opens": 0}

    def timed(fn: Callable[..., Any], counts: bool) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent["seconds"] += time.perf_counter() - began
                spent["opens"] += counts

        return call

    # time what releasing the file costs: every open (with its wait) and every close
    database.connect = timed(database.connect, True)  # type: ignore[assignment]
    Store.release = timed(Store.release, False)  # type: ignore[method-assign]

    runs: dict[str, list[float]] = {"held": [], "released": []}
    shares = []
    for _ in range(args.repeat):
        for mode in runs:
            with tempfile.TemporaryDirectory() as tmp:
                spent.update(seconds=0.0, opens=0)
                start = time.perf_counter()
                with Store(Path(tmp) / "bench.duckdb") as store:
                    if mode == "held":  # as before: the file held for the whole run
                        with store.holding():
                            summary = ingest(files, store)
                    else:
                        summary = ingest(files, store)
                elapsed = time.perf_counter() - start
                runs[mode].append(summary.stored / elapsed)
                if mode == "released":
                    shares.append(100 * spent["seconds"] / elapsed)
                    ms = spent["seconds"] * 1000
                    print(f"released: store opened {spent['opens']} times, {ms:.0f} ms "
                          f"opening and closing in {elapsed:.1f} s")
    held, released = (statistics.median(runs[m]) for m in ("held", "released"))
    print(f"{summary.line()}; {args.repeat} runs each, alternating")
    for mode in runs:
        print(f"file {mode}: runs {', '.join(f'{r:.2f}' for r in runs[mode])} docs/s")
    print(f"file released between batches: {released:.2f} docs/s, held {held:.2f} "
          f"({100 * (released / held - 1):+.1f}%, medians); opening and closing the store "
          f"{statistics.median(shares):.2f}% of the run")


if __name__ == "__main__":
    main()
