"""TIMEX3 normalization: one function per rule of ``patterns.tsv``, from a regex match to type,
value and modifiers, anchored on the document date, the clause's tense and the last date mentioned.

Each function returns a list of ``Timex`` (usually one; a year range gives two) or an empty list
to reject the match. Without a document date, relative values keep TIMEX3 ``X`` placeholders.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from dateline.model import Timex
from dateline.time.calendar import (
    at_granularity,
    holiday,
    shift,
    unknown_at_granularity,
)
from dateline.time.lexicon import TimeLexicon, Unit, normalize_key, number_value

_VAGUE = frozenset(
    {"several", "a few", "few", "many", "some", "numerous", "dozens of", "hundreds of"}
    | {"thousands of"}
)
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_POINT_MODS = {"MORE_THAN": "BEFORE", "LESS_THAN": "AFTER", "EQUAL_OR_MORE": "ON_OR_BEFORE"}
_BACK = frozenset({"last", "past", "previous", "this past", "the previous", "the preceding"})
_FORWARD = frozenset({"next", "coming", "this coming", "the following", "the coming"})
_COUNT_BEFORE = re.compile(
    r"(?:\d|\b(?:billion|million|thousand|hundred|percent|times|twice|thrice|once|cents?|"
    r"dollars?|pounds?|euros?|yen|each|tons?|barrels?|people|units|shares))[\s.%]*$",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Context:
    """What relative expressions resolve against while a document is read in order."""

    dct: dt.date | None
    text: str
    tense: Callable[[int], str | None]  # tense of the clause at a character offset
    last_day: dt.date | None = None  # the last fully specified day mentioned
    last_quarter: tuple[int, int] | None = None  # (year, quarter) last mentioned
    last_year: int | None = None
    keep: bool = False  # set by a normalizer whose value must not become the anaphoric anchor
    cache: dict[int, str | None] = field(default_factory=dict)

    def tense_at(self, offset: int) -> str | None:
        if offset not in self.cache:
            self.cache[offset] = self.tense(offset)
        return self.cache[offset]

    def anchor(self) -> dt.date | None:
        """Anaphoric anchor: the last day mentioned, else the document date."""
        return self.last_day or self.dct

    def note(self, value: str) -> None:
        """Remember a normalized value as the reference for later anaphora."""
        if m := re.match(r"(\d{4})-(\d{2})-(\d{2})", value):
            try:
                self.last_day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                return
        if m := re.match(r"(\d{4})-Q([1-4])$", value):
            self.last_quarter = (int(m[1]), int(m[2]))
        if m := re.match(r"(\d{4})", value):
            self.last_year = int(m[1])


Match = re.Match[str]
Normalizer = Callable[[Match, Context, TimeLexicon], list[Timex]]
NORMALIZERS: dict[str, Normalizer] = {}


def rule(name: str) -> Callable[[Normalizer], Normalizer]:
    def register(fn: Normalizer) -> Normalizer:
        NORMALIZERS[name] = fn
        return fn

    return register


def _timex(
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


def _mod(m: Match, lex: TimeLexicon, point: bool = True) -> str | None:
    cue = m.groupdict().get("mod")
    if not cue:
        return None
    mod = lex.modifiers.get(normalize_key(cue).rstrip("-"), lex.modifiers.get(normalize_key(cue)))
    if mod is None:
        return None
    return _POINT_MODS.get(mod[0], mod[0]) if point else mod[0]


def _int(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _number(text: str, lex: TimeLexicon) -> float | None:
    key = normalize_key(text)
    if key in _VAGUE:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", key):
        return float(key)
    return number_value(key, lex.numbers)


def _unit(text: str, lex: TimeLexicon) -> Unit | None:
    return lex.units.get(normalize_key(text))


#: Days within which a yearless date stays in the document's year whatever the tense says: a
#: past-tense clause often reports a near deadline ("said the offer expires Nov. 10").
_NEAR_DAYS = 62


def _resolve_day(target: dt.date, dct: dt.date, tense: str | None) -> dt.date:
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


def _weekday(dct: dt.date, weekday: int, rel: str, tense: str | None) -> dt.date:
    back = (dct.isoweekday() - weekday) % 7
    forward = (weekday - dct.isoweekday()) % 7
    if rel in _BACK:
        return dct - dt.timedelta(days=back or 7)
    if rel in _FORWARD:
        return dct + dt.timedelta(days=forward or 7)
    if rel == "this":
        return dct + dt.timedelta(days=weekday - dct.isoweekday())
    if tense == "future":
        return dct + dt.timedelta(days=forward)
    if tense in ("past", None) or back <= forward:
        # untensed news mentions ("shares bought from Sept. 14 to Thursday") report the past
        return dct - dt.timedelta(days=back)
    return dct + dt.timedelta(days=forward)


def _pod_suffix(m: Match, lex: TimeLexicon) -> str:
    pod = m.groupdict().get("pod")
    if not pod:
        return ""
    code = lex.parts_of_day.get(normalize_key(pod), "")
    return code if code.startswith("T") else ""


def _day_value(day: dt.date | None, suffix: str = "") -> str:
    return (day.isoformat() if day else "XXXX-XX-XX") + suffix


def _ymd(m: Match, lex: TimeLexicon, year: int) -> dt.date | None:
    month = lex.months.get(m.group("month")) if m.groupdict().get("month") else _int(m["m"])
    try:
        return dt.date(year, month or 0, _int(m["d"]))
    except ValueError:
        return None


@rule("date_iso")
def _iso(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    try:
        day = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return []
    if m["h"]:
        if int(m["h"]) > 24:
            return []
        return [_timex(m, "TIME", f"{day.isoformat()}T{m['h']}:{m['mi']}")]
    return [_timex(m, "DATE", day.isoformat())]


@rule("date_slash")
def _slash(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    year = int(m["y"])
    if year < 100:
        year += 1900 if year > 30 else 2000
    day = _ymd(m, lex, year)
    return [_timex(m, "DATE", day.isoformat())] if day else []


@rule("date_mdy")
@rule("date_dmy")
def _full(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    day = _ymd(m, lex, int(m["y"]))
    return [_timex(m, "DATE", day.isoformat())] if day else []


@rule("date_md")
@rule("date_dm")
def _month_day(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    month = lex.months[m["month"]]
    day_n = _int(m["d"])
    if not 1 <= day_n <= 31:
        return []
    if m["month"] in ("May", "March") and m.start("month") > 0 and m.group(0)[0].islower():
        return []
    if ctx.dct is None:
        return [_timex(m, "DATE", f"XXXX-{month:02d}-{day_n:02d}", _mod(m, lex))]
    try:
        target = dt.date(ctx.dct.year, month, day_n)
    except ValueError:
        return []
    day = _resolve_day(target, ctx.dct, ctx.tense_at(m.start()))
    return [_timex(m, "DATE", day.isoformat(), _mod(m, lex))]


@rule("date_my")
def _month_year(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    return [_timex(m, "DATE", f"{int(m['y']):04d}-{lex.months[m['month']]:02d}", _mod(m, lex))]


@rule("date_month")
def _month(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    name = m["month"]
    month = lex.months[name]
    rel = normalize_key(m["rel"] or "")
    if not rel and not m["mod"]:
        # bare abbreviations are rarely months; "May" opening a sentence is the modal
        if name.endswith(".") or len(name) <= 4 and name != "May" and name != "June":
            return []
        if name == "May" and _sentence_initial(ctx.text, m.start()):
            return []
    if ctx.dct is None:
        return [_timex(m, "DATE", f"XXXX-{month:02d}", _mod(m, lex))]
    year = ctx.dct.year
    if rel in _BACK or rel == "last":
        year -= 1 if month >= ctx.dct.month else 0
    elif rel in _FORWARD or rel == "next":
        year += 1 if month <= ctx.dct.month else 0
    elif rel == "the same" and ctx.last_year:
        year = ctx.last_year
    elif rel != "this":
        tense = ctx.tense_at(m.start())
        if tense == "past" and month > ctx.dct.month + 1:
            year -= 1
        elif tense == "future" and month < ctx.dct.month - 1:
            year += 1
        elif tense in (None, "present") and abs(month - ctx.dct.month) > 6:
            year += 1 if month < ctx.dct.month else -1
    return [_timex(m, "DATE", f"{year:04d}-{month:02d}", _mod(m, lex))]


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start].strip()
    return not before or before[-1] in ".!?\"'`"


@rule("date_year")
def _year(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    after = ctx.text[m.end() : m.end() + 12]
    before = ctx.text[max(0, m.start() - 12) : m.start()]
    if re.match(r"\s*(?:%|percent|[.,]\d|\s*(?:to|-)\s*\d)", after, re.I) or re.search(
        r"(?:[$#£€]|\bNo\.?|\bflight|\bnumber|\broute|\bpage|\babout|\bsome|\bthan)\s*$",
        before,
        re.I,
    ):
        return []
    if re.match(
        r"\s+(?:people|men|women|jobs|workers|troops|shares|units|cars|employees)\b", after, re.I
    ):
        return []
    return [_timex(m, "DATE", f"{int(m['y']):04d}", _mod(m, lex))]


@rule("date_year_range")
def _year_range(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    first = int(m["y"])
    second_text = m["y2"]
    second = int(second_text) if len(second_text) == 4 else first // 100 * 100 + int(second_text)
    if second <= first or second - first > 100:
        return []
    return [
        Timex(m["y"], m.start("y"), m.end("y"), "DATE", f"{first:04d}"),
        Timex(second_text, m.start("y2"), m.end("y2"), "DATE", f"{second:04d}"),
    ]


@rule("date_decade")
def _decade(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    dec = m["dec"]
    if dec.startswith("'"):
        century = 20 if int(dec[1]) <= 2 else 19
        value = f"{century}{dec[1]}X"
    else:
        value = dec[:3] + "X"
    return [_timex(m, "DATE", value, _mod(m, lex))]


@rule("date_century")
def _century(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    ordinal = m["ord"]
    n = _int(ordinal) if ordinal[0].isdigit() else lex.ordinals.get(normalize_key(ordinal), 0)
    if not 1 <= n <= 30:
        return []
    return [_timex(m, "DATE", f"{n - 1:02d}XX", _mod(m, lex))]


_ORD_QUARTER = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3}
_ORD_QUARTER["4th"] = 4


def _relative_year(text: str, ctx: Context) -> int | None:
    key = normalize_key(text)
    if re.fullmatch(r"\d{4}('s)?", key):
        return int(key[:4])
    if ctx.dct is None:
        return None
    offsets = {"this year": 0, "this year's": 0, "last year": -1, "last year's": -1}
    offsets |= {"next year": 1, "next year's": 1}
    return ctx.dct.year + offsets[key] if key in offsets else None


@rule("date_quarter")
def _quarter(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    n = _ORD_QUARTER[m["ord"].lower()]
    half = m["unit"].lower() == "half"
    if half and n > 2:
        return []
    # the year comes from "of 1989", "1989's", "last year's", else the document date
    year = next(
        (y for g in ("y", "yq", "the") if m[g] and (y := _relative_year(m[g], ctx)) is not None),
        None,
    )
    if year is None and ctx.dct is not None:
        year = ctx.dct.year
        first_month = (n - 1) * (6 if half else 3) + 1
        if ctx.tense_at(m.start()) == "past" and first_month > ctx.dct.month:
            year -= 1
    code = f"H{n}" if half else f"Q{n}"
    value = f"{year:04d}-{code}" if year is not None else f"XXXX-{code}"
    the = normalize_key(m["the"] or "")
    drop = the in _POSSESSIVES or (the == "the" and "-" in m.group(0))  # "the [third-quarter] loss"
    return [_timex(m, "DATE", value, drop=drop)]


@rule("date_quarter_ref")
def _quarter_ref(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    rel = normalize_key(m["rel"])
    half = m["unit"].lower() == "half"
    if m["unit"].lower() == "period" and rel not in _PERIOD_RELS:
        return []  # "the period" alone is no calendar quarter
    if half:
        if ctx.dct is None:
            return [_timex(m, "DATE", "XXXX-HX")]
        return [_timex(m, "DATE", f"{ctx.dct.year:04d}-H{1 if ctx.dct.month <= 6 else 2}")]
    if ctx.dct is None:
        return [_timex(m, "DATE", "XXXX-QX")]
    current = (ctx.dct.year, (ctx.dct.month - 1) // 3 + 1)
    index = current[0] * 4 + current[1] - 1
    if rel in ("this", "the current"):
        pass
    elif rel in ("next",):
        index += 1
    elif rel in ("the year-earlier", "the year-ago", "the comparable"):
        ctx.keep = True
        base = ctx.last_quarter or _previous(index)
        index = (base[0] - 1) * 4 + base[1] - 1
    elif rel in _ANAPHORIC_QUARTER and ctx.last_quarter:
        # "the quarter", "the latest period": the quarter the report is about
        index = ctx.last_quarter[0] * 4 + ctx.last_quarter[1] - 1
    else:
        index -= 1
    year, q = divmod(index, 4)
    return [_timex(m, "DATE", f"{year:04d}-Q{q + 1}")]


_ANAPHORIC_QUARTER = frozenset({"the", "that", "the same", "the fiscal"})
#: "the latest period" in an earnings report is the quarter just reported.
_PERIOD_RELS = frozenset({"the latest", "the year-earlier", "the year-ago", "the comparable"})
_PERIOD_RELS |= {"the same", "the most recent", "the just-ended"}


def _previous(index: int) -> tuple[int, int]:
    year, q = divmod(index - 1, 4)
    return year, q + 1


@rule("date_year_earlier")
def _year_earlier(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    ctx.keep = True
    drop = "-" in m["rel"] and m.end("rel") == m.end()  # "a [year-earlier] level"
    if ctx.last_quarter:
        value = f"{ctx.last_quarter[0] - 1:04d}-Q{ctx.last_quarter[1]}"
        return [_timex(m, "DATE", value, drop=drop)]
    if ctx.dct is None:
        return [_timex(m, "DATE", "XXXX", drop=drop)]
    base = ctx.last_year if "earlier" in m.group(0).lower() and ctx.last_year else ctx.dct.year
    return [_timex(m, "DATE", f"{base - 1:04d}", drop=drop)]


_WEEK_AFTER = re.compile(
    r"(?:,?\s*(?:-|to|and|or|through|until)\s+[A-Z][a-z]+day)?,?\s+(?i:(last|this|next)\s+week)\b"
)


@rule("date_weekday")
@rule("date_weekday_pod")
def _weekday_rule(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    weekday = lex.weekdays[m["wd"]]
    rel = normalize_key(m.groupdict().get("rel") or "")
    suffix = _pod_suffix(m, lex)
    # TempEval-3 annotates "Friday night" as a DATE with a part-of-day value; "noon Friday": TIME
    type_ = "TIME" if ":" in suffix else "DATE"
    anchor = ctx.dct
    if rel in ("the following", "that", "the previous"):
        anchor = ctx.anchor()
        rel = {"the following": "next", "the previous": "last", "that": ""}[rel]
    if anchor is None:
        return [_timex(m, type_, f"XXXX-WXX-{weekday}{suffix}", _mod(m, lex))]
    week = _WEEK_AFTER.match(ctx.text, m.end()) if not rel else None
    if week:  # "Monday to Wednesday last week": that week's day
        step = {"last": -1, "this": 0, "next": 1}[week[1].lower()]
        monday = anchor - dt.timedelta(days=anchor.isoweekday() - 1) + dt.timedelta(weeks=step)
        day = monday + dt.timedelta(days=weekday - 1)
        return [_timex(m, type_, day.isoformat() + suffix, _mod(m, lex))]
    day = _weekday(anchor, weekday, rel, ctx.tense_at(m.start()))
    return [_timex(m, type_, day.isoformat() + suffix, _mod(m, lex))]


@rule("date_holiday")
def _holiday(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    text = m["hol"]
    if not (text[0].isupper() or text.lower().startswith("the ")):
        return []
    rule_text = lex.holidays[normalize_key(text)]
    if m["y"]:
        day = holiday(rule_text, int(m["y"]))
    elif ctx.dct is None:
        return [_timex(m, "DATE", "XXXX-XX-XX")]
    else:
        day = holiday(rule_text, ctx.dct.year)
        if day is not None:
            tense = ctx.tense_at(m.start())
            if tense == "past" and day > ctx.dct:
                day = holiday(rule_text, ctx.dct.year - 1)
            elif tense == "future" and day < ctx.dct:
                day = holiday(rule_text, ctx.dct.year + 1)
    return [_timex(m, "DATE", day.isoformat())] if day else []


@rule("date_season")
def _season(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    word = m["season"]
    code = lex.seasons[word.lower()]
    rel = normalize_key(m["rel"] or "")
    mod = _mod(m, lex)
    if rel in ("early", "late"):
        mod = "START" if rel == "early" else "END"
    if word.lower() in ("fall", "spring") and not (rel or m["mod"] or m["y"]):
        return []
    if m["y"]:
        return [_timex(m, "DATE", f"{int(m['y']):04d}-{code}", mod)]
    if ctx.dct is None:
        return [_timex(m, "DATE", f"XXXX-{code}", mod)]
    year = ctx.dct.year
    start_month = _SEASON_START[code]
    current = ctx.dct.month >= start_month and ctx.dct.month < start_month + 3
    if rel in ("last", "this past", "the past"):
        year -= 0 if start_month + 3 <= ctx.dct.month else 1
    elif rel in ("next", "this coming", "the coming"):
        year += 0 if start_month > ctx.dct.month else 1
    elif not current:
        tense = ctx.tense_at(m.start())
        if tense == "past" and start_month > ctx.dct.month:
            year -= 1
        elif tense == "future" and start_month + 3 <= ctx.dct.month:
            year += 1
    return [_timex(m, "DATE", f"{year:04d}-{code}", mod)]


@rule("date_ref")
def _ref(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    type_, value = lex.references[normalize_key(m["ref"])]
    suffix = _pod_suffix(m, lex)
    if not value.startswith("DAY"):
        if m["pod"]:
            return []
        if normalize_key(m["ref"]) == "current" and not _adjectival(ctx.text, m.end()):
            return []
        return [_timex(m, type_, value, _mod(m, lex))]
    mt = re.fullmatch(r"DAY([+-]\d+)(T\w+)?", value)
    assert mt is not None
    suffix = suffix or (mt[2] or "")
    type_ = "TIME" if suffix else type_
    day = ctx.dct + dt.timedelta(days=int(mt[1])) if ctx.dct else None
    return [_timex(m, type_, _day_value(day, suffix), _mod(m, lex))]


def _adjectival(text: str, end: int) -> bool:
    """'current' tags as PRESENT_REF only before a noun it dates ("current quarter")."""
    return bool(re.match(r"\s+[a-z]", text[end : end + 3]))


@rule("date_pod")
def _pod(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    rel = normalize_key(m["rel"])
    code = lex.parts_of_day.get(normalize_key(m["pod"]), "")
    if not code.startswith("T") or (rel == "the" and code == "TNI"):
        return []  # "the night" is seldom a date
    mod = _mod(m, lex)
    if rel.startswith(("early", "earlier")):
        mod = "START"
    elif rel.startswith(("late", "later")):
        mod = "END"
    if rel in ("this", "early this", "late this", "later this", "earlier this"):
        base = ctx.dct
    elif rel in ("the next", "the following"):
        anchor = ctx.anchor()
        base = anchor + dt.timedelta(days=1) if anchor else None
    elif rel == "the previous":
        anchor = ctx.anchor()
        base = anchor - dt.timedelta(days=1) if anchor else None
    else:
        base = ctx.anchor()
    return [_timex(m, "TIME", _day_value(base, code), mod)]


_UNIT_GRAIN = {"year": "Y", "month": "M", "week": "W", "weekend": "WE", "day": "D"}
_UNIT_GRAIN |= {"decade": "DE", "century": "CE", "night": "D"}


@rule("date_rel_unit")
def _rel_unit(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    rel = normalize_key(m["rel"])
    unit_word = m["unit"].lower()
    grain = _UNIT_GRAIN[unit_word]
    mod = _mod(m, lex)
    if rel.startswith("earlier"):
        mod = "START"
    elif rel.startswith("later") or rel.startswith("the end of"):
        mod = "END"
    if rel in ("the past", "the coming", "the last", "past", "the next") and grain != "D":
        unit = lex.units[unit_word]
        value = "P2D" if grain == "WE" else f"P{unit.count}{'Y' if unit.count > 1 else unit.letter}"
        return [_timex(m, "DURATION", value, _mod(m, lex, point=False))]
    anaphoric = rel in ("the following", "the next", "the previous", "the preceding", "the prior")
    anaphoric = anaphoric or rel in ("the same", "that", "earlier that", "later that")
    anaphoric = anaphoric or rel.startswith(("earlier in", "later in"))
    base = ctx.anchor() if anaphoric else ctx.dct
    if base is None:
        return [_timex(m, "DATE", unknown_at_granularity(grain), mod)]
    step = 0
    if rel in ("last", "previous", "the previous", "the preceding", "the prior", "this past"):
        step = -1
    elif rel in ("next", "coming", "the following", "the next", "this coming"):
        step = 1
    elif rel.startswith("the end of last"):
        step = -1
    elif rel.startswith("the end of next"):
        step = 1
    span = {"DE": 10, "CE": 100}.get(grain)
    if span:
        day = dt.date(min(9999, max(1, base.year + span * step)), 1, 1)
    else:
        day = shift(base, grain, step)
    return [_timex(m, "DATE", at_granularity(day, grain), mod)]


@rule("date_day_before")
def _day_before(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    grain = _UNIT_GRAIN[m["unit"].lower()]
    anchor = ctx.anchor()
    if anchor is None:
        return [_timex(m, "DATE", unknown_at_granularity(grain))]
    day = shift(anchor, grain, -1 if m["dir"].lower() == "before" else 1)
    suffix = "TNI" if m["unit"].lower() == "night" else ""
    return [_timex(m, "TIME" if suffix else "DATE", at_granularity(day, grain) + suffix)]


@rule("date_ago")
def _ago(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    unit = _unit(m["unit"], lex)
    if unit is None:
        return []
    n = _number(m["num"], lex)
    direction = m["dir"].lower()
    sign = -1 if direction in ("ago", "earlier") else 1
    anchor = ctx.dct if direction in ("ago", "from now", "hence") else ctx.anchor()
    mod = _mod(m, lex)
    if n is None:
        return [_timex(m, "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", mod)]
    if anchor is None:
        return [_timex(m, "DATE", unknown_at_granularity(unit.letter), mod)]
    count = int(round(n * unit.count))
    if unit.clock:
        return [_timex(m, "TIME", anchor.isoformat(), mod)]
    letter = unit.letter if unit.letter != "WE" else "W"
    if letter == "Y" and unit.count >= 10 and not mod:
        mod = "APPROX"
    try:
        day = shift(anchor, letter, sign * count)
    except (ValueError, OverflowError):
        return []
    return [_timex(m, "DATE", at_granularity(day, letter), mod)]


@rule("date_year_end")
def _year_end(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    grain = "M" if "month" in m["rel"].lower() else "Y"
    mod = "END" if m["edge"].lower() == "end" else "START"
    if ctx.dct is None:
        return [_timex(m, "DATE", unknown_at_granularity(grain), mod)]
    return [_timex(m, "DATE", at_granularity(ctx.dct, grain), mod)]


_SMALLER = {"Y": ("M", 12), "Q": ("M", 3), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24)}
_SMALLER_CLOCK = {"H": ("M", 60), "M": ("S", 60)}


def _period(n: float, unit: Unit) -> str:
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


def _vague(unit: Unit) -> str:
    """An unspecified count of a unit: PXY, PTXH; decades and centuries as TimeML's E and C."""
    if unit.clock:
        return f"PTX{unit.letter}"
    if unit.letter == "Y" and unit.count in (10, 100, 1000):
        return {10: "PXE", 100: "PXC", 1000: "PXL"}[unit.count]
    return f"PX{'D' if unit.letter == 'WE' else unit.letter}"


