"""The actors component (first form; to be deepened)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

import dateline.extensions  # noqa: F401  (registers doc._.entities)


@Language.factory("dateline_actors")
def make_actors(nlp: Language, name: str) -> "ActorsComponent":
    return ActorsComponent()


class ActorsComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.entities = []
        return doc
