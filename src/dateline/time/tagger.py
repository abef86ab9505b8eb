"""The rule engine: run every pattern over the text, keep the longest non-overlapping matches,
normalize them in reading order so that anaphora ("the following day") see the dates before them.

Matching is on the raw text with precompiled regexes (a few hundred microseconds per article),
not on a per-candidate parser; only the normalizer of a relative expression asks for the tense.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import dateline.time.absolute
import dateline.time.quarters
import dateline.time.relative
import dateline.time.spans  # noqa: F401  (these four register the rule normalizers)
from dateline.model import Timex
from dateline.time.lexicon import TimeLexicon
from dateline.time.normalize import NORMALIZERS, Context

#: Longest input the tagger scans; beyond it (a dump, not an article) text is left untagged.
MAX_CHARS = 2_000_000
#: How far before and after an anchor word a time expression can reach.
LEFT, RIGHT = 60, 40


_WORD = re.compile(r"[A-Za-z]+|\d+")
_CLOCK_AFTER = re.compile(r"\s?(?:[ap]\.?m\b|o'clock)|[:/.]\d", re.IGNORECASE)


def _anchor_classes(text: str, word: re.Match[str], lexicon: TimeLexicon) -> frozenset[str]:
    token = word.group(0)
    if not token[0].isdigit():
        return lexicon.anchor_words.get(token.lower(), frozenset())
    found = set()
    if len(token) == 4 and 1500 <= int(token) <= 2099 or text.startswith("s", word.end()):
        found.add("YEAR")
    if _CLOCK_AFTER.match(text, word.end()):
        found.add("CLOCK")
    return frozenset(found)


def _windows(text: str, lexicon: TimeLexicon) -> dict[str, list[tuple[int, int]]]:
    """Per anchor class, the merged stretches of text around its words: where rules run."""
    windows: dict[str, list[tuple[int, int]]] = {}
    n = len(text)
    for word in _WORD.finditer(text):
        classes = _anchor_classes(text, word, lexicon)
        if not classes:
            continue
        start, end = max(0, word.start() - LEFT), min(n, word.end() + RIGHT)
        while end < n and text[end].isalnum():
            end += 1
        for cls in classes:
            spans = windows.setdefault(cls, [])
            if spans and start <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
            else:
                spans.append((start, end))
    return windows


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def find_timexes(
    text: str,
    dct: dt.date | None,
    lexicon: TimeLexicon,
    tense: Callable[[int], str | None] = lambda _: None,
) -> list[Timex]:
    """TIMEX3 expressions in ``text``, sorted by start, normalized against ``dct``."""
    if not text or len(text) > MAX_CHARS:
        return []
    candidates = []
    windows = _windows(text, lexicon)
    for rank, rule in enumerate(lexicon.rules):
        finditer = rule.regex.finditer
        classes = [windows[c] for c in rule.anchors if c in windows]
        spans = classes[0] if len(classes) == 1 else _union([s for c in classes for s in c])
        for start, end in spans:
            for match in finditer(text, start, end):
                if match.end() > match.start():
                    candidates.append((match.start() - match.end(), rank, match, rule.name))
    candidates.sort(key=lambda c: (c[0], c[1], c[2].start()))
    taken = bytearray(len(text))
    chosen = []
    for _, _, match, name in candidates:
        if any(taken[match.start() : match.end()]):
            continue
        taken[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
        chosen.append((match, name))
    chosen.sort(key=lambda c: c[0].start())
    ctx = Context(dct=dct, text=text, tense=tense)
    timexes: list[Timex] = []
    for match, name in chosen:
        found = NORMALIZERS[name](match, ctx, lexicon)
        timexes.extend(found)
        if not ctx.keep:
            for timex in found:
                if timex.type in ("DATE", "TIME", "DURATION"):
                    ctx.note(timex.value)
        ctx.keep = False
    return timexes
