"""JSON Lines: one article per line, ``text`` plus any of date/dct/published, url, title,
source, id. A broken line is rejected with its line number, whatever broke it (bad JSON, nesting
too deep for the parser, a bad date); the others go on. Control characters and lone surrogates
written as escapes (``\\u0000``, ``\\ud83d``) are cleaned like those in the bytes."""

from __future__ import annotations

import json
from collections.abc import Iterator

from dateline.model import Document, Rejection
from dateline.readers.common import InputError, decode, make_document, parse_date

_DATE_FIELDS = ("date", "dct", "published")


def read_jsonl(data: bytes, origin: str, dct: str | None) -> Iterator[Document | Rejection]:
    text = decode(data, origin)
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{origin}:{lineno}"
        try:
            yield _record(line, where, dct)
        except InputError as e:
            yield Rejection(origin=where, reason=str(e))
        except Exception as e:  # a parser's or a library's error: this line only
            yield Rejection(origin=where, reason=f"reader failed: {type(e).__name__}: {e}")


def _record(line: str, where: str, dct: str | None) -> Document:
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as e:
        raise InputError(f"invalid JSON: {e.msg} at column {e.colno}") from None
    except RecursionError:
        raise InputError("invalid JSON: nested too deeply") from None
    except ValueError as e:  # e.g. an integer longer than Python converts
        raise InputError(f"invalid JSON: {e}") from None
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
