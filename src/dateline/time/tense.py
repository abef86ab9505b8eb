"""The tense of the clause a token sits in, read off spaCy's tags: past, present or future.

Relative expressions ("on Monday", "in December") and undated events are resolved against the
document date in the direction the governing verb points: VBD/VBN (with have) is past, a
will/shall modal is future, VBZ/VBP is present.
"""

from __future__ import annotations

from spacy.tokens import Token

_VERBAL = frozenset({"VERB", "AUX"})
_FUTURE_MODALS = frozenset({"will", "'ll", "wo", "shall", "ll"})
_PERFECT = frozenset({"have", "has", "'ve", "'s"})
_MAX_HOPS = 12


def clause_verb(token: Token) -> Token | None:
    """The nearest verb at or above a token in the parse (the head of its clause)."""
    node = token
    for _ in range(_MAX_HOPS):
        if node.pos_ in _VERBAL or node.tag_.startswith("VB") or node.tag_ == "MD":
            return node
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def verb_tense(verb: Token) -> str | None:
    """'past', 'present', 'future' or None (modal or tenseless) for a verb and its auxiliaries."""
    node: Token | None = verb
    for _ in range(4):
        if node is None:
            return None
        auxes = [c for c in node.children if c.dep_ in ("aux", "auxpass")]
        tags = {a.tag_ for a in auxes}
        words = {a.lower_ for a in auxes}
        if words & _FUTURE_MODALS:
            return "future"
        if "going" in words and any(c.lower_ == "to" for c in node.children):
            return "future"
        if "MD" in tags:
            return None
        if "VBD" in tags or node.tag_ == "VBD":
            return "past"
        if node.tag_ == "VBN" and words & _PERFECT:
            return "past"
        if tags & {"VBZ", "VBP"} or node.tag_ in ("VBZ", "VBP"):
            return "present"
        # tenseless form (infinitive, participle): inherit from the verb it depends on; a
        # to-infinitive ("expected to join", "agreed to sell") looks ahead of its governor
        if node.dep_ in ("xcomp", "conj", "advcl", "acl", "relcl", "ccomp", "pcomp", "dep"):
            head = clause_verb(node.head) if node.head.i != node.i else None
            if "to" in words and node.tag_ == "VB":
                outer = verb_tense(head) if head is not None else None
                return "future" if outer in ("present", "future") else None
            node = head
            continue
        return "future" if "to" in words and node.tag_ == "VB" else None
    return None


def tense_at(token: Token) -> str | None:
    """The tense governing a token (a time expression's head, an event trigger)."""
    verb = clause_verb(token)
    return verb_tense(verb) if verb is not None else None
