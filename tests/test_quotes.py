"""The quotes component: direct quotations, reported speech, and who said them.

Speakers are checked by the words of the text (``speaker_text``) and, when the actors
component gave an id, by the entity that id names, so these tests hold with or without actors.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from dateline.model import Document, Quote
from dateline.pipeline import make_doc
from dateline.quotes import attribution_for
from dateline.quotes.extract import extract
from dateline.quotes.lexicon import load_lexicon
from dateline.quotes.marks import find_quoted


def _one_quote(report) -> Quote:
    assert len(report.quotes) == 1, report.quotes
    return report.quotes[0]


def _names(report, entity_id: str | None) -> str:
    """All the names of the entity an id stands for ("" when there is none)."""
    for entity in report.entities:
        if entity.id == entity_id:
            return " ".join([entity.text, *entity.aliases])
    return ""


def _speaks_for(report, record, name: str) -> bool:
    """Whether a quote or attribution is attributed to ``name``, by text and by actor id."""
    if record.speaker_text is None or name not in record.speaker_text:
        return False
    return record.speaker is None or name in _names(report, record.speaker)


def _offsets_hold(report) -> None:
    text = report.document.text
    for q in report.quotes:
        assert text[q.start : q.end] == q.text
    for a in report.attributions:
        assert 0 <= a.start < a.end <= len(text)
        assert text[a.cue.start : a.cue.end] == a.cue.text


def _covering(report, phrase: str):
    """The innermost attribution covering the first occurrence of ``phrase``."""
    at = report.document.text.index(phrase)
    inside = [a for a in report.attributions if a.start <= at < a.end]
    return min(inside, key=lambda a: a.end - a.start) if inside else None


# Quote marks ---------------------------------------------------------------------------------


def test_marks_pair_straight_and_curly_quotes():
    text = 'He said "one, two," then “three” and ‘four’.'
    found = [text[q.start : q.end] for q in find_quoted(text)]
    assert found == ["one, two", "three"]


def test_marks_run_on_paragraphs_and_unbalanced():
    text = '"First part\n\n"Second part." Then "never closed.\n\nNext paragraph.'
    found = find_quoted(text)
    assert [text[q.start : q.end] for q in found] == ["First part", "Second part."]
    assert [q.continued for q in found] == [True, False]


def test_marks_ignore_inches():
    text = 'He is 5\'10" tall and "this is quoted" here.'
    assert [text[q.start : q.end] for q in find_quoted(text)] == ["this is quoted"]


# Direct quotes: pattern families ------------------------------------------------------------


def test_quote_then_x_said(run):
    report = run('"We will not back down," Kim Jong Un said on Tuesday.')
    quote = _one_quote(report)
    assert quote.text == "We will not back down"
    assert _speaks_for(report, quote, "Kim Jong Un")
    assert quote.cue is not None and quote.cue.text == "said"
    _offsets_hold(report)


def test_quote_then_said_x(run):
    report = run('"The talks are over," said Moon Jae-in, the South Korean president.')
    assert _speaks_for(report, _one_quote(report), "Moon Jae-in")


def test_x_told_reporters_quote(run):
    report = run('Defense Secretary Jim Mattis told reporters, "We are ready for anything."')
    quote = _one_quote(report)
    assert _speaks_for(report, quote, "Jim Mattis")
    assert quote.cue.text == "told reporters"


def test_according_to_x_quote(run):
    report = run('According to Pentagon spokesman Dana White, "the strike was a success."')
    quote = _one_quote(report)
    assert _speaks_for(report, quote, "Dana White")
    assert quote.cue.text == "According to"


def test_possessive_statement_said(run):
    report = run('"There is no threat," North Korea\'s statement said.')
    assert _speaks_for(report, _one_quote(report), "North Korea")


def test_curly_quotes_and_continuation(run):
    report = run("“We have no choice,” the general said. “The North must stop.”")
    assert [q.text for q in report.quotes] == ["We have no choice", "The North must stop."]
    assert all(q.speaker_text == "general" for q in report.quotes)


def test_speaker_in_next_sentence(run):
    report = run('"We will respond with force." Kim Yo Jong said.')
    assert _speaks_for(report, _one_quote(report), "Kim Yo Jong")


def test_speaker_in_previous_sentence(run):
    report = run('The general told reporters:\n"We will respond with force."')
    quote = _one_quote(report)
    assert quote.speaker_text == "general"
    assert quote.cue.text == "told reporters"


def test_run_on_quote_over_paragraphs(run):
    report = run('"The first part is here.\n\n"The second part ends it," Carroll said.')
    assert len(report.quotes) == 2
    assert all(_speaks_for(report, q, "Carroll") for q in report.quotes)


def test_pronoun_resolved_to_the_last_person(run):
    report = run('Rex Tillerson arrived in Seoul on Monday. "Diplomacy continues," he said.')
    quote = _one_quote(report)
    assert "Tillerson" in quote.speaker_text
    assert quote.speaker_mention is not None and quote.speaker_mention.text == "he"
    assert quote.speaker is None or "Tillerson" in _names(report, quote.speaker)


def test_pronoun_prefers_the_subject(run):
    report = run('Rex Tillerson met Jim Mattis in Seoul. "Diplomacy continues," he said.')
    assert "Tillerson" in _one_quote(report).speaker_text


def test_it_said_resolved_to_the_organization(run):
    report = run(
        "The Foreign Ministry condemned the launch on Monday. "
        '"This is a grave provocation," it said.'
    )
    quote = _one_quote(report)
    assert _speaks_for(report, quote, "Foreign Ministry")
    assert quote.speaker_mention.text == "it"


def test_pronoun_left_alone_when_ambiguous(run):
    report = run('Rex Tillerson hoped Jim Mattis would come. "Diplomacy continues," he said.')
    quote = _one_quote(report)
    assert quote.speaker_text == "he"
    assert quote.speaker is None


def test_standalone_quote_takes_the_person_just_described(run):
    report = run(
        "Valarie Taylor has been watching the building for six months.\n\n"
        '"When I opened the door to my room, the smoke engulfed me."'
    )
    quote = _one_quote(report)
    assert _speaks_for(report, quote, "Valarie Taylor")
    assert quote.cue is None
    assert report.attributions == []


def test_scare_quotes_are_not_quotes(run):
    assert run('The so-called "axis of evil" speech was given in 2002.').quotes == []


# Reported speech ----------------------------------------------------------------------------


def test_x_said_clause(run):
    report = run("Carroll said the North violated the armistice.")
    (attribution,) = report.attributions
    assert report.document.text[attribution.start : attribution.end] == (
        "the North violated the armistice"
    )
    assert attribution.cue.text == "said"
    assert _speaks_for(report, attribution, "Carroll")
    assert attribution.kind == "reported"


def test_content_keeps_the_quotation_it_ends_in(run):
    report = run('The movement says it wants "a clean city hall." Nobody else spoke.')
    attribution = _covering(report, "wants")
    assert report.document.text[attribution.start : attribution.end] == (
        'it wants "a clean city hall."'
    )


def test_clause_then_x_told_reporters(run):
    report = run("The North violated the armistice, Colonel Chad Carroll told reporters.")
    attribution = _covering(report, "violated")
    text = report.document.text
    assert text[attribution.start : attribution.end] == "The North violated the armistice"
    assert _speaks_for(report, attribution, "Carroll")
    assert _covering(report, "told") is None


def test_according_to_closing_and_opening_a_sentence(run):
    for text in (
        "Three soldiers were killed on Monday, according to state media.",
        "According to state media, three soldiers were killed on Monday.",
    ):
        report = run(text)
        (attribution,) = report.attributions
        content = text[attribution.start : attribution.end]
        assert content.lower() == "three soldiers were killed on monday"
        assert attribution.speaker_text == "state media"


def test_nearer_source_is_innermost(run):
    report = run("Police said three people were killed in the attack, according to state media.")
    text = report.document.text
    nearest = _covering(report, "killed")
    assert nearest.speaker_text == "Police"
    assert text[nearest.start : nearest.end] == "three people were killed in the attack"
    assert _covering(report, "Police").speaker_text == "state media"


def test_statement_speaks_for_its_owner(run):
    report = run("A UN Command statement said officials notified the North of the violations.")
    attribution = _covering(report, "notified")
    assert attribution.speaker_text == "UN Command"
    assert report.document.text[attribution.start :].startswith("officials notified")


def test_its_statement_said(run):
    report = run(
        "The Foreign Ministry summoned the ambassador on Monday. "
        "Its statement said the launch violated UN resolutions."
    )
    attribution = _covering(report, "violated")
    assert _speaks_for(report, attribution, "Foreign Ministry")
    assert attribution.speaker_mention.text == "Its"


def test_video_released_by(run):
    report = run("Soldiers fired at him, according to video released by the UN command.")
    attribution = _covering(report, "fired")
    assert attribution.cue.text == "according to"
    assert attribution.speaker_text.endswith("UN command")


def test_accused_of(run):
    report = run("The North has accused South Korea of kidnapping its citizens.")
    attribution = _covering(report, "kidnapping")
    assert attribution.cue.text == "accused"
    assert report.document.text[attribution.start : attribution.end] == "kidnapping its citizens"


def test_subject_shared_through_relative_clause(run):
    report = run("Officials, who said the attack was planned, declined to comment.")
    assert _covering(report, "planned").speaker_text == "Officials"


def test_denial_is_marked(run):
    report = run("The North denied that its soldiers crossed the border.")
    attribution = _covering(report, "crossed")
    assert attribution.denied
    assert report.document.text[attribution.start : attribution.end] == (
        "its soldiers crossed the border"
    )
    assert not any(a.denied for a in run("Carroll said the North fired.").attributions)


def test_claim_that_clause(run):
    report = run("The North rejected Seoul's claim that its soldiers crossed the border.")
    attribution = _covering(report, "crossed")
    assert attribution.cue.text == "claim"
    assert _speaks_for(report, attribution, "Seoul")
    assert report.document.text[attribution.start : attribution.end] == (
        "its soldiers crossed the border"
    )
    assert _covering(report, "rejected") is None


def test_quoted_as_saying(run):
    report = run("Kim Yo Jong was quoted as saying the talks had failed.")
    assert _speaks_for(report, _covering(report, "failed"), "Kim Yo Jong")


def test_speaker_roles_are_flagged_actor_nouns(run):
    """Who speaks for an organization comes from the actor nouns flagged ``s``: "source" speaks
    for the ministry without being an actor itself; "spokesman" is both."""
    from dateline.actors.lexicon import load_lexicon as actor_lexicon

    roles = load_lexicon().role_nouns
    assert {"spokesman", "source"} <= roles and "soldier" not in roles
    assert actor_lexicon().lookup(("spokesman",)) and not actor_lexicon().lookup(("source",))
    report = run("A source at the Foreign Ministry said the talks had failed.")
    said = _covering(report, "failed")
    assert said is not None and said.speaker_text == "source"
    assert said.speaker is not None and "Foreign Ministry" in _names(report, said.speaker)
    assert not any(e.text == "source" for e in report.entities)


# The seed article ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_doc(nlp, seed_text):
    return nlp(make_doc(nlp, Document(id="seed", text=seed_text, dct="2017-11-22")))


def test_seed_quote_by_carroll(seed_report):
    quotes = [q for q in seed_report.quotes if q.text.startswith("one, firing weapons")]
    assert len(quotes) == 1
    assert quotes[0].text.endswith("by actually crossing the MDL temporarily")
    assert _speaks_for(seed_report, quotes[0], "Carroll")
    _offsets_hold(seed_report)


def test_seed_carroll_attributions(seed_doc, seed_report):
    text = seed_doc.text
    for sentence_start in ("The North violated the armistice", "Carroll said the North"):
        at = text.index("violated", text.index(sentence_start))
        attribution = attribution_for(seed_doc, at)
        assert attribution is not None
        assert _speaks_for(seed_report, attribution, "Carroll")
        assert attribution.cue.text in ("told reporters", "said")
        assert "Carroll" not in text[attribution.start : attribution.end]
    carroll = {a.speaker for a in seed_report.attributions if "Carroll" in a.speaker_text}
    assert len(carroll) == 1  # one actor (or none) for every mention of him


def test_seed_military_has_said(seed_doc):
    text = seed_doc.text
    attribution = attribution_for(seed_doc, text.index("used handguns"))
    assert attribution.speaker_text == "South Korea's military"
    assert text[attribution.start : attribution.end].startswith("North Korean soldiers used")


def test_seed_statement_said(seed_doc):
    text = seed_doc.text
    attribution = attribution_for(seed_doc, text.index("notified"))
    assert attribution.speaker_text == "UN Command"
    assert attribution.cue.text == "said"


def test_seed_according_to_video(seed_doc):
    text = seed_doc.text
    attribution = attribution_for(seed_doc, text.index("rescued"))
    assert attribution.cue.text == "according to"
    assert attribution.speaker_text.endswith("UN command")
    assert text[attribution.start : attribution.end].startswith("A North Korean soldier made")
    assert attribution_for(seed_doc, text.index("dramatic video")) is None


def test_attribution_for_outside_any(seed_doc):
    text = seed_doc.text
    assert attribution_for(seed_doc, text.index("KPA stands for")) is None
    assert attribution_for(seed_doc, len(text) + 10) is None


# Bad input ----------------------------------------------------------------------------------


def test_empty_text(run):
    report = run("")
    assert report.quotes == [] and report.attributions == []


def test_no_document_date_and_unbalanced_quotes(run):
    report = run('He said "this never closes. Then the story goes on.', dct=None)
    assert report.quotes == []
    assert all("story" not in a.speaker_text for a in report.attributions if a.speaker_text)
    _offsets_hold(report)


def test_garbage(run):
    report = run('""" "" ”“ «» " , said said according to to ’’ “ ” »«')
    assert report.quotes == []
    _offsets_hold(report)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet='ab ,.\n"“”«»', max_size=80))
