"""HTML pages: the main text with trafilatura, the publication date with htmldate (which
trafilatura runs in its metadata pass, with ``original_date``: one parse of the page for both).
Numeric character references that are not text (``&#0;``, ``&#xD800;``) are cleaned first. The
title is kept apart, as a JSON article's is: trafilatura keeps the page's headline as the first
line of the text, and that line is dropped when it is the title."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from urllib.parse import urlsplit

import trafilatura

from dateline.model import Document
from dateline.readers.common import (
    InputError,
    clean_char_refs,
    decode,
    make_document,
    parse_date,
)

#: Fewer words than this is a menu or a cookie banner, not an article.
_MIN_WORDS = 8

# trafilatura and htmldate log every page they find nothing in; our rejection says it once.
for _name in ("trafilatura", "htmldate"):
    logging.getLogger(_name).setLevel(logging.ERROR)


def html_document(html: str, origin: str, dct: str | None, url: str | None = None) -> Document:
    """The article of one HTML page; a page without one (scripts, navigation) is an error."""
    html = clean_char_refs(html, origin)
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    if len(text.split()) < _MIN_WORDS:
        raise InputError("HTML without article text (only scripts, navigation or boilerplate?)")
    found = parse_date(getattr(doc, "date", None), "publication date")
    url = url or getattr(doc, "url", None)
    source = getattr(doc, "sitename", None) or (urlsplit(url).hostname if url else None)
    title = getattr(doc, "title", None)
    return make_document(
        _without_title(text, title), origin, dct=found or dct, url=url, title=title, source=source
    )


def _without_title(text: str, title: str | None) -> str:
    """The text without a first line that repeats the title (the page's headline)."""
    first, _, rest = text.lstrip().partition("\n")
    if title and rest.strip() and _words(first) == _words(title):
        return rest
    return text


def _words(line: str) -> list[str]:
    return line.casefold().split()


def read_html(data: bytes, origin: str, dct: str | None) -> Iterator[Document]:
    yield html_document(decode(data, origin), origin, dct)
