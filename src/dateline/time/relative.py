"""Normalizers for expressions relative to the document date or to the last date mentioned:
weekdays, "yesterday", "last month", "three years ago", "the following day", seasons, parts of day.
"""

from __future__ import annotations

import datetime as dt
import re

from dateline.model import Timex
from dateline.time.calendar import at_granularity, shift, unknown_at_granularity
from dateline.time.lexicon import TimeLexicon, Unit, normalize_key, word_year
from dateline.time.normalize import (
    Context,
    Match,
    calendar_neighbour,
    day_value,
    make_timex,
    modifier,
    number,
    period,
    rule,
    unit_of,
    weekday_date,
)

_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def _pod_suffix(m: Match, lex: TimeLexicon) -> str:
    pod = m.groupdict().get("pod")
    if not pod:
        return ""
    code = lex.parts_of_day.get(normalize_key(pod), "")
    return code if code.startswith("T") else ""


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
        return [make_timex(m, type_, f"XXXX-WXX-{weekday}{suffix}", modifier(m, lex))]
    week = _WEEK_AFTER.match(ctx.text, m.end()) if not rel else None
    if week:  # "Monday to Wednesday last week": that week's day
        step = {"last": -1, "this": 0, "next": 1}[week[1].lower()]
        monday = anchor - dt.timedelta(days=anchor.isoweekday() - 1) + dt.timedelta(weeks=step)
        day = monday + dt.timedelta(days=weekday - 1)
        return [make_timex(m, type_, day.isoformat() + suffix, modifier(m, lex))]
    tense = ctx.tense_at(m.start("wd"))
    if tense != "future" and ctx.text.startswith(("'s", "’s"), m.end("wd")):
        tense = "past"  # "over Thursday's closing price": the day's thing exists already
    day = weekday_date(anchor, weekday, rel, tense)
    return [make_timex(m, type_, day.isoformat() + suffix, modifier(m, lex))]


