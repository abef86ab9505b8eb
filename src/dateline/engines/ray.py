"""Ingest on Ray Data into a Parquet lake: ``dateline ingest INPUTS --engine ray --lake DIR``.

The work is a local ingest's, spread over a Ray cluster in four stages:

1. The driver lists the input files (``readers.files.input_files``: paths only, cheap).
2. Ray tasks read them with ``readers.read_inputs`` (every format, and every rejection, a local
   run gives) and turn over-long documents into rejections (``ingest.within_ceiling``).
3. One actor, fed in input order (Ray Data's ``preserve_order``), drops the documents the lake
   holds and the repeats within the run by a local lake ingest's rule (``ingest.Unstored``).
   The first input of an id wins, as in a local ingest, so the stored origin, URL and title
   are the same.
4. A pool of ``workers`` actors, each loading the pipeline once (``pipeline.get_nlp``), runs a
   write batch through ``pipeline.process`` (``nlp.pipe`` in batches; a document that fails is
   its own rejection) and commits it from the actor as a local lake ingest commits a write
   batch (``ingest.commit_lake_batch``), so rows never pass through the driver. Each batch
   sends back one small summary row.

The driver sums the summary rows into the ``IngestSummary`` a local ingest prints and advances
the progress bar. A batch's id is a hash of what it holds, so a task Ray retries after its actor
died commits nothing twice; a run killed at any point leaves whole batches, whose documents the
re-run skips. Ray is imported only here, when asked for: it is the optional ``dateline[ray]``.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import resource
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from dateline.engines import EngineUnavailable
from dateline.ingest import (
    WRITE_BATCH,
    IngestSummary,
    Unstored,
    commit_lake_batch,
    within_ceiling,
)
from dateline.lake import Lake
from dateline.model import Document, Rejection, Report
from dateline.pieces import MAX_CHARS
from dateline.pipeline import BATCH_SIZE, MODEL, get_nlp, process
from dateline.readers import DEFAULT_MAX_BYTES, read_inputs
from dateline.readers.files import input_files

log = logging.getLogger(__name__)
INSTALL_HINT = "install dateline[ray] (pip install 'dateline[ray]')"
#: Seconds to wait for a TCP answer from a cluster address before calling it unreachable.
CONNECT_TIMEOUT = 5.0
#: Most bytes in a Ray Data block: about a write batch of news articles (64 of ~4 KB).
BLOCK_BYTES = 256 * 1024
#: Kinds of the rows between the stages.
_DOCUMENT, _REJECTION, _DUPLICATE = "document", "rejection", "duplicate"


def ingest_ray(
    paths: Iterable[str | Path],
    lake: Lake,
    *,
    address: str | None = None,
    workers: int = 1,
    dct: str | None = None,
    batch_size: int = BATCH_SIZE,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = MAX_CHARS,
    write_batch: int = WRITE_BATCH,
    on_document: Callable[[int], None] | None = None,
    on_batch: Callable[[dict[str, Any]], None] | None = None,
    model: str = MODEL,
) -> IngestSummary:
    """Ingest inputs into ``lake`` on Ray, with ``workers`` pipeline actors.

    ``address`` is a cluster's (``auto``, ``HOST:PORT``, ``ray://HOST:PORT``); without it a
    local Ray of ``workers`` CPUs is started for the run and stopped after, unless this process
    has initialized Ray already (a notebook, a test): that one is used. ``on_document(n)`` reports
    progress; ``on_batch(row)`` gets each batch's summary row (``pid``, ``max_rss`` bytes,
    ``seconds``: what the benchmark reports). EngineUnavailable when Ray is not installed or
    the cluster cannot be reached.
    """
    ray = require_ray()
    lake_path = lake.root.resolve()  # actors may run in another folder, or on other nodes
    sources = [{"source": pickle.dumps(s)} for s in input_files(paths)]
    summary = IngestSummary()
    if not sources:
        return summary
    with _session(ray, address, workers), _data_options(ray):
        ds = _plan(ray, sources, lake_path, workers=workers, read_args={
            "cwd": os.getcwd(), "dct": dct, "max_bytes": max_bytes, "max_chars": max_chars,
        }, extract_args={"lake": str(lake_path), "model": model, "batch_size": batch_size},
            write_batch=write_batch)
        for row in ds.iter_rows():
            rejections: list[Rejection] = pickle.loads(row["rejections"])
            summary.stored += row["stored"]
            summary.duplicates += row["duplicates"]
            summary.rejected += len(rejections)
            summary.rejections += rejections
            if on_document and row["processed"]:
                on_document(row["processed"])
            if on_batch:
                on_batch(row)
    return summary


def _plan(
    ray: Any, sources: list[dict[str, bytes]], lake_path: Path, *, workers: int,
    read_args: dict[str, Any], extract_args: dict[str, Any], write_batch: int,
) -> Any:
    """The Ray Data dataset of the stages (module docstring), ending in summary rows.

    Reading and deduplicating reserve no CPU: they are light beside the pipeline, and a
    cluster of exactly ``workers`` CPUs must not wait for a reader's CPU while the actors hold
    them all (a local ingest reads in its main process beside its workers too); at most
    ``workers`` reading tasks run at a time. The deduplicating actor takes one block at a time
    (``max_tasks_in_flight_per_actor=1``), so it sees the input in order. No actor is
    restarted (``max_restarts=0``): a new deduplicating actor would have forgotten the ids this
    run met, and an actor that dies stops the run as a dead local worker does (the re-run
    finishes the job). Ray Data takes ``max_restarts`` only through its deprecated
    ``**ray_remote_args`` (hence ``ray<2.64`` in the extra), whose warning is silenced here."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*ray_remote_args.*deprecated")
        return (
            ray.data.from_items(sources)
            .flat_map(
                _read, fn_kwargs=read_args, num_cpus=0,
                compute=ray.data.TaskPoolStrategy(size=workers),
            )
            .map_batches(
                _Deduplicate, fn_constructor_kwargs={"lake": str(lake_path)},
                batch_format="pyarrow", num_cpus=0, max_restarts=0,
                compute=ray.data.ActorPoolStrategy(size=1, max_tasks_in_flight_per_actor=1),
            )
            .map_batches(
                _Extract, fn_constructor_kwargs=extract_args, batch_size=write_batch,
                batch_format="pyarrow", num_cpus=1, max_restarts=0,
                compute=ray.data.ActorPoolStrategy(size=workers),
            )
        )


