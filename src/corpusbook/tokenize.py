"""A tokenizer for German news text: one regular expression, its alternatives in order of precedence.

1. URLs (``https://…``, ``www.…``), without trailing sentence punctuation;
2. abbreviations from :data:`ABBREVIATIONS` (``z.B.``, ``Nr.`` …) and initials before a name (``N. E. Satulin``);
3. numbers with German decimal commas and thousands dots (``25,6``, ``200.000``), and compounds (``70-jährige``);
4. words with inner hyphens or apostrophes (``Kassym-Schomart``, ``US-Dollar``), and a trailing hyphen
   before ``und``/``oder`` (``EU-Staats- und Regierungschefs``);
5. any other non-space character as a one-character punctuation token.

Every count in the book uses :func:`word_tokens` (1–4). SoMaJo :cite:p:`proisl2016somajo` is the reference;
``tests/test_tokenize.py`` measures the agreement on the corpus.
"""

import difflib
import re
from itertools import chain

import numpy as np
import pandas as pd
from sentencex import segment

from corpusbook.settings import SEED

#: Abbreviations kept as one token with their dots (the word-boundary is checked by the regex).
ABBREVIATIONS = (
    "z.B.",
    "z. B.",
    "d.h.",
    "d. h.",
    "u.a.",
    "u. a.",
    "v.a.",
    "bzw.",
    "ca.",
    "Nr.",
    "Dr.",
    "Prof.",
    "usw.",
    "etc.",
    "vgl.",
    "sog.",
    "St.",
    "Mio.",
    "Mrd.",
    "Jh.",
    "v.Chr.",
    "n.Chr.",
)

