"""The store: an embedded DuckDB file whose tables are derived from the record classes
(``schema.py``), written by ``database.Store`` and read through ``query.py``."""

from dateline.store.database import TABLES, Store

__all__ = ["TABLES", "Store"]
