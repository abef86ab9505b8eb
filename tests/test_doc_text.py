"""``doc_text``: a Doc's text, built once and let go with the Doc."""

from __future__ import annotations

import gc

import spacy

from dateline.doc_text import _TEXTS, doc_text


def test_the_text_is_the_docs_and_built_once():
    nlp = spacy.blank("en")
    doc = nlp("  Seoul, South Korea —\n\nThe  defector ran. ")
    assert doc_text(doc) == doc.text
    assert doc_text(doc) is doc_text(doc)
    assert doc_text(nlp("")) == ""


def test_the_text_goes_with_its_doc():
    nlp = spacy.blank("en")
    doc = nlp("A short text.")
    doc_text(doc)
    before = len(_TEXTS)
    del doc
    gc.collect()
    assert len(_TEXTS) == before - 1


def test_a_doc_keeps_no_trace_of_it(nlp):
    doc = nlp.make_doc("Officials said on Monday.")
    doc_text(doc)
    assert doc.user_data == {}