_abbr = "|".join(re.escape(a).replace(r"\ ", r"\s?") for a in sorted(ABBREVIATIONS, key=len, reverse=True))
_letter = r"[^\W\d_]"
#: The word-token alternatives in order of precedence: (kind, pattern).
_WORD_BRANCHES = (
    ("url", r"(?:https?://|www\.)[^\s<>«»„“”\"]+?(?=[.,;:!?)\]]*(?:\s|$))"),
    ("abbr", rf"(?=[^\W\d_]{{1,4}}\.)(?:(?<!\w)(?:{_abbr})(?!\w)|(?<!\w)[A-ZÄÖÜ]\.(?=\s?[A-ZÄÖÜ]))"),
    ("number", rf"\d+(?:[.,]\d+)*(?:-{_letter}\w*(?:-\w+)*)?"),
    ("word", rf"{_letter}\w*(?:[-‐'’]\w+)*(?:-(?=\s+(?:und|oder|bis|sowie)\b))?"),
)
#: Word tokens, each alternative a named group (its name is the token's kind).
_WORD_RE = re.compile("|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _WORD_BRANCHES))
#: Word tokens, then any other non-space character as a punctuation token.
_TOKEN_RE = re.compile(_WORD_RE.pattern + r"|(?P<punct>\S)")
#: Word tokens without groups, so ``findall`` returns strings (C speed); every word token starts with
#: a letter or digit, so the lookahead rejects other positions at once.
_FINDALL_RE = re.compile(r"(?=[^\W_])(?:" + "|".join(f"(?:{pattern})" for _, pattern in _WORD_BRANCHES) + ")")

#: Token kinds that count as words for statistics.
WORD_KINDS = ("word", "number", "url", "abbr")
#: A German ordinal at a sentence end ("am 27.") does not end the sentence.
_ORDINAL_END = re.compile(r"(?<![\d.])\d{1,2}\.$")


def tokenize(text):
    """Split text into ``(token, kind, start)`` triples.

    Parameters
    ----------
    text : str

    Returns
    -------
    list of tuple
        ``(token, kind, start)``, ``kind`` one of ``url, abbr, number, word, punct``, ``start`` the offset.

    Examples
    --------
    >>> [t for t, _, _ in tokenize("„Nachbarn von Gott“, sagte Kassym-Schomart Tokajew.")]
    ['„', 'Nachbarn', 'von', 'Gott', '“', ',', 'sagte', 'Kassym-Schomart', 'Tokajew', '.']
    >>> [t for t, _, _ in tokenize("25,6 Milliarden US-Dollar, z.B. 200.000")]
    ['25,6', 'Milliarden', 'US-Dollar', ',', 'z.B.', '200.000']
    """
    return [(m.group(), m.lastgroup, m.start()) for m in _TOKEN_RE.finditer(text)]


def word_tokens(text):
    """The word tokens of ``text``: URLs, abbreviations, numbers and words, no punctuation.

    Examples
    --------
    >>> word_tokens("Er sagte: „Wir werden weiterarbeiten.“")
    ['Er', 'sagte', 'Wir', 'werden', 'weiterarbeiten']
    """
    return [t for t, kind, _ in tokenize(text) if kind != "punct"]


def token_kind(token):
    """The kind of a word token: ``url``, ``abbr``, ``number`` or ``word`` (as :func:`tokenize` says).

    Examples
    --------
    >>> [token_kind(t) for t in ["https://a.de", "z.B.", "25,6", "OVKS-Kontingent"]]
    ['url', 'abbr', 'number', 'word']
    """
    if token.endswith("."):  # only abbreviations and initials keep a dot
        return "abbr"
    return _WORD_RE.match(token).lastgroup


def form_kinds(forms):
    """:func:`token_kind` of each distinct form, as an object array."""
    kinds = np.empty(len(forms), dtype=object)
    kinds[:] = [token_kind(form) for form in forms]
    return kinds


def scan_paragraphs(texts):
    """Find the word tokens of many texts as codes into one array of distinct forms.

    Parameters
    ----------
    texts : list of str

    Returns
    -------
    codes : numpy.ndarray of int64
        One code per word token, in text order.
    forms : numpy.ndarray of object
        The distinct forms in order of first appearance (``forms[codes]`` are the tokens).
    counts : numpy.ndarray of int64
        Word tokens per text.
    """
    per_text = [_FINDALL_RE.findall(text) for text in texts]
    counts = np.fromiter(map(len, per_text), dtype=np.int64, count=len(per_text))
    codes, forms = pd.factorize(pd.Series(list(chain.from_iterable(per_text)), dtype=object))
    return codes.astype(np.int64), np.asarray(forms, dtype=object), counts


def positions(doc_ids, counts):
    """0-based position of each token in its document, from per-paragraph token counts.

    Parameters
    ----------
    doc_ids : array-like
        Document id of each paragraph (a document's paragraphs in order, not necessarily adjacent).
    counts : numpy.ndarray of int
        Tokens per paragraph.

    Returns
    -------
    numpy.ndarray of int64
    """
    counts = np.asarray(counts, dtype=np.int64)
    before = pd.Series(counts).groupby(pd.factorize(np.asarray(doc_ids, dtype=object))[0]).cumsum().to_numpy() - counts
    para_start = np.cumsum(counts) - counts
    return np.arange(int(counts.sum()), dtype=np.int64) + np.repeat(before - para_start, counts)


def somajo_agreement(texts, ids=None):
    """Word-token agreement with SoMaJo :cite:p:`proisl2016somajo` (``de_CMC``).

    Both tokenizations are reduced to word tokens (tokens with a letter or digit) and aligned with
    :class:`difflib.SequenceMatcher` one paragraph (line) at a time; agreement is the share of SoMaJo's
    word tokens that are matched.

    Parameters
    ----------
    texts : list of str
        Texts (paragraphs are their non-blank lines).
    ids : list of str, optional
        Labels for the disagreement list.

    Returns
    -------
    dict
        ``agreement``, ``matched``, ``somajo_tokens``, ``our_tokens``, ``disagreements`` (strings: id, our
        tokens, SoMaJo's) and ``ordinal_differences`` (SoMaJo's ``27.`` against our ``27``).
    """
    from somajo import SoMaJo  # noqa: PLC0415 (the tests' reference; the book does not load SoMaJo)

    somajo = SoMaJo("de_CMC", split_camel_case=False)
    matched = total = ours_total = 0
    pairs = []
    for label, text in zip(ids or range(len(texts)), texts):
        for paragraph in filter(str.strip, text.split("\n")):
            ours = word_tokens(paragraph)
            ref = [
                t.text
                for sentence in somajo.tokenize_text([paragraph])
                for t in sentence
                if any(ch.isalnum() for ch in t.text)
            ]
            matcher = difflib.SequenceMatcher(a=ours, b=ref, autojunk=False)
            matched += sum(block.size for block in matcher.get_matching_blocks())
            total += len(ref)
            ours_total += len(ours)
            pairs += [(label, ours[i1:i2], ref[j1:j2]) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]
    return {
        "agreement": matched / total if total else float("nan"),
        "matched": matched,
        "somajo_tokens": total,
        "our_tokens": ours_total,
        "disagreements": [f"{label}: ours {a} vs SoMaJo {b}" for label, a, b in pairs],
        "ordinal_differences": sum(
            len(a) == len(b) == 1 and a[0].isdigit() and b[0] == a[0] + "." for _, a, b in pairs
        ),
    }


def sample_paragraphs(paragraphs, max_tokens=50_000, seed=None):
    """All paragraphs, or a seeded random sample of about ``max_tokens`` words (for checks such as
    :func:`somajo_agreement` whose cost should not grow with the corpus).

    Parameters
    ----------
    paragraphs : pandas.DataFrame
        With a ``text`` column.
    max_tokens, seed : int
        Words to sample; random seed (default :data:`corpusbook.settings.SEED`).

    Returns
    -------
    pandas.DataFrame
        The chosen rows of ``paragraphs``, in their original order.
    """
    sizes = paragraphs["text"].str.split().str.len()
    if sizes.sum() <= max_tokens:
        return paragraphs
    order = np.random.default_rng(SEED if seed is None else seed).permutation(len(paragraphs))
    keep = order[: max(1, int(np.searchsorted(np.cumsum(sizes.to_numpy()[order]), max_tokens, side="right")))]
    return paragraphs.iloc[np.sort(keep)]


def sentence_spans(texts):
    """Sentence boundaries of each text, by sentencex's rules for German; a quoted passage stays one sentence.

    Outside quotations the boundaries agree with SoMaJo's :cite:p:`proisl2016somajo` (the tests' reference).

    Parameters
    ----------
    texts : list of str
        Paragraphs (one line each).

    Returns
    -------
    list of list of tuple
        Per text, the ``(start, end)`` character offsets of its sentences, in order.

    Examples
    --------
    >>> sentence_spans(["Er kam am 10. Januar. Dann ging er.", "Sie feiern den 30. Jahrestag."])
    [[(0, 21), (22, 35)], [(0, 29)]]
    """
    out = []
    for text in texts:
        spans, pos = [], 0
        for sentence in segment("de", text):
            body = sentence.strip()
            if not body:
                continue
            start = text.find(body, pos)
            if start < 0:  # the segmenter changed the text: keep the rest as one sentence
                break
            spans.append((start, start + len(body)))
            pos = start + len(body)
        if pos < len(text.rstrip()):
            spans.append((pos + len(text[pos:]) - len(text[pos:].lstrip()), len(text.rstrip())))
        merged = []
        for start, end in spans:
            if merged and _ORDINAL_END.search(text[merged[-1][0] : merged[-1][1]]):
                merged[-1] = (merged[-1][0], end)
            else:
                merged.append((start, end))
        out.append(merged)
    return out
