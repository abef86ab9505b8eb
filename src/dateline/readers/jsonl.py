"""JSON articles: JSON Lines (one object a line) and ``.json`` files holding one object or an
array of them.

An article object has its text under ``text``, ``content`` or ``body`` (the first of these that
is present and not blank wins, so a ``text`` beside a ``content`` is the text); its date under
any of ``date``, ``dct``, ``published``, ``published_at``, ``publishedAt``, ``pubDate`` or
``datePublished`` (the first present, in any form ``common.parse_date`` reads: ISO, RFC 2822,
epoch seconds or milliseconds); and ``url``, ``title``, ``source`` (a string, or an object with
a ``name``, as news APIs give it) and ``id``. The title stays apart from the text.

A broken line (or array element) is rejected with its line number (``file:3``; ``file#3`` for
the third element of an array), whatever broke it (bad JSON, nesting too deep for the parser, a
bad date, no text); the others go on. Control characters and lone surrogates written as escapes
(``\\u0000``, ``\\ud83d``) are cleaned like those in the bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from dateline.model import Document, Rejection
from dateline.readers.common import InputError, decode, make_document, parse_date

TEXT_FIELDS = ("text", "content", "body")
DATE_FIELDS = ("date", "dct", "published", "published_at", "publishedAt", "pubDate",
               "datePublished")


def read_jsonl(data: bytes, origin: str, dct: str | None) -> Iterator[Document | Rejection]:
    """One article per line; a broken line is that line's rejection."""
    yield from _lines(decode(data, origin), origin, dct)


def read_json(data: bytes, origin: str, dct: str | None) -> Iterator[Document | Rejection]:
    """A ``.json`` file: an array of articles, one article, or (written as such) JSON Lines."""
    text = decode(data, origin)
    if text.lstrip().startswith("{"):
        first, _, rest = text.strip().partition("\n")
        if rest.strip() and _is_object(first):  # an object a line: JSON Lines
            yield from _lines(text, origin, dct)
        else:  # one object, maybe over many lines: a broken one is the file's rejection
            yield from _guarded(origin, partial(_article, _loads(text), origin, dct, "the file"))
        return
    items = _loads(text)
    if not isinstance(items, list):
        raise InputError("a JSON file must hold an article object or an array of them")
    if not items:
        raise InputError("empty JSON array")
    for n, item in enumerate(items, 1):
        where = f"{origin}#{n}"
        yield from _guarded(where, partial(_article, item, where, dct, "an array element"))


def _lines(text: str, origin: str, dct: str | None) -> Iterator[Document | Rejection]:
    for lineno, line in enumerate(text.splitlines(), 1):
        if line.strip():
            where = f"{origin}:{lineno}"
            yield from _guarded(where, partial(_line_article, line, where, dct))


def _is_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False


def _line_article(line: str, where: str, dct: str | None) -> Document:
    return _article(_loads(line), where, dct, "a line")


def _guarded(where: str, build: Callable[[], Document]) -> Iterator[Document | Rejection]:
    """The document ``build`` makes, or the rejection of ``where`` when it fails."""
    try:
        yield build()
    except InputError as e:
        yield Rejection(origin=where, reason=str(e))
    except Exception as e:  # a parser's or a library's error: this article only
        yield Rejection(origin=where, reason=f"reader failed: {type(e).__name__}: {e}")


def _loads(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        at = f"line {e.lineno} column {e.colno}" if e.lineno > 1 else f"column {e.colno}"
        raise InputError(f"invalid JSON: {e.msg} at {at}") from None
    except RecursionError:
        raise InputError("invalid JSON: nested too deeply") from None
    except ValueError as e:  # e.g. an integer longer than Python converts
        raise InputError(f"invalid JSON: {e}") from None


def _article(rec: Any, where: str, dct: str | None, what: str) -> Document:
    """The Document of one article object (``what``: a line, an array element, ...)."""
    if not isinstance(rec, dict):
        raise InputError(f"{what} must be a JSON object")
    name = next((f for f in TEXT_FIELDS if not _blank(rec.get(f))), None)
    if name is None:
        raise InputError("no 'text', 'content' or 'body' field")
    body = rec[name]
    if not isinstance(body, str):
        raise InputError(f"'{name}' is a JSON {type(body).__name__}, not a string")
    field = next((f for f in DATE_FIELDS if not _blank(rec.get(f))), None)
    date = parse_date(rec[field], field) if field else dct
    return make_document(
        body, where, dct=date, url=_str(rec.get("url")), title=_str(rec.get("title")),
        source=_str(_named(rec.get("source"))), external_id=_str(rec.get("id")),
    )


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _named(value: object) -> object:
    """A source given as an object (``{"id": "ap", "name": "AP"}``) by its name."""
    return value.get("name") if isinstance(value, dict) else value


def _str(value: object) -> str | None:
    return str(value) if value not in (None, "") else None
