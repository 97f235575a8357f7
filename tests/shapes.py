"""Corpus folders of the shapes the book must stay true for, written inside the tests.

Every function writes a complete ``corpus/`` folder (texts, ``metadata.csv`` and the project's curated
tables) and returns its path; none touches the project's own ``corpus/``.

1. :func:`today`: the project's corpus as it is;
2. :func:`third_period`: today's plus a third period (2025) of four articles, ``source_language`` ``de``,
   ``period`` left to its default (the year), as a user adds them;
3. :func:`balanced`: three periods of three articles each, no single-article period;
4. :func:`singletons`: every period one article;
5. :func:`one_period`: today's articles, all given one ``period``.

The added articles are real German text that the repository carries: the sentences of the project's
own articles (``corpus/texts/``), dealt out round-robin into short articles of about ten sentences
(:func:`pseudo_articles`). Nothing outside the repository is needed, so the suite tests the same
things in a user's clone as in CI.

``SHAPES`` maps a name to each function. :func:`add_article` is the documented way of adding one
article (text file + metadata row); :func:`project_copy` and :func:`build_book` copy the project
with a given corpus and run ``make book`` in the copy with the project's virtual environment.
"""

import csv
import os
import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
FIELDS = ["doc_id", "file", "title", "outlet", "date", "period", "slice", "source_language", "source_url", "provenance"]
IGNORE = shutil.ignore_patterns(
    ".venv", "_build", ".git", ".pytest_cache", "__pycache__", "*.egg-info", ".hypothesis", "notebooks"
)


@lru_cache(maxsize=1)
def _sentences():
    """The sentences of the project's own texts, in file order (lines of fewer than 40 characters left out)."""
    out = []
    for path in sorted((ROOT / "corpus" / "texts").glob("*.txt")):
        for line in path.read_text(encoding="utf-8-sig").splitlines():
            if len(line.strip()) >= 40:
                out += [s for s in re.split(r"(?<=[.!?“])\s+(?=[A-ZÄÖÜ„])", line.strip()) if len(s) > 20]
    return out


def pseudo_articles(n, start=0, size=10):
    """``n`` short German articles as (id, text): ``size`` sentences each, dealt round-robin from the
    project's own texts, three sentences to a paragraph. Article ``i`` takes sentences
    ``start + i``, ``start + i + n``, … so the articles of one call share no sentence."""
    pool = _sentences()
    out = []
    for i in range(n):
        picked = [pool[(start + i + k * n) % len(pool)] for k in range(size)]
        paragraphs = [" ".join(picked[j : j + 3]) for j in range(0, len(picked), 3)]
        out.append((f"p{start + i:03d}", "\n\n".join(paragraphs) + "\n"))
    return out


def _curated(folder):
    """Copy the curated tables (everything in corpus/ but the texts and metadata)."""
    folder = Path(folder)
    (folder / "texts").mkdir(parents=True, exist_ok=True)
    for path in (ROOT / "corpus").iterdir():
        if path.is_file() and path.name != "metadata.csv":
            shutil.copy(path, folder / path.name)
    if not (folder / "metadata.csv").exists():
        (folder / "metadata.csv").write_text(",".join(FIELDS) + "\n", encoding="utf-8")
    return folder


def add_article(
    folder,
    doc_id,
    text,
    *,
    date,
    title,
    outlet="Testblatt",
    period="",
    slice="",
    source_language="de",
    source_url="",
    provenance="Date assigned for a test corpus",
):
    """Add one article the documented way: its text into ``texts/`` and a row into ``metadata.csv``."""
    folder = Path(folder)
    name = f"texts/{doc_id}.txt"
    (folder / name).write_text(text, encoding="utf-8")
    meta = folder / "metadata.csv"
    existing = meta.read_text(encoding="utf-8")
    with meta.open("a", encoding="utf-8", newline="") as handle:
        if existing and not existing.endswith("\n"):
            handle.write("\n")
        csv.writer(handle, lineterminator="\n").writerow(
            [doc_id, name, title, outlet, date, period, slice, source_language, source_url, provenance]
        )
    return folder


def add_articles(folder, n, *, year, start=0, prefix="9", **fields):
    """Add ``n`` :func:`pseudo_articles` dated in ``year`` (period left to its default)."""
    for k, (article_id, text) in enumerate(pseudo_articles(n, start)):
        add_article(
            folder,
            f"{prefix}{year % 100}{start + k:03d}",
            text,
            date=f"{year}-{3 + k % 9:02d}-{10 + k:02d}",
            title=f"Artikel {article_id}",
            provenance=f"Test article {article_id}; date assigned for a test corpus",
            **fields,
        )
    return folder


def today(folder):
    """Shape 1: the project's corpus."""
    folder = Path(folder)
    shutil.copytree(ROOT / "corpus", folder, dirs_exist_ok=True)
    return folder


