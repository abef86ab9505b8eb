"""The ``dateline_quotes`` component: who said what.

Writes ``doc._.quotes`` (direct quotations with their speaker) and ``doc._.attributions``
(stretches of text the article attributes to someone: the clause under a speech verb, the
sentence an "according to" phrase qualifies, the "that" clause of a claim, a quotation), each
sorted by start. Speakers are resolved to actors through ``token._.entity_id``, which the
actors component sets; the words naming the speaker are kept whether or not an actor was
found. The events component asks ``dateline.quotes.attribution_for`` whether an event is
reported. The cue lexicons are data: ``resources/quotes/*.tsv``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

import dateline.extensions  # noqa: F401  (registers doc._.quotes, doc._.attributions)
from dateline.components.requires import check_pipeline
from dateline.quotes.extract import extract
from dateline.quotes.lexicon import Lexicon, load_lexicon


@Language.factory(
    "dateline_quotes",
    requires=["token.dep", "doc._.entities", "token._.entity_id"],
    assigns=["doc._.quotes", "doc._.attributions"],
)
def make_quotes(nlp: Language, name: str) -> QuotesComponent:
    check_pipeline(nlp, "dateline_quotes")
    return QuotesComponent(load_lexicon())


class QuotesComponent:
    """Find quotations and attributions in a parsed Doc."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes, doc._.attributions = extract(doc, self.lexicon)
        return doc
