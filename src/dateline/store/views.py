"""``event_table``: one flat, analyst-ready row per stored event, as a DuckDB view.

The event table itself keeps the report's shape (JSON time and trigger, entity ids, a place
index), which is right for rebuilding reports and wrong for analysis. The view joins each event
to its document, actors, target, source, place and counts and spells everything out as scalars
with names that need no quoting in SQL (spaCy's ``start_char``/``end_char`` for the evidence
sentence). It is created (replaced) whenever a store is opened for writing, so it follows the
current schema, and a read-only connection can select from it. Columns: docs/exports.md.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import duckdb

from dateline.tables import read_table

if TYPE_CHECKING:
    from dateline.store.database import Store

VIEW = "event_table"


@lru_cache(maxsize=1)
def _casualty_words() -> str:
    """The trigger words of ``resources/store/casualty_words.tsv`` as SQL VALUES rows."""
    rows = [(word.strip().lower(), outcome.strip()) for word, outcome in
            read_table("store", "casualty_words.tsv")]
    return ", ".join("('{}', '{}')".format(w.replace("'", "''"), o) for w, o in rows)


def _sql() -> str:
    return f"""
CREATE OR REPLACE VIEW {VIEW} AS
WITH casualty_words(word, outcome) AS (VALUES {_casualty_words()}),
counts AS (
    SELECT e.doc_id, e.idx,
        sum(q.value) FILTER (WHERE c.outcome = 'killed') AS killed,
        sum(q.value) FILTER (WHERE c.outcome = 'injured') AS injured,
        string_agg(q.text, '; ' ORDER BY q.start_char) FILTER (WHERE c.outcome IS NULL)
            AS other_counts
    FROM events e
    CROSS JOIN unnest(e.quantities) AS u(qi)
    JOIN quantities q ON q.doc_id = e.doc_id AND q.idx = u.qi
    LEFT JOIN casualty_words c
        ON c.word = lower(e.trigger->>'text') AND q.si_value IS NULL AND q.value IS NOT NULL
    GROUP BY e.doc_id, e.idx
),
incident_counts AS (
    SELECT e.doc_id, coalesce(e.same_as, e.id) AS incident_id,
        string_agg(DISTINCT q.text, '; ' ORDER BY q.text) AS incident_counts
    FROM events e
    CROSS JOIN unnest(e.quantities) AS u(qi)
    JOIN quantities q ON q.doc_id = e.doc_id AND q.idx = u.qi
    GROUP BY 1, 2
),
incidents AS (
    SELECT e.doc_id, coalesce(e.same_as, e.id) AS incident_id, count(*) AS tellings,
        string_agg(DISTINCT coalesce(s.text, e.source_text), '; '
                   ORDER BY coalesce(s.text, e.source_text)) AS incident_sources,
        max(c.killed) AS incident_killed,
        max(c.injured) AS incident_injured,
        arg_min(coalesce(a.text, e.actor_text), e.idx)
            FILTER (WHERE coalesce(a.text, e.actor_text) IS NOT NULL) AS incident_actor,
        arg_min(e.place, e.idx) FILTER (WHERE e.place IS NOT NULL) AS incident_place
    FROM events e
    LEFT JOIN entities a ON a.doc_id = e.doc_id AND a.id = e.actor
    LEFT JOIN entities s ON s.doc_id = e.doc_id AND s.id = e.source
    LEFT JOIN counts c ON c.doc_id = e.doc_id AND c.idx = e.idx
    GROUP BY 1, 2
)
SELECT
    e.doc_id,
    e.id AS event_id,
    CASE WHEN e.time->>'earliest' = e.time->>'latest'
         THEN TRY_CAST(e.time->>'earliest' AS DATE) END AS event_date,
    TRY_CAST(e.time->>'earliest' AS DATE) AS earliest,
    TRY_CAST(e.time->>'latest' AS DATE) AS latest,
    e.time->>'precision' AS precision,
    e.time->>'value' AS time_value,
    e.time->>'basis' AS time_basis,
    e.type AS event_type,
    e.mode AS event_mode,
    e.cameo AS cameo_code,
    e.quad_class,
    e.score AS goldstein,
    e.acled_type,
    e.acled_subtype,
    e.trigger->>'text' AS trigger,
    coalesce(a.text, e.actor_text) AS actor_name,
    a.country AS actor_country,
    a.sector AS actor_sector,
    coalesce(t.text, e.target_text) AS target_name,
    t.country AS target_country,
    t.sector AS target_sector,
    p.name AS place_name,
    p.lat AS place_lat,
    p.lon AS place_lon,
    p.country AS place_country,
    p.admin1 AS place_admin1,
    p.feature AS place_feature,
    p.geonameid AS place_geonameid,
    e.place_basis,
    c.killed,
    c.injured,
    c.other_counts,
    e.negated,
    e.modality,
    e.claimed,
    e.demanded,
    e.generic,
    e.same_as,
    coalesce(e.same_as, e.id) AS incident_id,
    i.tellings,
    i.incident_actor,
    i.incident_killed,
    i.incident_injured,
    ic.incident_counts,
    i.incident_sources,
    i.incident_place AS incident_place_idx,
    ip.name AS incident_place_name,
    ip.lat AS incident_place_lat,
    ip.lon AS incident_place_lon,
    coalesce(s.text, e.source_text) AS source_name,
    s.sector AS source_sector,
    d.source AS outlet,
    d.url,
    d.dct AS published,
    d.title,
    x.sentence,
    x.start_char,
    x.start_char + length(x.sentence) AS end_char,
    e.idx AS event_idx
