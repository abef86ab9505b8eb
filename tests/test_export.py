"""Exports are atomic: a folder named as the target is always a finished export with its
manifest; a non-empty target needs --overwrite (which leaves no stale file); bad paths are one
line and exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from dateline import __version__
from dateline.cli import app
from dateline.model import Document, Entity, Offsets, Rejection, Report
from dateline.store import TABLES, Store
from dateline.writers import export as export_module
from dateline.writers.export import MANIFEST, ExportError, export

runner = CliRunner()


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "news.duckdb"
    with Store(path) as store:
        for i in range(3):
            text = f"Seoul said on Monday that troops moved ({i})."
            store.add_reports([Report(
                document=Document(id=f"d{i}", text=text, dct="2017-11-22", origin=f"{i}.txt"),
                entities=[Entity(id="E1", text="Seoul", label="GPE", mentions=[Offsets(0, 5)])],
            )])
        store.add_rejections([Rejection(origin="bad.txt", reason="empty")])
    return path


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_export_writes_every_table_and_a_manifest(db, tmp_path, fmt):
    out = tmp_path / "export"
    result = invoke("export", "--db", db, "--out", out, "--format", fmt)
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["dateline_version"] == __version__ and manifest["format"] == fmt
    assert manifest["tables"]["documents"] == {"rows": 3, "file": f"documents.{fmt}"}
    assert manifest["tables"]["entities"]["rows"] == 3
    assert manifest["tables"]["rejections"]["rows"] == 1
    files = [*TABLES, "event_table"]  # the raw tables and the flat event view beside them
    assert set(manifest["tables"]) == set(files)
    assert {f["name"] for f in manifest["files"]} == {f"{t}.{fmt}" for t in files}
    assert sorted(p.name for p in out.iterdir()) == sorted([MANIFEST, *(f"{t}.{fmt}" for t in
                                                                        files)])
    reader = "read_parquet" if fmt == "parquet" else "read_json_auto"
    con = duckdb.connect()
    for name, table in manifest["tables"].items():
        rows = con.execute(f"SELECT count(*) FROM {reader}('{out / table['file']}')").fetchone()
        assert rows[0] == table["rows"], name
    for f in manifest["files"]:
        assert (out / f["name"]).stat().st_size == f["bytes"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no leftovers


def test_timeml_export_has_a_manifest_too(db, tmp_path):
    out = tmp_path / "tml"
    assert invoke("export", "--db", db, "--out", out, "--format", "timeml").exit_code == 0
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["tables"] == {"documents": {"rows": 3, "file": None}}
    assert sorted(f["name"] for f in manifest["files"]) == ["d0.tml", "d1.tml", "d2.tml"]


def test_a_non_empty_target_needs_overwrite_which_leaves_no_stale_file(db, tmp_path):
    out = tmp_path / "export"
    assert invoke("export", "--db", db, "--out", out).exit_code == 0
    (out / "stale.parquet").write_text("from an older export")
    again = invoke("export", "--db", db, "--out", out, "--format", "jsonl")
    assert again.exit_code == 2
    assert "not empty" in again.stderr and "--overwrite" in again.stderr
    assert (out / "documents.parquet").exists()  # the previous export is untouched
    replaced = invoke("export", "--db", db, "--out", out, "--format", "jsonl", "--overwrite")
    assert replaced.exit_code == 0, replaced.output
    names = {p.name for p in out.iterdir()}
    assert "stale.parquet" not in names and "documents.parquet" not in names
    assert "documents.jsonl" in names and MANIFEST in names
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_overwrite_never_replaces_a_folder_that_is_not_an_export(db, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    result = invoke("export", "--db", db, "--out", folder, "--overwrite")
    assert result.exit_code == 2 and "not a Dateline export" in result.stderr
    assert (folder / "notes.txt").read_text() == "keep me"


def test_an_empty_existing_folder_is_a_fine_target(db, tmp_path):
    out = tmp_path / "empty"
    out.mkdir()
    assert invoke("export", "--db", db, "--out", out).exit_code == 0
    assert (out / MANIFEST).is_file()


@pytest.mark.parametrize("case", ["file", "under_a_file", "proc", "symlink"])
def test_bad_targets_are_one_line_and_exit_2(db, tmp_path, case):
    target = {
        "file": db,
        "under_a_file": db / "x" / "y",
        "proc": Path("/proc/dateline-export"),
        "symlink": tmp_path / "link",
    }[case]
    if case == "symlink":
        (tmp_path / "real").mkdir()
        target.symlink_to(tmp_path / "real")
    result = invoke("export", "--db", db, "--out", target)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.output
    assert db.is_file()


def test_a_failed_export_leaves_no_target_and_no_partial_folder(db, tmp_path, monkeypatch):
    def broken(store, out_dir, fmt):
        (out_dir / "documents.parquet").write_text("half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export_module, "export_tables", broken)
    with Store(db, read_only=True) as store, pytest.raises(OSError):
        export(store, tmp_path / "out", "parquet")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["news.duckdb"]


def test_a_failed_overwrite_keeps_the_previous_export(db, tmp_path, monkeypatch):
    out = tmp_path / "out"
    with Store(db, read_only=True) as store:
        export(store, out, "jsonl")
        before = sorted(p.name for p in out.iterdir())
        monkeypatch.setattr(export_module, "export_tables", lambda *a: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            export(store, out, "parquet", overwrite=True)
    assert sorted(p.name for p in out.iterdir()) == before


def test_an_export_killed_midway_never_looks_complete(db, tmp_path):
    """kill -9 while the files are being written: no folder of the target's name appears, only
    a hidden .partial one; the next export succeeds."""
    out = tmp_path / "out"
    code = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        from dateline.store import Store
        from dateline.writers import export as ex
        real = ex.export_tables
        def dying(store, out_dir, fmt):
            real(store, out_dir, fmt)
            os.kill(os.getpid(), signal.SIGKILL)
        ex.export_tables = dying
        with Store({str(db)!r}, read_only=True) as store:
            ex.export(store, Path({str(out)!r}), "parquet")
    """)
    killed = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert killed.returncode == -9
    assert not out.exists()
    assert [p.name.endswith(".partial") for p in tmp_path.iterdir() if p.name != db.name] == [True]
    assert invoke("export", "--db", db, "--out", out).exit_code == 0
    assert (out / MANIFEST).is_file()


def test_unknown_format_is_refused_before_anything_is_written(db, tmp_path):
    with Store(db, read_only=True) as store, pytest.raises(ValueError, match="unknown export"):
        export(store, tmp_path / "out", "xml")
    assert not (tmp_path / "out").exists()


def test_export_error_is_a_value_error_for_api_callers():
    assert issubclass(ExportError, ValueError)
