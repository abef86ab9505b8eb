"""The ``dateline_actors`` component: who the actors are, merged within the document.

Writes ``doc._.entities`` (a list of ``Entity``, ids E1, E2, ... in order of first mention) and
``token._.entity_id`` on every token of every mention, through which the quotes and events
components resolve a parse node to an actor. Entities come from spaCy's NER (repaired where the
document says otherwise: a surname the NER called an ORG after the full name was a PERSON, "AK
rifles") and from actor-like noun phrases ("North Korean soldiers", "officials", "the
defector"); country and PLOVER sector come from the lexicons in ``resources/actors/`` through
``dateline.actors.resolve``, the same function ``benchmarks/actors_eval.py`` measures.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

import dateline.extensions  # noqa: F401  (registers doc._.entities, token._.entity_id)
from dateline.actors.build import build_entities
from dateline.actors.known import build_matcher, known_spans
from dateline.actors.lexicon import Lexicon, load_lexicon
from dateline.components.requires import check_pipeline


@Language.factory(
    "dateline_actors",
    requires=["token.tag", "token.dep", "doc.ents"],
    assigns=["doc._.entities", "token._.entity_id"],
)
def make_actors(nlp: Language, name: str) -> ActorsComponent:
    check_pipeline(nlp, "dateline_actors")
    lexicon = load_lexicon()
    return ActorsComponent(lexicon, build_matcher(nlp, lexicon))


class ActorsComponent:
    """Find, merge and code the actors of a parsed Doc."""

    def __init__(self, lexicon: Lexicon, matcher: PhraseMatcher) -> None:
        self.lexicon = lexicon
        self.matcher = matcher

    def __call__(self, doc: Doc) -> Doc:
        year = doc._.dct.year if doc._.dct is not None else None
        known = known_spans(doc, self.matcher)
        doc._.entities = build_entities(doc, self.lexicon, year, known)
        return doc
