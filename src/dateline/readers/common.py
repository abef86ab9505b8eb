"""What every reader shares: decoding, cleaning, dates and document ids.

Decoding trusts a byte order mark first (UTF-8, UTF-16 and UTF-32), then UTF-8. Text that is not
valid UTF-8 is decoded line by line: the lines that are valid UTF-8 stay so, and only the others
take the encoding charset-normalizer detects for them (cp1252 when it fits as well; see
``_detect``), so one pasted Latin-1 line does not turn a whole UTF-8 article into mojibake.
Control characters (NUL included) and lone surrogates, from the bytes or from escapes
(``\\u0000``, ``&#0;``), are removed or replaced with a warning wherever they are; an input where
they are more than ``BINARY_SHARE`` of the characters is binary, not text, and rejected.
"""

from __future__ import annotations

import codecs
import datetime as dt
import email.utils
import hashlib
import logging
import re
import unicodedata

from charset_normalizer import from_bytes

from dateline.model import Document
from dateline.readers.urls import canonical_url

log = logging.getLogger("dateline.readers")

#: Inputs (after decompression) larger than this are rejected, before they are read whole.
DEFAULT_MAX_BYTES = 10_000_000
#: Share of control characters (NUL included) above which an input is binary, not text with a
#: few stray ones (an escape sequence, a pasted NUL): text has none or a handful, binary data
#: about one character in eight. NUL bytes are counted first, before decoding (UTF-16 without a
#: byte order mark, every other byte NUL, is not read).
BINARY_SHARE = 0.05
#: Document dates before this are not plausible for news (a typo, or a placeholder like 0001).
OLDEST_DATE = dt.date(1800, 1, 1)

