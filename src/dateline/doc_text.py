"""``doc_text(doc)``: a Doc's text, built once per Doc.

spaCy's ``Doc.text`` joins every token's text on each access (~0.3 ms for a 600-word article,
a Token object per word), and Dateline's components read the whole text about ten times per
document. The text is kept beside the Doc, in a weak mapping that lets it go with the Doc
(nothing is added to the Doc, so its serialized form is unchanged). A Doc's text never
changes: merging or splitting tokens keeps it.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from spacy.tokens import Doc

_TEXTS: WeakKeyDictionary[Doc, str] = WeakKeyDictionary()


def doc_text(doc: Doc) -> str:
    """``doc.text``, built on the first call for this Doc."""
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = doc.text
    return text
