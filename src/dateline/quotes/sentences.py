"""Sentence boundaries of a parsed Doc, indexed once for constant-time lookups."""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc

#: Marks after which a line break ends a sentence.
_FINAL = frozenset('.!?:"”’»)')


class Sentences:
    """Sentence index of every token, from one scan of ``doc.sents``.

    A line break after a sentence-final mark also ends a sentence: the parser sometimes runs a
    sentence on into the next paragraph, and an attribution never crosses one. (A line break
    elsewhere is hard wrapping, not a boundary.)
    """

    def __init__(self, doc: Doc) -> None:
        self.bounds: list[tuple[int, int]] = []
        for sent in doc.sents:
            start = sent.start
            for token in sent:
                if (
                    token.is_space
                    and "\n" in token.text
                    and start < token.i < sent.end - 1
                    and doc[token.i - 1].text[-1] in _FINAL
                ):
                    self.bounds.append((start, token.i + 1))
                    start = token.i + 1
            self.bounds.append((start, sent.end))
        self.of_token: list[int] = [0] * len(doc)
        for number, (start, end) in enumerate(self.bounds):
            for i in range(start, end):
                self.of_token[i] = number
        self.token_starts: list[int] = doc.to_array("IDX").tolist() if len(doc) else []

    def token_at(self, char: int) -> int:
        """Index of the token containing (or last starting before) a character offset."""
        return max(bisect_right(self.token_starts, char) - 1, 0)

    def of_char(self, char: int) -> int:
        return self.of_token[self.token_at(char)] if self.token_starts else 0
