"""The story view in a real browser (as tests/test_browser.py, whose server, browser and
guarded page it reuses): the documents, timeline and disagreement table show, a script payload
in a title stays text, and nothing outside the app is requested. Skips as that module does."""

from __future__ import annotations

import pytest

from story_store import XSS_TITLE, build_story_store

# the fixtures browser and page, and pytestmark (the skip when no browser can be had)
from test_browser import _shot, browser, page, pytestmark, serving  # noqa: F401


@pytest.fixture(scope="module")
def base_url(tmp_path_factory, nlp):
    with serving(build_story_store(tmp_path_factory.mktemp("browser-stories"))) as url:
        yield url


def test_story_view_from_the_list(page, base_url):  # noqa: F811 (the imported fixture)
    page.goto(base_url + "/stories")
    link = page.locator("a.doc-title", has_text="Soldier shot at border")
    assert link.inner_text() == XSS_TITLE
    link.click()
    page.wait_for_selector("#story-facts")
    assert page.locator("h1.story-title").inner_text() == XSS_TITLE
    assert page.locator("#story-documents .outlet").all_text_contents() == [
        "apnews.com", "bbc.co.uk", "cnn.com"]
    assert page.locator("#story-timeline tbody tr").count() >= 1
    hits = page.locator("table.facts", has_text="hits")
    assert "conflict" in hits.locator("caption").inner_text()
    assert "“eight times”" in hits.inner_text()
    # the facts table sits beside the documents, not under them
    docs_box = page.locator("#story-documents").bounding_box()
    facts_box = page.locator("#story-facts").bounding_box()
    assert facts_box["x"] > docs_box["x"] + docs_box["width"] - 1
    _shot(page, "page-story.png")
    hits.locator("a", has_text="eight times").click()
    page.wait_for_selector(".document .text")
    assert page.locator("a.story-link").count() == 1
    assert page.dialogs == [] and page.blocked == []
