"""The web page in a real browser: system Chromium driven by Playwright, against uvicorn on
127.0.0.1, with every request outside the app blocked. Skips, saying why, when Playwright or
Chromium is missing (Playwright is a dev dependency; Chromium is the ``chromium`` system
package; ``make test-browser`` runs these alone). Screenshots go to ``out/``."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from api_store import XSS_BODY, XSS_TITLE, build_store
from dateline.api import StoreAccess, create_app

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


def _skip_reason() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[dev]')"
    if CHROMIUM is None:
        return "no chromium on PATH (apt-get install chromium)"
    return None


pytestmark = pytest.mark.skipif(_skip_reason() is not None, reason=str(_skip_reason()))


@contextmanager
def serving(store_path: Path) -> Iterator[str]:
    """uvicorn over ``store_path`` on a free loopback port; yields the base address."""
    import uvicorn

    access = StoreAccess(store_path)
    config = uvicorn.Config(create_app(access), host="127.0.0.1", port=0, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)
    access.close()


@pytest.fixture(scope="module")
def base_url(tmp_path_factory, nlp, seed_path):
    with serving(build_store(tmp_path_factory.mktemp("browser"), seed_path)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, base_url):
    """A page that may reach the app only; it records what it tried elsewhere and any dialog
    (an alert would mean article text ran as script)."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.blocked, page.dialogs = [], []

    def gate(route):
        if route.request.url.startswith(base_url + "/"):
            route.continue_()
        else:
            page.blocked.append(route.request.url)
            route.abort()

    def on_dialog(dialog):
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.route("**/*", gate)
    page.on("dialog", on_dialog)
    yield page
    context.close()


def _shot(page, name: str) -> None:
    (ROOT / "out").mkdir(exist_ok=True)
    page.screenshot(path=str(ROOT / "out" / name), full_page=True)


def test_search_shows_the_article_its_timeline_and_map(page, base_url):
    page.goto(base_url + "/")
    page.fill("input[name=search]", "armistice")
    page.click("button[type=submit]")
    page.wait_for_selector("body[data-ready=true]")
    titles = page.locator(".documents .doc-title").all_text_contents()
    assert len(titles) == 1
    labels = page.locator("#timeline .event-row .label").all_text_contents()
    assert any("ASSAULT · shot" in label for label in labels)
    assert page.locator("#timeline .bar").count() == len(labels)
    assert page.locator("#map .land path").count() > 100  # the vendored outline drew
    assert page.locator('#map .marker[data-name="Joint Security Area"]').count() == 1
    _shot(page, "page-search.png")
    assert page.blocked == [] and page.dialogs == []


def test_an_event_tied_to_a_place_is_ringed_on_the_map(page, base_url):
    page.goto(base_url + "/?search=Kandahar")
    page.wait_for_selector("body[data-ready=true]")
    assert page.locator("#map .marker.event-place").count() >= 1
    assert page.locator("#timeline .event-row").count() >= 1
    assert page.blocked == []


def test_script_in_titles_and_text_renders_as_text(page, base_url):
    page.goto(base_url + "/?search=Lagos")
    page.wait_for_selector("body[data-ready=true]")
    assert page.locator(".documents .doc-title").inner_text() == XSS_TITLE
    page.click(".documents .doc-title")
    page.wait_for_selector(".document .text")
    assert XSS_BODY in page.locator(".document .text").inner_text()
    assert page.locator("h1.doc-title").inner_text() == XSS_TITLE
    assert page.locator(".document img").count() == 0
    _shot(page, "page-xss.png")
    assert page.dialogs == [] and page.blocked == []


def test_document_view_links_a_highlight_to_its_record(page, base_url):
    page.goto(base_url + "/?search=armistice")
    page.click(".documents .doc-title")
    page.wait_for_selector(".document .text")
    page.locator(".text a.hl-events", has_text="shot").first.click()
    assert page.url.endswith("#events-0")
    record = page.locator("#events-0")
    assert record.is_visible() and "ASSAULT 'shot'" in record.inner_text()
    _shot(page, "page-document.png")
    assert page.blocked == []