@rule("duration")
def _duration(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    unit = _unit(m["unit"], lex)
    if unit is None:
        return []
    num_text = normalize_key(m["num"])
    the = normalize_key(m["the"] or "")
    # adjectival use ("a two-year term", "the 14-day period", "its one-year") drops the article
    adjectival = "-" in m.group(0)[m.start("num") - m.start() :] or (
        num_text not in ("a", "an", "one") and not m["unit"].lower().endswith("s")
    )
    drop = the in _POSSESSIVES or (bool(the) and num_text not in ("a", "an") and adjectival)
    after = ctx.text[m.end() : m.end() + 4]
    unit_word = m["unit"]
    if unit.letter == "Q" and (after.startswith(" of") or "-" in m.group(0)) and not m["rel"]:
        return []  # "three-quarters of the vote" is a fraction
    if unit_word.lower() == "second" and num_text in ("a", "an") and re.match(r"\s\w", after):
        return []  # "a second attack"
    if unit_word[0].isupper() and m.group(0)[0].isdigit():
        return []  # "60 Minutes": a title
    before = ctx.text[max(0, m.start() - 30) : m.start()]
    if num_text in ("a", "an") and not m["rel"] and not m["mod"] and _COUNT_BEFORE.search(before):
        value = _period(1, unit)
        return [_timex(m, "SET", value, quant="EVERY")]
    if num_text in ("a", "an") and the in ("a", "an"):
        return []
    n = _number(num_text, lex)
    if n is not None and (m["half"] or m["half0"]):
        n += 0.5
    if n is None:
        value = _vague(unit)
    elif n <= 0 or n >= 1000 and re.fullmatch(r"\d{4}", num_text):
        return []  # "the 1988 quarter": a year, not a count
    else:
        value = _period(n, unit)
    return [_timex(m, "DURATION", value, _mod(m, lex, point=False), drop=drop)]


_POSSESSIVES = frozenset({"its", "their", "his", "her", "our", "my", "your"})


@rule("duration_bare")
def _duration_bare(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    unit = _unit(m["unit"], lex)
    if unit is None:
        return []
    before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
    if (
        not m["rel"]
        and not m["mod"]
        and not re.search(
            r"\b(?:for|in|within|over|took|take|takes|lasted|last|than|after|about)\s+$", before
        )
    ):
        return []
    return [_timex(m, "DURATION", _vague(unit), _mod(m, lex, point=False))]


@rule("duration_unit")
def _duration_unit(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    unit = _unit(m["unit"], lex)
    if unit is None:
        return []
    return [_timex(m, "DURATION", _period(1, unit), _mod(m, lex, point=False))]


@rule("set_every")
def _set_every(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    quant = {"every": "EVERY", "each": "EACH", "per": "EVERY"}[m["q"].lower()]
    target = m["unit"]
    key = normalize_key(target)
    if target in lex.weekdays:
        return [_timex(m, "SET", f"XXXX-WXX-{lex.weekdays[target]}", quant=quant, freq="1W")]
    if target in lex.months:
        return [_timex(m, "SET", f"XXXX-{lex.months[target]:02d}", quant=quant, freq="1Y")]
    if key in lex.seasons:
        return [_timex(m, "SET", f"XXXX-{lex.seasons[key]}", quant=quant)]
    if key in lex.parts_of_day:
        return [_timex(m, "SET", f"XXXX-XX-XX{lex.parts_of_day[key]}", quant=quant)]
    unit = _unit(target, lex)
    if unit is None:
        return []
    num = normalize_key(m["num"] or "")
    n = 2.0 if num == "other" else (_number(num, lex) if num else 1.0)
    return [_timex(m, "SET", _period(n or 1.0, unit), quant=quant)]


@rule("set_adverb")
def _set_adverb(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    value, freq = lex.set_adverbs[normalize_key(m["adv"])]
    return [_timex(m, "SET", value, freq=freq)]


@rule("set_times")
def _set_times(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    unit = _unit(m["unit"], lex)
    if unit is None:
        return []
    num = normalize_key(m["num"])
    n = {"once": 1.0, "twice": 2.0, "thrice": 3.0}.get(num) or _number(num, lex)
    freq = f"{int(n)}X" if n else None
    return [_timex(m, "SET", _period(1, unit), quant="EVERY", freq=freq)]


def _clock_day(m: Match, ctx: Context, lex: TimeLexicon) -> dt.date | None:
    day_text = m.groupdict().get("day")
    if not day_text:
        return ctx.anchor()
    if day_text in lex.weekdays:
        if ctx.dct is None:
            return None
        return _weekday(ctx.dct, lex.weekdays[day_text], "", ctx.tense_at(m.start()))
    key = normalize_key(day_text)
    if key in lex.references and ctx.dct is not None:
        value = lex.references[key][1]
        mt = re.match(r"DAY([+-]\d+)", value)
        return ctx.dct + dt.timedelta(days=int(mt[1])) if mt else ctx.dct
    if m.groupdict().get("month") and ctx.dct is not None:
        try:
            target = dt.date(ctx.dct.year, lex.months[m["month"]], _int(m["d"]))
        except ValueError:
            return None
        return _resolve_day(target, ctx.dct, ctx.tense_at(m.start()))
    return None


@rule("time_clock")
@rule("time_24h")
def _clock(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    hour = int(m["h"])
    minute = int(m["mi"]) if m["mi"] else 0
    ampm = (m.groupdict().get("ampm") or "").lower().replace(".", "").replace(" ", "")
    if ampm in ("pm",) and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 24 or (not ampm and m.group(0).strip()[0].isdigit() and not m["mi"]):
        return []
    day = _clock_day(m, ctx, lex)
    return [_timex(m, "TIME", f"{_day_value(day)}T{hour:02d}:{minute:02d}", _mod(m, lex))]


@rule("time_noon")
def _noon(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    code = lex.parts_of_day[normalize_key(m["pod"])]
    day = _clock_day(m, ctx, lex)
    return [_timex(m, "TIME", _day_value(day, code), _mod(m, lex))]


@rule("date_the_unit")
def _the_unit(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    """'the year' / 'the week': the period of the last date mentioned, or a span after 'for'."""
    unit = m["unit"].lower()
    pre = normalize_key(m["pre"] or "")
    rel = normalize_key(m["rel"])
    text_start = m.start("rel")
    grain = _UNIT_GRAIN[unit]
    out = Timex(m.string[text_start : m.end()], text_start, m.end(), "DATE", "")
    if pre in ("for", "during", "through", "throughout", "over", "within") and unit != "weekend":
        if unit == "day":
            return []
        out.type, out.value = "DURATION", _period(1, lex.units[unit])
        return [out]
    if unit == "day" and rel == "the":
        return []
    anchor = ctx.anchor()
    out.value = at_granularity(anchor, grain) if anchor else unknown_at_granularity(grain)
    if pre.startswith("earlier"):
        out.mod = "START"
    elif pre.startswith("later"):
        out.mod = "END"
    ctx.keep = True
    return [out]


@rule("date_year_words")
def _year_words(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    words = re.split(r"[\s-]+", normalize_key(m["yw"]))
    if words[:2] == ["two", "thousand"]:
        rest = [w for w in words[2:] if w != "and"]
        n = number_value(" ".join(rest), lex.numbers) if rest else 0
        year = 2000 + int(n or 0)
    else:
        century = int(lex.numbers[words[0]])
        rest = [w for w in words[1:] if w not in ("hundred", "and")]
        n = number_value("-".join(rest), lex.numbers) if rest else 0
        if n is None or n >= 100 or (not m.group(0).lower().startswith("the year") and n < 10):
            return []
        year = century * 100 + int(n)
    return [_timex(m, "DATE", f"{year:04d}")]


_DECADES = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6}
_DECADES |= {"seventies": 7, "eighties": 8, "nineties": 9}


@rule("date_decade_words")
def _decade_words(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    if not m.group(0).lower().startswith("the") and not m["century"]:
        return []  # "in their forties" is an age
    century = 18 if (m["century"] or "").lower() == "eighteen" else 19
    return [_timex(m, "DATE", f"{century}{_DECADES[m['dw'].lower()]}X", _mod(m, lex))]


@rule("date_year_period")
def _year_period(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    """'the 1988 quarter': the quarter under discussion, in that year."""
    year = int(m["y"])
    ctx.keep = True
    if ctx.last_quarter:
        return [_timex(m, "DATE", f"{year:04d}-Q{ctx.last_quarter[1]}")]
    return [_timex(m, "DATE", f"{year:04d}")]


@rule("date_pod_day")
def _pod_day(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    """'mid-afternoon yesterday', 'noon today'."""
    code = lex.parts_of_day.get(normalize_key(m["pod"]), "")
    offset = {"yesterday": -1, "today": 0, "tomorrow": 1}[m["day"].lower()]
    day = ctx.dct + dt.timedelta(days=offset) if ctx.dct else None
    return [_timex(m, "TIME", _day_value(day, code), _mod(m, lex))]


@rule("date_month_rel_year")
def _month_rel_year(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    month = lex.months[m["month"]]
    if ctx.dct is None:
        return [_timex(m, "DATE", f"XXXX-{month:02d}")]
    year = ctx.dct.year + {"last": -1, "this": 0, "next": 1}[m["rel"].lower()]
    return [_timex(m, "DATE", f"{year:04d}-{month:02d}")]


@rule("date_week_of")
def _week_of(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    month, day_n = lex.months[m["month"]], _int(m["d"])
    year = int(m["y"]) if m["y"] else (ctx.dct.year if ctx.dct else None)
    if year is None:
        return [_timex(m, "DATE", "XXXX-WXX")]
    try:
        day = dt.date(year, month, day_n)
    except ValueError:
        return []
    if not m["y"] and ctx.dct is not None:
        day = _resolve_day(day, ctx.dct, ctx.tense_at(m.start()))
    return [_timex(m, "DATE", at_granularity(day, "W"))]
