"""The Doc extensions through which Dateline's components hand their records to each other.

Each component writes a list of typed records (see ``model.py``) to one attribute and reads the
attributes of the components before it; ``report.doc_to_report`` gathers them. Registered once,
on import, so that a spaCy user who adds one Dateline component to their own pipeline gets them.
"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc, Token

import dateline.serialize  # noqa: F401  (records survive Doc.to_bytes and DocBin)
from dateline.model import RECORD_KINDS

#: Where a Doc keeps its document date, as an ISO string: settable before ``nlp(doc)`` and
#: plain data for ``Doc.to_bytes``/``DocBin``.
DCT_KEY = "dct"


def _get_dct(doc: Doc) -> dt.date | None:
    value = doc.user_data.get(DCT_KEY)
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError(f'doc.user_data["dct"] {value!r} is not a YYYY-MM-DD date') from None


def _set_dct(doc: Doc, value: dt.date | str | None) -> None:
    if value is None:
        doc.user_data.pop(DCT_KEY, None)
        return
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError(f"document date {value!r} is not a YYYY-MM-DD date") from None
    doc.user_data[DCT_KEY] = day.isoformat()


#: ``doc._.dct`` is the document creation time, read as a ``datetime.date`` (None when
#: unknown); it may be set to a date or a YYYY-MM-DD string, or given as
#: ``doc.user_data["dct"] = "YYYY-MM-DD"`` before the Doc goes through the pipeline.
if not Doc.has_extension("dct"):
    Doc.set_extension("dct", getter=_get_dct, setter=_set_dct)

for _name in RECORD_KINDS:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

#: ``token._.entity_id`` is the id of the Entity a token is a mention of (set by the actors
#: component), so later components resolve a parse node to an actor in O(1).
if not Token.has_extension("entity_id"):
    Token.set_extension("entity_id", default=None)

#: ``doc._.toponyms`` are all the place names the places component found, as ``Place`` records,
#: including metonymic ones ("Seoul said": an actor, so not in ``doc._.places``).
if not Doc.has_extension("toponyms"):
    Doc.set_extension("toponyms", default=None)

#: ``doc._.url`` / ``doc._.source`` are the article's address and outlet (from ``Document``),
#: when known: the places component reads where a local outlet is from them.
for _name in ("url", "source"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
