"""The quotes component (first form; to be deepened)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

import dateline.extensions  # noqa: F401  (registers doc._.quotes)


@Language.factory("dateline_quotes")
def make_quotes(nlp: Language, name: str) -> "QuotesComponent":
    return QuotesComponent()


class QuotesComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = []
        return doc