def test_marks_always_give_ordered_spans_inside_the_text(text):
    found = find_quoted(text)
    for q in found:
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start] not in " \n," and text[q.end - 1] not in " \n,"
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


def test_200kb_of_quote_marks_on_raw_tokens(nlp):
    """Linear in the text: a 200 KB run of quote marks finishes (with no quotes)."""
    assert find_quoted('"' * 200_000) == []
    assert len(find_quoted('"a" ' * 50_000)) == 50_000
    words = ['"'] * 200_000
    component = nlp.get_pipe("dateline_quotes")
    doc = component(Doc(nlp.vocab, words=words, spaces=[False] * 200_000))
    assert doc._.quotes == [] and doc._.attributions == []
    doc = component(nlp.make_doc('"one two three four" ' * 10_000))  # 210 KB, unparsed
    assert len(doc._.quotes) == 10_000


def test_many_quotes_on_a_parsed_doc(nlp):
    """The parsed path stays linear when every sentence is a quotation and a speech verb."""
    words, heads, deps, starts = [], [], [], []
    for k in range(10_000):
        base = 6 * k
        words += ['"', "Go", '"', "he", "said", "."]
        heads += [base + 4, base + 4, base + 4, base + 4, base + 4, base + 4]
        deps += ["punct", "ccomp", "punct", "nsubj", "ROOT", "punct"]
        starts += [True, False, False, False, False, False]
    doc = Doc(
        nlp.vocab,
        words=words,
        spaces=[w in ("Go", "he", "said", ".") for w in words],
        heads=heads,
        deps=deps,
        sent_starts=starts,
        pos=["PUNCT", "VERB", "PUNCT", "PRON", "VERB", "PUNCT"] * 10_000,
        lemmas=['"', "go", '"', "he", "say", "."] * 10_000,
    )
    quotes, attributions = extract(doc, load_lexicon())
    assert len(attributions) == 10_000
    assert all(q.speaker_text == "he" for q in quotes)
