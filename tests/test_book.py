"""The built book: every TOC page exists, has content and no error output."""

import re

import pytest
import yaml

from conftest import ROOT

pytestmark = pytest.mark.book


def toc_pages():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    pages = [toc["root"]]
    for part in toc.get("parts", []):
        pages += [c["file"] for c in part["chapters"]]
    return pages


ERROR_MARKERS = ("Traceback", "output_error", "stderr", "Error:", "<Figure size", "Warning:")


@pytest.mark.parametrize("page", toc_pages())
def test_page_built_without_errors(built_book, page):
    path = built_book / f"{page}.html"
    assert path.is_file(), f"{page} was not built"
    html = path.read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", " ", html)
    for marker in ERROR_MARKERS:
        assert marker not in html, f"{page}: '{marker}' in the rendered page"
    assert len(text.split()) > 50


def corpus_metadata():
    """The corpus metadata read from the file itself (period defaults to the year of the date)."""
    import pandas as pd

    meta = pd.read_csv(ROOT / "corpus" / "metadata.csv", dtype=str, keep_default_na=False)
    meta["period"] = [p if p else d[:4] for p, d in zip(meta["period"], meta["date"])]
    return meta


def test_corpus_chapter_shows_glued_numbers(built_book, project):
    html = (built_book / "chapters" / "corpus.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" ,", ",")
    meta = corpus_metadata()
    assert f"The corpus holds {len(meta)} articles" in text
    assert f"{len(project.tokens):,} word tokens" in text
    sizes = meta.groupby("period").size()
    for period in sizes.index:
        assert period in text, f"period {period} is not named"
    singles = [p for p, n in sizes.items() if n == 1]
    for period in singles:
        assert re.search(rf"{period}[^.]*\b(single|one) article|\b(single|one) article[^.]*{period}", text), (
            f"period {period} has one article and the chapter does not say so")
    if not singles:
        assert not re.search(r"rests on a single article", text)
    assert re.search(r'<img[^>]+src="[^"]+\.png"', html), "the document-size figure is missing"
    for img in re.findall(r'<img[^>]+src="([^"]+)"', html):
        assert (built_book / "chapters" / img).resolve().is_file(), img


def page_text(built_book, page):
    html = (built_book / f"{page}.html").read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_frequency_chapter_quotes_the_computed_top_lemma(built_book, project):
    from corpusbook.frequency import frequency_table

    top = frequency_table(project.tokens).iloc[0]
    text = page_text(built_book, "chapters/frequencies")
    assert re.search(rf"The most frequent content lemma is {re.escape(top['term'])} \(\s*{top['per_10k']:,.0f} per 10,000", text)


def test_comparison_chapter_quotes_the_computed_key_terms(built_book, project):
    """The latest period's strongest key term (G² against all earlier articles) and its size are quoted."""
    from corpusbook.keyness import keyness, top_keywords

    meta = corpus_metadata()
    periods = sorted(meta["period"].unique())
    if len(periods) < 2:
        pytest.skip("one period: nothing to compare")
    latest = periods[-1]
    tokens = project.tokens.assign(side=(project.tokens["period"] == latest).map({True: latest, False: "rest"}))
    table = keyness(tokens, "side", latest)
    top = top_keywords(table, 1, 1).iloc[0]
    text = page_text(built_book, "chapters/comparison").replace(" ,", ",")
    assert top["term"] in text, f"the strongest {latest} key term {top['term']} is not quoted"
    assert f"{top['g2']:.1f}" in text, f"G² = {top['g2']:.1f} of {top['term']} is not quoted"
    latest_docs = int((meta["period"] == latest).sum())
    latest_tokens = int((project.tokens["period"] == latest).sum())
    assert f"{latest_tokens:,}" in text, f"the {latest} token count {latest_tokens:,} is not quoted"
    assert latest in text and str(latest_docs) in text
