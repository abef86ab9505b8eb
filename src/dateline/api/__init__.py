"""``dateline serve``: a JSON API and a web page (search, timeline, map, document view) over a
store, in one FastAPI app (``app.create_app``) reading through ``store.query``."""

from dateline.api.access import StoreAccess, StoreBusy
from dateline.api.app import create_app

__all__ = ["StoreAccess", "StoreBusy", "create_app"]
