"""A person's title and role from the words around the name.

"Colonel Chad G. Carroll, a spokesman for the UN command": the title ("Colonel") comes from the
words before the name that modify it; the role ("spokesman for the UN command") from the
apposition after it, and the organization named inside the role is the affiliation.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from dateline.actors.lexicon import Lexicon
from dateline.actors.mentions import DETERMINERS, Mention
from dateline.actors.text import key

TITLE_DEPS = frozenset({"compound", "amod", "nmod", "punct", "poss", "case"})


@dataclass(slots=True)
class Role:
    """What the words around one person mention say about them."""

    title: str | None = None  # "Colonel", "South Korean President"
    role: str | None = None  # "spokesman for the UN command"
    affiliation: Mention | None = None  # the organization the role names


def _is_title(lex: Lexicon, words: str) -> bool:
    return any(e.kind == "noun" and "t" in e.flags for e in lex.lookup(key(words)))


def split_title(doc: Doc, m: Mention, lex: Lexicon) -> None:
    """Move title words the NER put inside a person's name ("President Trump") out of it."""
    start = m.start
    while start < m.end - 1 and _is_title(lex, doc[start].text):
        start += 1
    if start > m.start:
        m.title = doc[m.start : start].text
        m.start = start
        m.desc = doc[start : m.end].text


def title_start(doc: Doc, m: Mention) -> int:
    """Where the words modifying a person's name begin ("French Foreign Minister X")."""
    left = m.start
    while left > 0:
        prev = doc[left - 1]
        if prev.dep_ not in TITLE_DEPS or prev.lower_ in DETERMINERS or prev.text in ",(":
            break
        modifies_title = left <= prev.head.i < m.end
        # "Britain 's Foreign Secretary": the marker hangs on the possessor, checked next
        marks_possessor = prev.tag_ == "POS" and prev.head.i == left - 2
        if not (modifies_title or marks_possessor):
            break
        left -= 1
    while left < m.start and doc[left].tag_ == "POS":
        left += 1
    return left


def read_role(doc: Doc, m: Mention, by_token: dict[int, Mention]) -> Role:
    """Title before the name and apposition after it."""
    out = Role(title=m.title)
    root = doc[m.start : m.end].root
    inside = set(range(m.start, m.end))
    left = title_start(doc, m)
    if left < m.start:
        words = doc[left : m.start].text
        out.title = f"{words} {out.title}" if out.title else words
        for i in range(left, m.start):
            if i in by_token and by_token[i].label == "ORG":
                out.affiliation = by_token[i]
                break
    if root.dep_ == "appos" and root.head.pos_ == "NOUN" and root.head.i < m.start:
        # "A spokesman for the Palestinian Authority, Nabil Abu Rudeineh, ..."
        head = root.head
        tokens = [t for t in head.subtree if t.i < m.start and not t.is_punct]
        while tokens and tokens[0].lower_ in DETERMINERS:
            tokens.pop(0)
        if tokens and tokens[0].is_alpha:
            out.role = doc[tokens[0].i : tokens[-1].i + 1].text
            out.affiliation = next(
                (by_token[t.i] for t in tokens if t.i in by_token and by_token[t.i].label == "ORG"),
                out.affiliation,
            )
    for child in root.children:
        if child.dep_ != "appos" or child.i in inside:
            continue
        tokens = list(child.subtree)
        start = tokens[0].i
        while start <= tokens[-1].i and doc[start].lower_ in DETERMINERS | {","}:
            start += 1
        if start > tokens[-1].i or not doc[start].is_alpha:
            continue
        out.role = doc[start : tokens[-1].i + 1].text
        for t in tokens:
            sub = by_token.get(t.i)
            if sub is not None and sub.label == "ORG":
                out.affiliation = sub
                break
        break
    return out
