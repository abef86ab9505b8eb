"""Inputs to Documents: every file format Dateline reads, behind one call.

``read_inputs`` walks files and folders (recursively, in name order; ``files.py`` says which
files are read and how), picks a reader by suffix (``.gz`` is decompressed on the fly) and yields a
``Document`` for every article it finds or a ``Rejection`` naming the input and the reason. It
never raises on bad input: an error a reader did not foresee becomes that input's rejection
("reader failed: ..."), after the documents it gave before, so a batch always goes on with the
rest.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

from dateline.model import Document, Rejection
from dateline.readers.common import DEFAULT_MAX_BYTES, InputError
from dateline.readers.feeds import read_feed
from dateline.readers.files import input_files, origin_of, read_bytes
from dateline.readers.html import read_html
from dateline.readers.jsonl import read_json, read_jsonl
from dateline.readers.text import read_text
from dateline.readers.tml import read_tml
from dateline.readers.warc import read_warc

__all__ = ["DEFAULT_MAX_BYTES", "read_inputs"]

_READERS = {
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".json": read_json,
    ".html": read_html,
    ".htm": read_html,
    ".warc": read_warc,
    ".rss": read_feed,
    ".atom": read_feed,
    ".tml": read_tml,
}
log = logging.getLogger("dateline.readers")


def _format(path: Path) -> str:
    """The suffix that decides the reader, under any ``.gz``."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return suffixes[-1] if suffixes else ""


def read_inputs(
    paths: Iterable[str | Path], *, dct: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Document | Rejection]:
    """Documents (or rejections) from files and folders; ``dct`` dates inputs that have none."""
    for path in input_files(paths):
        if isinstance(path, Rejection):
            yield path
            continue
        origin = origin_of(path)
        try:
            data = read_bytes(path, max_bytes)
            fmt = _format(path)
            if fmt == ".xml":
                fmt = ".rss" if _looks_like_feed(data) else ".html"
            reader = _READERS.get(fmt, read_text)
            for item in reader(data, origin, dct):
                item.origin = _storable(item.origin)
                if isinstance(item, Rejection):
                    item.reason = _storable(item.reason)
                yield item
        except InputError as e:
            yield Rejection(origin=origin, reason=_storable(str(e)))
        except OSError as e:
            yield Rejection(origin=origin, reason=f"cannot read: {e.strerror or e}")
        except Exception as e:  # a reader's bug or a library's: this input only
            log.debug("%s: reader failed", origin, exc_info=True)
            reason = _storable(f"reader failed: {type(e).__name__}: {e}")
            yield Rejection(origin=origin, reason=reason)


def _storable(text: str) -> str:
    """Text any store accepts: a lone surrogate (from a file name, a header, an error message)
    written as its escape."""
    return text.encode("utf-8", errors="backslashreplace").decode("utf-8")


def _looks_like_feed(data: bytes) -> bool:
    head = data[:2048].lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head
