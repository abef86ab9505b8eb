"""Long articles in pieces: cut the text at natural boundaries, merge the pieces' reports.

spaCy's parser and several of Dateline's components do work that grows faster than the length
of one Doc (a 200 KB article took 49 s and 0.9 GB, a 950 KB one did not finish in 400 s), so a
text above ``PIECE_CHARS`` is processed as several Docs and their reports are merged into one:
offsets are shifted so that ``text[start:end]`` is exact in the whole article, entity and event
ids are renumbered to stay unique, and the references between records (event -> entity ids,
place and quantity indices, ``same_as``, a role's event) follow them. What spans two pieces (an
actor named in one and called "the North" in the next, a retelling of an earlier piece's event)
is not linked; a piece is a few dozen paragraphs, so that is rare and costs recall only.
"""

from __future__ import annotations

import dataclasses
import re
from collections import deque
from typing import Any

from dateline.model import (
    RECORD_KINDS,
    Attribution,
    Document,
    Entity,
    Event,
    Quote,
    Report,
    RoleMention,
)

#: Characters per piece. Below it processing time is about linear in length (a 50 KB article
#: takes ~7 s on this machine, about ten of the 600-word articles per second), and a piece
#: still holds dozens of paragraphs, so few facts straddle a cut.
PIECE_CHARS = 50_000
#: Longest text accepted by default (``--max-chars``): at about 60 s a megabyte, an article
#: over 2 million characters is far more likely a dump or a book than news.
MAX_CHARS = 2_000_000

#: Where a cut may go, best first: after a blank line, a line break, a sentence end, a space.
_BOUNDARIES = (
    re.compile(r"\n\s*\n\s*"),
    re.compile(r"\n\s*"),
    re.compile(r"[.!?][\"'”’)\]]*\s+"),
    re.compile(r"\s+"),
)

#: The fields that hold an entity or event id, by record class: they follow a renumbering.
_ID_FIELDS: dict[type, tuple[str, ...]] = {
    Entity: ("id", "affiliation"),
    Event: ("id", "actor", "target", "source", "same_as"),
    Quote: ("speaker",),
    Attribution: ("speaker",),
    RoleMention: ("event",),
}
_NUMBERED = re.compile(r"(\D*)(\d+)")


def cut(text: str, size: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """``(start, end)`` of consecutive pieces of at most ``size`` characters covering ``text``,
    each ending at the best boundary in the second half of its window."""
    pieces, start = [], 0
    while len(text) - start > size:
        end = start + size
        for boundary in _BOUNDARIES:
            last = deque(boundary.finditer(text, start + size // 2, end), maxlen=1)
            if last:
                end = last[0].end()
                break
        pieces.append((start, end))
        start = end
    pieces.append((start, len(text)))
    return pieces


def merge(document: Document, parts: list[tuple[int, Report]]) -> Report:
    """One report for ``document`` from its pieces' reports, each given with its start offset.
    The records of ``parts`` are changed in place."""
    merged = Report(document=document)
    top: dict[str, int] = {}  # highest number given so far per id prefix ("E", "V")
    for start, part in parts:
        renumbered = _renumber(part, top)
        places, quantities = len(merged.places), len(merged.quantities)
        for kind in RECORD_KINDS:
            for record in getattr(part, kind):
                _shift(record, start)
                for name in _ID_FIELDS.get(type(record), ()):
                    old = getattr(record, name)
                    if old is not None:
                        setattr(record, name, renumbered.get(old, old))
                if isinstance(record, Event):
                    record.place = None if record.place is None else record.place + places
                    record.quantities = [q + quantities for q in record.quantities]
                getattr(merged, kind).append(record)
    return merged


def _renumber(part: Report, top: dict[str, int]) -> dict[str, str]:
    """Old id -> new id for a piece's entities and events, numbered after the earlier pieces'."""
    ids = [e.id for e in part.entities] + [v.id for v in part.events]
    base = dict(top)
    mapping = {}
    for old in ids:
        m = _NUMBERED.fullmatch(old)
        if not m:
            continue
        prefix, number = m.group(1), int(m.group(2)) + base.get(m.group(1), 0)
        mapping[old] = f"{prefix}{number}"
        top[prefix] = max(top.get(prefix, 0), number)
    return mapping


def _shift(record: Any, delta: int) -> None:
    """Add ``delta`` to every ``start``/``end`` offset in a record and its nested parts."""
    if not delta:
        return
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if f.name in ("start", "end") and isinstance(value, int):
            setattr(record, f.name, value + delta)
        elif dataclasses.is_dataclass(value):
            _shift(value, delta)
        elif isinstance(value, list):
            for item in value:
                if dataclasses.is_dataclass(item):
                    _shift(item, delta)
