"""The table component: escaping, formats, CSV download, interactive (ITables) mode, concordance."""

import base64
import io
import math
import re
from html.parser import HTMLParser

import pandas as pd
import pytest

from corpusbook import kwic, tables

HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "{glue:text}`x` **b**", "a\"b'c&d"]


def frame():
    return pd.DataFrame(
        {
            "term": HOSTILE,
            "count": [3836.0, float("nan"), 2.0, 1.0],
            "p": [0.5, 1e-5, math.inf, 0.25],
            "extra": ["e1", "e2", "e3", "e4"],
        }
    )


class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.onattrs = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.onattrs += [n for n, v in attrs if n.startswith("on")]


@pytest.mark.parametrize("interactive", [False, True])
def test_cells_and_headers_are_escaped(interactive):
    html = tables.render(
        frame(), {"term": "<b>term</b>", "count": "count", "p": "p"}, name="t", interactive=interactive
    ).data
    parser = Elements()
    parser.feed(html)
    assert "img" not in parser.tags and "b" not in parser.tags and not parser.onattrs
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", html, flags=re.S)
    assert not any(s.strip() == "alert(1)" for s in scripts)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_interactive_mode_uses_itables_offline_and_escapes():
    import itables.options

    assert itables.options.allow_html is False  # the library default this module relies on
    tables._offline_loaded = False
    first = tables.render(frame(), name="a", interactive=True).data
    second = tables.render(frame(), name="b", interactive=True).data
    assert "_itables_" in first and "unpkg" not in first.split("<table")[0]
    assert len(first) > 100_000 > len(second), "the DataTables bundle is embedded once per page"
    assert "https://www.unpkg.com" not in second.replace("https://www.unpkg.com/dt_for_itables", "")


def test_numbers_are_formatted_and_missing_values_shown_as_dash():
    html = tables.render(frame(), {"term": "term", "count": "count", "p": "p"}, name="t").data
    assert ">3,836<" in html and "3,836.0" not in html
    assert "nan" not in html.lower().replace("nanos", "") and ">inf<" not in html
    assert html.count(">—<") == 2


@pytest.mark.parametrize("interactive", [False, True])
def test_csv_link_carries_the_full_data(interactive):
    html = tables.render(frame(), {"term": "term"}, name="full", interactive=interactive).data
    payload = re.search(r'href="data:text/csv;charset=utf-8;base64,([^"]+)"', html).group(1)
    data = pd.read_csv(io.BytesIO(base64.b64decode(payload)))
    assert list(data.columns) == ["term", "count", "p", "extra"]
    assert data["term"].tolist() == HOSTILE
    assert 'download="full.csv"' in html


def test_interactive_numbers_sort_by_value():
    html = tables.to_interactive_html(frame(), {"term": "term", "count": "count"})
    assert '"orderData": [2]' in html and '"visible": false' in html


def test_concordance_matches_kwic_and_respects_the_cap(project):
    from corpusbook.kwic import concordance, kwic
    from corpusbook.preprocess import content_tokens

    lines = concordance(project.tokens, project.corpus.paragraphs, per_term=3)
    content = content_tokens(project.tokens)
    assert set(lines["term"]) == set(content["lemma"])
    assert lines.groupby("term").size().max() <= 3 and lines.attrs["per_term"] == 3
    counts = content["lemma"].value_counts()
    for term in list(counts.index[:3]) + list(counts.index[-2:]):
        expected = kwic(project.tokens, project.corpus.paragraphs, term, window=6).set_index(["doc_id", "position"])
        got = lines[lines["term"] == term]
        same = expected.loc[list(zip(got["doc_id"], got["position"]))]
        assert got[["left", "keyword", "right"]].values.tolist() == same[["left", "keyword", "right"]].values.tolist()
        assert (got["term_count"] == counts[term]).all() and (got["lines"] == min(3, counts[term])).all()
        assert (got["paragraph_number"].values == same["paragraph"].values + 1).all()


def test_concordance_caps_the_number_of_terms(project):
    lines = kwic.concordance(project.tokens, project.corpus.paragraphs, per_term=1, max_terms=5)
    assert lines["term"].nunique() == 5 and len(lines) == 5


def test_a_long_table_shows_its_first_rows_and_says_so():
    data = pd.DataFrame({"term": [f"t{i}" for i in range(30)], "count": range(30)})
    page = tables.render(data, name="long", max_rows=10).data
    assert page.count("<tr>") == 11 and 'data-rows-shown="10"' in page  # header row and ten rows
    assert "first 10 of 30 rows" in page
    csv = base64.b64decode(re.search(r"base64,([^\"]+)", page).group(1)).decode("utf-8")
    assert len(csv.strip().splitlines()) == 31  # the download has every row


def test_a_large_csv_is_written_beside_the_book_during_a_build(tmp_path, monkeypatch):
    monkeypatch.setenv("CORPUSBOOK_DOWNLOADS", str(tmp_path / "downloads"))
    monkeypatch.setenv("CORPUSBOOK_ROOT", str(tmp_path))
    (tmp_path / "chapters").mkdir()
    monkeypatch.chdir(tmp_path / "chapters")
    data = pd.DataFrame({"text": ["x" * 1000] * (tables.EMBED_LIMIT // 1000 + 10)})
    page = tables.render(data, name="big").data
    href = re.search(r'href="([^"]+)"', page).group(1)
    assert href.startswith("../downloads/big-") and href.endswith(".csv") and "base64" not in page
    assert (tmp_path / "downloads" / href.split("/")[-1]).read_bytes() == data.to_csv(index=False).encode("utf-8")
    monkeypatch.delenv("CORPUSBOOK_DOWNLOADS")
    assert "base64," in tables.render(data, name="big").data  # outside a build the CSV stays in the page
