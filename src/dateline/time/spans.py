"""Normalizers for spans and repetitions: durations ("more than three decades" = P30Y), sets
("every year"), and clock times ("2:30 p.m.").
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from dateline.model import Timex
from dateline.time.lexicon import (
    TimeLexicon,
    Unit,
    load_lexicon,
    normalize_key,
    number_pattern,
)
from dateline.time.normalize import (
    POSSESSIVES,
    Context,
    Match,
    calendar_neighbour,
    day_value,
    digits,
    make_timex,
    modifier,
    number,
    period,
    resolve_day,
    rule,
    unit_of,
    weekday_date,
)


@lru_cache(maxsize=1)
def _count_before() -> re.Pattern[str]:
    """What makes "a week" after it a rate: a money or measure word ("$2 million [a year]") or a
    count of things ("four flights [a week]", "fifty thousand CDs [a year]"), its number words
    read from the lexicon's table."""
    count = number_pattern(load_lexicon().numbers)
    return re.compile(
        r"(?:\d|\b(?:billion|million|thousand|hundred|percent|times|twice|thrice|once|cents?|"
        r"dollars?|pounds?|euros?|yen|each|tons?|barrels?|people|units|shares))[\s.%]*$"
        rf"|(?:\d|\b{count})\s+(?:[a-z][a-z-]*\s+)?[a-z][a-z-]*s\s+$",
        re.IGNORECASE,
    )


def _vague(unit: Unit) -> str:
    """An unspecified count of a unit: PXY, PTXH; decades and centuries as TimeML's E and C."""
    if unit.clock:
        return f"PTX{unit.letter}"
    if unit.letter == "Y" and unit.count in (10, 100, 1000):
        return {10: "PXE", 100: "PXC", 1000: "PXL"}[unit.count]
    return f"PX{'D' if unit.letter == 'WE' else unit.letter}"


