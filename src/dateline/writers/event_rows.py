"""The rows the event exports (GDELT, ACLED, GeoJSON) are made from: ``event_table`` plus what
an article-level export needs to know about each event's retellings.

One row per distinct event (its first telling, ``same_as`` null), with the view's incident
columns: ``tellings`` in its article, ``incident_killed`` (the largest killed count any telling
gives, so a later sentence that adds "killing 20" is not lost), ``incident_sources``, and the
place of the first telling that has one when the first telling has none. ``lead``
says whether the first telling is in the article's first paragraph (GDELT's IsRootEvent),
``ingested_at`` when it was stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from dateline.store import Store
from dateline.store.views import VIEW

#: The place columns of a distinct event: its own place, else the first a retelling gives.
_PLACE = ", ".join(
    f"CASE WHEN v.place_name IS NULL THEN p.{field} ELSE v.place_{field} END AS place_{field}"
    for field in ("name", "lat", "lon", "country", "admin1", "feature", "geonameid")
)
_SQL = f"""
SELECT v.* REPLACE ({_PLACE}), d.ingested_at,
    v.start_char < coalesce(nullif(strpos(d.text, chr(10) || chr(10)), 0), length(d.text) + 1)
        AS lead
FROM {VIEW} v JOIN documents d ON d.id = v.doc_id
LEFT JOIN places p ON p.doc_id = v.doc_id AND p.idx = v.incident_place_idx
WHERE v.same_as IS NULL
ORDER BY v.published NULLS LAST, v.doc_id, v.event_idx
"""


def distinct_events(store: Store) -> Iterator[dict[str, Any]]:
    """Each distinct event as a column -> value dict, in date and text order."""
    cur = store.con.execute(_SQL)
    names = [c[0] for c in cur.description]
    while batch := cur.fetchmany(1000):
        for row in batch:
            yield dict(zip(names, row, strict=True))


def event_key(row: dict[str, Any]) -> int:
    """A stable integer id for an event: the first 12 hex digits of its document id and its
    position in the report (GDELT wants an integer GLOBALEVENTID)."""
    return int(row["doc_id"][:12], 16) * 10_000 + int(row["event_idx"])
