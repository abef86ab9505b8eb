"""What every reader shares: bounded reading, decoding, dates and document ids."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import logging
import re
import unicodedata
import zlib
from pathlib import Path

from charset_normalizer import from_bytes

from dateline.model import Document

log = logging.getLogger("dateline.readers")

#: Inputs (after decompression) larger than this are rejected, before they are read whole.
DEFAULT_MAX_BYTES = 10_000_000
_CHUNK = 1 << 20
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


class InputError(Exception):
    """An input that cannot become a document; the message is the reason shown to the user."""


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """A file's bytes, decompressing ``.gz``; never more than ``max_bytes`` in memory."""
    if not path.exists():
        raise InputError("no such file")
    if path.suffix.lower() != ".gz":
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"too large: {size:,} bytes > {max_bytes:,} (see --max-bytes)")
        return path.read_bytes()
    out = bytearray()
    try:
        with gzip.open(path, "rb") as f:
            while chunk := f.read(_CHUNK):
                out += chunk
                if len(out) > max_bytes:
                    raise InputError(
                        f"too large: more than {max_bytes:,} bytes decompressed (see --max-bytes)"
                    )
    except (EOFError, gzip.BadGzipFile, zlib.error) as e:
        raise InputError(f"truncated or corrupt gzip: {e}") from None
    return bytes(out)


def decode(data: bytes) -> str:
    """Text from bytes: UTF-8 when it is, else the encoding charset-normalizer detects (with a
    warning); binary data is rejected."""
    if not data.strip():
        raise InputError("empty input")
    if b"\x00" in data[:8192]:
        raise InputError("binary content (NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None or best.encoding is None:
            raise InputError("not valid UTF-8 and no text encoding detected") from None
        log.warning("not valid UTF-8; decoded as %s (detected)", best.encoding)
        text = str(best)
    head = text[:8192]
    controls = sum(1 for c in head if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f")
    if controls > 0.05 * len(head):
        raise InputError("binary content (control characters), not text")
    return text


def parse_date(value: object, what: str = "date") -> str | None:
    """A YYYY-MM-DD date from an ISO date or datetime string; impossible dates are errors."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    m = _ISO_DATE.match(text)
    if not m:
        raise InputError(f"{what} {text!r} is not an ISO date (YYYY-MM-DD)")
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        raise InputError(f"{what} {text!r} is not a real calendar date") from None


def normalize(text: str) -> str:
    """The text as the pipeline sees it: NFC, Windows line ends gone, outer space stripped."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n")).strip()


def document_id(text: str, url: str | None) -> str:
    """Stable id: a hash of the whitespace-normalized text and the URL, so re-ingesting the
    same article (re-wrapped or re-fetched) is recognized as a duplicate."""
    key = " ".join(text.split()) + "\x00" + (url or "")
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def make_document(
    text: str,
    origin: str,
    *,
    dct: str | None,
    url: str | None = None,
    title: str | None = None,
    source: str | None = None,
    external_id: str | None = None,
) -> Document:
    """A Document from read text; an input without text is an error."""
    text = normalize(text)
    if not text:
        raise InputError("no text")
    if dct is None:
        log.warning("%s: no document date; relative dates stay unresolved (see --dct)", origin)
    return Document(
        id=document_id(text, url), text=text, dct=dct, source=source, url=url, title=title,
        origin=origin, external_id=external_id,
    )
