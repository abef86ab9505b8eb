"""The store side of stories: their tables, the look-ups grouping needs, and ``load_groups``.

``stories`` holds each story's dates and term vector (its heaviest terms, summed over its
documents); ``story_documents`` which story each stored document belongs to and what it is a
copy of; ``story_keys`` is the content index (a document's most specific terms -> its story)
and ``story_bands`` the MinHash index of copies. Every look-up is by a key or a date range, so
its cost follows what it finds, not the size of the store.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import duckdb
import numpy as np

from dateline.stories import StoryGroup

#: The story tables, in the order ``export`` writes them.
STORY_TABLES: tuple[str, ...] = ("stories", "story_documents", "story_keys", "story_bands")

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS stories (id VARCHAR PRIMARY KEY, first_day DATE, last_day DATE,"
    " documents INTEGER, terms VARCHAR[], weights DOUBLE[], created_at TIMESTAMP,"
    " named_day DATE)",
    "ALTER TABLE stories ADD COLUMN IF NOT EXISTS named_day DATE",
    "CREATE TABLE IF NOT EXISTS story_documents (doc_id VARCHAR PRIMARY KEY,"
    " story_id VARCHAR NOT NULL, copy_of VARCHAR, score DOUBLE, day DATE, minhash UBIGINT[],"
    " grouped_at TIMESTAMP)",
    "CREATE TABLE IF NOT EXISTS story_keys (key VARCHAR NOT NULL, story_id VARCHAR NOT NULL)",
    "CREATE TABLE IF NOT EXISTS story_bands (band BIGINT NOT NULL, doc_id VARCHAR NOT NULL)",
    "CREATE INDEX IF NOT EXISTS story_documents_story ON story_documents (story_id)",
    "CREATE INDEX IF NOT EXISTS story_keys_key ON story_keys (key)",
    "CREATE INDEX IF NOT EXISTS story_bands_band ON story_bands (band)",
)


def create_story_tables(con: duckdb.DuckDBPyConnection) -> None:
    for sql in _SCHEMA:
        con.execute(sql)


def has_story_tables(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the store has been grouped at all (a store made before stories has not)."""
    row = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'story_documents'"
    ).fetchone()
    return bool(row and row[0])


@dataclass(slots=True)
class StoryState:
    """A story as grouping sees it: its dated span and its term vector."""

    id: str
    first_day: dt.date | None
    last_day: dt.date | None
    documents: int
    vector: dict[str, float]
    new: bool = False
    named_day: dt.date | None = None  # the latest date its documents' texts name
    norm: float = 0.0  # the vector's length, kept with it (``set_vector``)

    def __post_init__(self) -> None:
        self.set_vector(self.vector)

    def set_vector(self, vector: dict[str, float]) -> None:
        self.vector = vector
        self.norm = math.sqrt(sum(w * w for w in vector.values()))


@dataclass(slots=True)
class Member:
    """A stored document as copy detection sees it."""

    doc_id: str
    story_id: str
    copy_of: str | None
    minhash: np.ndarray


