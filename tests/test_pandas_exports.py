"""Every export opens in pandas as an analyst would open it, with the columns docs/exports.md
documents: GDELT and ACLED tables, GeoJSON properties, and the Parquet and JSONL tables (row
counts as the manifest says). pandas and pyarrow are dev dependencies, so this runs in CI."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.cli import app

pandas = pytest.importorskip("pandas")
runner = CliRunner()
DOCS = Path(__file__).resolve().parents[1] / "docs" / "exports.md"


def _documented(heading: str) -> list[str]:
    """The backticked column names in the first cell of the table rows under ``heading``."""
    section = DOCS.read_text(encoding="utf-8").split(heading, 1)[1].split("\n#", 1)[0]
    names: list[str] = []
    for line in section.splitlines():
        if line.startswith("| `"):
            names += re.findall(r"`([^`]+)`", line.split(" | ", 1)[0])
    return names


@pytest.fixture(scope="module")
def exported(tmp_path_factory, seed_path) -> Path:
    folder = tmp_path_factory.mktemp("pandas")
    db = str(folder / "news.duckdb")
    assert runner.invoke(app, ["ingest", str(seed_path), "--db", db]).exit_code == 0
    for fmt in ("gdelt", "acled", "geojson", "parquet", "jsonl"):
        result = runner.invoke(app, ["export", "--db", db, "-f", fmt, "--out", str(folder / fmt)])
        assert result.exit_code == 0, result.output
    return folder


def test_acled_csv_has_the_documented_columns_and_the_seed_shooting(exported):
    frame = pandas.read_csv(exported / "acled" / "acled_events.csv")
    assert list(frame.columns) == _documented("### ACLED")
    (shooting,) = frame[frame["event_type"] == "Violence against civilians"].itertuples()
    assert (shooting.location, shooting.latitude, shooting.longitude) == (
        "Joint Security Area", 37.9559, 126.6772)
    assert shooting.sub_event_type == "Attack" and shooting.fatalities == 0
    assert "UN Command" in shooting.notes and "South Korea's military" in shooting.notes


def test_gdelt_tsv_has_every_documented_column(exported):
    frame = pandas.read_csv(exported / "gdelt" / "gdelt_events.tsv", sep="\t")
    documented = _documented("### GDELT")
    expanded = {
        name.replace("Actor1", "Actor2")
        for name in documented if name.startswith("Actor1")
    } if "Actor2*" in documented else set()
    assert (set(documented) - {"Actor2*"}) | expanded <= set(frame.columns)
    assert len(frame.columns) == 61
    assert frame["GLOBALEVENTID"].is_unique


def test_geojson_properties_are_the_event_table_columns(exported):
    collection = json.loads((exported / "geojson" / "events.geojson").read_text())
    frame = pandas.json_normalize(collection["features"])
    properties = {c.removeprefix("properties.") for c in frame.columns if c.startswith("prop")}
    assert properties == set(_documented("## `event_table`")) - {"place_lat", "place_lon"}
    assert set(frame["properties.place_name"]) == {"Joint Security Area"}


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_table_exports_read_back_with_the_manifest_counts(exported, fmt):
    manifest = json.loads((exported / fmt / "MANIFEST.json").read_text())
    for name, table in manifest["tables"].items():
        path = exported / fmt / table["file"]
        if fmt == "parquet":
            frame = pandas.read_parquet(path)
        else:
            frame = pandas.read_json(path, lines=True) if table["rows"] else pandas.DataFrame()
        assert len(frame) == table["rows"], name


def _documented_types(heading: str) -> dict[str, str]:
    """Column name -> the SQL type the doc's table under ``heading`` gives it."""
    section = DOCS.read_text(encoding="utf-8").split(heading, 1)[1].split("\n#", 1)[0]
    types: dict[str, str] = {}
    for line in section.splitlines():
        if line.startswith("| `"):
            names_cell, types_cell = line.split(" | ")[:2]
            names = re.findall(r"`([^`]+)`", names_cell)
            sql = [t.strip() for t in types_cell.split(",")]
            types |= dict(zip(names, sql if len(sql) == len(names) else sql * len(names),
                              strict=True))
    return types


#: pandas dtypes (``dtype_backend="numpy_nullable"``) of the SQL types, as docs/exports.md says.
_PANDAS = {"VARCHAR": "string", "DOUBLE": "Float64", "BIGINT": "Int64", "INTEGER": "Int32",
           "BOOLEAN": "boolean", "DATE": "object"}


def test_event_table_parquet_has_the_documented_columns_and_types(exported):
    path = exported / "parquet" / "event_table.parquet"
    manifest = json.loads((exported / "parquet" / "MANIFEST.json").read_text())
    assert manifest["tables"]["event_table"] == {"rows": 16, "file": "event_table.parquet"}
    expected = _documented_types("## `event_table`")
    del expected["incident_place_idx"]  # left out of the file, as the doc says
    expected["place_geonameid"] = "VARCHAR"
    frame = pandas.read_parquet(path, dtype_backend="numpy_nullable")
    assert sorted(frame.columns) == sorted(expected)
    for name, sql in expected.items():
        assert str(frame[name].dtype).startswith(_PANDAS[sql]), (name, frame[name].dtype)
    dates = frame["published"].dropna()
    assert len(dates) == 16 and all(isinstance(d, dt.date) for d in dates)
    plain = pandas.read_parquet(path)  # the default backend: no float64 ids
    assert plain["place_geonameid"].dtype != "float64" and plain["place_lat"].dtype == "float64"
    assert set(plain["place_geonameid"].dropna()) <= {str(i) for i in range(10**8)}


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_event_table_file_holds_scalars_not_json(exported, fmt):
    path = exported / fmt / f"event_table.{fmt}"
    frame = (pandas.read_parquet(path) if fmt == "parquet"
             else pandas.read_json(path, lines=True, dtype={"place_geonameid": str}))
    assert len(frame) == 16
    for name in frame.columns:
        values = frame[name].dropna()
        assert not any(isinstance(v, dict | list) for v in values), name
        assert not any(isinstance(v, str) and v[:1] in "{[" for v in values), name
    shooting = frame[frame["place_name"] == "Joint Security Area"]
    assert len(shooting) and shooting["place_lat"].iloc[0] == 37.9559
