"""Dateline's spaCy components. Importing this package registers every factory."""

from dateline.components import actors, events, places, quantities, quotes, timex

__all__ = ["actors", "events", "places", "quantities", "quotes", "timex"]
