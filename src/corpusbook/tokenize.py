"""A tokenizer for German news text.

One compiled regular expression, tried left to right at each position (the order of the alternatives
is the order of precedence):

1. URLs (``https://…``, ``www.…``), without trailing sentence punctuation;
2. abbreviations from :data:`ABBREVIATIONS` (``z.B.``, ``d.h.``, ``Nr.`` …) and initials before a
   name (``N. E. Satulin``), kept with their dots;
3. numbers with German decimal commas and thousands dots (``25,6``, ``200.000``), and number-word
   compounds (``70-jährige``);
4. words: letters and digits with inner hyphens or apostrophes (``Kassym-Schomart``, ``OVKS-Kontingent``,
   ``US-Dollar``), and a trailing hyphen before ``und``/``oder`` (``EU-Staats- und Regierungschefs``);
5. any other non-space character as a one-character punctuation token (quotes „“”«»"' included).

:func:`word_tokens` keeps only URLs, numbers and words, which is what every count in the book uses;
quotation marks and other punctuation never become terms. SoMaJo :cite:p:`proisl2016somajo` is the
reference; ``tests/test_tokenize.py`` measures the agreement on the corpus.
"""

import re

import pandas as pd

#: Abbreviations kept as one token with their dots (the word-boundary is checked by the regex).
ABBREVIATIONS = (
    "z.B.", "z. B.", "d.h.", "d. h.", "u.a.", "u. a.", "v.a.", "bzw.", "ca.", "Nr.", "Dr.", "Prof.",
    "usw.", "etc.", "vgl.", "sog.", "St.", "Mio.", "Mrd.", "Jh.", "v.Chr.", "n.Chr.",
)

_abbr = "|".join(re.escape(a).replace(r"\ ", r"\s?") for a in sorted(ABBREVIATIONS, key=len, reverse=True))
_letter = r"[^\W\d_]"
_TOKEN_RE = re.compile(
    rf"""
    (?P<url>(?:https?://|www\.)[^\s<>«»„“”"]+?(?=[.,;:!?)\]]*(?:\s|$)))
  | (?P<abbr>(?<!\w)(?:{_abbr})(?!\w)|(?<!\w)[A-ZÄÖÜ]\.(?=\s?[A-ZÄÖÜ]))
  | (?P<number>\d+(?:[.,]\d+)*(?:-{_letter}[\w]*(?:-\w+)*)?)
  | (?P<word>{_letter}[\w]*(?:[-‐'’][\w]+)*(?:-(?=\s+(?:und|oder|bis|sowie)\b))?)
  | (?P<punct>\S)
    """,
    re.VERBOSE,
)

#: Token kinds that count as words for statistics.
WORD_KINDS = ("word", "number", "url", "abbr")


def tokenize(text):
    """Split text into ``(token, kind, start)`` triples.

    Parameters
    ----------
    text : str

    Returns
    -------
    list of tuple
        ``(token, kind, start)`` with ``kind`` in ``url, abbr, number, word, punct`` and ``start`` the
        character offset.

    Examples
    --------
    >>> [t for t, _, _ in tokenize("„Nachbarn von Gott“, sagte Kassym-Schomart Tokajew.")]
    ['„', 'Nachbarn', 'von', 'Gott', '“', ',', 'sagte', 'Kassym-Schomart', 'Tokajew', '.']
    >>> [t for t, _, _ in tokenize("25,6 Milliarden US-Dollar, z.B. 200.000")]
    ['25,6', 'Milliarden', 'US-Dollar', ',', 'z.B.', '200.000']
    """
    return [(m.group(), m.lastgroup, m.start()) for m in _TOKEN_RE.finditer(text)]


def word_tokens(text):
    """Return the word tokens of ``text`` (URLs, abbreviations, numbers, words; no punctuation).

    Examples
    --------
    >>> word_tokens("Er sagte: „Wir werden weiterarbeiten.“")
    ['Er', 'sagte', 'Wir', 'werden', 'weiterarbeiten']
    """
    return [t for t, kind, _ in tokenize(text) if kind != "punct"]


def tokenize_paragraphs(paragraphs):
    """Tokenize a paragraph table into one row per word token.

    Parameters
    ----------
    paragraphs : pandas.DataFrame
        Columns ``doc_id``, ``paragraph``, ``text``.

    Returns
    -------
    pandas.DataFrame
        Columns ``doc_id``, ``paragraph``, ``position`` (0-based word position in the document),
        ``token``, ``kind``, ``start`` and ``end`` (character offsets in the paragraph text).
    """
    docs, paras, toks, kinds, starts = [], [], [], [], []
    for doc_id, para, text in zip(paragraphs["doc_id"], paragraphs["paragraph"], paragraphs["text"]):
        for m in _TOKEN_RE.finditer(text):
            if m.lastgroup != "punct":
                docs.append(doc_id)
                paras.append(para)
                toks.append(m.group())
                kinds.append(m.lastgroup)
                starts.append(m.start())
    table = pd.DataFrame({"doc_id": docs, "paragraph": paras, "token": toks, "kind": kinds, "start": starts})
    table["end"] = table["start"] + table["token"].str.len()
    table.insert(2, "position", table.groupby("doc_id", sort=False).cumcount())
    return table
