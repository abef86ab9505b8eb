"""Attribution cues: speech verbs, "according to" phrases and claim nouns, with their speaker
and content.

The content of a speech verb is its clausal complement ("Carroll said [the North violated the
armistice]"), the clause it interrupts when the parser hangs it off that clause ("[...], Carroll
told reporters"), or the object of a preposition the lexicon names ("accused South Korea of
[kidnapping ...]"). The content of "according to X" is the rest of its sentence when the phrase
ends or opens the sentence, else the clause it modifies. The content of a claim, report or
allegation is its "that" clause, and its speaker is its owner.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from dateline.model import TextSpan
from dateline.quotes.lexicon import Lexicon
from dateline.quotes.marks import QuotedText, inside
from dateline.quotes.sentences import Sentences
from dateline.quotes.speakers import Speaker, SpeakerResolver

_COMPLEMENTS = frozenset({"ccomp", "xcomp"})
_NOUN_COMPLEMENTS = frozenset({"acl", "ccomp"})
_QUOTE_CHARS = frozenset('"“”')
_QUOTE_MARK = re.compile('["“”]')
_PREP_OBJECTS = frozenset({"pcomp", "pobj"})
#: Complementizers dropped from the start of a content clause: "said [that] the North ...".
_COMPLEMENTIZERS = frozenset({"that", "whether", "if"})
#: Dependents through which a speech verb without a subject borrows its head's
#: ("X stood up and said", "..., saying that", "X refused to say"); a verb under a preposition
#: borrows the subject of the preposition's head ("X was quoted as saying").
_SUBJECT_SHARING = frozenset({"conj", "advcl", "xcomp"})
MAX_SUBJECT_HOPS = 3
#: How far up from "according to" its clause's verb is looked for.
MAX_CLAUSE_HOPS = 6


@dataclass(slots=True)
class Cue:
    """One attributing expression in the text."""

    token: int  # index of the verb, or of the first word of the phrase
    span: TextSpan  # "said", "told reporters", "according to"
    speaker: Speaker | None
    contents: list[tuple[int, int]] = field(default_factory=list)  # character ranges
    kind: str = "verb"  # verb / source / noun
    ranges: list[tuple[int, int]] = field(default_factory=list)  # contents as token ranges
    phrase: tuple[int, int] = (0, 0)  # tokens of a source phrase with its object
    denied: bool = False  # "denied that ...": the speaker rejects the content


def trimmed(doc: Doc, start: int, end: int, marks: list[int]) -> tuple[int, int] | None:
    """Character range of tokens [start, end) without edge punctuation, conjunction and
    complementizer; ``marks`` are the offsets of the double quotation marks of the text."""

    def loose(token: Token) -> bool:
        return token.is_space or token.is_punct or token.dep_ == "cc"

    while start < end and (loose(doc[start]) or doc[start].lower_ in _COMPLEMENTIZERS):
        start += 1
    stop = end
    while end > start and loose(doc[end - 1]):
        end -= 1
    if start >= end:
        return None
    first, last = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
    if (bisect_left(marks, last) - bisect_left(marks, first)) % 2:
        # keep the closing mark of a quotation the content ends in: it "wants "a clean hall""
        for token in doc[end : min(stop + 2, len(doc))]:
            if token.text in _QUOTE_CHARS:
                last = token.idx + len(token.text)
                break
            if not token.is_punct:
                break
    return first, last


def _match(doc: Doc, i: int, phrases: tuple[tuple[str, ...], ...]) -> int:
    """Length of the longest phrase starting at token i, or 0."""
    for phrase in phrases:
        n = len(phrase)
        if i + n <= len(doc) and all(doc[i + k].lower_ == phrase[k] for k in range(n)):
            return n
    return 0


class CueFinder:
    """Find every cue of one parsed Doc in a single scan."""

    def __init__(
        self,
        doc: Doc,
        text: str,
        lexicon: Lexicon,
        sentences: Sentences,
        quoted: list[QuotedText],
    ) -> None:
        self.doc = doc
        self.lexicon = lexicon
        self.sentences = sentences
        self.quoted = quoted
        self.speakers = SpeakerResolver(doc, lexicon, sentences, quoted)
        self.source_starts = frozenset(p[0] for p in lexicon.sources)
        self.marks = [m.start() for m in _QUOTE_MARK.finditer(text)]

    def find(self) -> list[Cue]:
        cues = []
        lex = self.lexicon
        for token in self.doc:
            if token.lower_ in self.source_starts:
                n = _match(self.doc, token.i, lex.sources)
                source = self._source(token, n) if n else None
                if source is not None:
                    cues.append(source)
                    continue
            lemma = token.lemma_.lower()
            if token.pos_ == "VERB" and lemma in lex.speech_verbs:
                cues.append(self._verb(token))
            elif token.pos_ == "NOUN" and lemma in lex.speech_nouns:
                noun = self._noun(token)
                if noun is not None:
                    cues.append(noun)
        for cue in cues:
            cue.denied = self.doc[cue.token].lemma_.lower() in lex.denials
        # "Police said [three people were killed], according to state media": the phrase
        # qualifies the clause it closes, and is no part of what the police said.
        cut = {c.phrase[1]: c.phrase[0] for c in cues if c.kind == "source"}
        for cue in cues:
            for start, end in cue.ranges:
                if cue.kind == "verb" and start < cut.get(end, -1):
                    end = cut[end]
                chars = trimmed(self.doc, start, end, self.marks)
                if chars is not None:
                    cue.contents.append(chars)
        return cues

    def _verb(self, verb: Token) -> Cue:
        doc = self.doc
        n = _match(doc, verb.i + 1, self.lexicon.tails)
        span = doc[verb.i : verb.i + 1 + n]
        cue = Cue(verb.i, TextSpan(span.text, span.start_char, span.end_char), self._subject(verb))
        preps = self.lexicon.speech_verbs[verb.lemma_.lower()]
        for child in verb.children:
            if child.dep_ in _COMPLEMENTS:
                self._add(cue, child.left_edge.i, child.right_edge.i + 1)
            elif child.dep_ == "prep" and child.lower_ in preps:
                for obj in child.children:
                    if obj.dep_ in _PREP_OBJECTS:
                        self._add(cue, obj.left_edge.i, self._coordinated_end(verb, obj))
        head = verb.head
        if not cue.ranges and verb.dep_ == "parataxis" and head.i < verb.i:
            # "[The North violated ...], Carroll told reporters" parsed with "told" under it.
            self._add(cue, head.left_edge.i, verb.left_edge.i)
        return cue

    def _noun(self, noun: Token) -> Cue | None:
        """A claim, report or allegation with a "that" clause: the clause is its content."""
        for child in noun.children:
            if child.dep_ in _NOUN_COMPLEMENTS and any(
                c.dep_ == "mark" and c.lower_ == "that" for c in child.children
            ):
                span = TextSpan(noun.text, noun.idx, noun.idx + len(noun.text))
                cue = Cue(noun.i, span, self.speakers.owner(noun), kind="noun")
                self._add(cue, child.left_edge.i, child.right_edge.i + 1)
                return cue
        return None

    def _coordinated_end(self, verb: Token, obj: Token) -> int:
        """End of a prepositional content, with a coordinated clause the parser hung off the
        verb instead ("accused X of [kidnapping or enticing North Koreans to defect]")."""
        end = obj.right_edge.i + 1
        doc = self.doc
        if end + 1 < len(doc) and doc[end].dep_ == "cc" and doc[end].head.i == verb.i:
            conj = doc[end + 1]
            if conj.dep_ == "conj" and conj.head.i == verb.i and conj.tag_ == "VBG":
                return conj.right_edge.i + 1
        return end

    def _source(self, first: Token, n: int) -> Cue | None:
        doc, sentences = self.doc, self.sentences
        phrase = doc[first.i : first.i + n]
        obj = next((t for t in phrase[-1].children if t.dep_ == "pobj"), None)
        if obj is None:  # "according to" with no one to accord with: not a cue
            return None
        speaker = self.speakers.resolve(obj)
        span = TextSpan(phrase.text, phrase.start_char, phrase.end_char)
        cue = Cue(first.i, span, speaker, kind="source")
        s_start, s_end = sentences.bounds[sentences.of_token[first.i]]
        left = min(first.left_edge.i, first.i)
        right = max(first.right_edge.i + 1, phrase.end)
        cue.phrase = (left, right)
        if all(t.is_punct or t.is_space for t in doc[right:s_end]):
            self._add(cue, s_start, left)
        elif all(t.is_punct or t.is_space for t in doc[s_start:left]):
            self._add(cue, right, s_end)
        else:
            clause = first.head
            for _ in range(MAX_CLAUSE_HOPS):
                if clause.pos_ in ("VERB", "AUX") or clause.head.i == clause.i:
                    break
                clause = clause.head
            self._add(cue, clause.left_edge.i, clause.right_edge.i + 1)
        return cue

    def _add(self, cue: Cue, start: int, end: int) -> None:
        """Add tokens [start, end), kept within the cue's sentence, as content of the cue."""
        s_start, s_end = self.sentences.bounds[self.sentences.of_token[cue.token]]
        if max(start, s_start) < min(end, s_end):
            cue.ranges.append((max(start, s_start), min(end, s_end)))

    def _subject(self, verb: Token) -> Speaker | None:
        """The speaker of a speech verb: its subject, agent, or the subject it shares.

        A subject inside a quotation is the parser taking the quote for the speaker
        ("yelled "Allahu akbar"" with no subject of its own), so it is passed over."""
        passive = self.lexicon.passive_speakers
        for _ in range(MAX_SUBJECT_HOPS):
            if verb.dep_ == "pcomp":  # "as saying", "by saying": the preposition's head
                verb = verb.head.head
            inverted = None
            for child in verb.children:
                speaks = child.dep_ == "nsubj" or (
                    child.dep_ == "nsubjpass" and verb.lemma_.lower() in passive
                )
                if speaks and not inside(self.quoted, child.idx):
                    return self.speakers.resolve(child)
                if child.dep_ == "agent":
                    for obj in child.children:
                        if obj.dep_ == "pobj":
                            return self.speakers.resolve(obj)
                if child.dep_ == "dobj" and child.i > verb.i and child.pos_ == "PROPN":
                    inverted = child  # "said Carroll" misparsed as an object
            if inverted is not None and verb.lemma_.lower() == "say":
                return self.speakers.resolve(inverted)
            if verb.dep_ not in _SUBJECT_SHARING or verb.head.i == verb.i:
                return None
            verb = verb.head
        return None
