"""WARC archives: every HTML response record is a page (warcio). A truncated archive keeps
the records before the damage and is itself rejected with the reason."""

from __future__ import annotations

import io
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from dateline.model import Document, Rejection
from dateline.readers.common import InputError, decode
from dateline.readers.html import html_document


def read_warc(data: bytes, origin: str, dct: str | None) -> Iterator[Document | Rejection]:
    n = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            ctype = record.http_headers.get_header("Content-Type") or ""
            if "html" not in ctype.lower():
                continue
            n += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{origin}#{n}"
            body = record.content_stream().read()
            if getattr(record.raw_stream, "limit", 0) > 0:  # fewer bytes than its header says
                raise InputError(f"truncated WARC: record {n} ends early")
            try:
                page = decode(body)
                yield html_document(page, f"{where} {url}" if url else where, dct, url=url)
            except InputError as e:
                yield Rejection(origin=f"{where} {url}" if url else where, reason=str(e))
    except (ArchiveLoadFailed, EOFError, ValueError, OSError) as e:
        raise InputError(f"truncated or corrupt WARC after {n} HTML records: {e}") from None
    if n == 0:
        raise InputError("WARC without HTML response records")
