"""Each article as the articles page shows it: metadata, how its date was established, what cleaning
removed, and the cleaned text with numbered paragraphs (¶ 1, ¶ 2, … as the concordance cites them).

Every value from the corpus is escaped with :func:`corpusbook.prose.escape_md`.
"""

import hashlib
import html
import re
from urllib.parse import quote

import pandas as pd

from corpusbook.periods import chronological
from corpusbook.prose import escape_md, language, number, plural
from corpusbook.settings import PERIOD_COLUMN, SLICE_COLUMN
from corpusbook.tables import download

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


#: Short names of the kinds of change loading makes (:data:`corpusbook.normalise.KINDS` says more).
CHANGE_NAMES = {
    "bom": "byte-order mark removed",
    "line_ends": "line ends rewritten",
    "entities": "HTML entities decoded",
    "soft_hyphens": "soft hyphens removed",
    "invisible": "invisible characters removed",
    "ligatures": "ligatures spelt out",
    "composed": "characters composed (NFC)",
    "spaces": "special spaces made plain",
    "hyphenations": "hyphenated words rejoined",
    "wrapped_lines": "wrapped lines joined",
}


def normalised(changes):
    """What loading changed in one text, as prose: ``"soft hyphens removed: 3"`` or ``"nothing"``.

    Parameters
    ----------
    changes : mapping
        Kind (:data:`corpusbook.normalise.KINDS`) → count, one row of ``Corpus.normalisation``.

    Returns
    -------
    str

    Examples
    --------
    >>> normalised({"bom": 1, "soft_hyphens": 3, "spaces": 0})
    'byte-order mark removed: 1; soft hyphens removed: 3'
    >>> normalised({"bom": 0})
    'nothing'
    """
    parts = [f"{CHANGE_NAMES.get(kind, kind.replace('_', ' '))}: {number(n)}" for kind, n in changes.items() if n]
    return "; ".join(parts) or "nothing"


def article_section(doc, paragraphs, log, tokens, max_removed=MAX_REMOVED, changes=None):
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
    max_removed : int
        Removed lines listed before the rest is only counted.
    changes : mapping, optional
        What loading normalised (:func:`normalised`).

    Returns
    -------
    str
    """
    date = pd.Timestamp(doc["date"])
    rows = [
        ("Outlet", doc["outlet"]),
        ("Published", f"{date:%-d %B %Y}"),
        ("Period", doc[PERIOD_COLUMN]),
        ("News moment", doc[SLICE_COLUMN]),
        ("Original language", language(doc["source_language"])),
        ("Word tokens", number(tokens)),
        ("File", doc["file"]),
        ("Source", doc.get("source_url", "") or "—"),
    ]
    table = " · ".join(f"**{k}:** {v if k == 'Original language' else _cell(v)}" for k, v in rows)
    raw_chars, kept = len(doc["raw_text"]), len(doc["text"])
    if len(log):
        lines = [
            f"- line {number(r.line)} ({escape_md(r.rule_id)}): “{_cell(r.removed)}”"
            for r in log.head(max_removed).itertuples()
        ]
        if len(log) > max_removed:
            lines.append(f"- and {number(len(log) - max_removed)} more lines ({{ref}}`chapter-corpus`)")
        cleaning = (
            f"{plural(len(log), 'line or line prefix', 'lines or line prefixes')} removed, "
            f"{plural(raw_chars - kept, 'character')} of {number(raw_chars)}:\n\n" + "\n".join(lines)
        )
    else:
        cleaning = "Nothing: no cleaning rule fired on this text."
    said = normalised(changes or {})
    changed = (
        "Nothing: the file was already in the book's form." if said == "nothing" else f"{said[0].upper()}{said[1:]}."
    )
    body = "\n\n".join(
        f"**¶ {int(p) + 1}** {escape_md(t)}" for p, t in zip(paragraphs["paragraph"], paragraphs["text"])
    )
    title = escape_md(" ".join(str(doc["title"]).split()))
    return (
        f"({label(doc['doc_id'])})=\n## {escape_md(doc['doc_id'])} · {title}\n\n{table}\n\n"
        f"**How the date was established.** {_cell(doc['provenance'])}\n\n"
        f"**What loading normalised.** {changed}\n\n"
        f"**What cleaning removed.** {cleaning}\n\n"
        f"````{{admonition}} Cleaned text: {plural(len(paragraphs), 'paragraph')}\n:class: dropdown\n\n{body}\n````\n"
    )


def sections(corpus, tokens, max_removed=MAX_REMOVED):
    """The Markdown sections of every article, in ``doc_id`` order (:func:`article_section`)."""
    sizes = tokens.groupby("doc_id").size()
    paras = dict(tuple(corpus.paragraphs.groupby("doc_id", sort=False)))
    logs = dict(tuple(corpus.cleaning_log.groupby("doc_id", sort=False)))
    norm = corpus.normalisation.set_index("doc_id")
    return "\n".join(
        article_section(
            doc,
            paras.get(doc["doc_id"], corpus.paragraphs.iloc[:0]),
            logs.get(doc["doc_id"], corpus.cleaning_log.iloc[:0]),
            int(sizes.get(doc["doc_id"], 0)),
            max_removed,
            norm.loc[doc["doc_id"]].to_dict() if doc["doc_id"] in norm.index else None,
        )
        for _, doc in corpus.documents.sort_values("doc_id", kind="stable").iterrows()
    )


def index(documents, tokens):
    """One row per article for the page's index: id, title, outlet, date, period, original language, tokens."""
    sizes = tokens.groupby("doc_id").size()
    return documents.assign(
        published=documents["date"].dt.strftime("%Y-%m-%d"),
        language=documents["source_language"].map(language),
        tokens=documents["doc_id"].map(sizes).fillna(0).astype(int),
    )


