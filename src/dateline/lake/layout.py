"""Where a lake keeps what: table folders partitioned by publication date, and the manifests.

A lake is a folder. Each table has a folder of Parquet files, one sub-folder per publication
day (``pub_date=YYYY-MM-DD``, ``pub_date=unknown`` for undated documents and for rejections),
named ``<batch_id>-<n>.parquet``. ``_manifest/<batch_id>.json`` is the commit record of a batch:
its files, the documents it stored, the origins it rejected (and, for a story batch, the
documents it grouped). A batch is visible iff its manifest exists, so the manifest is written
last, to a temporary name, then renamed. The manifests are the lake's one source of truth:
readers open the files they name and nothing else.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Version of the manifest format, written in each manifest.
FORMAT = 1
MANIFESTS = "_manifest"
#: Staging folder: files being written, before they are renamed into place.
STAGING = "_tmp"
#: Lock file: writers hold it shared while they commit; cleanup holds it exclusive.
LOCK = "_lock"
#: Partition of rows with no publication date.
UNKNOWN_DAY = "unknown"
_BATCH_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,199}")


class LakeError(Exception):
    """A folder that is not a lake, or a lake whose manifests and files disagree."""


def check_batch_id(batch_id: str) -> str:
    """A batch id names files: letters, digits, ``_.-``, not starting with a dot."""
    if not _BATCH_ID.fullmatch(batch_id):
        raise ValueError(f"bad batch id {batch_id!r}: use letters, digits and _.- (<= 200)")
    return batch_id


@dataclass(frozen=True, slots=True)
class DataFile:
    """One committed Parquet file of a table, relative to the lake folder."""

    table: str
    pub_date: str
    path: str
    rows: int


@dataclass(slots=True)
class Manifest:
    """The commit record of one batch."""

    batch_id: str
    committed_at: str
    kind: str  # "ingest" or "group"
    files: list[DataFile] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    rejections: list[str] = field(default_factory=list)
    grouped: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT, "batch_id": self.batch_id, "committed_at": self.committed_at,
            "kind": self.kind,
            "files": [{"table": f.table, "pub_date": f.pub_date, "path": f.path, "rows": f.rows}
                      for f in self.files],
            "documents": self.documents, "rejections": self.rejections, "grouped": self.grouped,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        return cls(
            batch_id=data["batch_id"], committed_at=data["committed_at"], kind=data["kind"],
            files=[DataFile(f["table"], f["pub_date"], f["path"], f["rows"])
                   for f in data["files"]],
            documents=list(data.get("documents", ())), rejections=list(data.get("rejections", ())),
            grouped=list(data.get("grouped", ())),
        )


def manifest_path(root: Path, batch_id: str) -> Path:
    return root / MANIFESTS / f"{batch_id}.json"


def data_path(table: str, pub_date: str, batch_id: str, n: int) -> str:
    """A data file's path relative to the lake folder."""
    return f"{table}/pub_date={pub_date}/{batch_id}-{n}.parquet"


def now_text() -> str:
    return dt.datetime.now().isoformat(timespec="microseconds")


def write_manifest(root: Path, manifest: Manifest) -> None:
    """Write a manifest durably under a temporary name, then rename it into place: the
    rename is the commit."""
    final = manifest_path(root, manifest.batch_id)
    temp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
    with open(temp, "w", encoding="utf-8") as out:
        json.dump(manifest.to_json(), out)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temp, final)
    _sync_dir(final.parent)


def read_manifest(path: Path) -> Manifest:
    """A committed manifest; an unreadable one is a ``LakeError`` naming it."""
    try:
        return Manifest.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise LakeError(f"{path}: unreadable manifest ({type(e).__name__}: {e})") from e


def manifest_files(root: Path) -> list[Path]:
    """The committed manifests' paths (temporary ones start with a dot and are left out)."""
    folder = root / MANIFESTS
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.json") if not p.name.startswith("."))


def _sync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
