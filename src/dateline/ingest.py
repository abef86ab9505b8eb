"""Many inputs to the store: read, skip what is stored, process in batches, write, account.

Every input ends as a stored document, an update of a stored one, a skipped duplicate, or a
recorded rejection; the summary counts each, so nothing is lost silently. Each write batch is
one transaction holding its reports *and* the rejections met since the previous one, so a run
killed at any point leaves the store as it was after some whole batch, and a re-run skips what
was stored and goes on. A batch the store refuses is retried one document at a time: the
document it chokes on becomes a rejection, the others are stored.

``ingest_lake`` is the same run into a Parquet lake (``dateline.lake``): same readers, same
processing, same accounting, each write batch one committed lake batch. A lake is append-only:
a document it holds is skipped (never updated), and stories are grouped by a later step
(``dateline.lake.grouping``).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import count, islice
from pathlib import Path
from typing import TYPE_CHECKING

from dateline.model import Document, Rejection, Report
from dateline.pieces import MAX_CHARS
from dateline.pipeline import BATCH_SIZE, MODEL, process_parallel
from dateline.readers import DEFAULT_MAX_BYTES, read_inputs
from dateline.readers.common import document_id
from dateline.store import Store
from dateline.stories.grouping import Grouper

if TYPE_CHECKING:
    from dateline.lake import Lake

#: Documents written per transaction.
WRITE_BATCH = 64
#: Metadata a re-ingest may bring for a stored document that lacks it.
_FILLABLE = ("dct", "title", "url", "source")
log = logging.getLogger(__name__)


@dataclass(slots=True)
class IngestSummary:
    stored: int = 0
    updated: int = 0
    duplicates: int = 0
    rejected: int = 0
    rejections: list[Rejection] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"stored {self.stored}, updated {self.updated}, "
            f"duplicates skipped {self.duplicates}, rejected {self.rejected}"
        )


@dataclass(slots=True)
class _Run:
    """What one ingest carries between reading and writing."""

    store: Store
    summary: IngestSummary
    grouper: Grouper
    pending: list[Rejection] = field(default_factory=list)  # not yet committed
    updates: set[str] = field(default_factory=set)  # ids of stored documents being re-derived


def ingest(
    paths: Iterable[str | Path],
    store: Store,
    *,
    dct: str | None = None,
    workers: int = 1,
    batch_size: int = BATCH_SIZE,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = MAX_CHARS,
    write_batch: int = WRITE_BATCH,
    on_document: Callable[[int], None] | None = None,
    model: str = MODEL,
) -> IngestSummary:
    """Ingest inputs into the store; ``on_document(n)`` reports progress."""
    run = _Run(store, IngestSummary(), Grouper(store))
    items = within_ceiling(read_inputs(paths, dct=dct, max_bytes=max_bytes), max_chars)
    fresh = _fresh_documents(items, run, write_batch)
    reports = process_parallel(fresh, workers=workers, batch_size=batch_size, model=model)
    run.grouper.add_stored()  # documents stored before stories existed, or before a crash
    while batch := list(islice(reports, write_batch)):
        _write(run, batch)
        if on_document:
            on_document(len(batch))
    _write(run, [])
    return run.summary


def ingest_lake(
    paths: Iterable[str | Path],
    lake: Lake,
    *,
    dct: str | None = None,
    workers: int = 1,
    batch_size: int = BATCH_SIZE,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = MAX_CHARS,
    write_batch: int = WRITE_BATCH,
    on_document: Callable[[int], None] | None = None,
    model: str = MODEL,
) -> IngestSummary:
    """Ingest inputs into a lake, skipping the documents it holds; each write batch (its
    reports and the rejections met since the previous one) is one committed lake batch, so a
    run killed at any point is finished by running it again."""
    summary = IngestSummary()
    pending: list[Rejection] = []
    items = within_ceiling(read_inputs(paths, dct=dct, max_bytes=max_bytes), max_chars)
    fresh = _unstored_documents(items, lake.stored_ids(), summary, pending)
    reports = process_parallel(fresh, workers=workers, batch_size=batch_size, model=model)
    # unique per run: a re-run after a crash must not reuse a batch id the crashed run committed
    run_id = f"{dt.datetime.now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    numbers = count()
    while batch := list(islice(reports, write_batch)):
        commit_lake_batch(lake, batch, pending, summary, f"{run_id}-{next(numbers):06d}")
        if on_document:
            on_document(len(batch))
    commit_lake_batch(lake, [], pending, summary, f"{run_id}-{next(numbers):06d}")
    return summary


class Unstored:
    """The duplicate rule of an ingest into a lake, one document at a time (the Ray engine asks
    it from one place as documents arrive): a document is new unless its id was seen in this
    run, or the lake holds its id or, for a document with a URL, the id of its text alone
    (which a copy stored without the URL has)."""

    def __init__(self, stored: set[str]) -> None:
        self.stored = stored
        self.seen: set[str] = set()

    def is_new(self, doc: Document) -> bool:
        """Whether to process ``doc``; a new one is remembered as seen."""
        bare = document_id(doc.text, None) if doc.url else doc.id
        if doc.id in self.seen or doc.id in self.stored or bare in self.stored:
            return False
        self.seen.add(doc.id)
        return True


def _unstored_documents(
    items: Iterable[Document | Rejection], stored: set[str], summary: IngestSummary,
    pending: list[Rejection],
) -> Iterator[Document]:
    """The documents ``Unstored`` finds new; the rest are counted as duplicates, and rejections
    wait for the next commit."""
    unstored = Unstored(stored)
    for item in items:
        if isinstance(item, Rejection):
            pending.append(item)
        elif unstored.is_new(item):
            yield item
        else:
            summary.duplicates += 1


def commit_lake_batch(
    lake: Lake, batch: list[Report | Rejection], pending: list[Rejection],
    summary: IngestSummary, batch_id: str,
) -> None:
    """Commit a batch of reports with the rejections pending (emptied), retrying it document by
    document (each its own lake batch) if the lake refuses it, and count it in ``summary``:
    what ``ingest_lake`` does per write batch, and a Ray actor per batch."""
    pending += [r for r in batch if isinstance(r, Rejection)]
    reports = [r for r in batch if isinstance(r, Report)]
    try:
        lake.commit([*reports, *pending], batch_id)
        stored = len(reports)
    except Exception:
        log.info("a lake batch of %d failed; committing it one document at a time", len(reports))
        stored = 0
        for i, report in enumerate(reports):
            try:
                lake.commit([report], f"{batch_id}.{i}")
            except Exception as e:
                doc = report.document
                pending.append(Rejection(
                    origin=doc.origin or doc.id,
                    reason=f"lake write failed: {type(e).__name__}: {e}"[:300],
                ))
            else:
                stored += 1
        lake.commit(list(pending), f"{batch_id}.r")  # if even this fails, the run cannot go on
    summary.stored += stored
    summary.rejected += len(pending)
    summary.rejections += pending
    pending.clear()


def within_ceiling(
    items: Iterable[Document | Rejection], max_chars: int
) -> Iterator[Document | Rejection]:
    """Items with every document longer than ``max_chars`` turned into its rejection."""
    for item in items:
        if isinstance(item, Document) and len(item.text) > max_chars:
            yield Rejection(
                origin=item.origin or item.id,
                reason=f"{len(item.text):,} characters, over the limit of {max_chars:,} "
                "(--max-chars)",
            )
        else:
            yield item


def _write(run: _Run, batch: list[Report | Rejection]) -> None:
    """Commit a batch of reports with the rejections pending, retrying it document by document
    if the store refuses it; then group the documents it stored into their stories (one open
    of the store file for both)."""
    run.pending += [r for r in batch if isinstance(r, Rejection)]
    reports = [r for r in batch if isinstance(r, Report)]
    new = [r for r in reports if r.document.id not in run.updates]
    updated = [r for r in reports if r.document.id in run.updates]
    with run.store.holding():
        try:
            stored, changed = run.store.write(new, updated, run.pending)
            written = new
        except Exception:
            log.info("a write batch of %d failed; writing it one document at a time", len(reports))
            stored = changed = 0
            written = []
            for report in reports:
                is_update = report.document.id in run.updates
                try:
                    n, u = run.store.write(
                        [] if is_update else [report], [report] if is_update else []
                    )
                except Exception as e:
                    doc = report.document
                    run.pending.append(Rejection(
                        origin=doc.origin or doc.id,
                        reason=f"store write failed: {type(e).__name__}: {e}"[:300],
                    ))
                else:
                    stored, changed = stored + n, changed + u
                    if not is_update:
                        written.append(report)
            run.store.write(rejections=run.pending)  # if even this fails, the run cannot go on
        _group(run, written)
    summary = run.summary
    summary.stored += stored
    summary.updated += changed
    summary.rejected += len(run.pending)
    summary.rejections += run.pending
    run.pending = []


def _group(run: _Run, reports: list[Report]) -> None:
    """Each stored document joins its story as it arrives. The documents are committed
    already: a grouping that fails leaves them stored and ungrouped, and the next ingest
    groups them (``Grouper.add_stored``)."""
    try:
        run.grouper.add(reports)
    except Exception as e:
        log.warning("story grouping failed for a batch of %d (%s: %s); its documents are "
                    "stored and the next ingest groups them", len(reports), type(e).__name__, e)


def _fresh_documents(
    items: Iterable[Document | Rejection], run: _Run, chunk_size: int
) -> Iterator[Document]:
    """Documents to process: the new ones, and stored ones a later input brings metadata for
    (with the stored id and the metadata filled in). Duplicates are counted, rejections kept
    for the next write."""
    seen: set[str] = set()
    it = iter(items)
    while chunk := list(islice(it, chunk_size)):
        docs = [i for i in chunk if isinstance(i, Document)]
        # A document stored without a URL has the id of its text alone.
        bare = {d.id: document_id(d.text, None) for d in docs if d.url}
        stored = run.store.stored_metadata([d.id for d in docs] + list(bare.values()))
        for item in chunk:
            if isinstance(item, Rejection):
                run.pending.append(item)
                continue
            key = item.id if item.id in stored else bare.get(item.id)
            if item.id in seen or key in seen:
                run.summary.duplicates += 1
            elif key not in stored:
                seen.add(item.id)
                yield item
            elif filled := _filled(stored[key], item):
                seen.add(key)
                run.updates.add(key)
                yield replace(item, id=key, **filled)
            else:
                run.summary.duplicates += 1


def _filled(stored: dict[str, str | None], document: Document) -> dict[str, str | None]:
    """The stored document's metadata with what it lacks taken from ``document``; empty when
    the document brings nothing new."""
    gaps = [name for name in _FILLABLE if stored[name] is None and getattr(document, name)]
    if not gaps:
        return {}
    return {name: stored[name] or getattr(document, name) for name in _FILLABLE}


def extract_reports(
    items: Iterable[Document | Rejection], max_chars: int = MAX_CHARS, model: str = MODEL
) -> Iterator[Report | Rejection]:
    """Process inputs without a store, passing rejections through in order (for extract)."""
    pending: list[Document] = []

    def flush() -> Iterator[Report | Rejection]:
        yield from process_parallel(pending, model=model)
        pending.clear()

    for item in within_ceiling(items, max_chars):
        if isinstance(item, Rejection):
            yield from flush()
            yield item
        else:
            pending.append(item)
            if len(pending) >= BATCH_SIZE:
                yield from flush()
    yield from flush()
