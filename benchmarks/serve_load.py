"""Latency of ``dateline serve`` under load: p50/p95 of ``/api/events?actor=...`` and
``/api/documents?search=...`` with 20 concurrent clients, on loopback.

Usage: python benchmarks/serve_load.py [DB] [--requests 2000] [--seconds 60] [--clients 20]

DB is a store of at least 50,000 events. Without one, the bundled example article is ingested
and its rows replicated with SQL (new document ids, document dates spread over 400 days) until
the store holds 50,000+ events, in ``out/serve_load.duckdb``. The server runs as its own
process (``dateline serve``) so that the clients do not share its interpreter. The run is
bounded by a request count and a time limit, split between two runs: NEW questions (each
request its own date window, so the server's cache cannot answer) and REPEATED ones (the same
two questions, answered from the cache after the first time). The machine's load average is
printed beside the figures, since other work on the same cores shows in them. Last line: the
headline.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import httpx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
DEFAULT_DB = ROOT / "out" / "serve_load.duckdb"
MIN_EVENTS = 50_000
CLIENTS = 20
QUERIES = {
    "events?actor": ("/api/events", {"actor": "North Korea", "limit": 50}),
    "documents?search": ("/api/documents", {"search": "armistice defector", "limit": 50}),
}
#: First day of the replicated store's document dates, which spread over 400 days.
FIRST_DAY = dt.date(2017, 11, 22)


def distinct_params(i: int, params: dict[str, object]) -> dict[str, object]:
    """The i-th request's own publication window (since/until), so no two requests ask the same
    and the server's cache never answers: the cost of a new question."""
    since = FIRST_DAY + dt.timedelta(days=i % 400)
    until = since + dt.timedelta(days=30 + i // 400)
    return {**params, "since": since.isoformat(), "until": until.isoformat()}


def build_store(path: Path) -> None:
    """Ingest the examples, then replicate every row until there are MIN_EVENTS events."""
    from dateline.ingest import ingest
    from dateline.store import Store
    from dateline.store.schema import RECORD_CLASSES

    path.unlink(missing_ok=True)
    with Store(path) as store:
        ingest([EXAMPLES], store)
    con = duckdb.connect(str(path))
    per_copy = con.execute("SELECT count(*) FROM events").fetchone()[0]
    copies = -(-MIN_EVENTS // per_copy)
    con.execute("BEGIN TRANSACTION")
    con.execute(
        "INSERT INTO documents SELECT d.* REPLACE (d.id || '-r' || n AS id, "
        "d.dct + CAST(n % 400 AS INTEGER) AS dct) FROM documents d, range(1, ?) t(n)", [copies]
    )
    for table in RECORD_CLASSES:  # the fact tables (the copies join no story)
        con.execute(
            f"INSERT INTO {table} SELECT k.* REPLACE (k.doc_id || '-r' || n AS doc_id) "
            f"FROM {table} k, range(1, ?) t(n)", [copies]
        )
    con.execute("COMMIT")
    con.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def load(
    base: str, clients: int, total: int, seconds: float, distinct: bool
) -> dict[str, list[float]]:
    """``clients`` workers take turns through QUERIES until ``total`` requests or ``seconds``;
    ``distinct``: each request with its own date window, else the same two questions again."""
    times: dict[str, list[float]] = {name: [] for name in QUERIES}
    names = list(QUERIES)
    issued = 0
    stop = time.monotonic() + seconds
    errors: list[str] = []

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal issued
        while issued < total and time.monotonic() < stop:
            name = names[issued % len(names)]
            path, params = QUERIES[name]
            if distinct:
                params = distinct_params(issued // len(names), params)
            issued += 1
            t0 = time.perf_counter()
            r = await http.get(path, params=params)
            times[name].append((time.perf_counter() - t0) * 1000)
            if r.status_code != 200:
                errors.append(f"{name}: {r.status_code} {r.text[:100]}")

    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as http:
        await asyncio.gather(*(client(http) for _ in range(clients)))
    if errors:
        print(f"{len(errors)} failed requests, first: {errors[0]}")
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("db", nargs="?", type=Path, default=None)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--clients", type=int, default=CLIENTS)
    args = ap.parse_args()
    db = args.db or DEFAULT_DB
    if args.db is None:
        t0 = time.perf_counter()
        build_store(db)
        print(f"built {db} in {time.perf_counter() - t0:.1f} s")
    con = duckdb.connect(str(db), read_only=True)
    n_events, n_docs = (con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                        for t in ("events", "documents"))
    con.close()
    print(f"store: {n_events} events, {n_docs} documents")
    if n_events < MIN_EVENTS:
        sys.exit(f"{db}: {n_events} events, fewer than {MIN_EVENTS}")

    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATELINE_TOKEN"}  # read-only server
    server = subprocess.Popen(
        [sys.executable, "-m", "dateline.cli", "serve", "--db", str(db), "--port", str(port)],
        env=env, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(base + "/openapi.json", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or server.poll() is not None:
                    sys.exit("the server did not start")
                time.sleep(0.2)
        runs = {}
        for distinct in (True, False):
            t0 = time.perf_counter()
            times = asyncio.run(
                load(base, args.clients, args.requests // 2, args.seconds / 2, distinct)
            )
            runs["new" if distinct else "repeated"] = (times, time.perf_counter() - t0)
    finally:
        server.terminate()
        server.wait(10)
    load1 = os.getloadavg()[0]
    figures = []
    for run, (times, wall) in runs.items():
        done = sum(len(v) for v in times.values())
        print(f"{run} questions: {done} requests in {wall:.1f} s ({done / wall:.0f} req/s), "
              f"{args.clients} clients")
        for name, ms in times.items():
            p50 = statistics.median(ms)
            p95 = statistics.quantiles(ms, n=20)[18]
            print(f"  {name:18} n={len(ms):5}  p50 {p50:7.1f} ms  p95 {p95:7.1f} ms")
            figures.append(f"{run} {name} p50 {p50:.0f} / p95 {p95:.0f} ms")
    print(f"load average {load1:.1f} on {os.cpu_count()} cores")
    print(f"serve_load ({n_events} events, {args.clients} clients, load {load1:.1f}): "
          + "; ".join(figures) + " (target p95 <= 100 ms)")


if __name__ == "__main__":
    main()
