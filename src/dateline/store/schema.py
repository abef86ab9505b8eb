"""Map the record classes of ``model.py`` to table columns and back.

The store's tables are derived from the dataclasses, so that a field added to a record appears
in the store, the exports and the API without a second schema to keep in step. Scalars become
typed columns; nested records (mentions, trigger, time, ...) become JSON columns.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from functools import cache
from typing import Any

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


@dataclasses.dataclass(frozen=True, slots=True)
class Column:
    name: str
    sql_type: str
    hint: Any  # the field's type, for decoding

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
        Column(f.name, _sql_type(hints[f.name]), hints[f.name]) for f in dataclasses.fields(cls)
    )


def to_row(record: Any) -> list[Any]:
    """A record's values in column order, nested parts as JSON text."""
    row = []
    for col in columns(type(record)):
        value = getattr(record, col.name)
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
    """Rebuild a record from a row (column name -> value) as the store returns it."""
    kwargs = {}
    for col in columns(cls):
        if col.name not in row:
            continue
        value = row[col.name]
        if col.is_json and isinstance(value, str):
            value = json.loads(value)
        kwargs[col.name] = _decode(col.hint, value)
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
