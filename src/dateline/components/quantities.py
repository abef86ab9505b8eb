"""The ``dateline_quantities`` component: counts and measures with qualifier and SI unit.

Writes ``doc._.quantities`` (a list of ``Quantity`` sorted by start). Numerals inside the
time expressions the timex component found are left to it ("three decades", "2017").
Built on spaCy's tokens and parse rather than quantulum3, which costs ~100 ms per document
and misreads news text ("about 40 rounds" loses "about", "(132 pounds)" becomes money).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

import dateline.extensions  # noqa: F401  (registers doc._.quantities)
from dateline.components.requires import check_pipeline
from dateline.quantities.extract import extract
from dateline.quantities.lexicon import Lexicon, load_lexicon


@Language.factory(
    "dateline_quantities",
    requires=["token.tag", "token.dep", "doc._.timexes"],
    assigns=["doc._.quantities"],
)
def make_quantities(nlp: Language, name: str) -> QuantitiesComponent:
    check_pipeline(nlp, "dateline_quantities")
    return QuantitiesComponent(load_lexicon())


class QuantitiesComponent:
    """Find quantities in a parsed Doc."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def __call__(self, doc: Doc) -> Doc:
        blocked: set[int] = set()
        for timex in doc._.timexes or ():
            span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
            if span is not None:
                blocked.update(range(span.start, span.end))
        quantities = extract(doc, self.lexicon, blocked)
        quantities.sort(key=lambda q: q.start)
        doc._.quantities = quantities
        return doc
