"""Dateline: dated news articles to a time-anchored, sourced record of what happened.

``dateline.extract(text, dct=...)`` gives one article's ``Report``; ``dateline.pipeline()`` gives
the spaCy pipeline (spaCy's English model plus Dateline's components). Both load spaCy only when
first used, so ``import dateline`` stays cheap.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["extract", "pipeline"]


def __getattr__(name: str) -> Any:
    if name == "extract":
        from dateline.extraction import extract

        return extract
    if name == "pipeline":  # the module is callable: dateline.pipeline(model=...) -> Language
        import dateline.pipeline

        return dateline.pipeline
    raise AttributeError(f"module 'dateline' has no attribute {name!r}")
