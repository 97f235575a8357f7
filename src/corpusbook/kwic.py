"""Key words in context: one term's lines (``kwic``) and every content lemma's (``concordance``)."""

import numpy as np
import pandas as pd

from corpusbook.preprocess import content_tokens
from corpusbook.tokenize import tokenize


def kwic(tokens, paragraphs, term, view="lemma", window=8, max_lines=None):
    """Concordance lines for a term: left context, keyword, right context, document.

    Contexts are cut from the paragraph text (punctuation and quotes kept), ``window`` word tokens on
    each side, never across paragraphs.

    Parameters
    ----------
    tokens : pandas.DataFrame
        The token table.
    paragraphs : pandas.DataFrame
        ``Corpus.paragraphs``.
    term : str or list of str
        The lemma (``view="lemma"``) or word form (``view="token"``); compared case-sensitively
        for lemmas, case-insensitively for tokens. Several terms give their lines one after another.
    window : int, default 8
        Context size in word tokens.
    max_lines : int, optional
        Keep at most this many lines per term (in document order).

    Returns
    -------
    pandas.DataFrame
        Columns ``term``, ``doc_id``, ``paragraph``, ``position``, ``left``, ``keyword``, ``right``.
    """
    if not isinstance(term, str):
        parts = [kwic(tokens, paragraphs, t, view, window, max_lines) for t in term]
        return pd.concat(parts, ignore_index=True) if parts else _lines([])
    if view == "token":
        hits = tokens[tokens["token"].str.casefold() == term.casefold()]
    else:
        hits = tokens[tokens[view] == term]
    if max_lines is not None:
        hits = hits.head(max_lines)
    text_of = paragraphs.set_index(["doc_id", "paragraph"])["text"]
    first_pos = tokens.groupby(["doc_id", "paragraph"])["position"].min()
    rows = []
    for _, hit in hits.iterrows():
        key = (hit["doc_id"], hit["paragraph"])
        text = text_of.loc[key]
        # offsets come from re-tokenizing the paragraph: the token table holds no offsets
        spans = [(start, start + len(tok)) for tok, kind, start in tokenize(text) if kind != "punct"]
        pos = int(hit["position"] - first_pos.loc[key])
        start, end = spans[pos]
        left_start = spans[max(0, pos - window)][0]
        right_end = spans[min(len(spans) - 1, pos + window)][1]
        rows.append(
            {
                "term": term,
                "doc_id": hit["doc_id"],
                "paragraph": hit["paragraph"],
                "position": hit["position"],
                "left": ("… " if pos - window > 0 else "") + text[left_start:start].strip(),
                "keyword": text[start:end],
                "right": text[end:right_end].strip() + (" …" if pos + window < len(spans) - 1 else ""),
            }
        )
    return _lines(rows)


def _lines(rows):
    return pd.DataFrame(rows, columns=["term", "doc_id", "paragraph", "position", "left", "keyword", "right"])


#: A concordance shows at most this many lines per term (the first ones, in document order) ...
CONCORDANCE_LINES_PER_TERM = 25
#: ... for at most this many terms (the most frequent content lemmas), so the page stays small
#: for a large corpus: at most 25 × 2,000 = 50,000 lines, whatever the corpus size.
CONCORDANCE_MAX_TERMS = 2_000


def concordance(tokens, paragraphs, window=6, per_term=CONCORDANCE_LINES_PER_TERM,
                max_terms=CONCORDANCE_MAX_TERMS):
    """KWIC lines for every content lemma, for a searchable "find any word" table.

    One pass over the paragraphs (each is tokenized once), so the cost grows linearly with the
    corpus; the same context rule as :func:`corpusbook.kwic.kwic` (``window`` word tokens each side,
    never across paragraphs, punctuation kept).

    Parameters
    ----------
    tokens : pandas.DataFrame
        The token table (``doc_id``, ``paragraph``, ``position``, ``token``, ``lemma``, ``kind``,
        ``is_stop``; ``period`` is carried along when present).
    paragraphs : pandas.DataFrame
        ``Corpus.paragraphs``.
    per_term, max_terms : int
        The caps (see :data:`CONCORDANCE_LINES_PER_TERM`, :data:`CONCORDANCE_MAX_TERMS`).

    Returns
    -------
    pandas.DataFrame
        ``term``, ``left``, ``keyword``, ``right``, ``doc_id``, ``paragraph_number`` (from 1),
        ``period`` (if in ``tokens``), ``term_count`` (occurrences of the term in the corpus); in
        term order (most frequent first), then document order.

    Examples
    --------
    >>> toks = pd.DataFrame({"doc_id": ["a"] * 3, "paragraph": [0] * 3, "position": [0, 1, 2],
    ...     "token": ["Putin", "traf", "Tokajew"], "lemma": ["Putin", "treffen", "Tokajew"],
    ...     "kind": ["word"] * 3, "is_stop": [False] * 3})
    >>> paras = pd.DataFrame({"doc_id": ["a"], "paragraph": [0], "text": ["Putin traf Tokajew."]})
    >>> concordance(toks, paras, window=1)[["term", "left", "keyword", "right"]].values.tolist()
    [['Putin', '', 'Putin', 'traf …'], ['Tokajew', '… traf', 'Tokajew', ''], ['treffen', 'Putin', 'traf', 'Tokajew']]
    """
    content = content_tokens(tokens)
    counts = content["lemma"].value_counts()
    counts = counts.iloc[sorted(range(len(counts)), key=lambda i: (-counts.iloc[i], counts.index[i]))]
    keep = set(counts.index[:max_terms])
    hits = content[content["lemma"].isin(keep)]
    hits = hits[hits.groupby("lemma").cumcount() < per_term]
    first_pos = tokens.groupby(["doc_id", "paragraph"])["position"].min()
    text_of = paragraphs.set_index(["doc_id", "paragraph"])["text"]
    has_period = "period" in hits.columns
    rows = []
    for key, group in hits.groupby(["doc_id", "paragraph"], sort=False):
        text = text_of.loc[key]
        spans = [(start, start + len(tok)) for tok, kind, start in tokenize(text) if kind != "punct"]
        for hit in group.itertuples(index=False):
            pos = int(hit.position - first_pos.loc[key])
            start, end = spans[pos]
            left_start = spans[max(0, pos - window)][0]
            right_end = spans[min(len(spans) - 1, pos + window)][1]
            row = {"term": hit.lemma,
                   "left": ("… " if pos - window > 0 else "") + text[left_start:start].strip(),
                   "keyword": text[start:end],
                   "right": text[end:right_end].strip() + (" …" if pos + window < len(spans) - 1 else ""),
                   "doc_id": hit.doc_id, "paragraph_number": int(hit.paragraph) + 1,
                   "position": int(hit.position)}
            if has_period:
                row["period"] = hit.period
            rows.append(row)
    columns = ["term", "left", "keyword", "right", "doc_id", "paragraph_number"] + (["period"] if has_period else [])
    if not rows:
        return pd.DataFrame(columns=columns + ["term_count"])
    out = pd.DataFrame(rows)
    rank = {t: i for i, t in enumerate(counts.index)}
    out = out.assign(_rank=out["term"].map(rank)).sort_values(["_rank", "doc_id", "position"], kind="stable")
    out["term_count"] = out["term"].map(counts).astype(int)
    return out[columns + ["term_count"]].reset_index(drop=True)