def require_ray() -> Any:
    """The ``ray`` module; EngineUnavailable saying how to install it when it is missing."""
    try:
        import ray
        import ray.data
    except ImportError as e:
        raise EngineUnavailable(f"--engine ray needs Ray ({e}): {INSTALL_HINT}") from None
    return ray


@contextmanager
def _session(ray: Any, address: str | None, workers: int) -> Iterator[None]:
    """A Ray to run on: the cluster at ``address``, the one this process initialized, or a
    local one for the run, of ``workers`` CPUs (one per pipeline actor, ``_plan``), with no
    dashboard, no usage report, and its workers' logs kept out of the terminal."""
    if address is not None:
        _check_reachable(address)
    if ray.is_initialized():
        yield
        return
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    quiet = {"log_to_driver": False, "logging_level": logging.ERROR}
    if address is None:
        ray.init(address="local", num_cpus=workers, include_dashboard=False, **quiet)
    else:
        try:
            ray.init(address=address, **quiet)
        except (ConnectionError, TimeoutError, RuntimeError) as e:
            first = str(e).splitlines()[0] if str(e) else type(e).__name__
            if "RAY_AUTH_MODE" not in os.environ:  # what `ray start` clusters ask by default
                first += " (a cluster with token authentication needs RAY_AUTH_MODE=token)"
            raise EngineUnavailable(f"cannot reach the Ray cluster at {address}: {first}") from e
    try:
        yield
    finally:
        ray.shutdown()


def _check_reachable(address: str) -> None:
    """EngineUnavailable, within seconds, for a ``HOST:PORT`` or ``ray://HOST:PORT`` nothing
    answers on (``ray.init`` itself retries such an address for a minute or more)."""
    import socket

    if address == "auto":
        return  # ray.init finds the local cluster's address, or says at once there is none
    parts = urlsplit(address if "://" in address else f"//{address}")
    try:
        host, port = parts.hostname, parts.port
    except ValueError as e:
        raise EngineUnavailable(f"bad Ray address {address!r}: {e}") from None
    if not host or not port:
        raise EngineUnavailable(
            f"bad Ray address {address!r}: use auto, HOST:PORT or ray://HOST:PORT"
        )
    try:
        socket.create_connection((host, port), timeout=CONNECT_TIMEOUT).close()
    except OSError as e:
        raise EngineUnavailable(
            f"cannot reach the Ray cluster at {address}: {e.strerror or e}"
        ) from None


