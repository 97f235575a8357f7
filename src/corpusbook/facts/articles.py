"""The articles page: every article with its metadata, how its date was established, what cleaning
removed, and its cleaned text with numbered paragraphs (¶ 1, ¶ 2, … as the concordance cites them).

One section per article, in ``doc_id`` order; the text sits in a collapsed box, so the page stays
readable for any number of articles, and its size grows linearly with the corpus. Every value that
comes from the corpus (titles, outlets, provenance notes, removed lines, the text) is escaped with
:func:`corpusbook.prose.escape_md`.
"""

import hashlib
import re

import pandas as pd

from corpusbook import tables
from corpusbook.facts.intro import language_name
from corpusbook.prose import escape_md, md, number, plural
from corpusbook.settings import PERIOD_COLUMN, SLICE_COLUMN

#: Removed lines listed per article before the rest is only counted (the cleaning chapter has them all).
MAX_REMOVED = 25


def _cell(value):
    """A value for one cell of a Markdown table: escaped, on one line."""
    text = " ".join(str(value).split())
    return escape_md(text) if text else "—"


def label(doc_id):
    """The cross-reference label of an article's section: ``article-<doc_id>``, unique for every doc_id.

    Examples
    --------
    >>> label("004"), label("A.b") != label("a-b")
    ('article-004', True)
    """
    doc_id = str(doc_id)
    if re.fullmatch(r"[a-z0-9-]+", doc_id):
        return f"article-{doc_id}"
    # Sphinx lowercases labels and MyST keeps only some characters: a short hash keeps them distinct
    safe = re.sub(r"[^a-z0-9]+", "-", doc_id.lower()).strip("-")
    return f"article-{safe}-{hashlib.sha1(doc_id.encode('utf-8')).hexdigest()[:6]}"


def article_section(doc, paragraphs, log, tokens):
    """The Markdown (MyST) section of one article.

    Parameters
    ----------
    doc : pandas.Series
        One row of ``Corpus.documents``.
    paragraphs : pandas.DataFrame
        This article's rows of ``Corpus.paragraphs``.
    log : pandas.DataFrame
        This article's rows of ``Corpus.cleaning_log``.
    tokens : int
        Word tokens of the article after cleaning.

    Returns
    -------
    str
    """
    date = pd.Timestamp(doc["date"])
    rows = [("Outlet", doc["outlet"]), ("Published", f"{date:%-d %B %Y}"), ("Period", doc[PERIOD_COLUMN]),
            ("Event slice", doc[SLICE_COLUMN]), ("Original language", language_name(doc["source_language"])),
            ("Word tokens", number(tokens)), ("File", doc["file"]), ("Source", doc.get("source_url", "") or "—")]
    table = " · ".join(f"**{k}:** {v if k == 'Original language' else _cell(v)}" for k, v in rows)
    raw_chars, kept = len(doc["raw_text"]), len(doc["text"])
    if len(log):
        lines = [f"- line {number(r.line)} ({escape_md(r.rule_id)}): “{_cell(r.removed)}”"
                 for r in log.head(MAX_REMOVED).itertuples()]
        if len(log) > MAX_REMOVED:
            lines.append(f"- and {number(len(log) - MAX_REMOVED)} more lines ({{ref}}`chapter-corpus`)")
        cleaning = (f"{plural(len(log), 'line or line prefix', 'lines or line prefixes')} removed, {plural(raw_chars - kept, 'character')} of "
                    f"{number(raw_chars)}:\n\n" + "\n".join(lines))
    else:
        cleaning = "Nothing: no cleaning rule fired on this text."
    body = "\n\n".join(f"**¶ {int(p) + 1}** {escape_md(t)}" for p, t in zip(paragraphs["paragraph"], paragraphs["text"]))
    title = escape_md(" ".join(str(doc["title"]).split()))
    return (f"({label(doc['doc_id'])})=\n## {escape_md(doc['doc_id'])} · {title}\n\n{table}\n\n"
            f"**How the date was established.** {_cell(doc['provenance'])}\n\n"
            f"**What cleaning removed.** {cleaning}\n\n"
            f"````{{admonition}} Cleaned text: {plural(len(paragraphs), 'paragraph')}\n:class: dropdown\n\n{body}\n````\n")


def findings(data):
    """The articles page: ``articles_intro`` (sentence), ``articles_index`` (table) and ``articles`` (sections).

    Parameters
    ----------
    data : corpusbook.book.BookData

    Returns
    -------
    dict
    """
    corpus = data.corpus
    docs = corpus.documents
    sizes = data.tokens.groupby("doc_id").size()
    paras = {d: g for d, g in corpus.paragraphs.groupby("doc_id", sort=False)}
    logs = {d: g for d, g in corpus.cleaning_log.groupby("doc_id", sort=False)}
    empty_p = corpus.paragraphs.iloc[:0]
    empty_l = corpus.cleaning_log.iloc[:0]
    sections = [article_section(doc, paras.get(doc["doc_id"], empty_p), logs.get(doc["doc_id"], empty_l),
                                int(sizes.get(doc["doc_id"], 0)))
                for _, doc in docs.sort_values("doc_id", kind="stable").iterrows()]
    index = docs.assign(published=docs["date"].dt.strftime("%Y-%m-%d"),
                        language=docs["source_language"].map(language_name),
                        tokens=docs["doc_id"].map(sizes).fillna(0).astype(int))
    return {
        "articles_intro": md(
            f"{plural(len(docs), 'article')}, each with its metadata, how its date was established, what cleaning "
            f"removed and its cleaned text. Paragraphs are numbered as the concordance and the evidence tables cite "
            f"them (¶ 1 is the first paragraph kept after cleaning)."),
        "articles_index": tables.show(
            index, {"doc_id": "Article", "title": "Title", "outlet": "Outlet", "published": "Published",
                    PERIOD_COLUMN: "Period", "language": "Original language"},
            name="articles-index", interactive=len(index) > 10),
        "articles": md("\n".join(sections)),
    }
