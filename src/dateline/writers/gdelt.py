"""``export --format gdelt``: distinct events as a GDELT 2.0 event table.

The 61 columns of GDELT 2.0's event export, in its order and with its names and codes where
Dateline knows the value, empty where it does not (actor geography, religion, ethnicity, tone);
tab-separated like GDELT's files, with one header row (GDELT's own have none). How each column is
derived: docs/exports.md.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from dateline.store import Store
from dateline.writers.countries import fips
from dateline.writers.event_rows import distinct_events, event_key

FILENAME = "gdelt_events.tsv"

_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
          "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR), *(f"Actor2{c}" for c in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO), *(f"Actor2Geo_{c}" for c in _GEO),
    *(f"ActionGeo_{c}" for c in _GEO),
    "DATEADDED", "SOURCEURL",
)  # fmt: skip

#: GDELT's geographic resolution codes.
_COUNTRY, _US_STATE, _US_CITY, _WORLD_CITY, _WORLD_STATE = 1, 2, 3, 4, 5


def _actor(row: dict[str, Any], side: str) -> dict[str, Any]:
    name, country, sector = row[f"{side}_name"], row[f"{side}_country"], row[f"{side}_sector"]
    if not name:
        return {}
    return {
        "Code": f"{country or ''}{sector or ''}" or None,  # CAMEO: country, then role
        "Name": name.upper(),
        "CountryCode": country,
        "Type1Code": sector,
    }


def _geo_type(row: dict[str, Any]) -> int | None:
    feature, country = row["place_feature"], row["place_country"]
    if feature is None:
        return None
    if feature == "country":
        return _COUNTRY
    if feature == "region":
        return _US_STATE if country == "USA" else _WORLD_STATE
    return _US_CITY if country == "USA" else _WORLD_CITY


def _adm1(row: dict[str, Any]) -> str | None:
    """GDELT writes admin1 as FIPS country + division code ("KS11", "USCA")."""
    code, country = row["place_admin1"], fips(row["place_country"])
    if not code or not country:
        return country if row["place_feature"] == "country" else None
    return country + code.split(".", 1)[-1]


def gdelt_row(row: dict[str, Any]) -> list[Any]:
    """One distinct event's GDELT columns, in order."""
    day: dt.date | None = row["event_date"]
    values: dict[str, Any] = {
        "GLOBALEVENTID": event_key(row),
        "IsRootEvent": int(bool(row["lead"])),
        "EventCode": row["cameo_code"],
        "EventBaseCode": row["cameo_code"],
        "EventRootCode": row["cameo_code"],
        "QuadClass": row["quad_class"],
        "GoldsteinScale": row["goldstein"],
        "NumMentions": row["tellings"],
        "NumSources": 1,
        "NumArticles": 1,
        "SOURCEURL": row["url"] or row["outlet"],
    }
    if day is not None:
        values.update(SQLDATE=int(day.strftime("%Y%m%d")), MonthYear=int(day.strftime("%Y%m")),
                      Year=day.year,
                      FractionDate=round(day.year + day.timetuple().tm_yday / 365, 4))
    for side, prefix in (("actor", "Actor1"), ("target", "Actor2")):
        values.update({prefix + k: v for k, v in _actor(row, side).items()})
    if row["place_name"] is not None:
        values.update({
            "ActionGeo_Type": _geo_type(row),
            "ActionGeo_FullName": row["place_name"],
            "ActionGeo_CountryCode": fips(row["place_country"]),
            "ActionGeo_ADM1Code": _adm1(row),
            "ActionGeo_Lat": row["place_lat"],
            "ActionGeo_Long": row["place_lon"],
            "ActionGeo_FeatureID": row["place_geonameid"],
        })
    if row["ingested_at"] is not None:
        values["DATEADDED"] = int(row["ingested_at"].strftime("%Y%m%d%H%M%S"))
    return [values.get(c) for c in COLUMNS]


def export(store: Store, out_dir: Path) -> list[Path]:
    """Write ``gdelt_events.tsv`` (distinct events that have a CAMEO code) into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / FILENAME
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter="\t", lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in distinct_events(store):
            if row["cameo_code"]:
                writer.writerow(gdelt_row(row))
    return [path]
