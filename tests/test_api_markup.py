"""The document view's cutting of the text into highlighted pieces (``dateline.api.markup``)."""

from __future__ import annotations

from dateline.api.markup import Span, pieces


def test_pieces_cover_the_text_exactly_and_link_the_narrowest_fact():
    text = 'He said "troops fired in Seoul" today.'
    quote = Span("quotes", 0, 8, 31, "quote")
    place = Span("places", 2, 25, 30, "Seoul")
    event = Span("events", 1, 16, 21, "fired")
    out = pieces(text, [quote, place, event])
    assert "".join(p.text for p in out) == text
    by_text = {p.text: p for p in out}
    assert by_text["Seoul"].link is place and by_text["Seoul"].classes == "hl-places hl-quotes"
    assert by_text["fired"].link is event
    assert by_text['"troops '].link is quote
    assert by_text["He said "].link is None and by_text["He said "].classes == ""


def test_spans_outside_the_text_or_empty_are_left_out():
    out = pieces("short", [Span("places", 0, 2, 99, "x"), Span("timexes", 0, 3, 3, "y")])
    assert [(p.text, p.link) for p in out] == [("short", None)]