def third_period(folder, n=4, year=2025):
    """Shape 2: today's corpus plus ``n`` articles of a new period ``year`` (``de``)."""
    return add_articles(today(folder), n, year=year, start=0)


def balanced(folder, periods=(2022, 2023, 2024), per_period=3):
    """Shape 3: ``per_period`` (≥ 3) articles in each period, no other article."""
    folder = _curated(folder)
    for i, year in enumerate(periods):
        add_articles(folder, per_period, year=year, start=20 + i * per_period)
    return folder


def singletons(folder, periods=(2022, 2023, 2024, 2025)):
    """Shape 4: every period one article."""
    folder = _curated(folder)
    for i, year in enumerate(periods):
        add_articles(folder, 1, year=year, start=60 + i)
    return folder


def one_period(folder, label="2022–2024"):
    """Shape 5: today's articles, all given the one period ``label``."""
    folder = today(folder)
    meta = pd.read_csv(folder / "metadata.csv", dtype=str, keep_default_na=False)
    meta["period"] = label
    meta.to_csv(folder / "metadata.csv", index=False)
    return folder


SHAPES = {
    "today": today,
    "third_period": third_period,
    "balanced": balanced,
    "singletons": singletons,
    "one_period": one_period,
}


def expected_periods(folder):
    """The periods of a corpus folder, computed from its metadata alone (period, else year of the date)."""
    meta = pd.read_csv(Path(folder) / "metadata.csv", dtype=str, keep_default_na=False)
    return sorted({p if p else d[:4] for p, d in zip(meta["period"], meta["date"])})


def project_copy(dest, corpus=None):
    """Copy the project (without .venv, _build, .git) to ``dest``; ``corpus(folder)`` rewrites its corpus."""
    dest = Path(dest)
    shutil.copytree(ROOT, dest, ignore=IGNORE)
    if corpus is not None:
        shutil.rmtree(dest / "corpus")
        corpus(dest / "corpus")
        shutil.copy(ROOT / "corpus" / "README.md", dest / "corpus" / "README.md")
    return dest


def build_book(copy, timeout=900, env=None, check=True):
    """``make book`` in a project copy with the project's venv and the copy's own package; returns the html dir.

    The venv's install stamp is treated as up to date (``-o``): a test never reinstalls packages.
    """
    copy = Path(copy)
    venv = ROOT / ".venv"
    stamp = venv / ".requirements-installed"
    env = dict(
        os.environ, PYTHONPATH=str(copy / "src"), CORPUSBOOK_JOBS=os.environ.get("CORPUSBOOK_JOBS", "2"), **(env or {})
    )
    result = subprocess.run(
        ["make", "-s", "book", f"VENV={venv}", "-o", str(stamp)],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if not check:
        return result
    if result.returncode != 0:
        pytest.fail(f"make book failed in {copy}:\n{result.stdout[-6000:]}\n{result.stderr[-6000:]}")
    return copy / "_build" / "html"


def page_texts(html_dir):
    """{page path: visible text of the page's article} for every built page (navigation, sidebars,
    scripts and styles left out, so the book's title and menu never count as a page's sentences)."""
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self):
            super().__init__()
            self.parts, self.skip, self.article = [], 0, 0

        def handle_starttag(self, tag, attrs):
            if tag in ("script", "style"):
                self.skip += 1
            if tag == "article":
                self.article += 1

        def handle_endtag(self, tag):
            if tag in ("script", "style") and self.skip:
                self.skip -= 1
            if tag == "article" and self.article:
                self.article -= 1

        def handle_data(self, data):
            if not self.skip and self.article:
                self.parts.append(data)

    out = {}
    for path in sorted(Path(html_dir).rglob("*.html")):
        rel = path.relative_to(html_dir)
        if rel.parts[0] in ("_static", "_sources", "jupyter_execute") or rel.name in ("search.html", "genindex.html"):
            continue
        parser = Text()
        parser.feed(path.read_text(encoding="utf-8"))
        out[str(rel.with_suffix(""))] = re.sub(r"\s+", " ", " ".join(parser.parts))
    return out


def book_texts(root):
    """{page file: text} of the book built in project ``root``, tags stripped, whitespace collapsed."""
    html = root / "_build" / "html"
    return {
        p.relative_to(html).as_posix(): stripped(p.read_text(encoding="utf-8"))
        for p in sorted(html.rglob("*.html"))
        if "_static" not in p.parts
    }


def stripped(html):
    """A page's text: style and script blocks and tags removed, pandas' random table ids (T_1a2b3_) made equal."""
    html = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"\bT_[0-9a-f]{5}_", "T_", re.sub(r"<[^>]+>", " ", html))
    return re.sub(r"\s+", " ", html)