@contextmanager
def _data_options(ray: Any) -> Iterator[None]:
    """Ray Data in input order (the deduplicating actor relies on it); in blocks of about a
    write batch of articles (``BLOCK_BYTES``): a block goes to one actor whole, and a JSONL
    file's documents would otherwise be one block for one actor (cutting blocks by rows takes
    a stage that holds a CPU, and the actors may hold them all); without Ray Data's progress
    bars and log lines: the command line shows one progress bar, and an error that stops the
    run is one line (Ray Data's traceback of it only when Dateline logs INFO, ``-v``)."""
    ctx = ray.data.DataContext.get_current()
    saved = (ctx.execution_options.preserve_order, ctx.enable_progress_bars,
             ctx.target_max_block_size)
    ctx.execution_options.preserve_order = True
    ctx.enable_progress_bars = False
    ctx.target_max_block_size = BLOCK_BYTES
    data_log = logging.getLogger("ray.data")
    level = data_log.level
    verbose = logging.getLogger("dateline").getEffectiveLevel() <= logging.INFO
    data_log.setLevel(logging.ERROR if verbose else logging.CRITICAL)
    try:
        yield
    finally:
        (ctx.execution_options.preserve_order, ctx.enable_progress_bars,
         ctx.target_max_block_size) = saved
        data_log.setLevel(level)


def _row(item: Document | Rejection) -> dict[str, Any]:
    if isinstance(item, Document):
        return {"kind": _DOCUMENT, "id": item.id, "item": pickle.dumps(item)}
    return {"kind": _REJECTION, "id": "", "item": pickle.dumps(item)}


def _table(rows: list[dict[str, Any]]) -> Any:
    import pyarrow as pa

    schema = pa.schema([("kind", pa.string()), ("id", pa.string()), ("item", pa.binary())])
    return pa.Table.from_pylist(rows, schema=schema)


def _read(
    row: dict[str, Any], cwd: str, dct: str | None, max_bytes: int, max_chars: int
) -> list[dict[str, Any]]:
    """Stage 2: the documents and rejections of one input file, as a local ingest reads them.

    Relative paths are the driver's: the task reads from the driver's folder when this node
    has it, so that origins are written as the user wrote the paths."""
    source: Path | Rejection = pickle.loads(row["source"])
    if isinstance(source, Rejection):
        return [_row(source)]
    if os.getcwd() != cwd and os.path.isdir(cwd):
        os.chdir(cwd)
    items = read_inputs([source], dct=dct, max_bytes=max_bytes)
    return [_row(item) for item in within_ceiling(items, max_chars)]


class _Deduplicate:
    """Stage 3 (one actor): the documents a local lake ingest skips (``ingest.Unstored``: met
    earlier in this run, or held by the lake) become duplicate rows; the first input of an id
    wins."""

    def __init__(self, lake: str) -> None:
        self.unstored = Unstored(Lake(lake).stored_ids())

    def __call__(self, batch: Any) -> Any:
        rows = batch.to_pylist()
        for row in rows:
            if row["kind"] == _DOCUMENT and not self.unstored.is_new(pickle.loads(row["item"])):
                row.update(kind=_DUPLICATE, item=b"")
        return _table(rows)


class _Extract:
    """Stage 4 (a pool of actors): a write batch through the pipeline, committed to the lake.
    The pipeline is loaded once per actor, at its first document: a re-run that skips every
    input loads no model."""

    def __init__(self, lake: str, model: str, batch_size: int) -> None:
        self.lake = Lake(lake)
        self.model = model
        self.batch_size = batch_size

    def __call__(self, batch: Any) -> dict[str, list[Any]]:
        start = time.perf_counter()
        rows = batch.to_pylist()
        docs = [pickle.loads(r["item"]) for r in rows if r["kind"] == _DOCUMENT]
        pending = [pickle.loads(r["item"]) for r in rows if r["kind"] == _REJECTION]
        results = (
            list(process(docs, nlp=get_nlp(self.model), batch_size=self.batch_size))
            if docs else []
        )
        summary = IngestSummary(duplicates=sum(r["kind"] == _DUPLICATE for r in rows))
        if results or pending:
            commit_lake_batch(self.lake, results, pending, summary, batch_id([*pending, *results]))
        return {
            "processed": [len(docs)],
            "stored": [summary.stored],
            "duplicates": [summary.duplicates],
            "rejections": [pickle.dumps(summary.rejections)],
            "pid": [os.getpid()],
            "max_rss": [resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024],
            "seconds": [time.perf_counter() - start],
        }


def batch_id(items: Iterable[Report | Rejection]) -> str:
    """The id of a batch: a hash of its document ids and rejections, so committing the same
    batch again (a retried task, a re-run) is the lake's no-op."""
    digest = hashlib.blake2b(digest_size=12)
    for item in items:
        key = item.document.id if isinstance(item, Report) else f"{item.origin}\0{item.reason}"
        digest.update(key.encode("utf-8", "surrogatepass") + b"\n")
    return f"ray-{digest.hexdigest()}"
