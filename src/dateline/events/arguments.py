"""Arguments of a trigger read off the dependency parse: who, to whom, with what.

Subjects are inherited along control and coordination ("used handguns to fire": the subject of
"used" fires; "was shot ... and was rescued": one patient) because news sentences chain verbs far
more often than they repeat subjects.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

#: Left dependents that belong to a noun phrase.
_NP_LEFT = frozenset({"det", "amod", "compound", "nummod", "poss", "nmod", "quantmod"})
#: Dependencies through which a verb takes its subject from its head.
_INHERIT = frozenset({"xcomp", "conj", "advcl", "pcomp", "acl"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
_RELATIVE = frozenset({"who", "which", "that", "whom"})


def noun_phrase(token: Token) -> Span:
    """The phrase a noun heads: its left modifiers and an "of" complement, not its clauses."""
    lo = hi = token.i
    for child in token.children:
        if child.dep_ in _NP_LEFT and child.i < token.i:
            lo = min(lo, child.left_edge.i)
        elif child.dep_ == "prep" and child.lower_ == "of" and child.i > token.i:
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                hi = max(hi, noun_phrase(objects[0]).end - 1)
        elif child.dep_ == "compound" and child.i > token.i:
            hi = max(hi, child.i)
    doc = token.doc
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi > lo and (doc[hi].is_punct or doc[hi].is_space):
        hi -= 1
    return doc[lo : hi + 1]


def with_conjuncts(token: Token) -> list[Token]:
    """A noun and the nouns coordinated with it ("handguns and AK rifles")."""
    return [token, *(c for c in token.conjuncts if c.pos_ in ("NOUN", "PROPN", "PRON", "NUM"))]


def is_passive(verb: Token) -> bool:
    """Whether a verb is passive: a passive subject or auxiliary, or an agent "by" phrase."""
    return any(c.dep_ in ("nsubjpass", "auxpass", "agent") for c in verb.children)


def _own_subject(verb: Token) -> Token | None:
    """The verb's subject; of two before it (a misparse: "KABUL — Gunmen killed", the dateline
    also taken for a subject) the nearest."""
    found = [child for child in verb.children if child.dep_ in _SUBJECTS]
    before = [child for child in found if child.i < verb.i]
    return before[-1] if before else (found[0] if found else None)


def subject(verb: Token) -> Token | None:
    """The subject of a verb, its own or inherited along xcomp/conj/advcl/pcomp ("by firing")."""
    current: Token | None = verb
    for _ in range(6):
        if current is None:
            return None
        found = _own_subject(current)
        if found is not None:
            return resolve_relative(found)
        if current.dep_ == "relcl":
            return current.head
        if current.dep_ not in _INHERIT or current.head is current:
            return None
        head = current.head
        if current.dep_ == "pcomp" or head.dep_ == "prep":
            head = head.head  # "violated ... by firing": the verb the "by" phrase modifies
        if current.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
            return head  # "soldiers firing": the noun the participle modifies
        current = head
    return None


def resolve_relative(token: Token) -> Token:
    """A relative pronoun stands for the noun its clause modifies ("the defector, who ...")."""
    if token.lower_ in _RELATIVE and token.head.dep_ == "relcl":
        return token.head.head
    return token


def agent(verb: Token) -> Token | None:
    """The "by" phrase of a passive verb."""
    for child in verb.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def direct_object(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("dobj", "obj"):
            return resolve_relative(child)
    return None


def prep_objects(token: Token, preps: frozenset[str]) -> Iterator[Token]:
    """Objects of the given prepositions under a token ("at the defector", "against X")."""
    for child in token.children:
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ in preps:
            for obj in child.children:
                if obj.dep_ == "pobj":
                    yield obj


def clause_head(token: Token) -> Token:
    """The verb whose clause a token sits in (the token itself for a verb)."""
    current = token
    for _ in range(8):
        if current.pos_ in ("VERB", "AUX") or current.head is current:
            return current
        current = current.head
    return current


_CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "acl", "parataxis", "csubj"})


def clause_tokens(head: Token) -> tuple[int, int, set[int]]:
    """The token indices of a clause: the head's subtree without the clauses embedded in it.

    Returns (first, last, excluded) so that a membership test is a range check plus a set lookup.
    """
    excluded: set[int] = set()
    for token in head.subtree:
        if token is head or token.i in excluded:
            continue
        if token.dep_ in _CLAUSE_DEPS or (token.dep_ == "conj" and token.pos_ in ("VERB", "AUX")):
            excluded.update(range(token.left_edge.i, token.right_edge.i + 1))
    return head.left_edge.i, head.right_edge.i, excluded
