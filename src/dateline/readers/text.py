"""Plain text and the seed format: a first line `` date YYYY-MM-DD `` then the article."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dateline.model import Document
from dateline.readers.common import InputError, decode, make_document, parse_date

#: `` date 2017-11-22 `` at the very start; the article may follow on the same line.
_HEADER = re.compile(r"\A\s?date[ \t]+(\S+)[ \t]*")


def read_text(data: bytes, origin: str, dct: str | None) -> Iterator[Document]:
    text = decode(data, origin)
    m = _HEADER.match(text)
    if m:
        dct = parse_date(m.group(1), "date header")
        text = text[m.end():]
        if not text.strip():
            raise InputError("date header but no text")
    yield make_document(text, origin, dct=dct)
