"""The quantities component (first form; to be deepened)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

import dateline.extensions  # noqa: F401  (registers doc._.quantities)


@Language.factory("dateline_quantities")
def make_quantities(nlp: Language, name: str) -> "QuantitiesComponent":
    return QuantitiesComponent()


class QuantitiesComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.quantities = []
        return doc
