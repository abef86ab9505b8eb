"""The timex component (first form; to be deepened)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

import dateline.extensions  # noqa: F401  (registers doc._.timexes)


@Language.factory("dateline_timex")
def make_timex(nlp: Language, name: str) -> "TimexComponent":
    return TimexComponent()


class TimexComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.timexes = []
        return doc
