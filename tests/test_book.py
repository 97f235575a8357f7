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