FROM events e
JOIN documents d ON d.id = e.doc_id
LEFT JOIN entities a ON a.doc_id = e.doc_id AND a.id = e.actor
LEFT JOIN entities t ON t.doc_id = e.doc_id AND t.id = e.target
LEFT JOIN entities s ON s.doc_id = e.doc_id AND s.id = e.source
LEFT JOIN places p ON p.doc_id = e.doc_id AND p.idx = e.place
LEFT JOIN counts c ON c.doc_id = e.doc_id AND c.idx = e.idx
JOIN incidents i ON i.doc_id = e.doc_id AND i.incident_id = coalesce(e.same_as, e.id)
LEFT JOIN places ip ON ip.doc_id = e.doc_id AND ip.idx = i.incident_place
LEFT JOIN incident_counts ic
    ON ic.doc_id = e.doc_id AND ic.incident_id = coalesce(e.same_as, e.id)
CROSS JOIN LATERAL (
    SELECT CAST(e.sentence->>'start' AS BIGINT) AS start_char,
        rtrim(substr(d.text, CAST(e.sentence->>'start' AS BIGINT) + 1,
                     CAST(e.sentence->>'end' AS BIGINT) - CAST(e.sentence->>'start' AS BIGINT)),
              ' ' || chr(9) || chr(10) || chr(13))
            AS sentence
) x
"""


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    """Create or replace the views on a connection open for writing."""
    con.execute(_sql())


def check_view(store: Store, instead: str) -> None:
    """ValueError for a store made before the view, opened read-only; ``instead`` says what
    else the user may do."""
    found = store.con.execute(
        "SELECT count(*) FROM duckdb_views() WHERE view_name = ? AND NOT temporary", [VIEW]
    ).fetchone()[0]
    if not found:
        raise ValueError(
            f"{store.path}: this store predates the {VIEW} view; open it for writing once "
            f"(`dateline ingest` of any input){instead}"
        )


def flat_events_select(store: Store, extra: str = "") -> str:
    """The SELECT of ``query events`` over the view, with ``extra`` columns after the view's:
    the filters of ``store/query.py`` still apply to the events (``k``) and documents (``d``)
    they name. ValueError for a store made before the view, opened read-only."""
    check_view(store, " or use --raw")
    return (
        f"SELECT v.*{extra} FROM events k JOIN documents d ON d.id = k.doc_id "
        f"JOIN {VIEW} v ON v.doc_id = k.doc_id AND v.event_idx = k.idx"
    )
