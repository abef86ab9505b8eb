"""TIMEX3 normalization: the reading context and the helpers the rule normalizers share.

One function per rule of ``patterns.tsv`` (in ``absolute``, ``quarters``, ``relative`` and
``spans``), registered with ``@rule``, turns a regex match into type, value and modifiers anchored
on the document date, the clause's tense and the last date mentioned. It returns a list of
``Timex`` (usually one; a year range gives two), or an empty list to reject the match. Without a
document date, relative values keep TIMEX3 ``X`` placeholders.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from dateline.model import Timex
from dateline.time.calendar import at_granularity, shift, unknown_at_granularity
from dateline.time.lexicon import TimeLexicon, Unit, normalize_key, number_value
from dateline.time.tense import cue_before

_VAGUE = frozenset(
    {"several", "a few", "few", "many", "some", "numerous", "dozens of", "hundreds of"}
    | {"thousands of"}
)


_POINT_MODS = {"MORE_THAN": "BEFORE", "LESS_THAN": "AFTER", "EQUAL_OR_MORE": "ON_OR_BEFORE"}


BACK = frozenset({"last", "past", "previous", "this past", "the previous", "the preceding"})


FORWARD = frozenset({"next", "coming", "this coming", "the following", "the coming"})


@dataclass(slots=True)
class Context:
    """What relative expressions resolve against while a document is read in order."""

    dct: dt.date | None
    text: str
    tense: Callable[[int], str | None]  # tense of the clause at a character offset
    last_day: dt.date | None = None  # the last fully specified day mentioned
    last_quarter: tuple[int, int] | None = None  # (year, quarter) last mentioned
    last_year: int | None = None
    last_month: dt.date | None = None  # first day of the last month mentioned (or of a day's)
    keep: bool = False  # set by a normalizer whose value must not become the anaphoric anchor
    cache: dict[int, str | None] = field(default_factory=dict)

    def tense_at(self, offset: int) -> str | None:
        if offset not in self.cache:
            self.cache[offset] = cue_before(self.text, offset) or self.tense(offset)
        return self.cache[offset]

    def anchor(self, grain: str = "D") -> dt.date | None:
        """Anaphoric anchor: the last day mentioned, else the document date. Coarser anaphora
        ("the following month", "later that year") follow the last month or year mentioned:
        "in June 1998 ... later that year" is 1998 even after a dated day of the DCT's year."""
        if grain == "M" and self.last_month:
            return self.last_month
        if grain == "Y" and self.last_year:
            return dt.date(self.last_year, 1, 1)
        return self.last_day or self.dct

    def note(self, value: str) -> None:
        """Remember a normalized value as the reference for later anaphora (a span only ends
        the reign of the last quarter mentioned)."""
        if m := re.match(r"(\d{4})-(\d{2})-(\d{2})", value):
            try:
                self.last_day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                return
        if m := re.match(r"(\d{4})-(0[1-9]|1[0-2])", value):
            self.last_month = dt.date(int(m[1]), int(m[2]), 1)
        if m := re.match(r"(\d{4})-Q([1-4])$", value):
            # a forecast quarter ("gains in the third quarter of 2019") anchors no year-ago period
            quarter = (int(m[1]), int(m[2]))
            if self.dct is None or quarter <= (self.dct.year, (self.dct.month + 2) // 3):
                self.last_quarter = quarter
        if m := re.match(r"(\d{4})", value):
            self.last_year = int(m[1])
        if re.fullmatch(r"\d{4}-H[12]|P[69]M", value):
            # "the first half", "the first nine months": the report has moved on from its
            # quarter, and "a year earlier" now compares the longer period (a year value)
            self.last_quarter = None


Match = re.Match[str]


Normalizer = Callable[[Match, Context, TimeLexicon], list[Timex]]


NORMALIZERS: dict[str, Normalizer] = {}


def rule(name: str) -> Callable[[Normalizer], Normalizer]:
    def register(fn: Normalizer) -> Normalizer:
        NORMALIZERS[name] = fn
        return fn

    return register


@rule("not_timex")
def _not_timex(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    """A phrase that holds a time word but dates nothing ("in today's world"): matching it
    keeps the shorter time expression inside it from being tagged."""
    return []


def make_timex(
    m: Match,
    type_: str,
    value: str,
    mod: str | None = None,
    *,
    quant: str | None = None,
    freq: str | None = None,
    drop: bool = False,
) -> Timex:
    """The Timex of a match; ``drop`` leaves out a leading article or possessive (group ``the``),
    as TimeML does in adjectival uses: "a [two-year] term", "its [third-quarter] loss"."""
    start = m.start()
    if drop and m.groupdict().get("the") and m.start("the") == m.start():
        rest = m.string[m.end("the") : m.end()]
        start = m.end() - len(rest.lstrip())
    cue = m.groupdict().get("mod")
    if cue and cue.lower() == "over" and m.group(0)[4:].lstrip().lower().startswith("the "):
        # "over the past decade" is a span, not "more than"
        start = m.start() + len(m.group(0)) - len(m.group(0)[4:].lstrip())
        mod = None
    return Timex(m.string[start : m.end()], start, m.end(), type_, value, mod, quant, freq)


def modifier(m: Match, lex: TimeLexicon, point: bool = True) -> str | None:
    cue = m.groupdict().get("mod")
    if not cue:
        return None
    mod = lex.modifiers.get(normalize_key(cue).rstrip("-"), lex.modifiers.get(normalize_key(cue)))
    if mod is None:
        return None
    return _POINT_MODS.get(mod[0], mod[0]) if point else mod[0]


def digits(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def number(text: str, lex: TimeLexicon) -> float | None:
    key = normalize_key(text)
    if key in _VAGUE:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", key):
        return float(key)
    return number_value(key, lex.numbers)


def unit_of(text: str, lex: TimeLexicon) -> Unit | None:
    return lex.units.get(normalize_key(text))


#: Days within which a yearless date stays in the document's year whatever the tense says: a
#: past-tense clause often reports a near deadline ("said the offer expires Nov. 10").
_NEAR_DAYS = 62


def resolve_day(target: dt.date, dct: dt.date, tense: str | None) -> dt.date:
    """Move a yearless date to the year that fits the tense: past on/before, future after."""
    days = (target - dct).days
    if tense == "past" and days > _NEAR_DAYS:
        return _with_year(target, target.year - 1)
    if tense == "future" and days < -_NEAR_DAYS:
        return _with_year(target, target.year + 1)
    if tense in (None, "present") and abs(days) > 183:
        return _with_year(target, target.year - 1 if days > 0 else target.year + 1)
    return target


def _with_year(day: dt.date, year: int) -> dt.date:
    return day.replace(year=year) if not _feb29(day) else day


def _feb29(day: dt.date) -> bool:
    return day.month == 2 and day.day == 29


def weekday_date(dct: dt.date, weekday: int, rel: str, tense: str | None) -> dt.date:
    back = (dct.isoweekday() - weekday) % 7
    forward = (weekday - dct.isoweekday()) % 7
    if rel in BACK:
        return dct - dt.timedelta(days=back or 7)
    if rel in FORWARD:
        return dct + dt.timedelta(days=forward or 7)
    if rel == "this":
        return dct + dt.timedelta(days=weekday - dct.isoweekday())
    if tense == "future":
        return dct + dt.timedelta(days=forward)
    if tense in ("past", None) or back <= forward:
        # untensed news mentions ("shares bought from Sept. 14 to Thursday") report the past
        return dct - dt.timedelta(days=back)
    return dct + dt.timedelta(days=forward)


def calendar_neighbour(
    m: Match, ctx: Context, lex: TimeLexicon, grain: str, step: int
) -> list[Timex]:
    """The calendar year (``grain`` Y) or decade (DE) before (``step`` -1) or after (+1) the
    document date's: "the past year", "the last decade", "the next year" are DATEs as
    TempEval-3 annotates them, not one-unit spans."""
    if ctx.dct is None:
        return [make_timex(m, "DATE", unknown_at_granularity(grain))]
    day = shift(ctx.dct, "Y", step * (10 if grain == "DE" else 1))
    return [make_timex(m, "DATE", at_granularity(day, grain), modifier(m, lex))]


def day_value(day: dt.date | None, suffix: str = "") -> str:
    return (day.isoformat() if day else "XXXX-XX-XX") + suffix


_SMALLER = {"Y": ("M", 12), "Q": ("M", 3), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24)}


_SMALLER_CLOCK = {"H": ("M", 60), "M": ("S", 60)}


def period(n: float, unit: Unit) -> str:
    """A TIMEX3 duration value: P3D, PT2H, P30Y (a decade counts as ten years), P2Y6M."""
    total = n * unit.count
    letter = {"WE": "D"}.get(unit.letter, unit.letter)
    total *= {"WE": 2}.get(unit.letter, 1)
    whole = int(total)
    rest = total - whole
    if abs(rest) < 1e-9:
        return f"PT{whole}{letter}" if unit.clock else f"P{whole}{letter}"
    table = _SMALLER_CLOCK if unit.clock else _SMALLER
    if letter not in table:
        return f"PT{total:g}{letter}" if unit.clock else f"P{total:g}{letter}"
    small, factor = table[letter]
    part = f"{round(rest * factor):d}{small}"
    if unit.clock:
        return f"PT{whole}{letter}{part}" if whole else f"PT{part}"
    if small == "H":  # days and hours: P2DT12H
        return f"P{whole}DT{part}" if whole else f"PT{part}"
    return f"P{whole}{letter}{part}" if whole else f"P{part}"


POSSESSIVES = frozenset({"its", "their", "his", "her", "our", "my", "your"})
