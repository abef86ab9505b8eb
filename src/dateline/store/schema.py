"""Map the record classes of ``model.py`` to table columns and back.

The store's tables are derived from the dataclasses, so that a field added to a record appears
in the store, the exports and the API without a second schema to keep in step. Scalars become
typed columns; nested records (mentions, trigger, time, ...) become JSON columns.

A column is named as its field, except the offsets ``start`` and ``end``: ``end`` is an SQL
keyword (``select start, end from places`` is a syntax error in DuckDB), so their columns are
``start_char`` and ``end_char``, spaCy's names. The records, the report JSON and the JSON inside
columns keep the contract's ``start``/``end``. ``migrate`` renames the columns of a store made
before.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from functools import cache
from typing import Any

import duckdb

from dateline import model

#: The record class of each list-valued part of a report.
RECORD_CLASSES: dict[str, type] = {
    "entities": model.Entity,
    "timexes": model.Timex,
    "quantities": model.Quantity,
    "places": model.Place,
    "events": model.Event,
    "quotes": model.Quote,
    "attributions": model.Attribution,
    "incident_roles": model.RoleMention,
}

_SCALARS = {str: "VARCHAR", int: "BIGINT", float: "DOUBLE", bool: "BOOLEAN"}
#: Fields whose column has another name (see the module docstring).
COLUMN_NAMES = {"start": "start_char", "end": "end_char"}


@dataclasses.dataclass(frozen=True, slots=True)
class Column:
    name: str  # the column's name in the store
    sql_type: str
    hint: Any  # the field's type, for decoding
    field: str  # the record field it holds

    @property
    def is_json(self) -> bool:
        return self.sql_type == "JSON"


def _strip_optional(hint: Any) -> Any:
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return hint


def _sql_type(hint: Any) -> str:
    hint = _strip_optional(hint)
    if hint in _SCALARS:
        return _SCALARS[hint]
    if typing.get_origin(hint) is list:
        (item,) = typing.get_args(hint)
        if item in _SCALARS:
            return _SCALARS[item] + "[]"
    return "JSON"


@cache
def columns(cls: type) -> tuple[Column, ...]:
    """The columns of a record class, in field order."""
    hints = typing.get_type_hints(cls)
    return tuple(
        Column(COLUMN_NAMES.get(f.name, f.name), _sql_type(hints[f.name]), hints[f.name], f.name)
        for f in dataclasses.fields(cls)
    )


def migrate(con: duckdb.DuckDBPyConnection) -> None:
    """Rename the ``start``/``end`` columns of a store made before ``COLUMN_NAMES`` to theirs,
    on a connection open for writing. Runs each time a store is opened for writing and finds
    nothing to do once a store is renamed."""
    stored: dict[str, set[str]] = {}
    for table, column in con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name = 'main'"
    ).fetchall():
        stored.setdefault(table, set()).add(column)
    for kind in RECORD_CLASSES:
        names = stored.get(kind, set())
        for old, new in COLUMN_NAMES.items():
            if old in names and new not in names:
                con.execute(f'ALTER TABLE {kind} RENAME COLUMN "{old}" TO {new}')


def to_row(record: Any) -> list[Any]:
    """A record's values in column order, nested parts as JSON text."""
    row = []
    for col in columns(type(record)):
        value = getattr(record, col.field)
        if col.is_json:
            value = None if value is None else json.dumps(_plain(value))
        row.append(value)
    return row


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return dataclasses.asdict(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def from_row(cls: type, row: dict[str, Any]) -> Any:
    """Rebuild a record from a row as the store returns it (column name -> value) or from a
    record's JSON (field name -> value: nested parts keep the field names)."""
    kwargs = {}
    for col in columns(cls):
        key = col.name if col.name in row else col.field
        if key not in row:
            continue
        value = row[key]
        if col.is_json and isinstance(value, str):
            value = json.loads(value)
        kwargs[col.field] = _decode(col.hint, value)
    return cls(**kwargs)


def _decode(hint: Any, value: Any) -> Any:
    hint = _strip_optional(hint)
    if value is None:
        return None
    if dataclasses.is_dataclass(hint) and isinstance(value, dict):
        return from_row(hint, value)
    if typing.get_origin(hint) is list:
        (item,) = typing.get_args(hint)
        return [_decode(item, v) for v in value]
    return value
