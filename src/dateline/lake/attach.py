"""Load a lake into a DuckDB store file (``dateline attach``), in one transaction.

What the lake holds and the store lacks is added: documents (with their facts) and story
memberships by id, index rows (``story_keys``, ``story_bands``) as a multiset difference, and
rejections and stories as the lake has them last. Attaching twice adds nothing; attaching a
lake that grew since adds what it grew by. The lake's connection attaches the store file while
the caller's ``Store`` holds the store's writer lock, so no other writer runs meanwhile.
"""

from __future__ import annotations

import datetime as dt

import duckdb

from dateline.lake.writer import Lake
from dateline.model import RECORD_KINDS
from dateline.store import TABLES, Store

#: Tables with a key: lake rows whose key the store has are skipped, or replace the store's.
_KEYED = {"documents": "id", "story_documents": "doc_id"}
_REPLACED = {"rejections": "origin", "stories": "id"}


def attach(lake: Lake, store: Store) -> dict[str, int]:
    """Add the lake's rows the store lacks; returns the rows added (or replaced) per table."""
    con = lake.connect()
    added: dict[str, int] = {}
    try:
        store.release()  # the lake's connection opens the file; the writer lock stays held
        target = store.path.replace("'", "''")
        con.execute(f"ATTACH '{target}' AS store")
        con.execute("BEGIN TRANSACTION")
        try:
            new_docs = "(SELECT id FROM documents WHERE id NOT IN (SELECT id FROM store.documents))"
            con.execute(f"CREATE TEMP TABLE attach_new AS {new_docs}")
            for table in TABLES:
                added[table] = _add(con, table)
            con.execute(
                "UPDATE store.rejections SET resolved_at = ? WHERE resolved_at IS NULL AND origin"
                " IN (SELECT d.origin FROM documents d JOIN attach_new n ON n.id = d.id)",
                [dt.datetime.now()],
            )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("DETACH store")
    finally:
        con.close()
    return added


def _add(con: duckdb.DuckDBPyConnection, table: str) -> int:
    cols = ", ".join(f'"{r[0]}"' for r in con.execute(f"DESCRIBE {table}").fetchall())
    before = con.execute(f"SELECT count(*) FROM store.{table}").fetchone()[0]
    if table == "documents" or table in RECORD_KINDS:
        key = "id" if table == "documents" else "doc_id"
        rows = f"SELECT {cols} FROM {table} WHERE {key} IN (SELECT id FROM attach_new)"
    elif table in _KEYED:
        key = _KEYED[table]
        rows = f"SELECT {cols} FROM {table} WHERE {key} NOT IN (SELECT {key} FROM store.{table})"
    elif table in _REPLACED:
        key = _REPLACED[table]
        con.execute(f"CREATE OR REPLACE TEMP TABLE attach_changed AS SELECT {cols} FROM {table}"
                    f" EXCEPT SELECT {cols} FROM store.{table}")
        con.execute(f"DELETE FROM store.{table} WHERE {key} IN (SELECT {key} FROM attach_changed)")
        con.execute(f"INSERT INTO store.{table} ({cols}) SELECT {cols} FROM attach_changed")
        return con.execute("SELECT count(*) FROM attach_changed").fetchone()[0]
    else:  # the story indexes: rows without a key, added as a multiset difference
        rows = f"SELECT {cols} FROM {table} EXCEPT ALL SELECT {cols} FROM store.{table}"
    con.execute(f"INSERT INTO store.{table} ({cols}) {rows}")
    return con.execute(f"SELECT count(*) FROM store.{table}").fetchone()[0] - before