@rule("date_season")
def _season(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    word = m["season"]
    code = lex.seasons[word.lower()]
    rel = normalize_key(m["rel"] or "")
    mod = modifier(m, lex)
    if rel in ("early", "late"):
        mod = "START" if rel == "early" else "END"
    if word.lower() in ("fall", "spring") and not (rel or m["mod"] or m["y"] or m["yw"]):
        return []
    given = int(m["y"]) if m["y"] else word_year(m["yw"], lex.numbers) if m["yw"] else None
    if given:
        return [make_timex(m, "DATE", f"{given:04d}-{code}", mod)]
    if ctx.dct is None:
        return [make_timex(m, "DATE", f"XXXX-{code}", mod)]
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
    return [make_timex(m, "DATE", f"{year:04d}-{code}", mod)]


@rule("date_ref")
def _ref(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    type_, value = lex.references[normalize_key(m["ref"])]
    suffix = _pod_suffix(m, lex)
    if not value.startswith("DAY"):
        if m["pod"]:
            return []
        if normalize_key(m["ref"]) == "current" and not _adjectival(ctx.text, m.end()):
            return []
        return [make_timex(m, type_, value, modifier(m, lex))]
    mt = re.fullmatch(r"DAY([+-]\d+)(T\w+)?", value)
    assert mt is not None
    suffix = suffix or (mt[2] or "")
    type_ = "TIME" if suffix else type_
    day = ctx.dct + dt.timedelta(days=int(mt[1])) if ctx.dct else None
    return [make_timex(m, type_, day_value(day, suffix), modifier(m, lex))]


@rule("date_modal_someday")
def _modal_someday(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    """'will one day be', 'could some day': an unspecified future, not a one-day span."""
    return [make_timex(m, "DATE", "FUTURE_REF")]


def _adjectival(text: str, end: int) -> bool:
    """'current' tags as PRESENT_REF only before a noun it dates ("current quarter")."""
    return bool(re.match(r"\s+[a-z]", text[end : end + 3]))


@rule("date_pod")
def _pod(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    rel = normalize_key(m["rel"])
    code = lex.parts_of_day.get(normalize_key(m["pod"]), "")
    if not code.startswith("T") or (rel == "the" and code == "TNI"):
        return []  # "the night" is seldom a date
    mod = modifier(m, lex)
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
    return [make_timex(m, "TIME", day_value(base, code), mod)]


_UNIT_GRAIN = {"year": "Y", "month": "M", "week": "W", "weekend": "WE", "day": "D"}


_UNIT_GRAIN |= {"decade": "DE", "century": "CE", "night": "D"}


#: Words that step one unit back from the anchor ("the latest year": the last one complete).
_BACK_ONE = frozenset(
    ["last", "previous", "the previous", "the preceding", "the prior", "this past", "the latest"]
    + ["the most recent"]
)


@rule("date_rel_unit")
def _rel_unit(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    rel = normalize_key(m["rel"])
    unit_word = m["unit"].lower()
    grain = _UNIT_GRAIN[unit_word]
    mod = modifier(m, lex)
    if rel.startswith("earlier"):
        mod = "START"
    elif rel.startswith("later") or rel.startswith("the end of"):
        mod = "END"
    if rel in ("the past", "the last", "the next") and grain in ("Y", "DE"):
        return calendar_neighbour(m, ctx, lex, grain, 1 if rel == "the next" else -1)
    if rel in ("the past", "the coming", "the last", "past", "the next") and grain != "D":
        unit = lex.units[unit_word]
        value = "P2D" if grain == "WE" else f"P{unit.count}{'Y' if unit.count > 1 else unit.letter}"
        return [make_timex(m, "DURATION", value, modifier(m, lex, point=False))]
    anaphoric = rel in ("the following", "the next", "the previous", "the preceding", "the prior")
    anaphoric = anaphoric or rel in ("the same", "that same", "that", "earlier that", "later that")
    anaphoric = anaphoric or rel.startswith(("earlier in", "later in"))
    base = ctx.anchor(grain) if anaphoric else ctx.dct
    if base is None:
        return [make_timex(m, "DATE", unknown_at_granularity(grain), mod)]
    step = 0
    if rel in _BACK_ONE:
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
    return [make_timex(m, "DATE", at_granularity(day, grain), mod)]


@rule("date_day_before")
def _day_before(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    grain = _UNIT_GRAIN[m["unit"].lower()]
    anchor = ctx.anchor()
    if anchor is None:
        return [make_timex(m, "DATE", unknown_at_granularity(grain))]
    day = shift(anchor, grain, -1 if m["dir"].lower() == "before" else 1)
    suffix = "TNI" if m["unit"].lower() == "night" else ""
    return [make_timex(m, "TIME" if suffix else "DATE", at_granularity(day, grain) + suffix)]


@rule("date_ago")
def _ago(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    unit = unit_of(m["unit"], lex)
    if unit is None:
        return []
    n = number(m["num"], lex)
    direction = m["dir"].lower()
    if direction in ("later", "earlier") and unit.letter != "Y":
        return [_span_before_signal(m, lex, unit, n)]
    sign = -1 if direction in ("ago", "earlier") else 1
    anchor = ctx.dct if direction in ("ago", "from now", "hence") else ctx.anchor()
    mod = modifier(m, lex)
    if n is None:
        return [make_timex(m, "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", mod)]
    if anchor is None:
        return [make_timex(m, "DATE", unknown_at_granularity(unit.letter), mod)]
    count = int(round(n * unit.count))
    if unit.clock:
        return [make_timex(m, "TIME", anchor.isoformat(), mod)]
    letter = unit.letter if unit.letter != "WE" else "W"
    if letter == "Y" and unit.count >= 10 and not mod:
        mod = "APPROX"
    try:
        day = shift(anchor, letter, sign * count)
    except (ValueError, OverflowError):
        return []
    return [make_timex(m, "DATE", at_granularity(day, letter), mod)]


def _span_before_signal(m: Match, lex: TimeLexicon, unit: Unit, n: float | None) -> Timex:
    """The span of "three days later", "a day earlier": TimeML tags it as a DURATION and leaves
    the signal "later" out, as TempEval-3 does; "a year earlier" stays a date (a reporting
    period)."""
    end = m.start("dir")
    while end > m.start() and m.string[end - 1].isspace():
        end -= 1
    if n is None:
        value = f"PTX{unit.letter}" if unit.clock else f"PX{unit.letter}"
    else:
        value = period(n, unit)
    mod = modifier(m, lex, point=False)
    return Timex(m.string[m.start() : end], m.start(), end, "DURATION", value, mod)


@rule("date_year_end")
def _year_end(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    grain = "M" if "month" in m["rel"].lower() else "Y"
    mod = "END" if m["edge"].lower() == "end" else "START"
    if ctx.dct is None:
        return [make_timex(m, "DATE", unknown_at_granularity(grain), mod)]
    return [make_timex(m, "DATE", at_granularity(ctx.dct, grain), mod)]


#: "the year ended March 31": a reporting period measured back from its last day, a span.
_ENDED = re.compile(r"\s+(?:that\s+)?(?:ended|ending|ends)\b")


@rule("date_the_unit")
def _the_unit(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    """'the year' / 'the week': the period of the last date mentioned, or a span after 'for'."""
    unit = m["unit"].lower()
    pre = normalize_key(m["pre"] or "")
    rel = normalize_key(m["rel"])
    text_start = m.start("rel")
    grain = _UNIT_GRAIN[unit]
    out = Timex(m.string[text_start : m.end()], text_start, m.end(), "DATE", "")
    ended = _ENDED.match(ctx.text, m.end()) and unit != "day"
    # "for the (full) year" reports on the year itself (a date); "during the year" spans it
    if ended or pre in ("during", "through", "throughout", "over", "within") and unit != "weekend":
        if unit == "day":
            return []
        out.type, out.value = "DURATION", period(1, lex.units[unit])
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


@rule("date_pod_day")
def _pod_day(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    """'mid-afternoon yesterday', 'noon today'."""
    code = lex.parts_of_day.get(normalize_key(m["pod"]), "")
    offset = {"yesterday": -1, "today": 0, "tomorrow": 1}[m["day"].lower()]
    day = ctx.dct + dt.timedelta(days=offset) if ctx.dct else None
    return [make_timex(m, "TIME", day_value(day, code), modifier(m, lex))]
