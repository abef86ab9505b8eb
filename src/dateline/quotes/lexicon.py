"""The attribution lexicons, read once from ``resources/quotes/*.tsv``.

Kept as data so that a speech verb, a cue phrase or a source noun is added by editing a
table, not code. The nouns of people who speak for an organization ("spokesman") are the actor
nouns flagged ``s`` in ``resources/actors/nouns.tsv``, taken from the actors' lexicon.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from dateline.actors.lexicon import load_lexicon as actor_lexicon
from dateline.tables import read_table


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything the attribution finder looks words up in (all keys lowercase)."""

    speech_verbs: dict[str, frozenset[str]]  # lemma -> prepositions introducing content
    sources: tuple[tuple[str, ...], ...]  # "according to": the object is the speaker
    tails: tuple[tuple[str, ...], ...]  # "told reporters": words that extend a verb cue
    source_nouns: frozenset[str]  # statement, video: the speaker is their owner
    role_nouns: frozenset[str]  # spokesman: speaks for the organization after "for"/"of"
    pronouns: dict[str, frozenset[str]]  # he -> {PERSON}; it -> {ORG, GPE}
    speech_nouns: frozenset[str]  # claim, allegation: their "that" clause is attributed
    passive_speakers: frozenset[str]  # quote: "X was quoted as saying" -> X
    denials: frozenset[str]  # deny, refute: the speaker rejects the content


def _rows(name: str) -> list[list[str]]:
    return read_table("quotes", name)


def _longest_first(phrases: list[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(sorted((tuple(p.split()) for p in phrases), key=len, reverse=True))


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read the tables once per process."""
    verbs = {
        lemma: frozenset() if preps == "-" else frozenset(preps.split(","))
        for lemma, preps in _rows("speech_verbs.tsv")
    }
    phrases = _rows("phrases.tsv")
    return Lexicon(
        speech_verbs=verbs,
        sources=_longest_first([p for kind, p in phrases if kind == "source"]),
        tails=_longest_first([p for kind, p in phrases if kind == "tail"]),
        source_nouns=frozenset(row[0] for row in _rows("source_nouns.tsv")),
        role_nouns=actor_lexicon().speakers,
        pronouns={p: frozenset(labels.split(",")) for p, labels in _rows("pronouns.tsv")},
        speech_nouns=frozenset(row[0] for row in _rows("speech_nouns.tsv")),
        passive_speakers=frozenset(p for kind, p in phrases if kind == "passive"),
        denials=frozenset(row[0] for row in _rows("denials.tsv")),
    )
