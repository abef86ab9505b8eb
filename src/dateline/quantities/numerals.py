"""Read a numeral that starts at a token: digits ("30,000", "1.7", "2 1/2", "3.5bn"),
words ("twenty-one", "a dozen", "two hundred thousand") and vague plurals ("dozens").

Hand-written because the libraries that do this (quantulum3, text2num, word2number) either
cost tens of milliseconds per document or work on strings rather than spaCy tokens, and we
need the token range of every numeral to anchor offsets.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from spacy.tokens import Doc

from dateline.quantities.lexicon import Lexicon

_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_FRACTION = re.compile(r"^(\d{1,2})/(\d{1,2})$")
_SUFFIXED = re.compile(r"^(\d+(?:\.\d+)?)([a-z]+)$")
_MAX_DIGITS = 18  # longer digit strings are identifiers or garbage, not news quantities
_HYPHENS = frozenset({"-", "–", "—"})


@dataclass(slots=True)
class Numeral:
    """A numeral found at tokens ``[start, end)``."""

    start: int
    end: int
    value: float
    words: bool  # written in words ("two"), not digits
    vague: bool = False  # "dozens", "hundreds": at least the value
    magnitude_needs_currency: bool = False  # "3.5m": a multiplier only after "$"
    raw: float | None = None  # value before an attached "m"/"bn" suffix


def _digits(text: str) -> float | None:
    if not _DIGITS.match(text) or len(text) > _MAX_DIGITS:
        return None
    value = float(text.replace(",", ""))
    return value if math.isfinite(value) else None


def _fraction(text: str) -> float | None:
    m = _FRACTION.match(text)
    if not m:
        return None
    num, den = int(m.group(1)), int(m.group(2))
    return num / den if 0 < num < den <= 16 else None


def _words(doc: Doc, i: int, lex: Lexicon) -> Numeral | None:
    """Number words from token i: "twenty-one", "two hundred and five", "a dozen"."""
    n = len(doc)
    for size in (3, 1):  # "tens of thousands", then single words
        if i + size <= n:
            key = " ".join(t.lower_ for t in doc[i : i + size])
            entry = lex.numbers.get(key)
            if entry and entry[1] == "plural":
                return Numeral(i, i + size, entry[0], words=True, vague=True)
    start = i
    if doc[i].lower_ in ("a", "an") and i + 1 < n:
        entry = lex.numbers.get(doc[i + 1].lower_)
        if not entry or entry[1] == "plural" or doc[i + 1].lower_ not in _A_WORDS:
            return None
        i += 1
    total = current = 0.0
    end = None
    j = i
    while j < n:
        entry = lex.numbers.get(doc[j].lower_)
        if entry is None or entry[1] == "plural":
            break
        value, role = entry
        if role == "scale":
            if value >= 1000:
                total += (current or 1) * value
                current = 0.0
            else:
                current = (current or 1) * value
        else:
            current += value
        end = j + 1
        j += 1
        # "twenty-one", "hundred and five"
        joiner = j < n and (doc[j].text in _HYPHENS or (doc[j].lower_ == "and" and role == "scale"))
        if joiner and j + 1 < n and lex.numbers.get(doc[j + 1].lower_, (0, ""))[1] == "unit":
            j += 1
    if end is None:
        return None
    return Numeral(start, end, total + current, words=True)


_A_WORDS = frozenset({"dozen", "hundred", "thousand", "million", "billion", "trillion"})


def read_numeral(doc: Doc, i: int, lex: Lexicon) -> Numeral | None:
    """The numeral starting at token i, or None."""
    tok = doc[i]
    text = tok.text
    if not text[:1].isdigit():
        return _words(doc, i, lex) if tok.is_alpha else None
    n = len(doc)
    value = _digits(text)
    if value is None:
        frac = _fraction(text)
        if frac is not None:
            return Numeral(i, i + 1, frac, words=False)
        m = _SUFFIXED.match(text.lower())
        if m and m.group(2) in lex.magnitudes and len(m.group(1)) <= _MAX_DIGITS:
            mult, needs = lex.magnitudes[m.group(2)]
            raw = float(m.group(1))
            return Numeral(i, i + 1, raw * mult, False, magnitude_needs_currency=needs, raw=raw)
        return None
    end = i + 1
    if end < n and "." not in text:  # "2 1/2"
        frac = _fraction(doc[end].text)
        if frac is not None:
            value += frac
            end += 1
    if end < n:  # "30 million", "2 dozen"
        entry = lex.numbers.get(doc[end].lower_)
        if entry and (entry[1] == "scale" or doc[end].lower_ == "dozen"):
            value *= entry[0]
            end += 1
    return Numeral(i, end, value, words=False)