_BOMS = (  # UTF-32 first: its LE mark starts with the UTF-16 LE one; UTF-8's is taken apart
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: Controls that are not text: C0 and C1 except tab, newline and carriage return (which
#: ``normalize`` handles); form feed, vertical tab and NEL separate lines, so become newlines.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_LINE_CONTROLS = re.compile(r"[\x0b\x0c\x85]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,12})|([0-9]{1,12}));?")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_TIME = re.compile(r"[T ]\d{1,2}:\d{2}")
#: A zone written as a word after an ISO datetime, which ``fromisoformat`` does not read.
_UTC_WORD = re.compile(r"\s*\b(UTC|GMT)$", re.I)
#: Epoch seconds written as a string: 9 digits or more (8 would be an ISO basic date).
_EPOCH = re.compile(r"-?\d{9,}(\.\d+)?")
#: Epoch values this large are milliseconds (as seconds they would be past the year 5000).
EPOCH_MS_FROM = 100_000_000_000


class InputError(Exception):
    """An input that cannot become a document; the message is the reason shown to the user."""


def decode(data: bytes, origin: str = "input") -> str:
    """Text from bytes (BOM, else UTF-8, else line-wise detection), cleaned of control
    characters; empty and binary inputs are errors."""
    if not data.strip():
        raise InputError("empty input")
    warning = ""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    bom = next(((mark, enc) for mark, enc in _BOMS if data.startswith(mark)), None)
    if bom:
        try:
            text = data[len(bom[0]):].decode(bom[1])
        except UnicodeDecodeError as e:
            warning = (f"{origin}: not valid {bom[1]} after its byte order mark ({e.reason}); "
                       "bad bytes replaced by U+FFFD")
            text = data[len(bom[0]):].decode(bom[1], errors="replace")
    elif data.count(0) > BINARY_SHARE * len(data):
        raise InputError("binary content (NUL bytes), not text")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text, warning = _decode_linewise(data, origin)
    if not text.strip():
        raise InputError("empty input")
    controls = len(_CONTROLS.findall(text))
    if controls > BINARY_SHARE * len(text):
        raise InputError("binary content (control characters), not text")
    if warning:
        log.warning("%s", warning)
    return clean(text, origin)


def _decode_linewise(data: bytes, origin: str) -> tuple[str, str]:
    """UTF-8 lines as UTF-8; the others in the encoding detected for them together. Also
    the warning to give, once the text is known not to be binary."""
    lines = data.splitlines(keepends=True)
    out: list[str | None] = []
    bad: list[int] = []
    for n, line in enumerate(lines):
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(None)
            bad.append(n)
    encoding = _detect([lines[n] for n in bad])
    for n in bad:
        out[n] = lines[n].decode(encoding, errors="replace")
    shown = ", ".join(str(n + 1) for n in bad[:5]) + (", ..." if len(bad) > 5 else "")
    warning = (f"{origin}: {len(bad)} of {len(lines)} lines not valid UTF-8 (line {shown}); "
               f"those decoded as {encoding}")
    return "".join(s or "" for s in out), warning


def _detect(lines: list[bytes]) -> str:
    """The encoding of these lines: charset-normalizer's best guess, but cp1252 (the usual
    encoding of text pasted into English) when it is among the guesses as good as the best and
    reads as words (see ``_symbol_in_word``): a few lines cannot tell cp1250 from cp1252, and
    the detector favours the first. cp1252 when nothing fits."""
    joined = b"".join(lines)
    matches = list(from_bytes(joined))
    if not matches:
        return "cp1252"
    best = matches[0]
    tied = {enc for m in matches if m.chaos <= best.chaos + 0.01 for enc in m.could_be_from_charset}
    try:
        as_cp1252 = joined.decode("cp1252")
    except UnicodeDecodeError:
        return best.encoding
    if "cp1252" in tied and not _symbol_in_word(as_cp1252):
        return "cp1252"
    return best.encoding


def _symbol_in_word(text: str) -> bool:
    """Whether a non-ASCII character that is neither a letter nor punctuation (a dash) stands
    between two letters: cp1250's "ł" read as cp1252 is "³"."""
    return any(
        not m[0].isalpha() and not unicodedata.category(m[0]).startswith("P")
        and 0 < m.start() < len(text) - 1
        and text[m.start() - 1].isalpha() and text[m.start() + 1].isalpha()
        for m in _NON_ASCII.finditer(text)
    )


def clean(text: str, origin: str = "input", what: str = "text") -> str:
    """``text`` without control characters (line separators become newlines) and with lone
    surrogates replaced by U+FFFD; what was changed is logged as a warning."""
    controls = len(_CONTROLS.findall(text))
    surrogates = len(_SURROGATES.findall(text))
    if controls:
        log.warning("%s: %d control character(s) removed from the %s", origin, controls, what)
        text = _CONTROLS.sub("", text)
    if surrogates:
        log.warning("%s: %d lone surrogate(s) in the %s replaced by U+FFFD", origin, surrogates,
                    what)
        text = _SURROGATES.sub("\ufffd", text)
    return _LINE_CONTROLS.sub("\n", text)


def char_ref(code: int) -> str:
    """What the numeric character reference ``&#code;`` may stand for in a document: nothing for
    a control character (tab, newline and carriage return stay), U+FFFD for a surrogate or a
    number beyond Unicode."""
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    c = chr(code)
    return "" if _CONTROLS.match(c) or _LINE_CONTROLS.match(c) else c


def clean_char_refs(markup: str, origin: str = "input") -> str:
    """Markup (HTML, TimeML) with the numeric character references that are not text
    (``&#0;``, ``&#xD800;``, ``&#99999999;``) replaced as ``char_ref`` says, with a warning;
    the others are left for the parser."""
    bad = 0

    def sub(m: re.Match[str]) -> str:
        nonlocal bad
        code = int(m[1], 16) if m[1] else int(m[2])
        text = char_ref(code)
        if code <= 0x10FFFF and text == chr(code):
            return m[0]
        bad += 1
        return text

    markup = _CHAR_REF.sub(sub, markup)
    if bad:
        log.warning("%s: %d character reference(s) to control characters, surrogates or beyond "
                    "Unicode removed or replaced by U+FFFD", origin, bad)
    return markup


def parse_date(value: object, what: str = "date") -> str | None:
    """The YYYY-MM-DD publication date of a date as feeds and archives write it: ISO 8601 (a
    date, or a date and time with or without a zone, read by ``datetime.fromisoformat``), RFC
    2822 (``Tue, 21 Nov 2017 09:30:00 +0900``, by ``email.utils``), or epoch seconds or
    milliseconds (a JSON number, or a string of 9 or more digits; 13 digits or more are
    milliseconds). The date is the one written, in the writer's own zone; epoch times are dated
    in UTC. Documents keep only the date (the model has no field for the time). Anything else,
    impossible dates and dates outside ``check_date``'s range are errors naming the value."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InputError(f"{what} {value!r} is not a date")
    if isinstance(value, int | float):
        return check_date(_from_epoch(value, what), what)
    text = str(value).strip()
    if _EPOCH.fullmatch(text):
        return check_date(_from_epoch(text, what), what)
    try:
        when = dt.datetime.fromisoformat(_UTC_WORD.sub("+00:00", text))
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            raise InputError(_why_not_a_date(text, what)) from None
    return check_date(when.date(), what)


def _from_epoch(value: float | str, what: str) -> dt.date:
    """The UTC date of an epoch time in seconds, or in milliseconds when it is that large."""
    try:
        seconds = float(value)
    except OverflowError:
        seconds = float("inf")
    if seconds != seconds or abs(seconds) == float("inf"):
        raise InputError(f"{what} {str(value)[:40]} is out of range as epoch seconds")
    if abs(seconds) >= EPOCH_MS_FROM:
        seconds /= 1000
    try:
        return dt.datetime.fromtimestamp(seconds, dt.UTC).date()
    except (OverflowError, OSError, ValueError):
        raise InputError(f"{what} {seconds!r} is out of range as epoch seconds") from None


def _why_not_a_date(text: str, what: str) -> str:
    """The reason ``text`` is no date, as precise as its shape allows."""
    shown = f"{what} {text[:40]!r}"
    m = _DATE.match(text)
    if not m:
        return (f"{shown} is not an ISO date (YYYY-MM-DD, with an optional time and zone), "
                "an RFC 2822 date or epoch seconds")
    try:
        dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return f"{shown} is not a real calendar date"
    if _TIME.match(text, m.end()):
        return f"{shown} has an impossible time"
    return f"{shown} has trailing text after the date"


def check_date(date: dt.date, what: str = "date") -> str:
    """The date as YYYY-MM-DD if a news article can have it: not after tomorrow (by this
    machine's clock; tomorrow allows for time zones) and not before ``OLDEST_DATE``."""
    if date > dt.date.today() + dt.timedelta(days=1):
        raise InputError(f"{what} {date.isoformat()} is in the future")
    if date < OLDEST_DATE:
        raise InputError(f"{what} {date.isoformat()} is implausibly old (before {OLDEST_DATE})")
    return date.isoformat()


def normalize(text: str) -> str:
    """The text as the pipeline sees it: NFC, Windows and old Mac line ends as newlines, outer
    space stripped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text).strip()


def document_id(text: str, url: str | None) -> str:
    """Stable id: a hash of the whitespace-normalized text and the canonical URL, so
    re-ingesting the same article (re-wrapped, re-fetched, or linked with tracking parameters)
    is recognized as a duplicate."""
    key = " ".join(text.split()) + "\x00" + (canonical_url(url) if url else "")
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
    """A Document from read text, every field cleaned; an input without text is an error."""
    text = normalize(clean(text, origin))
    if not text:
        raise InputError("no text")
    if dct is None:
        log.warning("%s: no document date; relative dates stay unresolved (see --dct)", origin)
    url, title, source, external_id = (  # one line each, single-spaced
        " ".join(clean(value, origin, name).split()) or None if value is not None else None
        for name, value in (("url", url), ("title", title), ("source", source),
                            ("id", external_id))
    )
    return Document(
        id=document_id(text, url), text=text, dct=dct, source=source, url=url, title=title,
        origin=origin, external_id=external_id,
    )