# -- look-ups ----------------------------------------------------------------------------------
def grouped_ids(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> set[str]:
    rows = con.execute(
        "SELECT doc_id FROM story_documents WHERE doc_id IN (SELECT unnest(?))", [doc_ids]
    ).fetchall()
    return {r[0] for r in rows}


def ungrouped_ids(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Stored documents without a story, in the order they were stored."""
    rows = con.execute(
        "SELECT id FROM documents WHERE id NOT IN (SELECT doc_id FROM story_documents)"
        " ORDER BY ingested_at, rowid"
    ).fetchall()
    return [r[0] for r in rows]


def band_members(con: duckdb.DuckDBPyConnection, bands: list[int]) -> dict[int, list[Member]]:
    """Stored documents by the MinHash bands they share with these (a batch's, in one scan)."""
    hits = con.execute(
        "SELECT band, doc_id FROM story_bands WHERE band IN (SELECT unnest(?))", [bands]
    ).fetchall()
    if not hits:
        return {}
    rows = con.execute(
        "SELECT doc_id, story_id, copy_of, minhash FROM story_documents"
        " WHERE doc_id IN (SELECT unnest(?))",
        [sorted({d for _, d in hits})],
    ).fetchall()
    members = {r[0]: Member(r[0], r[1], r[2], np.array(r[3], dtype=np.uint64)) for r in rows}
    found: dict[int, list[Member]] = {}
    for band, doc_id in hits:
        if doc_id in members:
            found.setdefault(band, []).append(members[doc_id])
    return found


def window_story_ids(
    con: duckdb.DuckDBPyConnection, low: dt.date, high: dt.date
) -> list[str]:
    """Stories with a dated document between two days."""
    rows = con.execute(
        "SELECT id FROM stories WHERE last_day >= ? AND first_day <= ?", [low, high]
    ).fetchall()
    return [r[0] for r in rows]


def key_stories(con: duckdb.DuckDBPyConnection, keys: list[str]) -> dict[str, set[str]]:
    """The stories each of these index keys points at (a batch's, in one scan)."""
    found: dict[str, set[str]] = {}
    rows = con.execute(
        "SELECT DISTINCT key, story_id FROM story_keys WHERE key IN (SELECT unnest(?))", [keys]
    ).fetchall()
    for key, story_id in rows:
        found.setdefault(key, set()).add(story_id)
    return found


def load_stories(con: duckdb.DuckDBPyConnection, ids: list[str]) -> list[StoryState]:
    rows = con.execute(
        "SELECT id, first_day, last_day, documents, terms, weights, named_day FROM stories"
        " WHERE id IN (SELECT unnest(?))",
        [ids],
    ).fetchall()
    return [
        StoryState(r[0], r[1], r[2], r[3], dict(zip(r[4], r[5], strict=True)), named_day=r[6])
        for r in rows
    ]


# -- writing -----------------------------------------------------------------------------------
@dataclass(slots=True)
class Placement:
    """Where one document went: its story, what it copies, and the similarity that decided."""

    doc_id: str
    story_id: str
    copy_of: str | None
    score: float | None
    day: dt.date | None
    minhash: np.ndarray
    bands: list[int]
    keys: list[str]  # index keys it adds to its story (none for a copy)


def write_batch(
    con: duckdb.DuckDBPyConnection, placements: list[Placement], stories: list[StoryState]
) -> None:
    """Write a batch of placements and the stories they changed, in one transaction."""
    if not placements:
        return
    now = dt.datetime.now()
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            "INSERT INTO story_documents SELECT unnest(?), unnest(?), unnest(?),"
            " unnest(?::DOUBLE[]), unnest(?::DATE[]), unnest(?::UBIGINT[][]), ?",
            [[p.doc_id for p in placements], [p.story_id for p in placements],
             [p.copy_of for p in placements], [p.score for p in placements],
             [p.day for p in placements], [p.minhash.tolist() for p in placements], now],
        )
        bands = [(b, p.doc_id) for p in placements for b in p.bands]
        keys = [(k, p.story_id) for p in placements for k in p.keys]
        con.execute(
            "INSERT INTO story_bands SELECT unnest(?), unnest(?)",
            [[b for b, _ in bands], [d for _, d in bands]],
        )
        if keys:
            con.execute(
                "INSERT INTO story_keys SELECT unnest(?), unnest(?)",
                [[k for k, _ in keys], [s for _, s in keys]],
            )
        for story in stories:
            terms = list(story.vector)
            weights = [story.vector[t] for t in terms]
            if story.new:
                con.execute(
                    "INSERT INTO stories (id, first_day, last_day, documents, terms, weights,"
                    " created_at, named_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [story.id, story.first_day, story.last_day, story.documents, terms, weights,
                     now, story.named_day],
                )
            else:
                con.execute(
                    "UPDATE stories SET first_day = ?, last_day = ?, documents = ?, terms = ?,"
                    " weights = ?, named_day = ? WHERE id = ?",
                    [story.first_day, story.last_day, story.documents, terms, weights,
                     story.named_day, story.id],
                )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    for story in stories:
        story.new = False


# -- the hand-over -----------------------------------------------------------------------------
def load_groups(store, story_id: str | None = None) -> list[StoryGroup]:
    """Every story of the store (or the one named), its members oldest publication first
    (undated last) and its copies; stories in order of their first publication. A store never
    grouped, or an unknown id, gives an empty list."""
    con = store.con
    if not has_story_tables(con):
        return []
    sql = (
        "SELECT m.story_id, m.doc_id, m.copy_of FROM story_documents m"
        " JOIN documents d ON d.id = m.doc_id"
    )
    params: list[str] = []
    if story_id is not None:
        sql += " WHERE m.story_id = ?"
        params.append(story_id)
    sql += " ORDER BY d.dct NULLS LAST, d.ingested_at, m.doc_id"
    groups: dict[str, StoryGroup] = {}
    for sid, doc_id, copy_of in con.execute(sql, params).fetchall():
        group = groups.setdefault(sid, StoryGroup(sid, []))
        group.doc_ids.append(doc_id)
        if copy_of:
            group.copy_of[doc_id] = copy_of
    return list(groups.values())
