"""The events tables, read once from ``resources/events/*.tsv``, and the ASSAULT mode cues from
the weapons table shared with the actors component (``resources/shared/weapons.tsv``).

The ontology, the trigger lexicon, the mode cues, the function-word cues and the animacy list are
data so that a trigger or a mode is added by editing a table, not code.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from dateline.tables import read_table, weapons

if TYPE_CHECKING:
    from spacy.tokens import Token


@dataclass(frozen=True, slots=True)
class TypeInfo:
    """What PLOVER (and CAMEO, ACLED) say about one type or type:mode."""

    type: str
    mode: str | None
    quad: int
    score: float
    cameo: str
    acled_type: str | None
    acled_subtype: str | None


@dataclass(frozen=True, slots=True)
class Trigger:
    """One lexicon entry: a lemma that evokes an event of a type."""

    lemma: str
    pos: str  # VERB / NOUN
    type: str
    mode: str | None
    needs: frozenset[str]  # the object or a preposition must be one of these (empty: no need)
    person: bool  # the target must be a person or group
    site: bool  # the target must be a building, vehicle or installation
    alone: bool  # a noun that is an event without arguments
    accused: bool  # the subject is the accused; the actor is the source
    acled: str | None  # ACLED sub-type that overrides the one of type:mode
    cameo: str | None  # CAMEO root that overrides the type's ("urge": 02 APPEAL)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything the event extractor looks words up in (keys lowercase)."""

    ontology: dict[tuple[str, str | None], TypeInfo]
    old_names: dict[str, tuple[str, str | None]]
    acled_types: dict[str, str]  # ACLED sub-type -> ACLED event type (ACLED's codebook)
    triggers: dict[tuple[str, str], tuple[Trigger, ...]]  # conditioned entries first
    modes: dict[tuple[str, str], tuple[str, str | None]]  # (type, cue) -> (mode, acled)
    cues: dict[str, frozenset[str]]
    target_preps: dict[str, frozenset[str]]
    animacy: dict[str, str]
    armed_groups: dict[str, str]  # name -> state / nonstate
    acled_rank: dict[str, tuple[bool, int]]  # ACLED sub-type -> (names no method, rank)

    def info(self, type_: str, mode: str | None) -> TypeInfo:
        """The row of type:mode, or of the bare type when the mode has no row."""
        return self.ontology.get((type_, mode)) or self.ontology[(type_, None)]

    def kind_of(self, token: Token) -> str | None:
        """The animacy kind (person, org, site, title, ...) of a noun, by lemma or by form."""
        return self.animacy.get(token.lemma_.lower()) or self.animacy.get(token.lower_)

    def normalize(self, name: str) -> tuple[str, str | None]:
        """A current (type, mode) for a PLOVER type name, old (DEMAND, FIGHT, ...) or current."""
        name = name.strip().upper()
        if (name, None) in self.ontology:
            return name, None
        return self.old_names.get(name, (name, None))


def _rows(name: str, header: bool = True) -> list[list[str]]:
    rows = read_table("events", name)
    return rows[1:] if header else rows


def _opt(value: str) -> str | None:
    return None if value == "-" else value


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read the tables once per process."""
    ontology: dict[tuple[str, str | None], TypeInfo] = {}
    old_names: dict[str, tuple[str, str | None]] = {}
    acled_types: dict[str, str] = {}
    for type_, mode, quad, score, cameo, acled_type, acled_sub, old in _rows("ontology.tsv"):
        info = TypeInfo(
            type_, _opt(mode), int(quad), float(score), cameo, _opt(acled_type), _opt(acled_sub)
        )
        ontology[(type_, info.mode)] = info
        if info.acled_type and info.acled_subtype:
            acled_types[info.acled_subtype] = info.acled_type
        for name in filter(None, (_opt(old) or "").split("|")):
            old_names[name] = (type_, info.mode)
    cues: dict[str, set[str]] = defaultdict(set)
    preps: dict[str, set[str]] = defaultdict(set)
    for kind, lemma, value in _rows("cues.tsv"):
        if kind == "target_prep":
            preps[lemma].add(value)
        else:
            cues[kind].add(lemma)
    entries: dict[tuple[str, str], list[Trigger]] = defaultdict(list)
    for lemma, pos, type_, mode, require, acled, cameo in _rows("triggers.tsv"):
        parts = require.split(",")  # conditions combine: "alone,obj=sexual"
        needed = next((p[4:] for p in parts if p.startswith("obj=")), "")
        # "@arms" stands for the words of the cue class "arms"
        words = [cues[w[1:]] if w.startswith("@") else {w} for w in needed.split("|") if w]
        needs = frozenset().union(*words)
        flags = tuple(flag in parts for flag in ("person", "site", "alone", "accused"))
        entries[(lemma, pos)].append(
            Trigger(lemma, pos, type_, _opt(mode), needs, *flags, _opt(acled), _opt(cameo))
        )
    triggers = {k: tuple(sorted(v, key=lambda t: not t.needs)) for k, v in entries.items()}
    modes = {("ASSAULT", w.lemma): (w.mode, w.acled) for w in weapons() if w.mode is not None}
    modes.update({(t, cue): (mode, _opt(acled)) for t, cue, mode, acled in _rows("modes.tsv")})
    codebook = _rows("acled_subtypes.tsv", header=False)
    acled_types.update({sub: type_ for sub, type_, _, _ in codebook})
    acled_rank = {sub: (method != "1", int(rank)) for sub, _, rank, method in codebook}
    shared = preps.pop("*", set())
    target_preps = {t: frozenset(preps.get(t, set()) | shared) for t, _ in ontology}
    animacy = dict(_rows("animacy.tsv"))
    return Lexicon(
        ontology=ontology,
        old_names=old_names,
        acled_types=acled_types,
        triggers=triggers,
        modes=modes,
        cues={k: frozenset(v) for k, v in cues.items()},
        target_preps=target_preps,
        animacy=animacy,
        armed_groups=dict(_rows("armed_groups.tsv", header=False)),
        acled_rank=acled_rank,
    )
