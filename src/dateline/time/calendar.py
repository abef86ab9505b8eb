"""Calendar arithmetic and TIMEX3 value formatting for the normalizer."""

from __future__ import annotations

import calendar as _cal
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day of month ``months`` later (clamped to the month's length)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, _cal.monthrange(year, month)[1]))


def shift(day: dt.date, unit: str, n: int) -> dt.date:
    """``day`` moved by ``n`` units (Y, Q, M, W, WE, D; clock units count as days)."""
    if unit == "Y":
        return add_months(day, 12 * n)
    if unit == "Q":
        return add_months(day, 3 * n)
    if unit == "M":
        return add_months(day, n)
    if unit in ("W", "WE"):
        return day + dt.timedelta(weeks=n)
    return day + dt.timedelta(days=n)


def week_value(day: dt.date) -> str:
    iso = day.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def at_granularity(day: dt.date, unit: str) -> str:
    """The TIMEX3 value of the ``unit``-sized period containing ``day``."""
    if unit == "Y":
        return f"{day.year:04d}"
    if unit == "Q":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if unit == "M":
        return f"{day.year:04d}-{day.month:02d}"
    if unit == "W":
        return week_value(day)
    if unit == "WE":
        return week_value(day) + "-WE"
    if unit == "DE":
        return f"{day.year // 10:03d}"
    if unit == "CE":
        return f"{day.year // 100:02d}"
    return day.isoformat()


def unknown_at_granularity(unit: str) -> str:
    """A placeholder value of the right shape when there is no anchor date."""
    return {
        "Y": "XXXX",
        "Q": "XXXX-QX",
        "M": "XXXX-XX",
        "W": "XXXX-WXX",
        "WE": "XXXX-WXX-WE",
        "DE": "XXXX",
        "CE": "XXXX",
    }.get(unit, "XXXX-XX-XX")


def nth_weekday(year: int, month: int, n: int, weekday: int) -> dt.date:
    """The n-th (n = -1: last) ISO ``weekday`` of a month."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (n - 1))
    last = dt.date(year, month, _cal.monthrange(year, month)[1])
    return last - dt.timedelta(days=(last.isoweekday() - weekday) % 7)


def easter(year: int) -> dt.date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return dt.date(year, month, day + 1)


def holiday(rule: str, year: int) -> dt.date | None:
    """The date of a holiday rule from holidays.tsv in a year."""
    try:
        if rule.startswith("easter"):
            return easter(year) + dt.timedelta(days=int(rule[6:] or 0))
        rule, _, offset = rule.partition("+")
        parts = rule.split("-")
        if len(parts) == 2:
            day = dt.date(year, int(parts[0]), int(parts[1]))
        else:
            month, rest = int(parts[0]), rule[len(parts[0]) + 1 :]
            n_text, weekday = rest.rsplit("-", 1)
            day = nth_weekday(year, month, int(n_text), int(weekday))
        return day + dt.timedelta(days=int(offset or 0))
    except ValueError:
        return None
