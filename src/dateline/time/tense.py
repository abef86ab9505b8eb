"""The tense of the clause a token sits in, read off spaCy's tags: past, present or future.

Relative expressions ("on Monday", "in December") and undated events are resolved against the
document date in the direction the governing verb points: VBD/VBN (with have) is past, a
will/shall modal is future, VBZ/VBP is present. Prospective modals ("could come Tuesday") and
the to-infinitives of intention verbs ("planned to leave Thursday") look ahead; their word lists
are in ``resources/time/tense_cues.tsv``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Token

from dateline.tables import read_table

_VERBAL = frozenset({"VERB", "AUX"})
_FUTURE_MODALS = frozenset({"will", "'ll", "wo", "shall", "ll"})
_PERFECT = frozenset({"have", "has", "'ve", "'s"})
_MAX_HOPS = 12
#: Relations of a tenseless verb to the verb whose tense it takes: complements, conjuncts,
#: adverbial and relative clauses, and subject clauses ("the countries to accede on Friday were").
_INHERITS = frozenset(
    ["xcomp", "conj", "advcl", "acl", "relcl", "ccomp", "pcomp", "dep", "csubj", "nsubj"]
)


@lru_cache(maxsize=1)
def _cues() -> dict[str, frozenset[str]]:
    """Cue class -> words, read once from tense_cues.tsv."""
    found: dict[str, set[str]] = {}
    for word, cue in read_table("time", "tense_cues.tsv"):
        found.setdefault(cue, set()).add(word)
    return {cue: frozenset(words) for cue, words in found.items()}


def cue_words(cue: str) -> frozenset[str]:
    """The words of one cue class of tense_cues.tsv."""
    return _cues().get(cue, frozenset())


_WORD_BEFORE = re.compile(r"([A-Za-z]+)\s+(?:on\s+)?$")


def cue_before(text: str, offset: int) -> str | None:
    """'future' when the word right before a date points ahead ("effective Feb. 1")."""
    m = _WORD_BEFORE.search(text, max(0, offset - 20), offset)
    return "future" if m and m[1].lower() in _cues()["forward"] else None


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


def verb_tense(verb: Token, prospective: bool = True) -> str | None:
    """'past', 'present', 'future' or None (modal or tenseless) for a verb and its auxiliaries.

    ``prospective`` lets "could"/"would" + base verb count as future (see ``tense_at``)."""
    node: Token | None = verb
    for hop in range(4):
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
            if node.tag_ == "VBN" and words & _PERFECT:
                return "past"  # "could have left"
            # only the modal's own clause: "announced Wednesday" under "would appeal" is past
            ahead = prospective and hop == 0 and node.tag_ in ("VB", "VBG")  # "would be going"
            return "future" if ahead and words & _cues()["prospective"] else None
        if "VBD" in tags or node.tag_ == "VBD":
            return "past"
        if node.tag_ == "VBN" and (words & _PERFECT or (node.dep_ == "acl" and not auxes)):
            return "past"  # perfect, or a reduced relative: "the injunction issued Thursday"
        if node.tag_ == "VBG" and words & _PERFECT and "been" in words:
            return "past"  # "have been searching since the Oct. 23 attack"
        if tags & {"VBZ", "VBP"} or node.tag_ in ("VBZ", "VBP"):
            return "present"
        # tenseless form (infinitive, participle): inherit from the verb it depends on; a
        # to-infinitive ("expected to join", "agreed to sell") looks ahead of its governor
        if node.dep_ in _INHERITS:
            head = clause_verb(node.head) if node.head.i != node.i else None
            if "to" in words and node.tag_ == "VB":
                outer = verb_tense(head, prospective) if head is not None else None
                if outer == "past" and head is not None and _intends(node.head, head):
                    return "future"
                return "future" if outer in ("present", "future") else None
            node = head
            continue
        return "future" if "to" in words and node.tag_ == "VB" else None
    return None


def tense_at(token: Token) -> str | None:
    """The tense governing a token (a time expression's head, an event trigger).

    A prospective modal counts only for a token its verb governs directly or through a
    preposition ("could come as early as Tuesday"), not for one inside a noun phrase ("would
    appeal Wednesday's ruling": the ruling is past).
    """
    verb = clause_verb(token)
    if verb is None:
        return None
    head = token.head
    for _ in range(3):  # "on Tuesday", "as early as Tuesday"
        if head.pos_ not in ("ADP", "ADV") or head.head.i == head.i:
            break
        head = head.head
    direct = head.i == verb.i and not any(c.dep_ == "case" for c in token.children)
    tense = verb_tense(verb, direct or token.i == verb.i)
    if tense == "past" and (_plans_ahead(verb, token) or _defers_to(verb, token)):
        return "future"  # "planned a rally on Saturday", "postponed until Tuesday": ahead
    return tense


def _intends(governor: Token, verb: Token) -> bool:
    """Whether a to-infinitive's governor states a plan still ahead ("planned to", "set to"),
    not one of a past perfect ("had been due to expire Friday" is past)."""
    if _pluperfect(verb):
        return False
    words = _cues()["intention"]
    return governor.lemma_.lower() in words or governor.lower_ in words


def _pluperfect(verb: Token) -> bool:
    return any(c.lower_ == "had" for c in verb.children if c.dep_ in ("aux", "auxpass"))


def _plans_ahead(verb: Token, token: Token) -> bool:
    """A past plan verb with the date after it dates the planned thing ("scheduled a hearing
    Thursday"), not the planning ("On Friday, they planned"; "the march planned for Saturday
    was called off")."""
    if token.i < verb.i or verb.dep_ == "acl" or _pluperfect(verb):
        return False
    return verb.lemma_.lower() in _cues()["plan"]


def _defers_to(verb: Token, token: Token) -> bool:
    """A past verb of putting off whose "until" date is the new deadline, still ahead
    ("postponed until Tuesday", "extended its deadline until 9 a.m. Tuesday")."""
    marker = token.head
    for _ in range(3):  # "until 9 a.m. Tuesday": the weekday may hang on the clock time
        if marker.lower_ in ("until", "till") or marker.i == marker.head.i:
            break
        marker = marker.head
    if marker.lower_ not in ("until", "till") or _pluperfect(verb):
        return False
    return verb.lemma_.lower() in _cues()["deferral"]
