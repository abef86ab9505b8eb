"""spaCy's attribute ruler and lemmatizer, the same rules with the same results, by lookups.

Why: in ``en_core_web_sm`` these two per-token rule steps cost ~16 ms of the ~90 ms a 600-word
document takes (the attribute ruler ~14, as much as the parser; the lemmatizer ~2 once its
cache is warm, ~5 before). Both give each token a result that depends only on a few of its
attribute values, and news text repeats those values all the time, so each result is
computed once per distinct value (by spaCy's own rules) and looked up afterwards: the table
costs ~1.2 ms a document on text it has seen, ~3 on new text.

- The attribute ruler (the tag map and morph rules: TAG -> POS and MORPH, a few LEMMA and DEP
  fixes) runs spaCy's ``Matcher`` over its 180 patterns at every token. Every one of them is a
  fixed run of tokens, each tested for equality, ``IN``, ``NOT_IN`` or ``REGEX`` on a token
  attribute, so whether a pattern's token matches depends on that token's values alone.
  Later rules override earlier ones, as in spaCy.
- The rule lemmatizer's lemma is a function of the token's text, POS and morphology (spaCy
  caches it under that key, after a Python loop that builds every token's ``MorphAnalysis``).

``speed_up(nlp)`` swaps these components for their tables where it can, and leaves a component
alone otherwise: an attribute ruler whose patterns use operators, extension attributes or other
predicates keeps spaCy's ``Matcher``; a lemmatizer of another class or mode is kept as is.
``tests/test_spacy_tables.py`` checks that the Docs come out byte for byte the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from spacy.attrs import DEP, IDS, IS_SPACE, LEMMA, LOWER, MORPH, NORM, ORTH, POS, TAG
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.tokens._retokenize import normalize_token_attrs, set_token_attrs

#: Token attributes a compiled pattern may test: string-valued ones, and the one flag in use.
_STRING_ATTRS = frozenset({ORTH, LOWER, NORM, TAG, DEP, LEMMA})
_FLAG_ATTRS = frozenset({IS_SPACE})
_ALIASES = {"TEXT": "ORTH"}

#: A compiled test of one attribute: the value ids it accepts (equality, ``IN``, a flag), or a
#: predicate on the value id and the string store (``NOT_IN``, ``REGEX``).
Test = frozenset[int] | Callable[[int, Any], bool]
#: A pattern token: (index of the Matcher pattern, position in it).
Spec = tuple[int, int]
#: Distinct token rows remembered at most; past that the memory starts again (a long ingest
#: meets ever more rare combinations; each column's own answers are kept).
MAX_ROWS = 200_000


class AttributeTable:
    """The rules of an ``AttributeRuler``, applied through per-value caches.

    A pattern token matches a token when each attribute it tests accepts the token's value of
    that attribute; which pattern tokens a value passes is found once per attribute and value
    (equality and ``IN`` by one lookup, ``NOT_IN`` and ``REGEX`` by their test), and the pattern
    tokens a whole row of values matches once per distinct row."""

    def __init__(self, nlp: Language, name: str, patterns: list[dict[str, Any]]) -> None:
        self.name = name
        compiled = compile_patterns(patterns)
        if compiled is None:
            raise ValueError(f"{name}: a pattern uses what the attribute table cannot test")
        self.columns, self.patterns = compiled
        self.strings = nlp.vocab.strings
        #: Per rule, in order: the attributes it sets (normalized as spaCy does).
        self.attrs = [normalize_token_attrs(nlp.vocab, p["attrs"]) for p in patterns]
        self.longer = [k for k, (tests, _, _) in enumerate(self.patterns) if len(tests) > 1]
        self._tested: dict[Spec, tuple[int, ...]] = {}  # the columns each pattern token tests
        self._accepts: list[dict[int, set[Spec]]] = [{} for _ in self.columns]
        self._predicates: list[list[tuple[Spec, Callable[[int, Any], bool]]]] = [
            [] for _ in self.columns
        ]
        for k, (tests, _, _) in enumerate(self.patterns):
            for j, token_tests in enumerate(tests):
                self._tested[k, j] = tuple(column for column, _ in token_tests)
                for column, test in token_tests:
                    if isinstance(test, frozenset):
                        for value in test:
                            self._accepts[column].setdefault(value, set()).add((k, j))
                    else:
                        self._predicates[column].append(((k, j), test))
        self._untested = frozenset(spec for spec, columns in self._tested.items() if not columns)
        #: The rule of each one-token pattern, by its pattern token.
        self._single = {(k, 0): rule for k, (tests, _, rule) in enumerate(self.patterns)
                        if len(tests) == 1}
        self._passes: list[dict[int, frozenset[Spec]]] = [{} for _ in self.columns]
        #: Token row -> (the pattern tokens it matches, the rules of one-token patterns among them).
        self._rows: dict[tuple[int, ...], tuple[frozenset[Spec], tuple[int, ...]]] = {}
        self._merged: dict[tuple[int, ...], dict[int, Any]] = {}

    def __call__(self, doc: Doc) -> Doc:
        rows = doc.to_array(self.columns).tolist() if len(doc) else []
        infos = [self._rows.get(key) or self._learn(key) for key in map(tuple, rows)]
        hits: dict[int, list[int]] = {}
        for i, (matched, rules) in enumerate(infos):
            if rules:
                hits.setdefault(i, []).extend(rules)
            for k in self.longer:
                if (k, 0) in matched:
                    self._match_longer(k, i, infos, hits)
        for i, rules in hits.items():
            key = tuple(sorted(set(rules)))
            merged = self._merged.get(key)
            if merged is None:
                merged = {}
                for rule in key:  # later rules override earlier ones, as spaCy sorts them
                    merged.update(self.attrs[rule])
                self._merged[key] = merged
            set_token_attrs(doc[i], merged)
        return doc

    def _match_longer(
        self, k: int, start: int, infos: list[tuple], hits: dict[int, list[int]]
    ) -> None:
        tests, index, rule = self.patterns[k]
        end = start + len(tests)
        if end <= len(infos) and all((k, j) in infos[start + j][0] for j in range(1, len(tests))):
            hits.setdefault(range(start, end)[index], []).append(rule)

    def _column(self, column: int, value: int) -> frozenset[Spec]:
        """The pattern tokens whose test of this column accepts ``value``."""
        passes = self._passes[column].get(value)
        if passes is None:
            found = set(self._accepts[column].get(value, ()))
            found.update(spec for spec, test in self._predicates[column]
                         if test(value, self.strings))
            passes = self._passes[column][value] = frozenset(found)
        return passes

    def _learn(self, key: tuple[int, ...]) -> tuple[frozenset[Spec], tuple[int, ...]]:
        """Which pattern tokens a token with this row of attribute values matches."""
        passes = [self._column(column, value) for column, value in enumerate(key)]
        candidates = self._untested.union(*passes)
        matched = frozenset(
            spec for spec in candidates if all(spec in passes[c] for c in self._tested[spec])
        )
        rules = tuple(self._single[spec] for spec in matched if spec in self._single)
        if len(self._rows) >= MAX_ROWS:
            self._rows.clear()
        self._rows[key] = (matched, rules)
        return matched, rules


def compile_patterns(
    patterns: list[dict[str, Any]],
) -> tuple[list[int], list[tuple[list[list[tuple[int, Test]]], int, int]]] | None:
    """The attribute columns to read and, per Matcher pattern, its tests (per token, a list of
    (column, test)), target index and rule; None when a pattern needs what the table does not
    do (``OP``, extension attributes, other attributes or predicates, an index outside the
    pattern)."""
    columns: list[int] = []
    compiled = []
    for rule, p in enumerate(patterns):
        index = p.get("index", 0)
        for pattern in p["patterns"]:
            if not pattern or not -len(pattern) <= index < len(pattern):
                return None
            token_tests = [_token_tests(spec, columns) for spec in pattern]
            if any(tests is None for tests in token_tests):
                return None
            compiled.append((token_tests, index, rule))
    return columns, compiled


def _token_tests(spec: dict[str, Any], columns: list[int]) -> list[tuple[int, Test]] | None:
    tests = []
    for key, value in spec.items():
        attr = IDS.get(_ALIASES.get(key.upper(), key.upper())) if isinstance(key, str) else None
        test = _test(attr, value) if attr in _STRING_ATTRS | _FLAG_ATTRS else None
        if test is None:
            return None
        if attr not in columns:
            columns.append(attr)
        tests.append((columns.index(attr), test))
    return tests


def _test(attr: int, value: Any) -> Test | None:
    """The Matcher's test of one attribute, on the token's value (a string's id, or a flag)."""
    if attr in _FLAG_ATTRS:
        return frozenset({int(value)}) if isinstance(value, bool) else None
    if isinstance(value, str):
        return frozenset({get_string_id(value)})
    if not isinstance(value, dict) or len(value) != 1:
        return None
    ((op, arg),) = value.items()
    if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(a, str) for a in arg):
        ids = frozenset(get_string_id(a) for a in arg)
        return ids if op == "IN" else (lambda v, _: v not in ids)
    if op == "REGEX" and isinstance(arg, str):
        regex = re.compile(arg)
        return lambda v, strings: bool(regex.search(strings[v]))
    return None


