"""``export --format acled``: distinct political-violence and protest events in ACLED's columns.

Only events Dateline codes with an ACLED event type, that happened as far as the text says (not
negated, not hypothetical). ACLED's date conventions: an event the text dates to a day has
``time_precision`` 1; one known only within bounds gets the latest possible day, with precision
2 when the bounds span at most a week and 3 otherwise. How each column is derived:
docs/exports.md.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from dateline.store import Store
from dateline.writers.countries import country_name
from dateline.writers.event_rows import distinct_events

FILENAME = "acled_events.csv"
COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    "actor1", "actor2", "country", "admin1", "location", "latitude", "longitude",
    "geo_precision", "source", "notes", "fatalities",
)  # fmt: skip

#: ACLED's geo_precision by the kind of place: 1 the town itself, 2 a part of a region or a
#: place near a town, 3 only a larger region (or the country).
_GEO_PRECISION = {"city": 1, "site": 1, "region": 2, "country": 3}
_WEEK = 7


def _time(row: dict[str, Any]) -> tuple[Any, int | None]:
    if row["event_date"] is not None:
        return row["event_date"], 1
    earliest, latest = row["earliest"], row["latest"]
    if latest is None:
        return None, None
    if earliest is not None and (latest - earliest).days <= _WEEK:
        return latest, 2
    return latest, 3


def acled_row(row: dict[str, Any]) -> list[Any] | None:
    """One event's ACLED columns, or None for an event ACLED would not code."""
    if not row["acled_type"] or row["negated"] or row["modality"] == "hypothetical":
        return None
    day, precision = _time(row)
    country = row["place_country"] or row["actor_country"]
    notes = row["sentence"]
    if row["incident_sources"]:
        notes = f"{notes} (according to {row['incident_sources']})"
    values = {
        "event_id_cnty": f"{row['doc_id']}-{row['event_id']}",
        "event_date": day.isoformat() if day else None,
        "year": day.year if day else None,
        "time_precision": precision,
        "event_type": row["acled_type"],
        "sub_event_type": row["acled_subtype"],
        "actor1": row["actor_name"] or row["incident_actor"],
        "actor2": row["target_name"],
        "country": country_name(country),
        "admin1": row["place_admin1"],
        "location": row["place_name"],
        "latitude": row["place_lat"],
        "longitude": row["place_lon"],
        "geo_precision": _GEO_PRECISION.get(row["place_feature"] or ""),
        "source": row["outlet"] or row["url"],
        "notes": notes,
        "fatalities": int(row["incident_killed"] or 0),
    }
    return [values[c] for c in COLUMNS]


def export(store: Store, out_dir: Path) -> list[Path]:
    """Write ``acled_events.csv`` into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / FILENAME
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        for row in distinct_events(store):
            values = acled_row(row)
            if values is not None:
                writer.writerow(values)
    return [path]
