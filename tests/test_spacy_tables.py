"""spaCy's attribute ruler and lemmatizer as lookup tables: the same Docs, byte for byte."""

from __future__ import annotations

import pytest
import spacy

from dateline.pipeline import MODEL
from dateline.spacy_tables import AttributeTable, LemmaTable, compile_patterns, speed_up

#: Text that reaches the model's rarer rules: two-token patterns ("gonna", "y'all", "let's"),
#: DEP-conditioned ones ("it" as subject and object, "there is"), REGEX ones ("n't", "nothin'"),
#: whitespace tokens, and repeated words (the tables' cached path).
TEXT = (
    "Y'all gonna see it. Let's go, said the mayor, who doesn't know nothin' about it.\n\n"
    "There is  a plan: she gets what she got, and I gave it to you. They wo n't stop;   "
    "we're doin' fine, ol' friend. 'Em? That one's ours, and those are theirs. "
    "The U.S. Surgeon General said 42 people were hurt in New York on Monday."
)


def test_the_pipeline_runs_the_tables(nlp):
    assert isinstance(nlp.get_pipe("attribute_ruler"), AttributeTable)
    assert isinstance(nlp.get_pipe("lemmatizer"), LemmaTable)


def test_the_model_gives_the_same_docs_with_the_tables(nlp):
    bare = spacy.load(MODEL)
    spacy_names = bare.pipe_names
    with nlp.select_pipes(enable=spacy_names):
        texts = [TEXT, TEXT.upper(), TEXT[40:], ""]
        ours = list(nlp.pipe(texts))
        theirs = list(bare.pipe(texts))
    for a, b in zip(ours, theirs, strict=True):
        assert [(t.pos_, str(t.morph), t.lemma_, t.dep_) for t in a] == [
            (t.pos_, str(t.morph), t.lemma_, t.dep_) for t in b
        ]
        assert a.to_bytes() == b.to_bytes()


def _ruler(patterns: list[dict]) -> spacy.language.Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler").add_patterns(patterns)
    return nlp


PATTERNS = [
    {"patterns": [[{"LOWER": {"IN": ["new", "old"]}}, {"TEXT": "York"}]],
     "attrs": {"LEMMA": "NYC"}, "index": -1},
    {"patterns": [[{"lower": {"REGEX": "^ye?s$"}}]], "attrs": {"LEMMA": "yes"}},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "_SP", "POS": "SPACE"}},
    {"patterns": [[{"LOWER": {"NOT_IN": ["york", "new"]}, "IS_SPACE": False}]],
     "attrs": {"TAG": "X"}},
    {"patterns": [[{"ORTH": "York"}], [{"ORTH": "Paris"}]], "attrs": {"TAG": "NNP"}},
]


def test_rules_of_every_supported_kind_give_what_spacy_gives():
    text = "Yes, New York  and old York and Paris: ys new  York York."
    theirs = _ruler(PATTERNS)(text)
    fast = _ruler(PATTERNS)
    speed_up(fast)
    assert isinstance(fast.get_pipe("attribute_ruler"), AttributeTable)
    ours = fast(text)
    assert [(t.tag_, t.pos_, t.lemma_) for t in ours] == [
        (t.tag_, t.pos_, t.lemma_) for t in theirs
    ]
    assert ours.to_bytes() == theirs.to_bytes()


@pytest.mark.parametrize(
    "pattern",
    [
        [{"LOWER": "a", "OP": "+"}],  # an operator
        [{"_": {"flag": True}}],  # an extension attribute
        [{"LENGTH": {">=": 3}}],  # another attribute and predicate
        [{"LOWER": {"FUZZY": "york"}}],
    ],
)
def test_rules_the_table_cannot_test_keep_spacys_matcher(pattern):
    nlp = _ruler([{"patterns": [pattern], "attrs": {"TAG": "X"}}])
    speed_up(nlp)
    assert type(nlp.get_pipe("attribute_ruler")).__name__ == "AttributeRuler"
    assert compile_patterns([{"patterns": [pattern], "attrs": {"TAG": "X"}}]) is None


def test_a_table_refuses_rules_it_cannot_test():
    nlp = spacy.blank("en")
    bad = [{"patterns": [[{"LOWER": "a", "OP": "*"}]], "attrs": {"TAG": "X"}}]
    with pytest.raises(ValueError, match="attribute_ruler: a pattern uses"):
        nlp.add_pipe("dateline_attribute_table", name="attribute_ruler",
                     config={"patterns": bad})


def test_an_index_outside_the_pattern_is_left_to_spacy():
    patterns = [{"patterns": [[{"LOWER": "a"}]], "attrs": {"TAG": "X"}, "index": 1}]
    assert compile_patterns(patterns) is None


def test_a_full_row_memory_starts_again_with_the_same_results(monkeypatch):
    import dateline.spacy_tables as tables

    monkeypatch.setattr(tables, "MAX_ROWS", 3)
    text = "Yes, New York  and old York and Paris: ys new  York York."
    theirs = _ruler(PATTERNS)(text)
    fast = _ruler(PATTERNS)
    speed_up(fast)
    ours = fast(text)
    assert len(fast.get_pipe("attribute_ruler")._rows) <= 3
    assert ours.to_bytes() == theirs.to_bytes()