@rule("duration")
def _duration(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    unit = unit_of(m["unit"], lex)
    if unit is None:
        return []
    num_text = normalize_key(m["num"])
    the = normalize_key(m["the"] or "")
    # adjectival use ("a two-year term", "the 14-day period", "its one-year") drops the article
    adjectival = "-" in m.group(0)[m.start("num") - m.start() :] or (
        num_text not in ("a", "an", "one") and not m["unit"].lower().endswith("s")
    )
    drop = the in POSSESSIVES or (bool(the) and num_text not in ("a", "an") and adjectival)
    after = ctx.text[m.end() : m.end() + 4]
    unit_word = m["unit"]
    n = number(num_text, lex)
    fraction = after.startswith(" of") or "-" in m.group(0)
    if unit.letter == "Q" and fraction and not m["rel"] and n is not None:
        return []  # "three-quarters of the vote"; but "several quarters of losses" is time
    if unit_word.lower() == "second" and num_text in ("a", "an") and re.match(r"\s\w", after):
        return []  # "a second attack"
    if unit_word[0].isupper() and m.group(0)[0].isdigit():
        return []  # "60 Minutes": a title
    before = ctx.text[max(0, m.start() - 30) : m.start()]
    if num_text in ("a", "an") and not m["rel"] and not m["mod"] and _count_before().search(before):
        value = period(1, unit)
        return [make_timex(m, "SET", value, quant="EVERY")]
    if num_text in ("a", "an") and the in ("a", "an"):
        return []
    if n is not None and (m["half"] or m["half0"]):
        n += 0.5
    if n is None:
        value = _vague(unit)
    elif n <= 0 or n >= 1000 and re.fullmatch(r"\d{4}", num_text):
        return []  # "the 1988 quarter": a year, not a count
    else:
        value = period(n, unit)
    return [make_timex(m, "DURATION", value, modifier(m, lex, point=False), drop=drop)]


@rule("duration_bare")
def _duration_bare(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    unit = unit_of(m["unit"], lex)
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
    return [make_timex(m, "DURATION", _vague(unit), modifier(m, lex, point=False))]


#: "the past year" / "the next decade" name a calendar period (see ``calendar_neighbour``)
_CALENDAR_STEP = {"the past": -1, "the last": -1, "the next": 1}


@rule("duration_unit")
def _duration_unit(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    unit = unit_of(m["unit"], lex)
    if unit is None:
        return []
    step = _CALENDAR_STEP.get(normalize_key(m["rel"]))
    if step is not None and unit.letter == "Y" and unit.count in (1, 10):
        grain = "Y" if unit.count == 1 else "DE"
        return calendar_neighbour(m, ctx, lex, grain, step)
    return [make_timex(m, "DURATION", period(1, unit), modifier(m, lex, point=False))]


@rule("set_every")
def _set_every(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    quant = {"every": "EVERY", "each": "EACH", "per": "EVERY"}[m["q"].lower()]
    target = m["unit"]
    key = normalize_key(target)
    if target in lex.weekdays:
        return [make_timex(m, "SET", f"XXXX-WXX-{lex.weekdays[target]}", quant=quant, freq="1W")]
    if target in lex.months:
        return [make_timex(m, "SET", f"XXXX-{lex.months[target]:02d}", quant=quant, freq="1Y")]
    if key in lex.seasons:
        return [make_timex(m, "SET", f"XXXX-{lex.seasons[key]}", quant=quant)]
    if key in lex.parts_of_day:
        return [make_timex(m, "SET", f"XXXX-XX-XX{lex.parts_of_day[key]}", quant=quant)]
    unit = unit_of(target, lex)
    if unit is None:
        return []
    num = normalize_key(m["num"] or "")
    n = 2.0 if num == "other" else (number(num, lex) if num else 1.0)
    return [make_timex(m, "SET", period(n or 1.0, unit), quant=quant)]


@rule("set_adverb")
def _set_adverb(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    value, freq = lex.set_adverbs[normalize_key(m["adv"])]
    return [make_timex(m, "SET", value, freq=freq)]


@rule("set_times")
def _set_times(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    unit = unit_of(m["unit"], lex)
    if unit is None:
        return []
    num = normalize_key(m["num"])
    n = {"once": 1.0, "twice": 2.0, "thrice": 3.0}.get(num) or number(num, lex)
    freq = f"{int(n)}X" if n else None
    return [make_timex(m, "SET", period(1, unit), quant="EVERY", freq=freq)]


def _clock_day(m: Match, ctx: Context, lex: TimeLexicon) -> dt.date | None:
    day_text = m.groupdict().get("day")
    if not day_text:
        return ctx.anchor()
    if day_text in lex.weekdays:
        if ctx.dct is None:
            return None
        return weekday_date(ctx.dct, lex.weekdays[day_text], "", ctx.tense_at(m.start()))
    key = normalize_key(day_text)
    if key in lex.references and ctx.dct is not None:
        value = lex.references[key][1]
        mt = re.match(r"DAY([+-]\d+)", value)
        return ctx.dct + dt.timedelta(days=int(mt[1])) if mt else ctx.dct
    if m.groupdict().get("month") and ctx.dct is not None:
        try:
            target = dt.date(ctx.dct.year, lex.months[m["month"]], digits(m["d"]))
        except ValueError:
            return None
        return resolve_day(target, ctx.dct, ctx.tense_at(m.start()))
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
    return [make_timex(m, "TIME", f"{day_value(day)}T{hour:02d}:{minute:02d}", modifier(m, lex))]


@rule("time_noon")
def _noon(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    code = lex.parts_of_day[normalize_key(m["pod"])]
    day = _clock_day(m, ctx, lex)
    return [make_timex(m, "TIME", day_value(day, code), modifier(m, lex))]


@rule("time_hour_pod")
def _hour_pod(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    """'4 in the morning' = 04:00, '7 in the evening' = 19:00 on the anchor day."""
    hour = int(m["h"]) % 12 + (0 if m["pod"].lower() == "morning" else 12)
    minute = int(m["mi"]) if m["mi"] else 0
    value = f"{day_value(ctx.anchor())}T{hour:02d}:{minute:02d}"
    return [make_timex(m, "TIME", value, modifier(m, lex))]
