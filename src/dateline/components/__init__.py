"""Dateline's spaCy components. Importing this package registers every factory."""

from dateline.components import actors, events, incidents, places, quantities, quotes, timex

__all__ = ["actors", "events", "incidents", "places", "quantities", "quotes", "timex"]
