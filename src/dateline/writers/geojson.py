"""``export --format geojson``: every event that has a place with coordinates, as a GeoJSON
Point feature (RFC 7946: longitude first) whose properties are its ``event_table`` columns.

Retellings are kept (each with its ``same_as``), since a later telling may be the one that names
the place. Dates are written as ISO strings. Columns: docs/exports.md.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from dateline.store import Store
from dateline.store.views import VIEW

FILENAME = "events.geojson"


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def features(store: Store) -> list[dict[str, Any]]:
    """The Point features of the events that have coordinates, in date and text order."""
    cur = store.con.execute(
        f"SELECT * FROM {VIEW} WHERE place_lat IS NOT NULL AND place_lon IS NOT NULL "
        "ORDER BY published NULLS LAST, doc_id, event_idx"
    )
    names = [c[0] for c in cur.description]
    out = []
    for row in cur.fetchall():
        props = {n: _plain(v) for n, v in zip(names, row, strict=True)}
        lon, lat = props.pop("place_lon"), props.pop("place_lat")
        out.append({
            "type": "Feature",
            "id": f"{props['doc_id']}-{props['event_id']}",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": props,
        })
    return out


def export(store: Store, out_dir: Path) -> list[Path]:
    """Write ``events.geojson`` (a FeatureCollection) into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / FILENAME
    collection = {"type": "FeatureCollection", "features": features(store)}
    path.write_text(json.dumps(collection, ensure_ascii=False) + "\n", encoding="utf-8")
    return [path]
