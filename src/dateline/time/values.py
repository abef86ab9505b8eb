"""Calendar bounds of TIMEX3 values: which days a value such as ``2017-W47`` or ``199`` (the
1990s, TIMEX3 writes decades and centuries without placeholders) covers.

Used to turn a time expression into the ``earliest``/``latest``/``precision`` of an event time.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}
_HALF_MONTHS = {"H1": (1, 6), "H2": (7, 12)}
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"(\d{4})-(\d{2})$")
_WEEK = re.compile(r"(\d{4})-W(\d{2})")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])$")
_PART = re.compile(r"(\d{4})-(SP|SU|FA|WI|H1|H2)$")
_YEARS = re.compile(r"(\d{1,4})(X*)$")


def _month_span(year: int, first: int, last: int) -> tuple[dt.date, dt.date]:
    end_year, end_month = year + (last - 1) // 12, (last - 1) % 12 + 1
    return dt.date(year, first, 1), dt.date(
        end_year, end_month, calendar.monthrange(end_year, end_month)[1]
    )


def value_bounds(value: str) -> tuple[dt.date, dt.date, str] | None:
    """First day, last day and precision (day/week/month/quarter/season/year/decade/century)
    of a calendar TIMEX3 value; None for durations, references and underspecified values."""
    try:
        if m := _DAY.match(value):
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return day, day, "day"
        if m := _WEEK.match(value):
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return monday, monday + dt.timedelta(days=6), "week"
        if m := _MONTH.match(value):
            first, last = _month_span(int(m[1]), int(m[2]), int(m[2]))
            return first, last, "month"
        if m := _QUARTER.match(value):
            q = int(m[2])
            first, last = _month_span(int(m[1]), 3 * q - 2, 3 * q)
            return first, last, "quarter"
        if m := _PART.match(value):
            lo, hi = _SEASON_MONTHS.get(m[2]) or _HALF_MONTHS[m[2]]
            first, last = _month_span(int(m[1]), lo, hi)
            return first, last, "season" if m[2] in _SEASON_MONTHS else "half"
        m = _YEARS.match(value)
        if m and (len(m[1]) + len(m[2]) == 4 or (not m[2] and len(m[1]) in (2, 3))):
            scale = 10 ** (4 - len(m[1]))
            lo = int(m[1]) * scale
            if lo < 1:
                return None
            precision = {1: "year", 10: "decade", 100: "century"}.get(scale, "millennium")
            return dt.date(lo, 1, 1), dt.date(lo + scale - 1, 12, 31), precision
    except ValueError:
        return None
    return None
