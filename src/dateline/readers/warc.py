"""WARC archives: every HTML response record is a page (warcio). A damaged archive keeps the
records before the damage and is itself rejected, naming the record: one cut in its content
(fewer bytes than its header says), one cut in its headers (warcio then gives a record without a
type or a length, or stops early without a word: the bytes it did not consume tell), or any
error warcio raises on it."""

from __future__ import annotations

import io
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator

from dateline.model import Document, Rejection
from dateline.readers.common import InputError, decode
from dateline.readers.html import html_document


def read_warc(data: bytes, origin: str, dct: str | None) -> Iterator[Document | Rejection]:
    records = pages = 0
    archive = ArchiveIterator(io.BytesIO(data))
    try:
        for record in archive:
            records += 1
            length = record.rec_headers.get_header("Content-Length") or ""
            if not record.rec_type or not length.strip().isdigit():
                raise InputError("its WARC headers are cut short")
            body = record.content_stream().read()
            if getattr(record.raw_stream, "limit", 0) > 0:  # fewer bytes than its header says
                raise InputError("it ends before its declared length")
            if record.rec_type != "response" or record.http_headers is None:
                continue
            ctype = record.http_headers.get_header("Content-Type") or ""
            if "html" not in ctype.lower():
                continue
            pages += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{origin}#{pages}" + (f" {url}" if url else "")
            try:
                yield html_document(decode(body, where), where, dct, url=url)
            except InputError as e:
                yield Rejection(origin=where, reason=str(e))
        if data[archive.offset:].strip():
            records += 1
            raise InputError("it is cut short (in its headers?)")
    except InputError as e:
        raise InputError(_damage(records, pages, str(e))) from None
    except Exception as e:  # warcio on damaged bytes: ArchiveLoadFailed, EOFError, AttributeError
        records += 1
        raise InputError(_damage(records, pages, f"{type(e).__name__}: {e}")) from None
    if pages == 0:
        raise InputError("WARC without HTML response records")


def _damage(record: int, pages: int, what: str) -> str:
    return (f"truncated or corrupt WARC: record {record}: {what}; "
            f"the {pages} HTML record(s) before it were read")
