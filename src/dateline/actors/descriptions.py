"""Within-document coreference of descriptions: "a North Korean soldier" ... "the defector".

News introduces a person with an indefinite description and goes on with definite ones that say
what happened to them ("the defector", "the victim", "the hostage"). Merging by head noun
(``merge.cluster``) cannot join them, since the heads differ. The rule here is deliberately
narrow: a group of mentions whose head is a re-description (nouns flagged ``r`` in
``resources/actors/nouns.tsv``), always written definite and singular, joins the one earlier
group that was introduced as a singular indefinite individual ("a soldier", not "an army") with
no country that contradicts it. With two or more such individuals before it, it joins none.
"""

from __future__ import annotations

from spacy.tokens import Doc

from dateline.actors.lexicon import Lexicon
from dateline.actors.mentions import Mention

_INDEFINITE = frozenset({"a", "an"})
_DEFINITE = frozenset({"the", "this", "that"})


def _article(doc: Doc, m: Mention) -> str | None:
    """The determiner of a nominal mention's head noun, lowercase ("the" of "the KPA
    defector"; mentions start after it)."""
    head = doc[m.end - 1]
    return next((c.lower_ for c in head.children if c.dep_ == "det"), None)


def _singular_nominal(m: Mention) -> bool:
    return m.label == "NOMINAL" and not m.plural and m.head is not None


def _countries(group: list[Mention]) -> set[str]:
    return set().union(*(m.countries for m in group))


def merge_descriptions(doc: Doc, groups: list[list[Mention]], lex: Lexicon) -> list[list[Mention]]:
    """The groups (in order of first mention) with re-describing ones joined to the individual
    they describe; mentions of a joined group in text order."""
    individuals: list[int] = []  # indices of groups introduced as "a <person>"
    merged: dict[int, int] = {}
    for index, group in enumerate(groups):
        first = group[0]
        if not _singular_nominal(first):
            continue
        if first.head in lex.redescriptions and all(
            _singular_nominal(m) and _article(doc, m) in _DEFINITE for m in group
        ):
            countries = _countries(group)
            fits = [
                i for i in individuals
                if not countries or not _countries(groups[i]) or countries & _countries(groups[i])
            ]
            if len(individuals) == 1 and fits:
                merged[index] = fits[0]
                continue
        if _article(doc, first) in _INDEFINITE and first.head not in lex.org_heads:
            individuals.append(index)
    if not merged:
        return groups
    out: dict[int, list[Mention]] = {}
    for index, group in enumerate(groups):
        out.setdefault(merged.get(index, index), []).extend(group)
    return [sorted(g, key=lambda m: m.start) for g in out.values()]
