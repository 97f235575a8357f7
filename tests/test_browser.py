"""The rendered book in a real browser: Debian's chromium, driven headless by Playwright.

For every page of the TOC: it loads, has a title and content, every image has loaded, no error
output or figure placeholder is shown, and the "next" link reaches the next page. The book's search
finds a term from the corpus. A full-page screenshot of each page goes to _build/screenshots/.
"""

import http.server
import shutil
import threading
from functools import partial
from pathlib import Path

import pytest

from conftest import ROOT
from test_book import toc_pages

pytestmark = [pytest.mark.book, pytest.mark.browser, pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", "--disable-sync", "--disable-quic"]


@pytest.fixture(scope="module")
def server(built_book):
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(built_book))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def page(server, tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed: `make test` installs it (as root), or run `sudo apt-get install chromium`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM, headless=True, args=FLAGS,
            viewport={"width": 1280, "height": 900},
        )
        page = context.new_page()
        yield page
        context.close()


@pytest.mark.parametrize("name", toc_pages())
def test_page_renders_in_browser(page, server, name):
    page.goto(f"{server}/{name}.html", wait_until="load")
    page.wait_for_function("Array.from(document.images).every(i => i.complete)", timeout=15000)
    assert page.title().strip()
    main = page.inner_text("main")
    assert len(main.split()) > 50
    for marker in ("Traceback", "<Figure size", "Error:"):
        assert marker not in main, f"{name}: '{marker}' on the page"
    assert page.locator("div.output.error, div.output.stderr, .cell_output .stderr").count() == 0
    broken = page.evaluate("Array.from(document.images).filter(i => i.naturalWidth === 0).map(i => i.src)")
    assert not broken, f"{name}: images that did not load: {broken}"
    shots = ROOT / "_build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / f"{name.replace('/', '_')}.png"), full_page=True)


def test_next_links_walk_the_whole_toc(page, server):
    pages = toc_pages()
    page.goto(f"{server}/{pages[0]}.html")
    for expected in pages[1:]:
        link = page.locator("a.right-next").first
        assert link.count() == 1, f"no 'next' link before {expected}"
        link.click()
        page.wait_for_load_state("load")
        assert page.url.split("#")[0].endswith(f"/{expected}.html"), page.url


def test_sidebar_navigation_lists_every_chapter(page, server):
    page.goto(f"{server}/{toc_pages()[0]}.html")
    hrefs = page.eval_on_selector_all("nav.bd-docs-nav a", "els => els.map(e => e.getAttribute('href'))")
    for name in toc_pages()[1:]:
        assert any(h and h.split("#")[0].endswith(f"{name}.html") for h in hrefs), f"{name} missing from the sidebar"


def test_search_finds_a_corpus_term(page, server):
    page.goto(f"{server}/search.html?q=Tokajew")
    page.wait_for_selector("ul.search li", timeout=20000)
    results = page.inner_text("ul.search")
    assert "corpus" in results.lower() or "The corpus" in results
