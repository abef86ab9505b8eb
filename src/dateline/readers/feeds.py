"""RSS and Atom feeds (feedparser): each entry with its published date (a plausible one: see
``common.check_date``). A bad entry is rejected as ``<feed>#<n>``; the others go on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import feedparser
import lxml.html

from dateline.model import Document, Rejection
from dateline.readers.common import InputError, check_date, clean_char_refs, make_document


def read_feed(data: bytes, origin: str, dct: str | None) -> Iterator[Document | Rejection]:
    feed = feedparser.parse(data)
    if not feed.entries:
        reason = getattr(feed, "bozo_exception", None)
        raise InputError(f"feed without entries{f' ({reason})' if reason else ''}")
    source = feed.feed.get("title")
    for n, entry in enumerate(feed.entries, 1):
        where = f"{origin}#{n}"
        try:
            yield _entry(entry, where, dct, source)
        except InputError as e:
            yield Rejection(origin=where, reason=str(e))
        except Exception as e:  # lxml on odd markup, say: this entry only
            yield Rejection(origin=where, reason=f"reader failed: {type(e).__name__}: {e}")


def _entry(entry: feedparser.FeedParserDict, where: str, dct: str | None, source: str | None
           ) -> Document:
    parts = [c.get("value", "") for c in entry.get("content", [])] or [entry.get("summary", "")]
    html = clean_char_refs("\n".join(p for p in parts if p), where)
    if not html.strip():
        raise InputError("feed entry without text")
    text = lxml.html.fromstring(html).text_content() if "<" in html else html
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    date = check_date(dt.date(*when[:3]), "published date") if when else dct
    return make_document(
        text, where, dct=date, url=entry.get("link"), title=entry.get("title"), source=source
    )
