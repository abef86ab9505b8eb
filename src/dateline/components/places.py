"""The places component (first form; to be deepened)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

import dateline.extensions  # noqa: F401  (registers doc._.places)


@Language.factory("dateline_places")
def make_places(nlp: Language, name: str) -> "PlacesComponent":
    return PlacesComponent()


class PlacesComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.places = []
        return doc
