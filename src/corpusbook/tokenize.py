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

import numpy as np
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

#: The same alternatives without the punctuation branch: the scanner skips punctuation by itself,
#: which gives the same word tokens with fewer matches (used for the token table).
_WORD_RE = re.compile(_TOKEN_RE.pattern.replace("\n  | (?P<punct>\\S)", ""), re.VERBOSE)
assert "punct" not in _WORD_RE.groupindex
#: The same without capturing groups, so ``findall`` returns the tokens as strings (C speed).
_FINDALL_RE = re.compile(re.sub(r"\(\?P<\w+>", "(?:", _WORD_RE.pattern), re.VERBOSE)

#: Paragraphs tokenized per chunk (bounds the memory held by duplicate token strings).
CHUNK = 2000

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
        ``token``, ``kind``.

    Notes
    -----
    The scan uses ``re.findall`` (no per-token Python call), and each token's kind is determined
    once per distinct form; the result equals :func:`word_tokens` applied to each paragraph.
    """
    texts = paragraphs["text"].tolist()
    counts = np.zeros(len(texts), dtype=np.int64)
    chunks = []
    for lo in range(0, len(texts), CHUNK):
        per_para = [_FINDALL_RE.findall(text) for text in texts[lo:lo + CHUNK]]
        counts[lo:lo + len(per_para)] = [len(t) for t in per_para]
        flat = [t for para in per_para for t in para]
        # one string object per distinct form in the chunk, not one per token: keeps memory flat
        codes, uniques = pd.factorize(pd.Series(flat, dtype=object))
        chunks.append(np.asarray(uniques, dtype=object)[codes] if len(flat) else np.array([], dtype=object))
    toks = np.concatenate(chunks) if chunks else np.array([], dtype=object)
    codes, forms = pd.factorize(toks)
    kinds = np.array([token_kind(f) for f in forms], dtype=object)
    table = pd.DataFrame({
        "doc_id": np.repeat(paragraphs["doc_id"].to_numpy(), counts),
        "paragraph": np.repeat(paragraphs["paragraph"].to_numpy(), counts),
        "token": pd.Series(toks, dtype=object),
        "kind": kinds[codes] if len(toks) else np.array([], dtype=object),
    })
    table.insert(2, "position", table.groupby("doc_id", sort=False).cumcount())
    return table


def somajo_agreement(texts, ids=None):
    """Word-token agreement with SoMaJo :cite:p:`proisl2016somajo` (``de_CMC``).

    Both tokenizations are reduced to word tokens (tokens with a letter or digit) and aligned with
    :class:`difflib.SequenceMatcher`; agreement is the share of SoMaJo's word tokens that are matched.

    Parameters
    ----------
    texts : list of str
    ids : list of str, optional
        Labels for the disagreement list.

    Returns
    -------
    dict
        ``agreement``, ``matched``, ``somajo_tokens``, ``our_tokens``, ``disagreements`` (list of
        strings: id, our tokens, SoMaJo's tokens) and ``ordinal_differences`` (how many of them are
        an ordinal number that SoMaJo keeps with its dot, ``27.`` against our ``27``).
    """
    import difflib

    from somajo import SoMaJo

    somajo = SoMaJo("de_CMC", split_camel_case=False)
    matched = total = ours_total = 0
    pairs = []
    for label, text in zip(ids or range(len(texts)), texts):
        ours = word_tokens(text)
        ref = [t.text for sentence in somajo.tokenize_text(text.split("\n")) for t in sentence
               if any(ch.isalnum() for ch in t.text)]
        matcher = difflib.SequenceMatcher(a=ours, b=ref, autojunk=False)
        matched += sum(block.size for block in matcher.get_matching_blocks())
        total += len(ref)
        ours_total += len(ours)
        pairs += [(label, ours[i1:i2], ref[j1:j2]) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]
    disagreements = [f"{label}: ours {a} vs SoMaJo {b}" for label, a, b in pairs]
    ordinals = sum(1 for _, a, b in pairs if len(a) == len(b) == 1 and a[0].isdigit() and b[0] == a[0] + ".")
    return {"agreement": matched / total if total else float("nan"), "matched": matched,
            "somajo_tokens": total, "our_tokens": ours_total, "disagreements": disagreements,
            "ordinal_differences": ordinals}
