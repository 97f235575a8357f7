"""Concordance lines spread over periods and articles; the interactive table searches the lemma and sorts on a header
click."""

import http.server
import shutil
import threading
from functools import partial
from pathlib import Path

import pandas as pd
import pytest

from corpusbook import kwic, tables
from corpusbook.preprocess import content_tokens


def test_spread_takes_turns_over_periods_then_articles():
    hits = pd.DataFrame({"lemma": "Putin", "doc_id": ["a"] * 6 + ["b"] * 2 + ["c"], "period": ["2022"] * 8 + ["2024"]})
    kept = kwic.spread(hits, 3)
    assert sorted(kept["doc_id"]) == ["a", "b", "c"]  # one line from each article before a second from any
    assert kept["turn"].tolist() == [0, 1, 2]
    assert kwic.spread(hits, None)["turn"].tolist() == list(range(9))
    assert kwic.spread(hits, 3)["doc_id"].tolist() == kwic.spread(hits, 3)["doc_id"].tolist()  # seeded


def widest_lemmas(tokens, n):
    """The ``n`` lemmas found in the most articles (then the most often): the ones a spread is tested on."""
    spread = tokens.groupby("lemma").agg(docs=("doc_id", "nunique"), count=("doc_id", "size"))
    return list(spread.sort_values(["docs", "count"], ascending=False).index[:n])


def assert_spread(got, hits, cap):
    """Turns over periods, then over the articles of a period: no period or article gets a second line while
    another with hits left has none, and the periods' shares differ by at most one unless a period ran out."""
    assert len(got) == min(cap, len(hits))
    assert got["period"].nunique() == min(cap, hits["period"].nunique())
    shown = got.groupby("period").agg(lines=("doc_id", "size"), docs=("doc_id", "nunique"))
    available = hits.groupby("period").agg(hits=("doc_id", "size"), docs=("doc_id", "nunique"))
    for period, row in shown.iterrows():
        assert row["docs"] == min(row["lines"], available.loc[period, "docs"])
    short = shown["lines"] < available.loc[shown.index, "hits"]  # periods that still had hits to give
    if short.any():
        assert shown["lines"].max() - shown.loc[short, "lines"].min() <= 1


def test_concordance_spreads_a_frequent_lemma_over_its_articles_and_periods(project):
    per_term = 10
    lines = kwic.concordance(project.tokens, project.corpus.paragraphs, per_term=per_term)
    content = content_tokens(project.tokens)  # what the concordance lists: lemmas of content words
    for term in widest_lemmas(content, 3):
        hits = content[content["lemma"] == term]
        assert_spread(lines[lines["term"] == term], hits, per_term)


def test_kwic_cap_spreads_too(project):
    cap = 5
    term = widest_lemmas(project.tokens, 1)[0]
    hits = project.tokens[project.tokens["lemma"] == term]
    lines = kwic.kwic(project.tokens, project.corpus.paragraphs, term, max_lines=cap)
    periods = project.documents.set_index("doc_id")["period"]
    assert_spread(lines.assign(period=lines["doc_id"].map(periods)), hits, cap)
    assert list(zip(lines["doc_id"], lines["position"])) == sorted(zip(lines["doc_id"], lines["position"]))


def test_concordance_search_is_limited_to_the_lemma_column():
    data = pd.DataFrame({"term": ["Moskau"], "left": ["die Sanktion"], "count": [1]})
    html = tables.to_interactive_html(data, {"term": "lemma", "left": "left", "count": "count"}, search={"term"})
    assert html.count('"searchable": false') == 3  # 'left', 'count' and the hidden sort key of 'count'
    assert "text_in_header_can_be_selected" not in html and "data-dt-order" not in html


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """One browser tab on the rendered table, for the whole module (see ``page``)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            "chromium is not installed: `make test` installs it (as root), or run `sudo apt-get install chromium`"
        )
    from playwright.sync_api import sync_playwright

    folder = tmp_path_factory.mktemp("page")
    data = pd.DataFrame(
        {
            "term": ["Moskau", "Partner", "westlich", "Sanktion", "Sanktion", "Sekundärsanktion"],
            "left": ["… wegen der Sanktion", "… Sanktionen gegen", "… westliche Sanktion", "die", "westlichen", "von"],
            "count": [12, 9, 7, 4, 4, 1],
        }
    )
    tables._offline_loaded = False
    html = tables.render(
        data, {"term": "lemma", "left": "left", "count": "count"}, name="concordance", interactive=True, search=["term"]
    ).data
    (folder / "index.html").write_text(
        f"<html><head><meta charset='utf-8'></head><body>{html}</body></html>", encoding="utf-8"
    )
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--headless"])
        tab = browser.new_page()
        tab.goto(f"http://127.0.0.1:{httpd.server_address[1]}/index.html")
        yield tab
        browser.close()
    httpd.shutdown()


@pytest.fixture
def page(served):
    """The tab reloaded, so no test sees another's sorting or search."""
    served.reload()
    served.wait_for_selector("table.dataTable thead th.dt-orderable-asc .dt-column-title")
    served.wait_for_selector(".dt-search input")
    return served


def column(page, i):
    return page.eval_on_selector_all(
        f"table.dataTable tbody tr td:nth-child({i + 1})", "cells => cells.map(c => c.textContent)"
    )


@pytest.mark.browser
def test_clicking_a_header_text_sorts(page):
    page.locator("table.dataTable thead th .dt-column-title").first.click()
    page.wait_for_timeout(200)
    assert column(page, 0) == sorted(column(page, 0))
    page.locator("table.dataTable thead th .dt-column-title").nth(2).click()  # count, by value
    page.wait_for_timeout(200)
    assert column(page, 2) == ["1", "4", "4", "7", "9", "12"]


@pytest.mark.browser
def test_search_finds_the_lemma_not_its_contexts(page):
    page.fill(".dt-search input", "Sanktion")
    page.wait_for_timeout(300)
    assert column(page, 0) == ["Sanktion", "Sanktion", "Sekundärsanktion"]  # not Moskau, Partner, westlich