def text_file(doc, paragraphs):
    """An article as a plain-text file: its metadata, then its cleaned paragraphs numbered as the book cites them."""
    head = [
        f"{k}: {' '.join(str(doc.get(k, '')).split())}"
        for k in ("doc_id", "title", "outlet", "date", "period", "slice", "source_language", "provenance")
    ]
    body = [f"¶ {int(p) + 1} {t}" for p, t in zip(paragraphs["paragraph"], paragraphs["text"])]
    return "\n".join(head) + "\n\n" + "\n\n".join(body) + "\n"


def link_list(corpus, by="period"):
    """Every article as a list item linking to its text beside the book, grouped by period (HTML, escaped).

    Each text is written with :func:`corpusbook.tables.download`; outside a build the items carry no link.

    Returns
    -------
    str
        HTML: a heading per group, then ``<li><a href=…>id · title</a> — outlet, date</li>``.
    """
    paras = dict(tuple(corpus.paragraphs.groupby("doc_id", sort=False)))
    docs = corpus.documents.sort_values(["date", "doc_id"], kind="stable")
    parts = []
    for group in chronological(docs, by):
        items = []
        for _, doc in docs[docs[by] == group].iterrows():
            text = text_file(doc, paras.get(doc["doc_id"], corpus.paragraphs.iloc[:0]))
            href = download(text.encode("utf-8"), f"articles/{doc['doc_id']}.txt")
            label = html.escape(f"{doc['doc_id']} · {' '.join(str(doc['title']).split())}")
            item = f'<a href="{html.escape(quote(href), quote=True)}">{label}</a>' if href else label
            items.append(f"<li>{item} — {html.escape(str(doc['outlet']))}, {pd.Timestamp(doc['date']):%Y-%m-%d}</li>")
        parts.append(f"<p><strong>{html.escape(str(group))}</strong></p><ul>{''.join(items)}</ul>")
    return '<div class="corpusbook-article-list">' + "".join(parts) + "</div>"
