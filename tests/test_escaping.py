"""Corpus text and metadata are hostile input: planted markup never reaches a page as markup.

A copy of the project gets today's corpus plus one article whose text carries HTML, Markdown and MyST
payloads, and payloads in every metadata field of that article (title, outlet, period, slice,
source_url, provenance) and in the slice of an existing article. The whole book is built there; every
page is parsed, and no element, attribute or Markdown construct may come from a payload.
"""

import csv
from html.parser import HTMLParser

import pytest
import shapes

pytestmark = [pytest.mark.book, pytest.mark.slow]

SCRIPT = 'alert("xss-script")'
PAYLOADS = [
    f"<script>{SCRIPT}</script>",
    '<img src=x onerror=alert("xss-img")>',
    '<a href="javascript:alert(1)">xss-link</a>',
    '"><svg onload=alert("xss-svg")>',
    "{glue:text}`xss_glue_key`",
    "`xsscode` **xssbold** [xsslink](https://example.org) {ref}`xssref`",
    "$xssmath$ <!-- xss comment",
]
PAYLOAD = " ".join(PAYLOADS)
MARKERS = ("xsscode", "xssbold", "xsslink", "xssref", "xss_glue_key")


PERIOD_PAYLOAD = '2024 <b>xssperiod</b> <img src=x onerror=alert("xss-period")>'


def hostile_corpus(folder, period=PERIOD_PAYLOAD):
    shapes.today(folder)
    ((article_id, text),) = shapes.pseudo_articles(1, start=5)
    paragraphs = text.split("\n\n")
    planted = "\n\n".join(
        [
            paragraphs[0],
            f"Kasachstan und Russland {PAYLOAD} sagte Putin.",
            *paragraphs[1:],
            f"Tokajew: {PAYLOADS[0]} {PAYLOADS[1]}",
        ]
    )
    shapes.add_article(
        folder,
        "999",
        planted,
        date="2024-11-28",
        title=f"Titel {PAYLOAD}",
        outlet=f"Outlet {PAYLOADS[1]} {PAYLOADS[4]}",
        period=period,
        slice=f"2024-11 {PAYLOADS[0]} {PAYLOADS[5]}",
        source_url='https://example.org/"><script>alert("xss-url")</script>',
        provenance=f"Provenance {PAYLOAD}",
    )
    # a second period label carrying markup, and markup in an existing article's slice
    meta = folder / "metadata.csv"
    rows = list(csv.reader(meta.open(encoding="utf-8")))
    header = rows[0]
    for row in rows[1:]:
        if row[0] == "003":
            row[header.index("slice")] = f"2022-10 {PAYLOADS[1]}"
    with meta.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return folder


class Markup(HTMLParser):
    """Collects every element or attribute on a page that could only come from a payload."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self.stack = [], []

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)
        for name, value in attrs:
            if name.startswith("on") and value and "alert(" in value:
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src") and value and value.strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        tag = self.stack[-1] if self.stack else ""
        if tag == "script" and data.strip() in (SCRIPT, 'alert("xss-url")'):
            self.found.append(f"<script>{data.strip()}</script>")
        # a payload word alone in an element is Markdown/MyST rendered (shown as text, it stays in its sentence)
        if tag in ("code", "strong", "em", "a", "span") and data.strip() in MARKERS:
            self.found.append(f"<{tag}>{data.strip()}</{tag}> (Markdown/MyST from the corpus rendered)")
        if tag == "b" and "xssperiod" in data:
            self.found.append("<b>xssperiod</b> (markup from the period field rendered)")
        if tag == "math" or (tag == "span" and data.strip() == "xssmath"):
            self.found.append("math from the corpus rendered")


@pytest.fixture(scope="module")
def hostile_book(tmp_path_factory):
    """The book built on the hostile corpus. A period label with markup may be refused by the corpus
    check (a message naming the field); the book is then built with a plain period label."""
    copy = shapes.project_copy(tmp_path_factory.mktemp("hostile") / "project", hostile_corpus)
    result = shapes.build_book(copy, check=False)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-5:])
        assert "period" in tail, f"make book failed on the hostile corpus, not with a period message:\n{tail}"
        copy = shapes.project_copy(
            tmp_path_factory.mktemp("hostile-plain") / "project", lambda folder: hostile_corpus(folder, period="2024")
        )
        return shapes.build_book(copy)
    return copy / "_build" / "html"


def test_no_page_renders_markup_from_the_corpus(hostile_book):
    pages = sorted(p for p in hostile_book.rglob("*.html") if "_static" not in p.parts)
    assert len(pages) > 5
    found = {}
    for page in pages:
        parser = Markup()
        parser.feed(page.read_text(encoding="utf-8"))
        if parser.found:
            found[str(page.relative_to(hostile_book))] = parser.found
    assert not found, "unescaped corpus markup:\n" + "\n".join(f"{p}: {f[:5]}" for p, f in found.items())


def test_the_payload_is_shown_as_text(hostile_book):
    """The planted article is on the pages (so the test above looked at it), as visible text."""
    texts = shapes.page_texts(hostile_book)
    assert any("xss-img" in t or "xss-script" in t for t in texts.values()), "no page shows the planted article"
