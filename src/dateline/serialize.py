"""Dateline's records inside spaCy's binary formats (``Doc.to_bytes``, ``DocBin``).

spaCy keeps Doc extension values in ``doc.user_data`` and writes them with srsly's msgpack,
which knows no dataclasses: a processed Doc could not be saved. This module registers a srsly
msgpack encoder and decoder (srsly's own extension point, the one thinc uses for arrays) that
write each record of ``model.py`` as a small tagged map and rebuild the same typed record on
reading, nested records included. Registered on import of ``dateline.extensions``, which every
Dateline component imports.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import srsly

from dateline import model

_TAG = "__dateline__"
#: The record classes, by name: what a tagged map may be rebuilt as (nothing else).
_CLASSES: dict[str, type] = {
    name: cls
    for name, cls in vars(model).items()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == model.__name__
}


def encode(obj: Any, chain: Callable[[Any], Any] | None = None) -> Any:
    """A Dateline record as ``{"__dateline__": class name, "fields": {...}}``; other objects are
    left to the next encoder. Nested records come back here through msgpack's ``default``."""
    if _CLASSES.get(type(obj).__name__) is type(obj):
        fields = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
        return {_TAG: type(obj).__name__, "fields": fields}
    return chain(obj) if chain is not None else obj


def decode(obj: Any, chain: Callable[[Any], Any] | None = None) -> Any:
    """The record a tagged map stands for (msgpack calls this innermost map first, so nested
    records are already rebuilt); any other map is left to the next decoder. List fields come
    back as lists even where the reader asks for tuples (``DocBin`` does, for the whole of
    ``user_data``, so there the extension values themselves are tuples of records)."""
    if isinstance(obj, dict) and _TAG in obj:
        fields = {k: list(v) if isinstance(v, tuple) else v for k, v in obj["fields"].items()}
        return _CLASSES[obj[_TAG]](**fields)
    return chain(obj) if chain is not None else obj


srsly.msgpack_encoders.register("dateline", func=encode)
srsly.msgpack_decoders.register("dateline", func=decode)
