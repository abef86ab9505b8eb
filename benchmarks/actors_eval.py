"""Country and sector accuracy of the actors resolver on NGEC's actor-resolution assertions.

Usage: python benchmarks/actors_eval.py [assertions.jsonl] [--misses]

Each assertion names an actor (and sometimes a context country and a date) and the expected
ISO country and PLOVER sector ("code_1"). The names go through ``dateline.actors.resolve``, the
function the ``dateline_actors`` component codes every entity with. An expected "" / UNK / JNK
sector means "no sector"; international bodies count as right when we give the pseudo-country
(UNO, EUR, IGO) their coders use. Cases whose expectation is unknown ("????") or a negation are
skipped. The last line is the headline.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dateline.actors import resolve

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "events" / "ngec_actor_resolution_tests"
DEFAULT = DATA / "assertions.jsonl"
NO_SECTOR = {"", "UNK", "JNK"}


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    context: str
    year: int | None
    country: str | None  # expected; None when the case does not test it
    sector: str | None


def _year(text: str) -> int | None:
    """The year of a case's date; "today" is the present."""
    if (text or "").strip().lower() == "today":
        return dt.date.today().year
    m = re.search(r"\b(19|20)\d\d\b", text or "")
    return int(m.group()) if m else None


def cases(path: Path) -> Iterator[Case]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        if "param_values" in record:
            m = re.search(r"\['code_1'\] == '(\w+)'", record.get("body", ""))
            for value in record["param_values"] if m else ():
                yield Case(value, "", None, None, m.group(1))
            continue
        call = record["calls"][-1]
        args, kwargs, expected = call["args"], call["kwargs"], record["expected"]
        if (
            not args
            or "d['" in args[0]
            or call["method"] not in ("agent_to_code", "short_text_to_agent", "search_nat")
        ):
            continue
        context = kwargs.get("known_country") or (args[1] if len(args) > 1 else "")
        year = _year(kwargs.get("query_date", "") or (args[2] if len(args) > 2 else ""))
        country = expected.get("code['country']", expected.get("cc"))
        sector = expected.get("code['code_1']")
        if sector == "????":
            sector = None
        if country is None and sector is None:
            continue
        yield Case(args[0], context, year, country, sector)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--misses", action="store_true", help="print every wrong case")
    opts = parser.parse_args()
    country_ok = country_n = sector_ok = sector_n = 0
    for case in cases(opts.path):
        r = resolve(case.name, case.context, None, case.year)
        if case.country is not None:
            got = r.country or r.bloc or ""
            country_n += 1
            country_ok += got == case.country
            if opts.misses and got != case.country:
                print(f"country  {case.name!r}: got {got!r}, expected {case.country!r}")
        if case.sector is not None:
            got = r.sector or ""
            want_none = case.sector in NO_SECTOR
            ok = got == "" if want_none else got == case.sector
            sector_n += 1
            sector_ok += ok
            if opts.misses and not ok:
                print(f"sector   {case.name!r}: got {got!r}, expected {case.sector!r}")
    c = 100 * country_ok / max(country_n, 1)
    s = 100 * sector_ok / max(sector_n, 1)
    print(f"country: {country_ok}/{country_n} = {c:.1f}%")
    print(f"sector:  {sector_ok}/{sector_n} = {s:.1f}%")
    print(
        f"actors_eval country_accuracy={c:.1f}% sector_accuracy={s:.1f}% (n={country_n}/{sector_n})"
    )


if __name__ == "__main__":
    main()
