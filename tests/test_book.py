"""The book as a reader gets it, built once per test run from the project's corpus.

Every TOC page exists, has content and no error output; every failed claim check is marked and listed;
every figure has a caption and an alt text that says what it shows; no page loads anything from the network; no raw role
syntax, ``nan`` or ``inf`` reaches a page; no link points at a missing file.
"""

import re
from html.parser import HTMLParser

import pytest
import yaml
from conftest import ROOT

from corpusbook.notebook import failed_checks_html

pytestmark = pytest.mark.book


def toc_pages():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    pages = [toc["root"]]
    for part in toc.get("parts", []):
        pages += [c["file"] for c in part["chapters"]]
    return pages


def html_files(built_book):
    return sorted(p for p in built_book.rglob("*.html") if not {"_static", "_sources"} & set(p.parts))


ERROR_MARKERS = (
    "Traceback",
    "output_error",
    "stderr",
    "Error:",
    "<Figure size",
    "Warning:",
    "FutureWarning",
    "DeprecationWarning",
    "ConvergenceWarning",
    "findfont",
)
RAW = re.compile(r"\{(glue|glue:text|glue:md|ref|numref|doc|cite|cite:p|term)\}`")
NON_FINITE = re.compile(r"(?<![\w-])-?(nan|NaN|inf|Inf)(?![\w-])")


def visible_text(html):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("page", toc_pages())
def test_page_built_without_errors(built_book, page):
    path = built_book / f"{page}.html"
    assert path.is_file(), f"{page} was not built"
    html = path.read_text(encoding="utf-8")
    for marker in ERROR_MARKERS:
        assert marker not in html, f"{page}: '{marker}' in the rendered page"
    text = visible_text(html)
    assert len(text.split()) > 50
    assert not RAW.search(text), f"{page}: raw role syntax {RAW.search(text).group(0)!r}"
    assert not NON_FINITE.search(text), f"{page}: {NON_FINITE.search(text).group(0)!r} on the page"


def test_every_failed_claim_is_marked_on_its_page_and_listed_last(built_book):
    """Whatever the corpus: a claim the data no longer supports is marked where it stands and listed by the
    build with its chapter and line. (That no claim fails on the shipped corpus is what CI's ``make book
    STRICT=1`` asserts; a user who adds articles gets the marks, not a failing test.)"""
    failed = failed_checks_html(built_book, ROOT)
    listed = (ROOT / "_build" / "failed-checks.txt").read_text(encoding="utf-8")
    for f in failed:
        assert f"{f['source']}:{f['line']}: {f['name']}:" in listed, f
        assert isinstance(f["line"], int) and f["line"] > 0, f
        page = (built_book / f["source"]).with_suffix(".html").read_text(encoding="utf-8")
        assert "Written for an earlier corpus" in page, f
    assert bool(failed) == bool(listed.strip())


def test_checks_are_present_where_claims_are_made(built_book):
    """The chapters make claims with checks (a book whose checks all vanished would pass the test above)."""
    sources = [ROOT / "intro.md"] + sorted((ROOT / "chapters").glob("*.md"))
    n = sum(len(re.findall(r"\bcheck\(\s*\"", p.read_text(encoding="utf-8"))) for p in sources)
    assert n >= 40, f"only {n} claim checks in the chapters"


class Figures(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images, self.in_figure, self.captions, self.scripts = [], 0, 0, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "figure":
            self.in_figure += 1
        if tag == "figcaption":
            self.captions += 1
        if tag == "img" and "_images/" in attrs.get("src", ""):
            self.images.append((attrs.get("alt") or "", self.in_figure > 0))
        if (
            tag in ("script", "link", "img", "iframe")
            and re.match(r"^(https?:)?//", attrs.get("src") or attrs.get("href") or "")
            and (
                tag != "link"
                or attrs.get("rel") in ("stylesheet", ["stylesheet"])
                or "preload" in str(attrs.get("rel"))
            )
        ):
            self.scripts.append(f"<{tag} {attrs.get('src') or attrs.get('href')}>")

    def handle_endtag(self, tag):
        if tag == "figure":
            self.in_figure -= 1


@pytest.mark.parametrize("page", toc_pages())
def test_figures_have_captions_and_alt_text(built_book, page):
    parser = Figures()
    parser.feed((built_book / f"{page}.html").read_text(encoding="utf-8"))
    source = next(p for p in (ROOT / f"{page}.md", ROOT / f"{page}.ipynb") if p.exists()).read_text(encoding="utf-8")
    promised = len(re.findall(r"^mystnb:\n  figure:", source, flags=re.M))
    shown = sum(in_figure for _, in_figure in parser.images)
    assert shown >= promised, f"{page}: {promised} figure cells, {shown} figures on the page (a cell showed nothing)"
    for alt, in_figure in parser.images:
        assert in_figure, f"{page}: an image outside a captioned figure"
        assert len(alt.split()) >= 4 and not re.fullmatch(r"[0-9a-f]{16,}", alt), f"{page}: alt text {alt!r}"


def test_nothing_loads_from_the_network(built_book):
    remote = {}
    for page in html_files(built_book):
        parser = Figures()
        parser.feed(page.read_text(encoding="utf-8"))
        if parser.scripts:
            remote[page.name] = parser.scripts
    assert not remote, f"pages load from the network: {remote}"


def test_formulas_are_typeset_by_a_local_mathjax(built_book):
    html = (built_book / "chapters" / "methods.html").read_text(encoding="utf-8")
    sources = re.findall(r'<script[^>]*src="([^"]*mathjax[^"]*)"', html, flags=re.I)
    assert sources and all(not re.match(r"^(https?:)?//", s) for s in sources), sources
    for src in sources:
        assert (built_book / "chapters" / src.split("?")[0]).resolve().is_file(), src


def test_no_page_links_to_a_missing_file(built_book):
    missing = []
    for page in html_files(built_book):
        for ref in re.findall(r'(?:href|src)="([^"#?]+)(?:[#?][^"]*)?"', page.read_text(encoding="utf-8")):
            if re.match(r"^[a-z]+:", ref) or ref.startswith("//"):
                continue
            if not (page.parent / ref).resolve().exists():
                missing.append(f"{page.relative_to(built_book)} -> {ref}")
    assert not missing, "\n".join(missing)


def test_contributor_pages_are_outside_the_readers_path(built_book):
    """The reader's path (intro to references, by the *next* links) never enters a contributors' page."""
    contributors = {"chapters/extending", "chapters/template", "chapters/large-corpora"}
    pages = toc_pages()
    reader = pages[: min(pages.index(c) for c in contributors)]
    assert not contributors & set(reader)
    assert reader[-1] == "references"
