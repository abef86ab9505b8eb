"""Who is speaking: from the subject of a speech verb (a parse node) to an actor.

An actor is found through ``token._.entity_id`` (set by the actors component); the speaker's
words as written are always kept in ``text`` so a speaker is reported even when no actor was
found. Three indirections are followed: a pronoun ("he said") goes to the last person
mentioned outside quotations when no other person shares that sentence; a document ("A UN
Command statement said", "video released by the UN command") goes to its owner; a spokesman
without an actor of their own ("a spokesman for the UN command") speaks for the organization
named after them.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from dateline.model import TextSpan
from dateline.quotes.lexicon import Lexicon
from dateline.quotes.marks import QuotedText, inside
from dateline.quotes.sentences import Sentences

_ARTICLES = frozenset({"the", "a", "an"})
_RELATIVE_TAGS = frozenset({"WP", "WDT"})
_OWNER_PREPS = frozenset({"by", "from", "of"})
_ROLE_PREPS = frozenset({"for", "of", "at", "with"})
_NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP"})
#: A pronoun is resolved only to a person mentioned this many sentences back or fewer.
MAX_PRONOUN_DISTANCE = 6
#: How many indirections (relative pronoun -> noun -> owner -> ...) are followed.
MAX_DEPTH = 4
#: How many earlier mentions in the antecedent's sentence are checked for a rival.
MAX_RIVALS = 8


@dataclass(frozen=True, slots=True)
class Speaker:
    """Whoever an attribution names: an actor id when known, the words as written always."""

    id: str | None
    text: str
    mention: TextSpan


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int
    end: int
    key: str  # entity id, or the last word of the name when the actors component gave none
    id: str | None
    name: str


def noun_phrase(doc: Doc, head: Token) -> tuple[int, int]:
    """Token range of a noun and its premodifiers, without a leading article or punctuation."""
    start = head.left_edge.i
    while start < head.i and (doc[start].lower_ in _ARTICLES or doc[start].is_punct):
        start += 1
    return start, head.i + 1


def _span(doc: Doc, start: int, end: int) -> TextSpan:
    span = doc[start:end]
    return TextSpan(span.text, span.start_char, span.end_char)


class SpeakerResolver:
    """Resolve speaker nodes of one parsed Doc to actors."""

    def __init__(
        self, doc: Doc, lexicon: Lexicon, sentences: Sentences, quoted: list[QuotedText]
    ) -> None:
        self.doc = doc
        self.lexicon = lexicon
        self.sentences = sentences
        self.quoted = quoted
        entities = doc._.entities or []
        self.names = {e.id: e.text for e in entities}
        self.labels = {e.id: e.label for e in entities}
        self.mentions: dict[frozenset[str], list[_Mention]] = {}
        self.starts: dict[frozenset[str], list[int]] = {}
        for labels in set(lexicon.pronouns.values()):
            found = [
                _Mention(m.start, m.end, e.id, e.id, e.text)
                for e in entities
                if e.label in labels
                for m in e.mentions
            ]
            if not entities:  # no actors component: fall back on spaCy's entities
                found = [
                    _Mention(s.start_char, s.end_char, s[-1].lower_, None, s.text)
                    for s in doc.ents
                    if s.label_ in labels
                ]
            found = [m for m in found if not inside(quoted, m.start)]
            found.sort(key=lambda m: m.start)
            self.mentions[labels] = found
            self.starts[labels] = [m.start for m in found]

    def resolve(self, token: Token, depth: int = 0) -> Speaker:
        """The speaker a noun-phrase head (subject, "according to" object) stands for."""
        lex = self.lexicon
        lower = token.lower_
        if lower in lex.pronouns and token.pos_ == "PRON":
            return self._pronoun(token, lex.pronouns[lower])
        if depth < MAX_DEPTH:
            if token.tag_ in _RELATIVE_TAGS and token.head.dep_ == "relcl":
                return self.resolve(token.head.head, depth + 1)
            if token.lemma_.lower() in lex.source_nouns:
                owner = self._owner(token, depth)
                if owner is not None:
                    return owner
            if token._.entity_id is None:
                for child in token.children:
                    if child.dep_ == "appos" and (
                        child._.entity_id is not None or child.ent_type_ == "PERSON"
                    ):
                        return self.resolve(child, depth + 1)
        start, end = noun_phrase(self.doc, token)
        return Speaker(self._actor(token), self.doc[start:end].text, _span(self.doc, start, end))

    def _actor(self, head: Token) -> str | None:
        """The actor of a noun phrase head, or of the organization a spokesman speaks for."""
        if head._.entity_id is not None:
            return head._.entity_id
        if head.lemma_.lower() not in self.lexicon.role_nouns:
            return None
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in _ROLE_PREPS:
                for obj in child.children:
                    if obj.dep_ == "pobj" and obj._.entity_id is not None:
                        return obj._.entity_id
            if child.dep_ == "compound" and child._.entity_id is not None:
                return child._.entity_id
        return None

    def owner(self, noun: Token) -> Speaker | None:
        """Who a claim, statement or video is from, when the text names them."""
        return self._owner(noun, 0)

    def _owner(self, noun: Token, depth: int) -> Speaker | None:
        """Who a statement, video or report is from, when the text says."""
        compounds = []
        for child in noun.children:
            if child.dep_ == "poss":
                return self.resolve(child, depth + 1)
            if child.dep_ == "compound" and (
                child._.entity_id is not None or child.ent_type_ in _NAMED
            ):
                compounds.append(child)
        if compounds:
            start, end = compounds[0].left_edge.i, compounds[-1].i + 1
            while start < end and self.doc[start].lower_ in _ARTICLES:
                start += 1
            actor = next((c._.entity_id for c in compounds if c._.entity_id is not None), None)
            return Speaker(actor, self.doc[start:end].text, _span(self.doc, start, end))
        for child in noun.children:
            if child.dep_ == "acl":  # "video released by X"
                for agent in child.children:
                    if agent.dep_ == "agent":
                        for obj in agent.children:
                            if obj.dep_ == "pobj":
                                return self.resolve(obj, depth + 1)
            if child.dep_ == "prep" and child.lower_ in _OWNER_PREPS:
                for obj in child.children:
                    if obj.dep_ == "pobj" and (
                        obj._.entity_id is not None or obj.ent_type_ in _NAMED
                    ):
                        return self.resolve(obj, depth + 1)
        return None

    def _pronoun(self, token: Token, labels: frozenset[str]) -> Speaker:
        """The last entity of one of ``labels`` before the pronoun, if no rival shares its
        sentence or only one of them is a subject there."""
        mention = TextSpan(token.text, token.idx, token.idx + len(token.text))
        unresolved = Speaker(None, token.text, mention)
        if token._.entity_id is not None:  # the actors component resolved it already
            name = self.names.get(token._.entity_id, token.text)
            return Speaker(token._.entity_id, name, mention)
        found = self.mentions.get(labels) or []
        k = bisect_left(self.starts.get(labels) or [], token.idx) - 1
        if k < 0:
            return unresolved
        last = found[k]
        sentence = self.sentences.of_char(last.start)
        if self.sentences.of_token[token.i] - sentence > MAX_PRONOUN_DISTANCE:
            return unresolved
        rivals = [last]
        for j in range(k - 1, max(k - 1 - MAX_RIVALS, -1), -1):
            if self.sentences.of_char(found[j].start) != sentence:
                break
            rivals.append(found[j])
        if len({m.key for m in rivals}) > 1:  # "Ian Lau said Lucy is ...": prefer the subject
            subjects = {m.key: m for m in rivals if self._is_subject(m)}
            if len(subjects) != 1:
                return unresolved
            (last,) = subjects.values()
        name = self.names.get(last.id, last.name) if last.id else last.name
        return Speaker(last.id, name, mention)

    def is_person(self, token: Token, speaker: Speaker) -> bool:
        """Whether a resolved noun phrase head names a person."""
        if speaker.id is not None:
            return self.labels.get(speaker.id) == "PERSON"
        if token.lower_ in self.lexicon.pronouns:
            return "PERSON" in self.lexicon.pronouns[token.lower_] and speaker.text != token.text
        return token.ent_type_ == "PERSON"

    def _is_subject(self, mention: _Mention) -> bool:
        token = self.doc[self.sentences.token_at(mention.end - 1)]
        while token.dep_ in ("compound", "flat") and token.head.i != token.i:
            token = token.head
        return token.dep_ in ("nsubj", "nsubjpass")
