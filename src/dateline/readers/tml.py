"""TimeML (``.tml``, as in TempEval-3): the text of ``<TEXT>`` dated by its ``<DCT>``, which
must be a plausible calendar date."""

from __future__ import annotations

from collections.abc import Iterator

from dateline.model import Document
from dateline.readers.common import (
    InputError,
    clean_char_refs,
    decode,
    make_document,
    parse_date,
)
from dateline.readers.timeml import parse_timeml


def read_tml(data: bytes, origin: str, dct: str | None) -> Iterator[Document]:
    source = clean_char_refs(decode(data, origin), origin)
    if "<TEXT>" not in source:
        raise InputError("TimeML without a <TEXT> element")
    tml = parse_timeml(source)
    yield make_document(tml.document.text, origin, dct=parse_date(tml.dct, "DCT") or dct)
