"""Write the store out: every table as Parquet or JSONL (DuckDB's own writers), or TimeML."""

from __future__ import annotations

from pathlib import Path

from dateline.store import TABLES, Store

_COPY_OPTIONS = {"parquet": "FORMAT parquet", "jsonl": "FORMAT json"}


def export_tables(store: Store, out_dir: Path, fmt: str) -> list[Path]:
    """One file per table, readable by DuckDB, pandas or Spark; returns the paths written."""
    if fmt not in _COPY_OPTIONS:
        raise ValueError(f"unknown export format {fmt!r}")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    present = {r[0] for r in store.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    for table in (t for t in TABLES if t in present):  # a store made before stories has none
        path = out_dir / f"{table}.{fmt}"
        target = str(path).replace("'", "''")
        store.con.execute(f"COPY {table} TO '{target}' ({_COPY_OPTIONS[fmt]})")
        written.append(path)
    return written


def export_timeml(store: Store, out_dir: Path) -> list[Path]:
    """One TimeML file per stored document, with its time expressions tagged."""
    from dateline.writers.timeml import write_timeml

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for report in store.iter_reports():
        path = out_dir / f"{report.document.id}.tml"
        path.write_text(write_timeml(report), encoding="utf-8")
        written.append(path)
    return written
