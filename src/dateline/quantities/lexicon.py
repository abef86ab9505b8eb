"""The quantity lexicons, read once from ``resources/quantities/*.tsv``.

Kept as data so that a unit, currency or cue word is added by editing a table, not code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from dateline.tables import read_table


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit of measure and how to bring its values to the canonical (SI) unit."""

    symbol: str  # canonical unit: m, kg, m2, m3, m/s, K, s, %
    kind: str  # length / mass / area / volume / speed / temperature / duration / percent
    factor: float
    offset: float = 0.0

    def to_si(self, value: float) -> float:
        return value * self.factor + self.offset


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything the quantity extractor looks words up in (all keys lowercase)."""

    numbers: dict[str, tuple[float, str]]  # word -> (value, role)
    magnitudes: dict[str, tuple[float, bool]]  # word -> (multiplier, needs a currency sign)
    qualifiers: dict[tuple[str, ...], str]  # cue tokens -> qualifier
    units: dict[str, Unit]  # surface text -> unit
    prefix_currencies: dict[str, str]  # "$" -> USD
    suffix_currencies: dict[str, tuple[str, float]]  # "dollars" -> (USD, 1), "cents" -> (USD, .01)
    time_of_day: frozenset[str]  # "p.m.", "GMT": the number before is a clock time
    starts: frozenset[str]  # lowercase words a quantity can begin with (besides digits)
    max_cue: int  # longest qualifier cue, in tokens
    max_unit: int  # longest unit or currency name, in tokens


def _rows(name: str) -> list[list[str]]:
    return read_table("quantities", name)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read the tables once per process."""
    numbers = {w: (float(v), role) for w, v, role in _rows("numbers.tsv")}
    magnitudes = {w: (float(v), need == "1") for w, v, need in _rows("magnitudes.tsv")}
    qualifiers = {tuple(cue.split()): q for cue, q in _rows("qualifiers.tsv")}
    units = {s: Unit(c, k, float(f), float(o)) for s, c, k, f, o in _rows("units.tsv")}
    cur = _rows("currencies.tsv")
    prefix = {s: iso for s, iso, pos, _ in cur if pos == "prefix"}
    suffix = {s: (iso, float(f)) for s, iso, pos, f in cur if pos == "suffix"}
    names = [*units, *prefix, *suffix]
    return Lexicon(
        numbers=numbers,
        magnitudes=magnitudes,
        qualifiers=qualifiers,
        units=units,
        prefix_currencies=prefix,
        suffix_currencies=suffix,
        time_of_day=frozenset(w for w, _ in _rows("not_quantity.tsv")),
        starts=frozenset(
            [w.split()[0] for w in numbers] + [c.split()[0] for c in prefix] + [*prefix, "a", "an"]
        ),
        max_cue=max(len(c) for c in qualifiers),
        max_unit=max(len(n.split()) for n in names),
    )
