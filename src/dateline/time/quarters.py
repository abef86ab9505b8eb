"""Normalizers for fiscal periods: quarters and halves, "the year-earlier period" and "the quarter"
that refers back to the quarter a report is about.
"""

from __future__ import annotations

import re

from dateline.model import Timex
from dateline.time.lexicon import TimeLexicon, normalize_key
from dateline.time.normalize import POSSESSIVES, Context, Match, make_timex, modifier, rule

_ORD_QUARTER = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_ORD_QUARTER |= {"1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
#: "the quarter", "that quarter": the quarter the report is about.
_ANAPHORIC_QUARTER = frozenset({"the", "that", "the same", "the fiscal"})
#: "the latest period" in an earnings report is the quarter just reported.
_PERIOD_RELS = frozenset({"the latest", "the year-earlier", "the year-ago", "the comparable"})
_PERIOD_RELS |= {"the same", "the most recent", "the just-ended"}
_ENDED = re.compile(r"\s+(?:that\s+|which\s+)?end(?:ed|ing|s)\s+([A-Z][a-z]{2,8}\.?)\s+(\d{1,2})\b")


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
    the = normalize_key(m["the"] or "")
    if year is None and ctx.dct is not None:
        year = ctx.dct.year
        first_month = (n - 1) * (6 if half else 3) + 1
        if ctx.tense_at(m.start()) == "past" and first_month > ctx.dct.month:
            year -= 1
        if the.startswith("the year-"):  # "the year-earlier third quarter": a year back
            year -= 1
            ctx.keep = True
    code = f"H{n}" if half else f"Q{n}"
    value = f"{year:04d}-{code}" if year is not None else f"XXXX-{code}"
    drop = the in POSSESSIVES or (the == "the" and "-" in m.group(0))  # "the [third-quarter] loss"
    return [make_timex(m, "DATE", value, drop=drop)]


@rule("date_part_of")
def _part_of(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    """'the last half of 1989' (1989-H2), 'the first two quarters of 1990' (1990-H1); of a
    decade, 'the last half of the '80s', the decade itself (TIMEX3 has no half-decade); of a
    century, 'the first half of the 20th century', the century from its START or to its END."""
    if m["cent"]:
        mod = "START" if m["edge"].lower() == "first" else "END"
        return [make_timex(m, "DATE", f"{int(m['cent']) - 1:02d}", mod)]
    if m["dec"]:
        dec = m["dec"]
        century = (20 if int(dec[1]) <= 2 else 19) if dec.startswith("'") else int(dec[:2])
        return [make_timex(m, "DATE", f"{century}{dec[-2]}")]
    half = 1 if m["edge"].lower() == "first" else 2
    return [make_timex(m, "DATE", f"{int(m['y']):04d}-H{half}", modifier(m, lex))]


@rule("date_quarter_ref")
def _quarter_ref(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    rel = normalize_key(m["rel"])
    half = m["unit"].lower() == "half"
    if m["unit"].lower() == "period" and rel not in _PERIOD_RELS:
        return []  # "the period" alone is no calendar quarter
    if half:
        if ctx.dct is None:
            return [make_timex(m, "DATE", "XXXX-HX")]
        return [make_timex(m, "DATE", f"{ctx.dct.year:04d}-H{1 if ctx.dct.month <= 6 else 2}")]
    if ctx.dct is None:
        return [make_timex(m, "DATE", "XXXX-QX")]
    current = (ctx.dct.year, (ctx.dct.month - 1) // 3 + 1)
    index = current[0] * 4 + current[1] - 1
    ended = None if ctx.last_quarter else _ended_on(m, ctx, lex)
    if ended:
        return [make_timex(m, "DATE", f"{ended[0]:04d}-Q{ended[1]}")]
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
    return [make_timex(m, "DATE", f"{year:04d}-Q{q + 1}")]


def _ended_on(m: Match, ctx: Context, lex: TimeLexicon) -> tuple[int, int] | None:
    """'the quarter ended Sept. 30', when no quarter has been named (a fiscal "first quarter"
    keeps its number): the calendar quarter that the day closes (a day early in a month, as
    retailers' "Jan. 2", closes the quarter before), in the latest year in which that day is not
    after the document date, since a quarter is reported once it has ended."""
    after = _ENDED.match(ctx.text, m.end())
    month = lex.months.get(after[1]) if after else None
    if after is None or month is None or ctx.dct is None or not 1 <= int(after[2]) <= 31:
        return None
    day = int(after[2])
    year = ctx.dct.year - ((month, day) > (ctx.dct.month, ctx.dct.day))
    index = year * 4 + (month - 1) // 3 - (day < 15)
    return index // 4, index % 4 + 1


def _previous(index: int) -> tuple[int, int]:
    year, q = divmod(index - 1, 4)
    return year, q + 1


@rule("date_year_earlier")
def _year_earlier(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    ctx.keep = True
    drop = "-" in m["rel"] and m.end("rel") == m.end()  # "a [year-earlier] level"
    if ctx.last_quarter:
        value = f"{ctx.last_quarter[0] - 1:04d}-Q{ctx.last_quarter[1]}"
        return [make_timex(m, "DATE", value, drop=drop)]
    if ctx.dct is None:
        return [make_timex(m, "DATE", "XXXX", drop=drop)]
    base = ctx.last_year if "earlier" in m.group(0).lower() and ctx.last_year else ctx.dct.year
    return [make_timex(m, "DATE", f"{base - 1:04d}", drop=drop)]


@rule("date_year_period")
def _year_period(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    """'the 1988 quarter': the quarter under discussion, in that year."""
    year = int(m["y"])
    ctx.keep = True
    if ctx.last_quarter:
        return [make_timex(m, "DATE", f"{year:04d}-Q{ctx.last_quarter[1]}")]
    if m["unit"].lower() == "quarter" and ctx.dct is not None:
        # no quarter named yet: the one a report published now is about, the one just ended
        reported = _previous(ctx.dct.year * 4 + (ctx.dct.month - 1) // 3)[1]
        return [make_timex(m, "DATE", f"{year:04d}-Q{reported}")]
    return [make_timex(m, "DATE", f"{year:04d}")]


@rule("date_quarter_year_ago")
def _quarter_year_ago(m: Match, ctx: Context, lex: TimeLexicon) -> list[Timex]:
    """'the corresponding period last year', 'last year's quarter': the reported quarter, a
    year back."""
    ctx.keep = True
    if ctx.last_quarter:
        return [make_timex(m, "DATE", f"{ctx.last_quarter[0] - 1:04d}-Q{ctx.last_quarter[1]}")]
    return [make_timex(m, "DATE", f"{ctx.dct.year - 1:04d}" if ctx.dct else "XXXX")]
