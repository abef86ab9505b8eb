"""Rows of a store's or a lake's tables for comparing two of them: every column but the
times of writing (which differ between two writes of the same rows), rows sorted."""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

from dateline.store import TABLES

#: Columns holding the time of writing.
CLOCK = frozenset({"ingested_at", "rejected_at", "resolved_at", "grouped_at", "created_at"})


def table_rows(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple]:
    cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall() if r[0] not in CLOCK]
    names = ", ".join(f'"{c}"' for c in cols)
    return sorted(con.execute(f"SELECT {names} FROM {table}").fetchall(), key=repr)


def tables_rows(
    con: duckdb.DuckDBPyConnection, tables: Iterable[str] = TABLES
) -> dict[str, list[tuple]]:
    return {table: table_rows(con, table) for table in tables}
