"""The rule engine: run every pattern over the text, keep the longest non-overlapping matches,
normalize them in reading order so that anaphora ("the following day") see the dates before them.

Matching is on the raw text with precompiled regexes (a few hundred microseconds per article),
not on a per-candidate parser; only the normalizer of a relative expression asks for the tense.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from dateline.model import Timex
from dateline.time.lexicon import TimeLexicon
from dateline.time.normalize import NORMALIZERS, Context

#: Longest input the tagger scans; beyond it (a dump, not an article) text is left untagged.
MAX_CHARS = 2_000_000
#: How far before and after an anchor word a time expression can reach.
LEFT, RIGHT = 60, 40


def _windows(text: str, anchors: re.Pattern[str]) -> list[tuple[int, int]]:
    """Merged stretches of text around anchor words: the only places the rules are run."""
    windows: list[tuple[int, int]] = []
    n = len(text)
    for hit in anchors.finditer(text):
        start, end = max(0, hit.start() - LEFT), min(n, hit.end() + RIGHT)
        while end < n and text[end].isalnum():
            end += 1
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
        else:
            windows.append((start, end))
    return windows


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
    windows = _windows(text, lexicon.anchors)
    for rank, rule in enumerate(lexicon.rules):
        finditer = rule.regex.finditer
        for start, end in windows:
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
        for timex in NORMALIZERS[name](match, ctx, lexicon):
            timexes.append(timex)
            if timex.type in ("DATE", "TIME"):
                ctx.note(timex.value)
    return timexes
