"""Key words in context: one term's lines (``kwic``) and every content lemma's (``concordance``).

Where lines are capped, the lines kept are spread over the periods and articles (:func:`spread`),
never the first ones in article order, which would show the first articles only.
"""

import numpy as np
import pandas as pd

from corpusbook.preprocess import content_tokens
from corpusbook.settings import SEED
from corpusbook.tokenize import tokenize


def spread(hits, per_term, key="lemma", seed=SEED):
    """At most ``per_term`` hits of each term, taken in turn from each period and each article.

    A seeded round-robin: the first hit of a term comes from its first period, the second from the
    next period, and so on; within a period the articles take turns (in a seeded order), and within
    an article the hits are drawn in a seeded order. So a term found in every article shows lines
    from every article before it shows a second line from any (as far as the cap allows).

    Parameters
    ----------
    hits : pandas.DataFrame
        Token rows (``doc_id``, ``key``; ``period`` when present).
    per_term : int or None
        The cap (None: every hit, in the round-robin order).
    key : str
        The column that names the term.
    seed : int
        Seed of the orders (:data:`corpusbook.settings.SEED`).

    Returns
    -------
    pandas.DataFrame
        The kept rows with a ``turn`` column (0, 1, …: their order within the term), sorted by term
        and turn.

    Examples
    --------
    >>> hits = pd.DataFrame({"lemma": ["Putin"] * 4, "doc_id": ["a", "a", "a", "b"], "period": ["2022"] * 3 + ["2024"]})
    >>> sorted(spread(hits, 2)["doc_id"])
    ['a', 'b']
    """
    rng = np.random.default_rng(seed)
    group = "period" if "period" in hits else "doc_id"
    h = hits.assign(_r=rng.random(len(hits)), _g=hits[group].astype(str))
    docs = h[[key, "_g", "doc_id"]].drop_duplicates()
    h = h.merge(docs.assign(_d=rng.random(len(docs))), on=[key, "_g", "doc_id"], how="left").set_index(hits.index)
    h["_in_doc"] = h.sort_values([key, "doc_id", "_r"]).groupby([key, "doc_id"], sort=False).cumcount()
    h["_in_group"] = h.sort_values([key, "_g", "_in_doc", "_d"]).groupby([key, "_g"], sort=False).cumcount()
    h["turn"] = h.sort_values([key, "_in_group", "_g"]).groupby(key, sort=False).cumcount()
    if per_term is not None:
        h = h[h["turn"] < per_term]
    return h.sort_values([key, "turn"]).drop(columns=["_r", "_g", "_d", "_in_doc", "_in_group"])


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
        Keep at most this many lines, spread over the periods and articles (:func:`spread`), then
        shown in document order.

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
        hits = spread(hits, max_lines, key=view).sort_values(["doc_id", "position"])
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


#: A concordance shows at most this many lines per term (spread over periods and articles, :func:`spread`) ...
CONCORDANCE_LINES_PER_TERM = 25
#: ... for at most this many terms (the most frequent content lemmas), so the page stays small
#: for a large corpus: at most 25 × 2,000 = 50,000 lines, whatever the corpus size.
CONCORDANCE_MAX_TERMS = 2_000


def concordance(
    tokens, paragraphs, window=6, per_term=CONCORDANCE_LINES_PER_TERM, max_terms=CONCORDANCE_MAX_TERMS, seed=SEED
):
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
        The caps (see :data:`CONCORDANCE_LINES_PER_TERM`, :data:`CONCORDANCE_MAX_TERMS`). The
        lines kept of a term are spread over the periods and articles (:func:`spread`).
    seed : int
        Seed of the spread.

    Returns
    -------
    pandas.DataFrame
        ``term``, ``left``, ``keyword``, ``right``, ``doc_id``, ``paragraph_number`` (from 1),
        ``period`` (if in ``tokens``), ``position``, ``term_count`` (occurrences of the term in the
        corpus), ``lines`` (lines shown for the term: ``min(term_count, per_term)``); in term order
        (most frequent first), then the round-robin order. ``attrs["per_term"]`` holds the cap.

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
    hits = spread(content[content["lemma"].isin(keep)], per_term, seed=seed)
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
            row = {
                "term": hit.lemma,
                "left": ("… " if pos - window > 0 else "") + text[left_start:start].strip(),
                "keyword": text[start:end],
                "right": text[end:right_end].strip() + (" …" if pos + window < len(spans) - 1 else ""),
                "doc_id": hit.doc_id,
                "paragraph_number": int(hit.paragraph) + 1,
                "position": int(hit.position),
                "turn": int(hit.turn),
            }
            if has_period:
                row["period"] = hit.period
            rows.append(row)
    columns = ["term", "left", "keyword", "right", "doc_id", "paragraph_number"] + (["period"] if has_period else [])
    columns += ["position", "term_count", "lines"]
    if not rows:
        out = pd.DataFrame(columns=columns)
    else:
        out = pd.DataFrame(rows)
        rank = {t: i for i, t in enumerate(counts.index)}
        out = out.assign(_rank=out["term"].map(rank)).sort_values(["_rank", "turn"], kind="stable")
        out["term_count"] = out["term"].map(counts).astype(int)
        out["lines"] = out["term"].map(out["term"].value_counts()).astype(int)
        out = out[columns].reset_index(drop=True)
    out.attrs["per_term"] = per_term
    return out
