"""The ``dateline_timex`` component: TIMEX3 time expressions normalized against the document date.

Writes ``doc._.timexes`` (a list of ``Timex`` sorted by start, character offsets into
``doc.text``), anchored on ``doc._.dct`` (a ``datetime.date``, or None: relative values then keep
``X`` placeholders). Hand-written in the HeidelTime manner, an engine apart from its rules and
lexicons (``resources/time/``), because dateparser is slow (~13-48 ms per document) and wrong on
news text (it fills missing months and days from the base date and takes "may" for a month);
see DESIGN.md. Tense for relative expressions comes from spaCy's tags of the governing verb.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

import dateline.extensions  # noqa: F401  (registers doc._.timexes)
from dateline.components.requires import check_pipeline
from dateline.doc_text import doc_text
from dateline.time.lexicon import TimeLexicon, load_lexicon
from dateline.time.tagger import find_timexes
from dateline.time.tense import tense_at


@Language.factory(
    "dateline_timex",
    requires=["token.tag", "token.dep"],
    assigns=["doc._.timexes"],
)
def make_timex(nlp: Language, name: str) -> TimexComponent:
    check_pipeline(nlp, "dateline_timex")
    return TimexComponent(load_lexicon())


class TimexComponent:
    """Tag and normalize the time expressions of a parsed Doc."""

    def __init__(self, lexicon: TimeLexicon) -> None:
        self.lexicon = lexicon

    def __call__(self, doc: Doc) -> Doc:
        def tense(offset: int) -> str | None:
            token = doc.char_span(offset, offset + 1, alignment_mode="expand")
            return tense_at(token[0]) if token is not None and len(token) else None

        doc._.timexes = find_timexes(doc_text(doc), doc._.dct, self.lexicon, tense)
        return doc
