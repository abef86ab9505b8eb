"""Who said what: direct quotations and reported speech, and lookups over them.

``attribution_for`` is the query the events component asks: "does the text attribute the
thing at this offset to someone?" — it answers with the innermost attribution covering it.
"""

from __future__ import annotations

from spacy.tokens import Doc

import dateline.extensions  # noqa: F401  (registers doc._.attributions)
from dateline.model import Attribution


def attribution_for(doc: Doc, char_offset: int) -> Attribution | None:
    """The innermost attribution whose content [start, end) covers ``char_offset``, or None.

    Innermost (the shortest span) because reported speech nests: in "A said B claimed X",
    X is B's claim as reported by A, and B is the nearer source.
    """
    best: Attribution | None = None
    for attribution in doc._.attributions or ():
        if attribution.start <= char_offset < attribution.end and (
            best is None or attribution.end - attribution.start < best.end - best.start
        ):
            best = attribution
    return best


__all__ = ["attribution_for"]
