"""Read a lake as a store: the committed files loaded into an in-memory DuckDB with the store's
tables, so that ``Store.over`` and every reader of a store (query, export, stories, serve) run
on it unchanged.

The tables are loaded, not views over the files, because the store's readers know a store's
tables by ``duckdb_tables()`` (export, story look-ups) and a view is not listed there; DuckDB
reads Parquet at disk speed and spills to disk past its memory limit, and a lake too large for
that is read by DuckDB, Spark or Trino directly (docs/lake.md). Only the files the manifests
name are read, in commit order, and the store's semantics are rebuilt from the batches:
a document stored by two batches (two writers racing on one input) is kept from the first, with
that batch's facts; a story re-written by later story batches is kept as it last stands; a
rejection is the latest of its origin, resolved from when a document of that origin was stored.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from dateline.lake.layout import LakeError, Manifest
from dateline.model import RECORD_KINDS
from dateline.store.database import TABLES, create_tables
from dateline.store.views import create_views

if TYPE_CHECKING:
    from dateline.lake.writer import Lake

#: Tables whose rows belong to a document (by this column), kept from the batch that first
#: stored it.
_BY_DOCUMENT = {"documents": "id", **{kind: "doc_id" for kind in RECORD_KINDS}}
#: Tables with one row per key (this column): the row of the first or of the latest batch.
_FIRST = {"story_documents": "doc_id"}
_LATEST = {"stories": "id", "rejections": "origin"}


def connect(lake: Lake) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB holding the lake's committed batches as the store's tables (and
    views). ``LakeError`` for a manifest naming a missing file or a file DuckDB cannot read."""
    con = duckdb.connect(":memory:")
    try:
        create_tables(con)
        register(con, lake.root, lake.manifests())
        load(con, lake.root)
        con.execute("DROP TABLE lake_files; DROP TABLE lake_owner")  # a store has neither
        create_views(con)
    except BaseException:
        con.close()
        raise
    return con


def register(con: duckdb.DuckDBPyConnection, root: Path, manifests: list[Manifest]) -> None:
    """Record on ``con`` (temporary tables) the files the manifests name, in commit order, and
    the batch each document is kept from (the first that stored it): what ``load`` reads.
    ``LakeError`` for a manifest naming a missing file."""
    rows = []
    for rank, manifest in enumerate(manifests):
        for f in manifest.files:
            path = root / f.path
            if not path.is_file():
                raise LakeError(
                    f"{root}: manifest {manifest.batch_id} names a missing file {f.path}"
                )
            rows.append((str(path), f.table, f.pub_date, manifest.batch_id, rank))
    con.execute("CREATE OR REPLACE TEMP TABLE lake_files (path VARCHAR, tbl VARCHAR,"
                " pub_date VARCHAR, batch VARCHAR, rank INTEGER)")
    if rows:
        con.execute("INSERT INTO lake_files SELECT unnest(?), unnest(?), unnest(?), unnest(?),"
                    " unnest(?)", [list(col) for col in zip(*rows, strict=True)])
    owners: dict[str, str] = {}
    for manifest in manifests:
        for doc_id in manifest.documents:
            owners.setdefault(doc_id, manifest.batch_id)
    con.execute("CREATE OR REPLACE TEMP TABLE lake_owner (doc_id VARCHAR, batch VARCHAR)")
    if owners:
        con.execute(
            "INSERT INTO lake_owner SELECT unnest(?), unnest(?)",
            [list(owners), list(owners.values())],
        )


def load(
    con: duckdb.DuckDBPyConnection,
    root: Path,
    tables: Iterable[str] = TABLES,
    pub_dates: Collection[str] | None = None,
    where: dict[str, tuple[str, list[Any]]] | None = None,
) -> None:
    """Insert the rows of ``tables`` from the files ``register`` recorded into the store tables
    of ``con`` (made by ``create_tables``), from the partitions ``pub_dates`` only if given,
    and for a table of ``where`` only the rows its condition (SQL over the table's columns,
    with its parameters) keeps: how story grouping loads a few days of documents, or the
    stories it needs, at a time."""
    for table in tables:
        sql, params = "SELECT path FROM lake_files WHERE tbl = ?", [table]
        if pub_dates is not None:
            sql, params = sql + " AND list_contains(?, pub_date)", [table, list(pub_dates)]
        files = [r[0] for r in con.execute(sql + " ORDER BY rank, path", params).fetchall()]
        if files:
            _load_table(con, root, table, files, (where or {}).get(table))


def _load_table(
    con: duckdb.DuckDBPyConnection, root: Path, table: str, files: list[str],
    where: tuple[str, list[Any]] | None,
) -> None:
    source = "read_parquet(?, union_by_name = true, filename = true, hive_partitioning = false)"
    try:
        present = {r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {source}", [files])
                   .fetchall()}
    except duckdb.Error as e:
        raise LakeError(f"{root}: cannot read the {table} files: {_first_line(e)}") from e
    cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall() if r[0] in present]
    quoted = ", ".join(f'"{c}"' for c in cols)
    names = ", ".join(f't."{c}"' for c in cols)
    sql = f"SELECT {names} FROM {source} t JOIN lake_files f ON f.path = t.filename"
    if table in _BY_DOCUMENT:
        sql += f" JOIN lake_owner o ON o.doc_id = t.{_BY_DOCUMENT[table]} AND o.batch = f.batch"
    for keys, order in ((_FIRST, "f.rank"), (_LATEST, "f.rank DESC")):
        if table in keys:
            sql += f" QUALIFY row_number() OVER (PARTITION BY t.{keys[table]} ORDER BY {order}) = 1"
    params: list[Any] = [files]
    if where is not None:
        sql = f"SELECT * FROM ({sql}) WHERE {where[0]}"
        params += where[1]
    try:
        con.execute(f"INSERT INTO {table} ({quoted}) {sql}", params)
    except duckdb.Error as e:
        raise LakeError(f"{root}: cannot read the {table} files: {_first_line(e)}") from e
    if table == "rejections":
        _resolve(con)


def _resolve(con: duckdb.DuckDBPyConnection) -> None:
    """A rejection is resolved from when a document of its origin was stored, at its batch or
    later (what the store does as it writes)."""
    con.execute(
        "UPDATE rejections r SET resolved_at = s.at FROM (SELECT r2.origin, min(d.ingested_at)"
        " AS at FROM rejections r2 JOIN documents d ON d.origin = r2.origin"
        " AND d.ingested_at >= r2.rejected_at GROUP BY r2.origin) s WHERE s.origin = r.origin"
    )


def _first_line(error: Exception) -> str:
    return str(error).splitlines()[0] if str(error) else type(error).__name__
