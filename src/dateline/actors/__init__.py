"""Actors: entities and actor-like noun phrases, merged within a document, with country and sector.

``resolve`` codes one name (with an optional context) the same way the component codes every
entity; the component lives in ``dateline.components.actors``.
"""

from dateline.actors.resolve import Resolution, resolve

__all__ = ["Resolution", "resolve"]
