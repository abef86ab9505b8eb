"""Pair quotation marks into quoted stretches of text, in one pass over the characters.

Straight quotes carry no direction, so a ``"`` opens when it is followed by a non-space and
closes when it follows one. A quote never crosses a paragraph, except in the news convention
for a quotation running over several paragraphs: each paragraph opens with a quotation mark and
only the last one closes, so a paragraph left open whose successor opens with a quotation mark
is a quote of its own. Any other unclosed mark is dropped. Linear in the text length.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_OPENING = "“„«"
_CLOSING = "”»"
_STRAIGHT = '"'
_MARK = re.compile(r'["“”„«»]')
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")
_NEWLINE = re.compile(r"\n\s*")
#: Characters trimmed from the ends of a quotation: the comma before a closing mark belongs to
#: the sentence around the quote ("... temporarily," referring to ...).
_TRIM = " \t\r\n\f\v,"


@dataclass(frozen=True, slots=True)
class QuotedText:
    """The text between a pair of quotation marks (marks excluded)."""

    start: int
    end: int
    continued: bool = False  # a paragraph of a quotation that runs on into the next one


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph ranges: split at blank lines when the text has any, else at line breaks."""
    separator = _BLANK_LINE if _BLANK_LINE.search(text) else _NEWLINE
    out, start = [], 0
    for match in separator.finditer(text):
        out.append((start, match.start()))
        start = match.end()
    out.append((start, len(text)))
    return out


def _trimmed(text: str, start: int, end: int, continued: bool) -> QuotedText | None:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    if not any(ch.isalnum() for ch in text[start:end]):
        return None
    return QuotedText(start, end, continued)


def find_quoted(text: str) -> list[QuotedText]:
    """Every quoted stretch of ``text``, in order."""
    out: list[QuotedText] = []
    paragraphs = _paragraphs(text)
    for number, (p_start, p_end) in enumerate(paragraphs):
        open_at = -1
        for match in _MARK.finditer(text, p_start, p_end):
            pos, mark = match.start(), match.group()
            before = text[pos - 1] if pos > p_start else " "
            after = text[pos + 1] if pos + 1 < p_end else " "
            if mark in _OPENING:
                open_at = pos
            elif mark in _CLOSING:
                if open_at >= 0:
                    found = _trimmed(text, open_at + 1, pos, False)
                    if found:
                        out.append(found)
                    open_at = -1
            elif open_at >= 0 and not before.isspace():
                found = _trimmed(text, open_at + 1, pos, False)
                if found:
                    out.append(found)
                open_at = -1
            elif not after.isspace():
                open_at = pos
        if open_at >= 0 and number + 1 < len(paragraphs):
            n_start, n_end = paragraphs[number + 1]
            if n_start < n_end and text[n_start] in _OPENING + _STRAIGHT:
                found = _trimmed(text, open_at + 1, p_end, True)
                if found:
                    out.append(found)
    return out


def inside(quoted: list[QuotedText], char: int) -> bool:
    """Whether a character offset lies in a quotation (quotations sorted, not overlapping)."""
    k = bisect_right(quoted, char, key=lambda q: q.start) - 1
    return k >= 0 and char < quoted[k].end
