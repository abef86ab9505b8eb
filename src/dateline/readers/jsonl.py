"""JSON Lines: one article per line, ``text`` plus any of date/dct/published, url, title,
source, id. A broken line is rejected with its line number; the others go on."""

from __future__ import annotations

import json
from collections.abc import Iterator

from dateline.model import Document, Rejection
from dateline.readers.common import InputError, decode, make_document, parse_date

_DATE_FIELDS = ("date", "dct", "published")


def read_jsonl(data: bytes, origin: str, dct: str | None) -> Iterator[Document | Rejection]:
    text = decode(data)
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{origin}:{lineno}"
        try:
            yield _record(line, where, dct)
        except InputError as e:
            yield Rejection(origin=where, reason=str(e))


def _record(line: str, where: str, dct: str | None) -> Document:
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as e:
        raise InputError(f"invalid JSON: {e.msg} at column {e.colno}") from None
    if not isinstance(rec, dict):
        raise InputError("a line must be a JSON object")
    body = rec.get("text")
    if not isinstance(body, str) or not body.strip():
        raise InputError("no 'text' field")
    field = next((f for f in _DATE_FIELDS if rec.get(f)), None)
    date = parse_date(rec[field], field) if field else dct
    return make_document(
        body, where, dct=date, url=_str(rec.get("url")), title=_str(rec.get("title")),
        source=_str(rec.get("source")), external_id=_str(rec.get("id")),
    )


def _str(value: object) -> str | None:
    return str(value) if value not in (None, "") else None
