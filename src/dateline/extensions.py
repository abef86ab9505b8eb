"""The Doc extensions through which Dateline's components hand their records to each other.

Each component writes a list of typed records (see ``model.py``) to one attribute and reads the
attributes of the components before it; ``report.doc_to_report`` gathers them. Registered once,
on import, so that a spaCy user who adds one Dateline component to their own pipeline gets them.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from dateline.model import RECORD_KINDS

#: ``doc._.dct`` is the document creation time (a ``datetime.date``) or None when unknown.
DOC_ATTRIBUTES: tuple[str, ...] = ("dct", *RECORD_KINDS)

for _name in DOC_ATTRIBUTES:
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