@Language.factory(
    "dateline_attribute_table",
    assigns=["token.pos", "token.tag", "token.morph", "token.lemma", "token.dep"],
    default_config={"patterns": []},
)
def make_attribute_table(
    nlp: Language, name: str, patterns: list[dict[str, Any]]
) -> AttributeTable:
    return AttributeTable(nlp, name, patterns)


class LemmaTable(EnglishLemmatizer):
    """spaCy's English lemmatizer (``rule`` or ``lookup`` mode) with one lemma computed per
    distinct (text, POS, morphology) and looked up for every other token that has them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lemmas: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not self._validated:
            self._validate_tables(Errors.E1004)
        if not len(doc):
            return doc
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3].copy()
        strings = self.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if self.overwrite or lemma == 0:
                key = (orth, pos, morph)
                found = self._lemmas.get(key)
                if found is None:
                    found = self._lemmas[key] = strings.add(self.lemmatize(doc[i])[0])
                lemmas[i] = found
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc


@Language.factory(
    "dateline_lemma_table",
    assigns=["token.lemma"],
    default_config={"mode": "rule", "overwrite": False},
)
def make_lemma_table(nlp: Language, name: str, mode: str, overwrite: bool) -> LemmaTable:
    return LemmaTable(nlp.vocab, None, name, mode=mode, overwrite=overwrite)


def speed_up(nlp: Language) -> None:
    """Replace ``nlp``'s attribute rulers and English lemmatizers by their tables, where their
    rules allow it (see the module). The Docs ``nlp`` makes stay the same."""
    for name, proc in list(nlp.pipeline):
        if isinstance(proc, AttributeRuler):
            patterns = proc.patterns
            if compile_patterns(patterns) is not None:
                nlp.replace_pipe(name, "dateline_attribute_table", config={"patterns": patterns})
        elif type(proc) is EnglishLemmatizer and proc.mode in ("rule", "lookup"):
            config = {"mode": proc.mode, "overwrite": proc.overwrite}
            table = nlp.replace_pipe(name, "dateline_lemma_table", config=config)
            table.lookups = proc.lookups  # the tables spaCy loaded from the model's folder
