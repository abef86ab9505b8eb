"""Write the store out: every table as Parquet or JSONL (DuckDB's own writers) with the flat
``event_table`` beside them, TimeML, or the distinct events as one GDELT, ACLED or GeoJSON file
(``writers/<format>.py``).

An export is atomic: it is written into a hidden temporary folder beside the target
(``.NAME.*.partial``), ends with ``MANIFEST.json`` (tables, row counts, files with their size
and SHA-256, Dateline version, time), and only then is renamed into place. So a folder named as
the target is always a finished export; an export killed midway leaves only its ``.partial``
folder. A non-empty target is refused unless ``overwrite``, which replaces it whole (no stale
file survives) but only when it holds a previous export (its manifest) - never a folder of
other files, such as a home directory given by mistake.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from dateline import __version__
from dateline.store import TABLES, Store
from dateline.store.views import VIEW, check_view

_COPY_OPTIONS = {"parquet": "FORMAT parquet", "jsonl": "FORMAT json"}
#: Formats of one file of distinct events, each written by ``dateline.writers.<format>.export``.
EVENT_FORMATS = ("gdelt", "acled", "geojson")
FORMATS = (*_COPY_OPTIONS, "timeml", *EVENT_FORMATS)
MANIFEST = "MANIFEST.json"
#: ``event_table`` as its file holds it: the view's scalars, except the incident place's
#: position in the report's places (its name and coordinates are there) and with the GeoNames
#: id as text, since pandas reads an integer column with nulls as float64.
_EVENT_TABLE = (
    f"SELECT * EXCLUDE (incident_place_idx) "
    f"REPLACE (CAST(place_geonameid AS VARCHAR) AS place_geonameid) "
    f"FROM {VIEW} ORDER BY published NULLS LAST, doc_id, event_idx"
)


class ExportError(ValueError):
    """The target cannot take an export (a file, not empty, not writable); nothing was written."""


def export(store: Store, out_dir: Path, fmt: str, *, overwrite: bool = False) -> dict[str, Any]:
    """Export the store into ``out_dir`` atomically; returns the manifest written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    target = _check_target(out_dir, overwrite)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial",
                                     dir=target.parent))
    except OSError as e:
        raise ExportError(f"cannot write into {target.parent}: {e.strerror or e}") from None
    try:
        if fmt == "timeml":
            tables = {"documents": {"rows": store.count("documents"), "file": None}}
            files = export_timeml(store, work)
        elif fmt in EVENT_FORMATS:
            tables = {"events": {"rows": store.count("events"), "file": None}}
            files = importlib.import_module(f"dateline.writers.{fmt}").export(store, work)
        else:
            tables = {t: {"rows": store.count(t), "file": f"{t}.{fmt}"}
                      for t in stored_tables(store)}
            files = export_tables(store, work, fmt)
            rows = store.con.execute(f"SELECT count(*) FROM {VIEW}").fetchone()[0]
            tables[VIEW] = {"rows": rows, "file": f"{VIEW}.{fmt}"}
        manifest = {
            "dateline_version": __version__,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "format": fmt,
            "store": str(Path(store.path).resolve()),
            "tables": tables,
            "files": [_describe(p) for p in files],
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        _put_in_place(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return manifest


def _check_target(out_dir: Path, overwrite: bool) -> Path:
    target = Path(out_dir).absolute()
    if target.is_symlink():
        raise ExportError(f"--out {out_dir} is a symbolic link; give the folder it points to")
    if target.exists() and not target.is_dir():
        raise ExportError(f"--out {out_dir} exists and is not a folder")
    above = next(p for p in target.parents if p.exists())
    if not above.is_dir():
        raise ExportError(f"--out {out_dir}: {above} is not a folder")
    if target.is_dir() and any(target.iterdir()):
        if not overwrite:
            raise ExportError(
                f"--out {out_dir} is not empty; pass --overwrite to replace a previous export"
            )
        if not (target / MANIFEST).is_file():
            raise ExportError(
                f"--out {out_dir} holds files that are not a Dateline export (no {MANIFEST}); "
                "not replacing them, choose another folder"
            )
    return target


def _put_in_place(work: Path, target: Path) -> None:
    """Rename the finished export to the target; a previous one is moved aside, then removed."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
        target.rename(old / target.name)
    try:
        work.rename(target)
    except BaseException:
        if old is not None:
            (old / target.name).rename(target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _describe(path: Path) -> dict[str, Any]:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return {"name": path.name, "bytes": path.stat().st_size, "sha256": digest.hexdigest()}


def stored_tables(store: Store) -> list[str]:
    """The tables of ``TABLES`` this store has (a store made before stories has none of them)."""
    present = {r[0] for r in store.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    return [t for t in TABLES if t in present]


def export_tables(store: Store, out_dir: Path, fmt: str) -> list[Path]:
    """One file per table and one of ``event_table``, readable by DuckDB, pandas or Spark;
    returns the paths written. ExportError for a store made before the view."""
    if fmt not in _COPY_OPTIONS:
        raise ValueError(f"unknown export format {fmt!r}")
    try:
        check_view(store, "")
    except ValueError as e:
        raise ExportError(str(e)) from None
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    queries = [(t, t) for t in stored_tables(store)] + [(VIEW, f"({_EVENT_TABLE})")]
    for name, source in queries:
        path = out_dir / f"{name}.{fmt}"
        target = str(path).replace("'", "''")
        store.con.execute(f"COPY {source} TO '{target}' ({_COPY_OPTIONS[fmt]})")
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
