"""Scale: the same documents through ``ingest --engine ray`` and a local ``ingest --workers``.

Usage: python benchmarks/scale.py [DATA] [--docs 1000] [--workers 2]

DATA is any file or folder Dateline reads (default: the TempEval-3 TimeBank/AQUAINT copy under
../shared/data/timeml/tbaq). Its documents are cycled to ``--docs``, each copy under its own URL
(so its own id), and written as one JSONL corpus. In one run, into two fresh lakes:

- local: ``ingest_lake(..., workers=N)``, what ``dateline ingest --lake DIR --workers N`` runs;
- Ray: a local Ray of N CPUs is started (timed apart: a cluster outlives its jobs), then
  ``ingest_ray(..., workers=N)``, what ``dateline ingest --engine ray --workers N`` runs.

Each rate is documents over the wall time of the whole ingest (reading, starting the workers or
actors and loading their pipelines, processing, committing). Then both ingests run again over
their own lake, skipping everything: the cost of a re-run. Prints both rates and their ratio
(target: Ray within 10% of local), the peak RSS of each actor, whether both lakes hold the same
tables (workers and actors under one hash seed, see ``main``), the number and size of the
lakes' Parquet files, the rate of story grouping over the Ray lake afterwards (``dateline group
--lake``, one process), and the load average; the last line is the headline.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

from dateline.ingest import ingest_lake
from dateline.lake import Lake
from dateline.lake.grouping import group_lake
from dateline.model import Document
from dateline.readers import read_inputs
from dateline.store.database import TABLES

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "timeml" / "tbaq"
FALLBACK = ROOT / "examples"
_TIMESTAMPS = {"documents": "ingested_at", "rejections": "rejected_at, resolved_at"}


def corpus(data: Path, n_docs: int, out: Path) -> int:
    """Write ``n_docs`` documents read from ``data`` as JSONL, cycling them: the k-th copy of a
    document gets ``copy=k`` in its URL, so a new id. Returns the number of source documents."""
    docs = [d for d in read_inputs([data]) if isinstance(d, Document)]
    if not docs:
        raise SystemExit(f"{data}: no documents found")
    with out.open("w", encoding="utf-8") as f:
        for i in range(n_docs):
            doc, copy = docs[i % len(docs)], i // len(docs)
            url = _copy_url(doc.url, copy) if copy else doc.url
            row = {"text": doc.text, "date": doc.dct, "url": url, "title": doc.title,
                   "source": doc.source}
            f.write(json.dumps({k: v for k, v in row.items() if v is not None}) + "\n")
    return len(docs)


def _copy_url(url: str | None, copy: int) -> str:
    parts = urlsplit(url or "https://scale.example/doc")
    query = "&".join(q for q in (parts.query, urlencode({"copy": copy})) if q)
    return urlunsplit(parts._replace(query=query))


def tables(lake: Path) -> dict[str, list[tuple]]:
    con = Lake(lake).connect()
    out = {}
    for table in TABLES:
        skip = _TIMESTAMPS.get(table)
        cols = f"* EXCLUDE ({skip})" if skip else "*"
        out[table] = con.execute(f"SELECT {cols} FROM {table} ORDER BY ALL").fetchall()
    con.close()
    return out


def timed(run) -> tuple[float, object]:
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=None)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    data = args.data or (DEFAULT_DATA if DEFAULT_DATA.exists() else FALLBACK)
    n = args.workers
    # The same string hashing in every worker and actor (they inherit it): the pipeline breaks
    # some ties by set order (an entity's label between equally frequent ones), so two local
    # runs under different hash seeds can differ, and the tables' comparison would show that.
    os.environ.setdefault("PYTHONHASHSEED", "0")
    import ray

    from dateline.engines.ray import ingest_ray

    with tempfile.TemporaryDirectory(prefix="dateline-scale-") as tmp:
        work = Path(tmp)
        source = work / "corpus.jsonl"
        distinct = corpus(data, args.docs, source)
        print(f"corpus: {args.docs} docs ({distinct} distinct texts, cycled) from {data}")
        print(f"load before: {os.getloadavg()[0]:.2f}")

        local_s, local = timed(lambda: ingest_lake([source], Lake(work / "local"), workers=n))
        print(f"local --workers {n}: {local.line()} in {local_s:.1f} s "
              f"= {local.stored / local_s:.2f} docs/s")

        init_s, _ = timed(lambda: ray.init(address="local", num_cpus=n, include_dashboard=False,
                                           log_to_driver=False, logging_level=logging.ERROR))
        rss: dict[int, int] = {}

        def on_batch(row: dict) -> None:
            rss[row["pid"]] = max(rss.get(row["pid"], 0), row["max_rss"])

        ray_s, on_ray = timed(lambda: ingest_ray([source], Lake(work / "ray"), workers=n,
                                                 on_batch=on_batch))
        ray_rate = on_ray.stored / ray_s
        print(f"ray {n} actors: {on_ray.line()} in {ray_s:.1f} s = {ray_rate:.2f} docs/s "
              f"(starting Ray took {init_s:.1f} s more: "
              f"{on_ray.stored / (ray_s + init_s):.2f} docs/s with it)")
        for pid, peak in sorted(rss.items()):
            print(f"  actor pid {pid}: peak RSS {peak / 2**20:.0f} MB")
        rerun_ray_s, again = timed(lambda: ingest_ray([source], Lake(work / "ray"), workers=n))
        ray.shutdown()
        rerun_local_s, again_local = timed(
            lambda: ingest_lake([source], Lake(work / "local"), workers=n)
        )
        print(f"re-run skipping all: ray {rerun_ray_s:.1f} s ({again.line()}), "
              f"local {rerun_local_s:.1f} s ({again_local.line()})")
        on_ray_tables, local_tables = tables(work / "ray"), tables(work / "local")
        differ = [t for t in TABLES if on_ray_tables[t] != local_tables[t]]
        same = not differ
        print("tables equal (rows minus commit times): "
              + ("yes" if same else "NO: " + ", ".join(differ)))
        for name in ("local", "ray"):
            files = list((work / name).glob("*/pub_date=*/*.parquet"))
            size = sum(f.stat().st_size for f in files)
            print(f"{name} lake: {len(files)} Parquet files, {size / 2**20:.1f} MB, "
                  f"{size / max(len(files), 1) / 1024:.0f} KB a file")
        group_s, grouped = timed(lambda: group_lake(Lake(work / "ray")))
        print(f"story grouping after ingest (one process): {grouped} docs in {group_s:.1f} s "
              f"= {grouped / group_s:.2f} docs/s")
        print(f"load after: {os.getloadavg()[0]:.2f}")
    local_rate = local.stored / local_s
    peak = max(rss.values(), default=0) / 2**20
    print(
        f"scale {args.docs} docs, {n} workers: ray {ray_rate:.2f} docs/s vs local "
        f"{local_rate:.2f} docs/s, ratio {ray_rate / local_rate:.2f} (target >= 0.90); "
        f"peak actor RSS {peak:.0f} MB; re-run {rerun_ray_s:.1f} s ray, "
        f"{rerun_local_s:.1f} s local; tables equal {'yes' if same else 'NO'}"
    )


if __name__ == "__main__":
    main()
