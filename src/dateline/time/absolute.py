"""Normalizers for calendar expressions: explicit dates, months, years, decades, centuries,
ranges, spelled-out years and holidays; yearless dates take their year from the document date
and the tense.
"""

from __future__ import annotations

import datetime as dt
import re

from dateline.model import Timex
from dateline.time.calendar import at_granularity, holiday
from dateline.time.lexicon import TimeLexicon, normalize_key, word_year
from dateline.time.normalize import (
    BACK,
    FORWARD,
    Context,
    Match,
    digits,
    make_timex,
    modifier,
    resolve_day,
    rule,
)


def _ymd(m: Match, lex: TimeLexicon, year: int) -> dt.date | None:
    month = lex.months.get(m.group("month")) if m.groupdict().get("month") else digits(m["m"])
    try:
        return dt.date(year, month or 0, digits(m["d"]))
    except ValueError:
        return None


def _day_of_month(m: Match, lex: TimeLexicon) -> int:
    """The day number, written "8", "8th" or, as spoken, "eighth" (group ``dw``)."""
    if m.groupdict().get("dw"):
        return lex.ordinals[normalize_key(m["dw"])]
    return digits(m["d"])


@rule("date_iso")
def _iso(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    try:
        day = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return []
    if m["h"]:
        if int(m["h"]) > 24:
            return []
        return [make_timex(m, "TIME", f"{day.isoformat()}T{m['h']}:{m['mi']}")]
    return [make_timex(m, "DATE", day.isoformat())]


@rule("date_slash")
def _slash(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    year = int(m["y"])
    if year < 100:
        year += 1900 if year > 30 else 2000
    day = _ymd(m, lex, year)
    return [make_timex(m, "DATE", day.isoformat())] if day else []


@rule("date_mdy")
@rule("date_dmy")
def _full(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    day = _ymd(m, lex, int(m["y"]))
    return [make_timex(m, "DATE", day.isoformat())] if day else []


@rule("date_md")
@rule("date_dm")
def _month_day(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    month = lex.months[m["month"]]
    day_n = _day_of_month(m, lex)
    if not 1 <= day_n <= 31:
        return []
    rel = normalize_key(m.groupdict().get("rel") or "")
    if ctx.dct is None:
        return [make_timex(m, "DATE", f"XXXX-{month:02d}-{day_n:02d}", modifier(m, lex))]
    try:
        target = dt.date(ctx.dct.year, month, day_n)
    except ValueError:
        return []
    if rel in ("last", "this past"):  # "last Oct. 23": the latest one before the DCT
        day = target if target < ctx.dct else _years_on(target, -1)
    elif rel in ("next", "this coming"):
        day = target if target > ctx.dct else _years_on(target, 1)
    else:
        day = resolve_day(target, ctx.dct, ctx.tense_at(m.start()))
    timex = make_timex(m, "DATE", day.isoformat(), modifier(m, lex))
    if rel:  # TimeML leaves "last" out of the extent: last [Oct. 23]
        start = m.start("wd") if m["wd"] else m.start("month")
        timex = Timex(m.string[start : m.end()], start, m.end(), "DATE", timex.value, timex.mod)
    return [timex, *_second_day(m, day)]


def _years_on(day: dt.date, n: int) -> dt.date:
    try:
        return day.replace(year=day.year + n)
    except ValueError:  # Feb. 29
        return day.replace(year=day.year + n, day=28)


#: "April 24 and 25": the second day of a pair written with one month name
_SECOND_DAY = re.compile(
    r"\s+(?:and|or)\s+([12]\d|3[01]|[1-9])(?![\d%,.]\d|\w|\s*%|\s+(?:percent|points?|cents?|"
    r"times|more|other|additional|days?|weeks?|months?|years?|hours?|minutes?)\b)"
)


def _second_day(m: Match, day: dt.date) -> list[Timex]:
    pair = _SECOND_DAY.match(m.string, m.end()) if m.group(0)[0].isupper() else None
    if pair is None or int(pair[1]) <= day.day:
        return []
    try:
        second = day.replace(day=int(pair[1]))
    except ValueError:
        return []
    return [Timex(pair[1], pair.start(1), pair.end(1), "DATE", second.isoformat())]


@rule("date_my")
def _month_year(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    year = int(m["y"]) if m["y"] else word_year(m["yw"], lex.numbers)
    if year is None:
        return []
    value = f"{year:04d}-{lex.months[m['month']]:02d}"
    return [make_timex(m, "DATE", value, modifier(m, lex))]


#: a month naming the time of a thing ("a June agreement", "the October slaying")
_PRENOMINAL = re.compile(r"\s+(?!(?:and|or|to|through|until|when|that|this|next|last)\b)[a-z]{3,}")


@rule("date_month")
def _month(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    name = m["month"]
    month = lex.months[name]
    rel = normalize_key(m["rel"] or "")
    if not rel and not m["mod"]:
        # bare abbreviations are rarely months; "May" opening a sentence is the modal
        if name.endswith(".") or len(name) <= 4 and name not in ("May", "June", "July"):
            return []
        if name == "May" and _sentence_initial(ctx.text, m.start()):
            return []
    if ctx.dct is None:
        return [make_timex(m, "DATE", f"XXXX-{month:02d}", modifier(m, lex))]
    year = ctx.dct.year
    if rel in BACK or rel == "last":
        # the month just past would be "last month": "last February" written in March is a year back
        adjacent = rel == "last" and month == ctx.dct.month - 1
        year -= 1 if month >= ctx.dct.month or adjacent else 0
    elif rel in FORWARD or rel == "next":
        adjacent = rel == "next" and month == ctx.dct.month + 1  # "next April" written in March
        year += 1 if month <= ctx.dct.month or adjacent else 0
    elif rel == "the same" and ctx.last_year:
        year = ctx.last_year
    elif rel != "this":
        tense = ctx.tense_at(m.start())
        if tense == "future" and _PRENOMINAL.match(ctx.text, m.end()):
            tense = None  # "under a June agreement": the agreement is not what lies ahead
        if tense == "past" and month > ctx.dct.month + 1:
            year -= 1
        elif tense == "future" and month < ctx.dct.month - 1:
            year += 1
        elif tense in (None, "present") and abs(month - ctx.dct.month) > 6:
            year += 1 if month < ctx.dct.month else -1
    return [make_timex(m, "DATE", f"{year:04d}-{month:02d}", modifier(m, lex))]


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start].strip()
    return not before or before[-1] in ".!?\"'`"


#: "from 1991 to 1997": a span of years (both tagged), unlike "rose 1990 to 2010 points"
_TO_YEAR = re.compile(r"\s+(?:to|and|until)\s+(?:1[5-9]\d\d|20\d\d)\b")


@rule("date_year")
def _year(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    after = ctx.text[m.end() : m.end() + 12]
    before = ctx.text[max(0, m.start() - 12) : m.start()]
    span = re.search(r"\b(?:from|between)\s+$", before) and _TO_YEAR.match(after)
    number = re.match(r"\s*(?:%|percent|[.,]\d|\s*(?:to|-)\s*\d)", after, re.I)
    if (number and not span) or re.search(
        r"(?:[$#£€]|\bNo\.?|\bflight|\bnumber|\broute|\bpage|\babout|\bsome|\bthan)\s*$",
        before,
        re.I,
    ):
        return []
    if re.match(
        r"\s+(?:people|men|women|jobs|workers|troops|shares|units|cars|employees)\b", after, re.I
    ):
        return []
    return [make_timex(m, "DATE", f"{int(m['y']):04d}", modifier(m, lex))]


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
        value = f"{century}{dec[1]}"
    else:
        value = dec[:3]
    return [make_timex(m, "DATE", value, modifier(m, lex))]


@rule("date_century")
def _century(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    ordinal = m["ord"]
    n = digits(ordinal) if ordinal[0].isdigit() else lex.ordinals.get(normalize_key(ordinal), 0)
    if not 1 <= n <= 30:
        return []
    return [make_timex(m, "DATE", f"{n - 1:02d}", modifier(m, lex))]


@rule("date_holiday")
def _holiday(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    text = m["hol"]
    if not (text[0].isupper() or text.lower().startswith("the ")):
        return []
    rule_text = lex.holidays[normalize_key(text)]
    if m["y"]:
        day = holiday(rule_text, int(m["y"]))
    elif ctx.dct is None:
        return [make_timex(m, "DATE", "XXXX-XX-XX")]
    else:
        day = holiday(rule_text, ctx.dct.year)
        if day is not None:
            tense = ctx.tense_at(m.start())
            if tense == "past" and day > ctx.dct:
                day = holiday(rule_text, ctx.dct.year - 1)
            elif tense == "future" and day < ctx.dct:
                day = holiday(rule_text, ctx.dct.year + 1)
    return [make_timex(m, "DATE", day.isoformat())] if day else []


@rule("date_year_words")
def _year_words(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    year = word_year(m["yw"], lex.numbers, m.group(0).lower().startswith("the year"))
    return [make_timex(m, "DATE", f"{year:04d}")] if year else []


_DECADES = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6}


_DECADES |= {"seventies": 7, "eighties": 8, "nineties": 9}


@rule("date_decade_words")
def _decade_words(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    if not m.group(0).lower().startswith("the") and not m["century"]:
        return []  # "in their forties" is an age
    century = 18 if (m["century"] or "").lower() == "eighteen" else 19
    return [make_timex(m, "DATE", f"{century}{_DECADES[m['dw'].lower()]}", modifier(m, lex))]


@rule("date_month_rel_year")
def _month_rel_year(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    month = lex.months[m["month"]]
    if ctx.dct is None:
        return [make_timex(m, "DATE", f"XXXX-{month:02d}")]
    year = ctx.dct.year + {"last": -1, "this": 0, "next": 1}[m["rel"].lower()]
    return [make_timex(m, "DATE", f"{year:04d}-{month:02d}")]


@rule("date_week_of")
def _week_of(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    month, day_n = lex.months[m["month"]], digits(m["d"])
    year = int(m["y"]) if m["y"] else (ctx.dct.year if ctx.dct else None)
    if year is None:
        return [make_timex(m, "DATE", "XXXX-WXX")]
    try:
        day = dt.date(year, month, day_n)
    except ValueError:
        return []
    if not m["y"] and ctx.dct is not None:
        day = resolve_day(day, ctx.dct, ctx.tense_at(m.start()))
    return [make_timex(m, "DATE", at_granularity(day, "W"))]
