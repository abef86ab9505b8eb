"""Direct quotations and reported speech of one parsed Doc.

A quotation is linked to the cue that introduces it, tried in this order: a speech verb the
quotation hangs from in the parse (or that hangs from it: ``"...," he said``); the nearest cue
in the quotation's own sentences; a bare "he said." as the next sentence; a "He said:"
closing the previous one; the speaker of the quotation just before, when this one follows it
within a sentence ("...," he said. "..."), or just after, for a paragraph of a run-on
quotation. A quotation standing alone with no cue at all is given, without a cue, the person
the sentence before it is about.
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc

from dateline.doc_text import doc_text
from dateline.model import Attribution, Quote
from dateline.quotes.cues import Cue, CueFinder
from dateline.quotes.lexicon import Lexicon
from dateline.quotes.marks import QuotedText, find_quoted, inside
from dateline.quotes.sentences import Sentences
from dateline.quotes.speakers import Speaker, SpeakerResolver

#: A quotation nobody is named for is kept only from this many words on: shorter ones are
#: mostly scare quotes and titles ("the so-called "axis of evil"").
MIN_UNATTRIBUTED_WORDS = 4
#: How far up the parse a quotation's speech verb is looked for.
MAX_HOPS = 12
#: A bare attribution in the next sentence ("He said.") is at most this many tokens long.
NEXT_SENTENCE_REACH = 10


class QuoteLinker:
    """Find the cue of each quotation, with the cues of a Doc indexed by token."""

    def __init__(
        self, doc: Doc, sentences: Sentences, cues: list[Cue], speakers: SpeakerResolver
    ) -> None:
        self.doc = doc
        self.sentences = sentences
        self.speakers = speakers
        self.by_token = {cue.token: cue for cue in cues}
        self.positions = sorted(self.by_token)

    def tokens(self, quoted: QuotedText) -> tuple[int, int]:
        """Token range [start, end) of a quotation."""
        at = self.sentences.token_at
        return at(quoted.start), at(quoted.end - 1) + 1

    def link(self, start: int, end: int) -> Cue | None:
        return (
            self._in_parse(start, end)
            or self._in_sentence(start, end)
            or self._next_sentence(end)
            or self._previous_sentence(start)
        )

    def _in_parse(self, start: int, end: int) -> Cue | None:
        doc, by_token = self.doc, self.by_token
        found: list[int] = []
        for token in doc[start:end]:
            head = token.head
            if start <= head.i < end and head.i != token.i:
                continue
            found.extend(c.i for c in token.children if not start <= c.i < end and c.i in by_token)
            node = token
            for _ in range(MAX_HOPS):
                if node.head.i == node.i:
                    break
                node = node.head
                if not start <= node.i < end and node.i in by_token:
                    found.append(node.i)
                    break
        if not found:
            return None
        return by_token[min(found, key=lambda i: start - i if i < start else i - end)]

    def _in_sentence(self, start: int, end: int) -> Cue | None:
        of_token, positions = self.sentences.of_token, self.positions
        k = bisect_left(positions, end)
        after = positions[k] if k < len(positions) else None
        if after is not None and of_token[after] != of_token[end - 1]:
            after = None
        k = bisect_left(positions, start) - 1
        before = positions[k] if k >= 0 else None
        if before is not None and of_token[before] != of_token[start]:
            before = None
        if after is None and before is None:
            return None
        if after is None or (before is not None and start - before < after - end):
            return self.by_token[before]
        return self.by_token[after]

    def _next_sentence(self, end: int) -> Cue | None:
        sentences, doc = self.sentences, self.doc
        number = sentences.of_token[end - 1]
        s_end = sentences.bounds[number][1]
        if number + 1 >= len(sentences.bounds) or not _only_punct(doc, end, s_end):
            return None
        n_start, n_end = sentences.bounds[number + 1]
        if n_end - n_start > NEXT_SENTENCE_REACH:
            return None
        k = bisect_left(self.positions, n_start)
        if k < len(self.positions) and self.positions[k] < n_end:
            cue = self.by_token[self.positions[k]]
            if cue.kind == "verb" and not cue.contents and self.doc[cue.token].dep_ == "ROOT":
                return cue
        return None

    def _previous_sentence(self, start: int) -> Cue | None:
        sentences, doc = self.sentences, self.doc
        number = sentences.of_token[start]
        s_start = sentences.bounds[number][0]
        if number == 0 or not _only_punct(doc, s_start, start):
            return None
        p_start, p_end = sentences.bounds[number - 1]
        k = bisect_left(self.positions, p_end) - 1
        if k < 0 or self.positions[k] < p_start:
            return None
        cue = self.by_token[self.positions[k]]
        last = next((t for t in reversed(doc[p_start:p_end]) if not t.is_space), None)
        if not cue.contents or (last is not None and last.text == ":"):
            return cue
        return None

    def context_speaker(self, start: int) -> Speaker | None:
        """For a quotation standing alone, the person the sentence before is about.

        "Valarie Taylor has been watching the building ... / "When I opened the door ...""
        """
        sentences, doc = self.sentences, self.doc
        number = sentences.of_token[start]
        if number == 0 or not _only_punct(doc, sentences.bounds[number][0], start):
            return None
        p_start, p_end = sentences.bounds[number - 1]
        root = next((t for t in doc[p_start:p_end] if t.head.i == t.i), None)
        if root is None or inside(self.speakers.quoted, root.idx):
            return None
        subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
        if subject is None:
            return None
        speaker = self.speakers.resolve(subject)
        return speaker if self.speakers.is_person(subject, speaker) else None


def _only_punct(doc: Doc, start: int, end: int) -> bool:
    """Whether tokens [start, end) are all punctuation or space (stops at the first word)."""
    return all(t.is_punct or t.is_space for t in doc[start:end])


def _quote(text: str, quoted: QuotedText, cue: Cue | None, speaker: Speaker | None) -> Quote:
    quote = Quote(text[quoted.start : quoted.end], quoted.start, quoted.end)
    if cue is not None:
        quote.cue = cue.span
        speaker = cue.speaker
    if speaker is not None:
        quote.speaker = speaker.id
        quote.speaker_text = speaker.text
        quote.speaker_mention = speaker.mention
    return quote


def _attribution(start: int, end: int, cue: Cue, kind: str) -> Attribution:
    speaker = cue.speaker
    return Attribution(
        start=start,
        end=end,
        cue=cue.span,
        speaker=speaker.id if speaker else None,
        speaker_text=speaker.text if speaker else None,
        speaker_mention=speaker.mention if speaker else None,
        kind=kind,
        denied=cue.denied,
    )


def _carry_over(
    quoted: list[QuotedText],
    ranges: list[tuple[int, int]],
    linked: list[Cue | None],
    sentences: Sentences,
) -> None:
    """Give an unattributed quotation the cue of the one it continues.

    Forward: ``"...," he said. "..."`` (the next sentence or a paragraph run on). Backward: a
    paragraph of a run-on quotation whose speaker is named only in its last paragraph.
    """
    of_token = sentences.of_token
    for k in range(1, len(quoted)):
        if linked[k] is None and linked[k - 1] is not None:
            previous_end = of_token[ranges[k - 1][1] - 1]
            if quoted[k - 1].continued or previous_end >= of_token[ranges[k][0]] - 1:
                linked[k] = linked[k - 1]
    for k in range(len(quoted) - 2, -1, -1):
        if linked[k] is None and quoted[k].continued:
            linked[k] = linked[k + 1]


def extract(doc: Doc, lexicon: Lexicon) -> tuple[list[Quote], list[Attribution]]:
    """The quotations and attributions of a Doc, each sorted by start."""
    text = doc_text(doc)
    quoted = find_quoted(text)
    if not len(doc) or not doc.has_annotation("DEP"):  # no parse: quotations, no speakers
        quotes = [_quote(text, q, None, None) for q in quoted]
        return [q for q in quotes if len(q.text.split()) >= MIN_UNATTRIBUTED_WORDS], []
    sentences = Sentences(doc)
    finder = CueFinder(doc, text, lexicon, sentences, quoted)
    cues = finder.find()
    attributions = [_attribution(s, e, cue, "reported") for cue in cues for s, e in cue.contents]
    linker = QuoteLinker(doc, sentences, cues, finder.speakers)
    ranges = [linker.tokens(q) for q in quoted]
    linked = [linker.link(start, end) for start, end in ranges]
    _carry_over(quoted, ranges, linked, sentences)
    quotes: list[Quote] = []
    for q, (start, _), cue in zip(quoted, ranges, linked, strict=True):
        if cue is not None and not any(s < q.end and q.start < e for s, e in cue.contents):
            attributions.append(_attribution(q.start, q.end, cue, "quote"))
        quote = _quote(text, q, cue, linker.context_speaker(start) if cue is None else None)
        if quote.speaker_text is not None or len(quote.text.split()) >= MIN_UNATTRIBUTED_WORDS:
            quotes.append(quote)
    attributions.sort(key=lambda a: (a.start, -a.end))
    return quotes, attributions
