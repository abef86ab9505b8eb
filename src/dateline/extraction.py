"""``dateline.extract``: one article's text to its Report, from Python.

The same path as ``dateline extract``: the text is normalized and identified as the readers do
it (so the id matches what ``ingest`` stores), then goes through the process-wide pipeline.
"""

from __future__ import annotations

import datetime as dt

from dateline.model import Rejection, Report
from dateline.pipeline import MODEL, get_nlp, process
from dateline.readers.common import InputError, make_document


def extract(
    text: str,
    dct: str | dt.date | None = None,
    url: str | None = None,
    *,
    title: str | None = None,
    source: str | None = None,
    model: str = MODEL,
) -> Report:
    """The report of one article. ``dct`` (YYYY-MM-DD or a date) anchors relative dates; without
    it they stay unresolved. ValueError names a bad date, an empty text or a failed component."""
    if isinstance(dct, dt.date):
        dct = dct.isoformat()
    elif dct is not None:
        try:
            dct = dt.date.fromisoformat(dct).isoformat()
        except ValueError:
            raise ValueError(f"dct {dct!r} is not a YYYY-MM-DD date") from None
    try:
        document = make_document(
            text, "dateline.extract", dct=dct, url=url, title=title, source=source
        )
    except InputError as e:
        raise ValueError(f"text: {e}") from None
    (result,) = process([document], nlp=get_nlp(model))
    if isinstance(result, Rejection):
        raise ValueError(result.reason)
    return result
