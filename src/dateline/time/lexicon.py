"""The time lexicons and rule table, read once from ``resources/time/*.tsv``.

Kept as data, apart from the engine (as HeidelTime keeps its resources apart from its Java code),
so that a month spelling, holiday, modifier or pattern is added by editing a table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from dateline.tables import read_table

#: Placeholders whose words are matched case-sensitively ("May", "March", "Sun." vs verbs).
_CASED = frozenset({"MONTH", "WEEKDAY"})
_FIXED = {
    "YEAR": r"(?:1[5-9]\d\d|20\d\d)",
    "DAY": r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?",
}


@dataclass(frozen=True, slots=True)
class Unit:
    """A calendar unit word: its TIMEX3 letter, how many of it, and whether it is a clock unit."""

    letter: str  # Y M W D H S Q WE
    count: int  # decade = 10 years
    clock: bool  # PT...


@dataclass(frozen=True, slots=True)
class Rule:
    """One extraction pattern and the name of its normalization function."""

    name: str
    regex: re.Pattern[str]
    anchors: frozenset[str]  # anchor classes near which it can match


@dataclass(frozen=True, slots=True)
class TimeLexicon:
    """Every table the tagger and normalizer look words up in (keys lowercase unless noted)."""

    numbers: dict[str, float]
    ordinals: dict[str, int]
    months: dict[str, int]  # as written: "Sept." -> 9
    weekdays: dict[str, int]  # as written: "Friday" -> 5
    seasons: dict[str, str]
    parts_of_day: dict[str, str]
    units: dict[str, Unit]
    set_adverbs: dict[str, tuple[str, str]]  # "daily" -> ("P1D", "1X")
    references: dict[str, tuple[str, str]]  # "yesterday" -> ("DATE", "DAY-1")
    modifiers: dict[str, tuple[str, str]]  # "more than" -> ("MORE_THAN", "span")
    holidays: dict[str, str]
    rules: tuple[Rule, ...]
    anchor_words: dict[str, frozenset[str]]  # lowercase word -> anchor classes


def _rows(name: str) -> list[list[str]]:
    return read_table("time", name)


def _alternation(words: list[str], cased: bool = False) -> str:
    parts = sorted({w for w in words}, key=len, reverse=True)
    body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in parts)
    return f"(?-i:{body})" if cased else f"(?:{body})"


_MULTIPLIERS = ("hundred", "thousand")


def number_pattern(numbers: dict[str, float]) -> str:
    """Number words, with compounds built from tens and units ("twenty-one", "ninety nine") and
    multiples of a hundred or a thousand ("two thousand", "twenty-five hundred")."""
    tens = [w for w, v in numbers.items() if v >= 20 and v < 100 and v % 10 == 0]
    words = [w for w in numbers if " " not in w and w not in ("a", "an")]
    units = [w for w in words if 1 <= numbers[w] <= 9]
    small = [w for w in words if 1 <= numbers[w] < 100]
    others = [w for w in numbers if w not in ("a", "an")]
    compound = f"{_alternation(tens)}(?:[\\s-]+{_alternation(units)})?"
    multiple = f"(?:{compound}|{_alternation(small)})[\\s-]+{_alternation(list(_MULTIPLIERS))}"
    return f"(?:{multiple}|{compound}|{_alternation(others)}|an?)"


def number_value(text: str, numbers: dict[str, float]) -> float | None:
    """The value of a number word or compound ("twenty-one" = 21, "two thousand" = 2000)."""
    key = normalize_key(text)
    if key in numbers:
        return numbers[key]
    parts = re.split(r"[\s-]+", key)
    if len(parts) > 1 and parts[-1] in _MULTIPLIERS:
        base = number_value(" ".join(parts[:-1]), numbers)
        return base * numbers[parts[-1]] if base is not None else None
    if len(parts) == 2 and parts[0] in numbers and parts[1] in numbers:
        return numbers[parts[0]] + numbers[parts[1]]
    return None


def word_year(text: str, numbers: dict[str, float], low_ok: bool = False) -> int | None:
    """A year said in words ("nineteen ninety-four", "two thousand"); ``low_ok`` admits
    "nineteen oh five"-like years below ten into the century, which only "the year ..." marks."""
    words = re.split(r"[\s-]+", normalize_key(text))
    if words[:2] == ["two", "thousand"]:
        rest = [w for w in words[2:] if w != "and"]
        n = number_value(" ".join(rest), numbers) if rest else 0
        return 2000 + int(n or 0)
    century = int(numbers[words[0]])
    rest = [w for w in words[1:] if w not in ("hundred", "and")]
    n = number_value("-".join(rest), numbers) if rest else 0
    if n is None or n >= 100 or (not low_ok and n < 10):
        return None
    return century * 100 + int(n)


def normalize_key(text: str) -> str:
    """Lookup key of a matched phrase: lowercase, single spaces."""
    return " ".join(text.lower().split())


@lru_cache(maxsize=1)
def load_lexicon() -> TimeLexicon:
    """Read the tables and compile the rules once per process."""
    numbers = {w: float(v) for w, v in _rows("numbers.tsv")}
    ordinals = {w: int(v) for w, v in _rows("ordinals.tsv")}
    months = {w: int(v) for w, v in _rows("months.tsv")}
    weekdays = {w: int(v) for w, v in _rows("weekdays.tsv")}
    seasons = dict(_rows("seasons.tsv"))
    pods = dict(_rows("parts_of_day.tsv"))
    units = {w: Unit(u, int(n), c == "1") for w, u, n, c in _rows("units.tsv")}
    set_adverbs = {w: (v, f) for w, v, f in _rows("set_adverbs.tsv")}
    references = {w: (t, v) for w, t, v in _rows("references.tsv")}
    modifiers = {w: (m, k) for w, m, k in _rows("modifiers.tsv")}
    holidays = dict(_rows("holidays.tsv"))
    words = {
        "MONTH": list(months),
        "WEEKDAY": list(weekdays),
        "ORDINAL": list(ordinals),
        "UNIT": list(units),
        "SEASON": list(seasons),
        "POD": list(pods),
        "HOLIDAY": list(holidays),
        "REF": list(references),
        "SETADV": list(set_adverbs),
        "PMOD": [w for w, (_, k) in modifiers.items() if k in ("point", "any")],
        "SMOD": [w for w, (_, k) in modifiers.items() if k in ("span", "any")],
    }
    subs = {k: _alternation(v, k in _CASED) for k, v in words.items()} | _FIXED
    subs["NUMBER"] = number_pattern(numbers)
    subs["DAYWORD"] = _alternation([w for w, v in ordinals.items() if 1 <= v <= 31])
    rules = []
    for name, classes, template in _rows("patterns.tsv"):
        pattern = re.sub(r"%([A-Z]+)%", lambda m: subs[m.group(1)], template)
        regex = re.compile(rf"(?<![\w$./-])(?<!\d,)(?:{pattern})(?![\w]|-\w|/\d)", re.IGNORECASE)
        rules.append(Rule(name, regex, frozenset(classes.split(","))))
    anchor_words: dict[str, set[str]] = {}
    for cls, phrases in words.items():
        if cls in ("PMOD", "SMOD", "ORDINAL"):
            continue
        for phrase in phrases:
            last = re.findall(r"[a-z]+|\d+", phrase.lower())[-1]
            anchor_words.setdefault(last, set()).add(cls)
    for word, cls in _rows("anchors.tsv"):
        anchor_words.setdefault(word, set()).add(cls)
    return TimeLexicon(
        numbers=numbers,
        ordinals=ordinals,
        months=months,
        weekdays=weekdays,
        seasons=seasons,
        parts_of_day=pods,
        units=units,
        set_adverbs=set_adverbs,
        references=references,
        modifiers=modifiers,
        holidays=holidays,
        rules=tuple(rules),
        anchor_words={w: frozenset(c) for w, c in anchor_words.items()},
    )
