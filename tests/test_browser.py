"""The rendered book in a real browser: Debian's chromium, driven headless by Playwright.

For every page of the TOC: it loads, has a title and content, every image has loaded, no error
output or figure placeholder is shown, and the "next" link reaches the next page. The book's search
finds a term from the corpus. A full-page screenshot of each page goes to _build/screenshots/.
"""

import http.server
import json
import shutil
import threading
from functools import partial
from pathlib import Path

import pytest
from conftest import ROOT
from test_book import toc_pages

pytestmark = [pytest.mark.book, pytest.mark.browser, pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


@pytest.fixture(scope="module")
def server(built_book):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = partial(Quiet, directory=str(built_book))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def page(server, tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.fail(
            "chromium is not installed: `make test` installs it (as root), or run `sudo apt-get install chromium`"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=CHROMIUM,
            headless=True,
            args=FLAGS,
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


def test_search_finds_a_corpus_term(page, server, project):
    """The book's search finds the most frequent content lemma and links to a page that shows it."""
    from corpusbook.frequency import frequency_table

    term = frequency_table(project.tokens).iloc[0]["term"]
    page.goto(f"{server}/search.html?q={term}")
    page.wait_for_selector("ul.search li", timeout=20000)
    hrefs = page.eval_on_selector_all("ul.search li a", "els => els.map(e => e.getAttribute('href'))")
    assert hrefs, f"no search result for {term}"
    target = hrefs[0].split("?")[0].split("#")[0]
    page.goto(f"{server}/{target}")
    assert term.lower() in page.inner_text("main").lower(), f"{target} is a result for {term} but does not show it"


OVERFLOW_JS = """() => {
  const main = document.querySelector('article.bd-article') || document.querySelector('main') || document.body;
  const right = main.getBoundingClientRect().right;
  const out = [];
  if (document.documentElement.scrollWidth > document.documentElement.clientWidth + 1)
    out.push(`page: ${document.documentElement.scrollWidth} > ${document.documentElement.clientWidth}`);
  const watched = '.cell_output, .output, table, .corpusbook-table-wrap, .dt-container, '
    + '.dt-layout-table, .dt-layout-cell, img';
  for (const el of main.querySelectorAll(watched)) {
    if (el.offsetParent === null) continue;  // hidden (e.g. a table's no-JavaScript fallback)
    const box = el.getBoundingClientRect();
    const cls = el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '';
    const name = el.tagName.toLowerCase() + cls;
    if (box.right > right + 1)
      out.push(`${name} ends at ${Math.round(box.right)} px, its column at ${Math.round(right)} px`);
    if (el.tagName !== 'IMG' && el.scrollWidth > el.clientWidth + 1)
      out.push(`${name} scrolls sideways: ${el.scrollWidth} > ${el.clientWidth} px`);
  }
  return out;
}"""


@pytest.mark.parametrize("name", toc_pages())
def test_nothing_is_wider_than_its_column_at_1280(page, server, name):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{server}/{name}.html", wait_until="load")
    page.wait_for_timeout(300)
    too_wide = page.evaluate(OVERFLOW_JS)
    assert not too_wide, f"{name}: " + "; ".join(too_wide[:10])


def interactive_pages(built_book):
    return [
        p for p in toc_pages() if "corpusbook-interactive" in (built_book / f"{p}.html").read_text(encoding="utf-8")
    ]


def test_some_table_is_searchable(built_book):
    assert interactive_pages(built_book), "no page has a searchable table (tables.show(..., interactive=True))"


def test_typing_a_word_filters_a_searchable_table(page, server, built_book):
    pages = interactive_pages(built_book)
    if not pages:
        pytest.fail("no page has a searchable table")
    checked = 0
    for name in pages:
        page.goto(f"{server}/{name}.html", wait_until="load")
        page.wait_for_selector("table.corpusbook-interactive.dataTable tbody tr", timeout=20000)
        wraps = page.locator(".corpusbook-table-wrap:has(.dt-container)")
        for k in range(wraps.count()):
            wrap = wraps.nth(k)
            box = wrap.locator(".dt-container")
            rows = box.locator("tbody tr")
            limited = wrap.get_attribute("data-search-columns")
            headers = [h.strip() for h in box.locator("thead th").all_inner_texts()]
            searched = [headers.index(h) for h in json.loads(limited)] if limited else range(len(headers))
            texts = [
                " ".join(rows.nth(i).locator("td").nth(j).inner_text() for j in searched) for i in range(rows.count())
            ]
            words = [w for w in texts[0].split() if len(w) > 3 and w.isalpha()] if texts else []
            word = next((w for w in words if any(w.lower() not in t.lower() for t in texts[1:])), None)
            if word is None:
                continue
            box.locator(".dt-search input").fill(word)
            page.wait_for_timeout(400)
            after = [rows.nth(i).inner_text() for i in range(rows.count())]
            assert after and all(word.lower() in t.lower() for t in after), f"{name}: search '{word}' left {after[:3]}"
            assert "filtered from" in box.locator(".dt-info").inner_text(), f"{name}: '{word}' filtered nothing"
            box.locator(".dt-search input").fill("")
            checked += 1
    assert checked, "no searchable table had a word to search for"


def _number(text):
    cleaned = text.replace(",", "").replace("%", "").replace("−", "-").strip()
    try:
        return float(cleaned)
    except ValueError:
        return None


def test_each_csv_link_downloads_the_table_shown(page, server, built_book):
    import json
    import math

    import pandas as pd

    checked = 0
    for name in toc_pages():
        if "corpusbook-table-wrap" not in (built_book / f"{name}.html").read_text(encoding="utf-8"):
            continue
        page.goto(f"{server}/{name}.html", wait_until="load")
        page.wait_for_timeout(500)
        blocks = page.locator(".corpusbook-table-block")
        for k in range(blocks.count()):
            wrap = blocks.nth(k).locator(".corpusbook-table-wrap")
            link = blocks.nth(k).locator("p.table-download a")
            assert link.count() == 1, f"{name} table {k}: no CSV link under the table"
            columns = json.loads(wrap.get_attribute("data-csv-columns"))
            with page.expect_download() as info:
                link.click()
            path = info.value.path()
            data = pd.read_csv(path, dtype=str, keep_default_na=False)
            assert set(columns) <= set(data.columns), f"{name} table {k}: CSV lacks {set(columns) - set(data.columns)}"
            cut = wrap.get_attribute("data-rows-shown")  # a long table shows its first rows, the CSV has all
            if cut:
                assert int(cut) < len(data)
                data = data.head(int(cut))
            table = wrap.locator("table.corpusbook-table:visible").first
            if table.locator("tbody td").count() == 0:
                continue
            interactive = "corpusbook-interactive" in (table.get_attribute("class") or "")
            if interactive:
                total = wrap.locator(".dt-info").inner_text()
                assert f"{len(data):,} entries" in total or f"{len(data)} entries" in total, (
                    f"{name} table {k}: the table says '{total}', the CSV has {len(data)} rows"
                )
                box = wrap.locator(".dt-length select")
                if box.count():
                    box.select_option(str(1000))
            rows = table.locator("tbody tr")
            shown = min(rows.count(), len(data))
            if not interactive:
                assert rows.count() == len(data), f"{name} table {k}: {rows.count()} rows shown, {len(data)} in the CSV"
            cells = table.evaluate("""t => Array.from(t.querySelectorAll('tbody tr')).map(r =>
                Array.from(r.querySelectorAll('td')).map(c => [c.innerText, c.classList.contains('num')]))""")
            order_kept = (
                not interactive or table.locator("thead th.dt-ordering-asc, thead th.dt-ordering-desc").count() == 0
            )
            if not order_kept:
                continue
            for i in range(shown):
                for (text, numeric), column in zip(cells[i], columns):
                    value = data[column].iloc[i]
                    if numeric:
                        disp, true = _number(text), _number(value) if value != "" else math.nan
                        if text.strip() == "—":
                            assert value == "" or not math.isfinite(float(value)), f"{name}: '—' for {value}"
                        elif disp is not None and true is not None:
                            decimals = len(text.strip().rstrip("%").split(".")[1]) if "." in text else 0
                            if text.strip().endswith("%"):  # a share shown in percent; the CSV keeps the fraction
                                disp, decimals = disp / 100, decimals + 2
                            assert abs(disp - true) <= 0.5 * 10**-decimals + 1e-9 + abs(true) * 1e-9, (
                                f"{name} table {k} row {i} {column}: shown {text}, CSV {value}"
                            )
                    elif text.strip() not in ("—",):
                        assert " ".join(text.split()) == " ".join(str(value).split()) or text.strip() in (
                            "yes",
                            "no",
                        ), f"{name} table {k} row {i} {column}: shown {text!r}, CSV {value!r}"
            checked += 1
    assert checked, "no table with a CSV link was found"
