"""Who the text attributes an event to, and how sure it is that the event happened.

Uses the quotes component's attributions: one mechanism for who said what, whether or not the
document has any. Only when the quotes component is not in the pipeline (``doc._.attributions``
was never set) does it fall back to the nearest speech verb above the trigger ("X said ...",
"according to X"), so that the events component still works alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from dateline.events.arguments import noun_phrase, subject
from dateline.events.lexicon import Lexicon
from dateline.quotes import attribution_for

#: Dependencies that embed an event under a speech verb.
_REPORTED = frozenset({"ccomp", "parataxis", "xcomp", "conj", "advcl", "dobj", "pcomp", "prep"})


@dataclass(slots=True)
class Source:
    """Whoever the text cites for an event."""

    entity: str | None  # entity id
    text: str | None
    token: Token | None  # the speaker's head token, when found in the parse


def _according_to(token: Token) -> Token | None:
    for child in token.children:
        if child.lower_ == "according":
            for to in child.children:
                for obj in to.children:
                    if obj.dep_ == "pobj":
                        return obj
    return None


def _speech_source(trigger: Token, lex: Lexicon) -> Token | None:
    """The speaker of the nearest speech verb that governs the trigger."""
    speech = lex.cues["speech"]
    current = trigger
    for _ in range(8):
        found = _according_to(current)
        if found is not None:
            return found
        head = current.head
        if head is current:
            return None
        if head.lemma_.lower() in speech and head.pos_ == "VERB" and current.dep_ in _REPORTED:
            return subject(head)
        current = head
    return None


def find_source(doc: Doc, trigger: Token, lex: Lexicon) -> Source | None:
    """The source of the event triggered by ``trigger``, or None when the text asserts it."""
    if doc._.attributions is not None:
        found = attribution_for(doc, trigger.idx)
        if found is None:
            return None
        span = doc.char_span(found.cue.start, found.cue.end, alignment_mode="expand")
        speaker = subject(span.root) if span is not None else None
        return Source(found.speaker, found.speaker_text, speaker)
    token = _speech_source(trigger, lex)
    if token is None:
        return None
    return Source(token._.entity_id, noun_phrase(token).text, token)


def source_organization(source: Source, lex: Lexicon) -> tuple[str | None, str | None]:
    """The organization a source speaks for: "a spokesman for the UN command", "A UN statement".

    Returns (entity id, text); the source itself when no organization is named.
    """
    entities = {e.id: e for e in source.token.doc._.entities or ()} if source.token else {}
    if source.entity and source.entity in entities:
        affiliation = entities[source.entity].affiliation
        if affiliation and affiliation in entities:
            return affiliation, entities[affiliation].text
    token = source.token
    if token is None:
        return source.entity, source.text
    for child in token.children:
        if child.dep_ == "appos":
            for prep in child.children:
                if prep.dep_ == "prep" and prep.lower_ in ("for", "of"):
                    for obj in prep.children:
                        if obj.dep_ == "pobj":
                            return obj._.entity_id, noun_phrase(obj).text
    if token.lemma_.lower() in lex.cues["medium"]:
        modifiers = [c for c in token.children if c.dep_ in ("compound", "poss", "amod")]
        if modifiers:
            doc = token.doc
            span = doc[min(m.left_edge.i for m in modifiers) : max(m.i for m in modifiers) + 1]
            return modifiers[-1]._.entity_id, span.text
    return source.entity, source.text
