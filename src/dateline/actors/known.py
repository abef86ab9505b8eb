"""Well-known multiword names from the lexicons, found in the text even where the NER splits or
misses them ("Doctors Without Borders" read as a nominal and a PERSON)."""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from dateline.actors.lexicon import Lexicon


def build_matcher(nlp: Language, lex: Lexicon) -> PhraseMatcher:
    """One case-insensitive matcher over the lexicon's multiword names, built once."""
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    by_label: dict[str, list[str]] = {}
    for name, label in lex.names:
        by_label.setdefault(label, []).append(name)
    for label, names in by_label.items():
        matcher.add(label, list(nlp.tokenizer.pipe(names)))
    return matcher


def known_spans(doc: Doc, matcher: PhraseMatcher) -> list[Span]:
    """Longest non-overlapping matches that are written as names (first word capitalized)."""
    spans = [
        Span(doc, start, end, label=match_id)
        for match_id, start, end in matcher(doc)
        if doc[start].text[:1].isupper()
    ]
    return filter_spans(spans)
