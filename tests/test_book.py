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


def test_corpus_chapter_shows_glued_numbers(built_book, project):
    html = (built_book / "chapters" / "corpus.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert f"The corpus holds {len(project.documents)} articles" in text
    assert f"{len(project.tokens):,} word tokens" in text
    assert "Period 2024 rests on a single article" in text
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
    assert f"The most frequent content lemma is {top['term']} ( {top['per_10k']:.0f} per 10,000" in text


def test_comparison_chapter_quotes_the_computed_key_terms(built_book, project):
    from corpusbook.keyness import keyness, top_keywords

    table = keyness(project.tokens, "period", "2024")
    t1 = top_keywords(table, 1, 1).iloc[0]
    r1 = top_keywords(table, 1, -1).iloc[0]
    text = page_text(built_book, "chapters/comparison")
    assert f"The strongest 2024 key term is {t1['term']} (G² = {t1['g2']:.1f}" in text
    assert f"On the 2022 side the strongest is {r1['term']} (G² = {r1['g2']:.1f}" in text
    assert "Period 2024 has 1 article and 1,130 word tokens" in text.replace(" ,", ",")


def test_every_figure_of_the_book_is_present(built_book):
    for page in toc_pages():
        html = (built_book / f"{page}.html").read_text(encoding="utf-8")
        for src in re.findall(r'<img[^>]+src="([^"]+)"', html):
            if src.startswith("http") or src.startswith("data:"):
                continue
            assert (built_book / page).parent.joinpath(src).resolve().is_file(), f"{page}: {src} missing"
