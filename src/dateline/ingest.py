"""Many inputs to the store: read, skip what is stored, process in batches, write, account.

Every input ends either as a stored document, a skipped duplicate, or a recorded rejection;
the summary counts each, so nothing is lost silently.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from dateline.model import Document, Rejection, Report
from dateline.pipeline import BATCH_SIZE, MODEL, process_parallel
from dateline.readers import DEFAULT_MAX_BYTES, read_inputs
from dateline.store import Store
from dateline.stories.grouping import Grouper

#: Documents written per transaction.
WRITE_BATCH = 64


@dataclass(slots=True)
class IngestSummary:
    stored: int = 0
    duplicates: int = 0
    rejected: int = 0
    rejections: list[Rejection] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"stored {self.stored}, duplicates skipped {self.duplicates}, "
            f"rejected {self.rejected}"
        )


def ingest(
    paths: Iterable[str | Path],
    store: Store,
    *,
    dct: str | None = None,
    workers: int = 1,
    batch_size: int = BATCH_SIZE,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_document: Callable[[int], None] | None = None,
    model: str = MODEL,
) -> IngestSummary:
    """Ingest inputs into the store; ``on_document(n)`` reports progress."""
    summary = IngestSummary()
    fresh = _fresh_documents(read_inputs(paths, dct=dct, max_bytes=max_bytes), store, summary)
    reports = process_parallel(fresh, workers=workers, batch_size=batch_size, model=model)
    grouper = Grouper(store)
    grouper.add_stored()  # documents stored before stories existed, or before a crash
    while batch := list(islice(reports, WRITE_BATCH)):
        failed = [r for r in batch if isinstance(r, Rejection)]
        summary.rejected += len(failed)
        summary.rejections += failed
        done = [r for r in batch if isinstance(r, Report)]
        summary.stored += store.add_reports(done)
        grouper.add(done)  # each stored document joins its story as it arrives
        if on_document:
            on_document(len(batch))
    store.add_rejections(summary.rejections)
    return summary


def _fresh_documents(
    items: Iterable[Document | Rejection], store: Store, summary: IngestSummary
) -> Iterator[Document]:
    """Documents not stored yet (nor seen earlier in this run); count the rest."""
    seen: set[str] = set()
    while chunk := list(islice(items, WRITE_BATCH)):
        docs = [i for i in chunk if isinstance(i, Document)]
        known = store.known_ids(d.id for d in docs)
        for item in chunk:
            if isinstance(item, Rejection):
                summary.rejected += 1
                summary.rejections.append(item)
            elif item.id in known or item.id in seen:
                summary.duplicates += 1
            else:
                seen.add(item.id)
                yield item


def extract_reports(
    items: Iterable[Document | Rejection], model: str = MODEL
) -> Iterator[Report | Rejection]:
    """Process inputs without a store, passing rejections through in order (for extract)."""
    pending: list[Document] = []

    def flush() -> Iterator[Report | Rejection]:
        yield from process_parallel(pending, model=model)
        pending.clear()

    for item in items:
        if isinstance(item, Rejection):
            yield from flush()
            yield item
        else:
            pending.append(item)
            if len(pending) >= BATCH_SIZE:
                yield from flush()
    yield from flush()
