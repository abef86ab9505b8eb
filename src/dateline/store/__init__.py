"""The store: an embedded DuckDB file whose tables are derived from the record classes
(``schema.py``), written by ``database.Store`` and read through ``query.py``; ``access.py``
lets readers and one writer use it side by side."""

from dateline.store.access import DEFAULT_WAIT, StoreBusy, current_writer
from dateline.store.database import TABLES, Store

__all__ = ["DEFAULT_WAIT", "TABLES", "Store", "StoreBusy", "current_writer"]
