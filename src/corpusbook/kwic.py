"""Key words in context: one term's lines (:func:`kwic`) and every content lemma's (:func:`concordance`).

Contexts are cut from the paragraph text (punctuation kept), a window of word tokens on each side, never
across paragraphs. Where lines are capped, the lines kept are spread over the periods and articles
(:func:`spread`), not the first ones in article order.
"""

import numpy as np
import pandas as pd

from corpusbook.preprocess import content_tokens
from corpusbook.settings import SEED
from corpusbook.tokenize import tokenize

#: A concordance shows at most this many lines per term (spread over periods and articles, :func:`spread`) ...
CONCORDANCE_LINES_PER_TERM = 25
#: ... for at most this many terms (the most frequent content lemmas): at most 50,000 lines for any corpus.
CONCORDANCE_MAX_TERMS = 2_000


def spread(hits, per_term, key="lemma", seed=SEED):
    """At most ``per_term`` hits of each term, taken in turn from each period and each article.

    A seeded round-robin: a term's hits come from its periods in turn; within a period the articles
    take turns (in a seeded order), and within an article the hits are drawn in a seeded order.

    Parameters
    ----------
    hits : pandas.DataFrame
        Token rows (``doc_id``, ``key``; ``period`` when present).
    per_term : int or None
        The cap (None: every hit, in the round-robin order).
    key : str
        The column that names the term.
    seed : int
        Seed of the orders.

    Returns
    -------
    pandas.DataFrame
        The kept rows with a ``turn`` column (their order within the term), sorted by term and turn.
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


def _spans(text):
    """(start, end) of each word token of a paragraph: the token table holds no offsets."""
    return [(start, start + len(tok)) for tok, kind, start in tokenize(text) if kind != "punct"]


def _contexts(text, spans, pos, window):
    """Left context, keyword and right context of the ``pos``-th word token of a paragraph."""
    start, end = spans[pos]
    left = text[spans[max(0, pos - window)][0] : start].strip()
    right = text[end : spans[min(len(spans) - 1, pos + window)][1]].strip()
    return (
        ("… " if pos - window > 0 else "") + left,
        text[start:end],
        right + (" …" if pos + window < len(spans) - 1 else ""),
    )


def kwic(tokens, paragraphs, term, view="lemma", window=8, max_lines=None):
    """Concordance lines for a term: left context, keyword, right context, document.

    Parameters
    ----------
    tokens, paragraphs : pandas.DataFrame
        The token table and ``Corpus.paragraphs``.
    term : str or list of str
        A lemma (``view="lemma"``, case-sensitive) or word form (``"token"``, case-insensitive), or several.
    view : str
        The token table column ``term`` is looked up in.
    window : int, default 8
        Context size in word tokens.
    max_lines : int, optional
        Keep at most this many lines, spread over the periods and articles (:func:`spread`), in document order.

    Returns
    -------
    pandas.DataFrame
        Columns ``term``, ``doc_id``, ``paragraph``, ``position``, ``left``, ``keyword``, ``right``.
    """
    columns = ["term", "doc_id", "paragraph", "position", "left", "keyword", "right"]
    if not isinstance(term, str):
        parts = [kwic(tokens, paragraphs, t, view, window, max_lines) for t in term]
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
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
        lines = _contexts(text, _spans(text), int(hit["position"] - first_pos.loc[key]), window)
        rows.append((term, hit["doc_id"], hit["paragraph"], hit["position"], *lines))
    return pd.DataFrame(rows, columns=columns)


def concordance(
    tokens, paragraphs, window=6, per_term=CONCORDANCE_LINES_PER_TERM, max_terms=CONCORDANCE_MAX_TERMS, seed=SEED
):
    """KWIC lines for every content lemma, for a searchable "find any word" table.

    Each paragraph is tokenized once, so the cost grows linearly with the corpus; contexts as in :func:`kwic`.

    Parameters
    ----------
    tokens, paragraphs : pandas.DataFrame
        The token table (``period`` is carried along when present) and ``Corpus.paragraphs``.
    window : int
        Context size in word tokens.
    per_term, max_terms : int
        Lines per term (spread over periods and articles, :func:`spread`) and terms (the most frequent).
    seed : int
        Seed of the spread.

    Returns
    -------
    pandas.DataFrame
        ``term``, ``left``, ``keyword``, ``right``, ``doc_id``, ``paragraph_number`` (from 1),
        ``period`` (if in ``tokens``), ``position``, ``term_count`` (occurrences in the corpus),
        ``lines`` (lines shown for the term); most frequent term first, then the round-robin order.
        ``attrs["per_term"]`` holds the cap.

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
    hits = spread(content[content["lemma"].isin(set(counts.index[:max_terms]))], per_term, seed=seed)
    first_pos = tokens.groupby(["doc_id", "paragraph"])["position"].min()
    text_of = paragraphs.set_index(["doc_id", "paragraph"])["text"]
    has_period = "period" in hits.columns
    columns = ["term", "left", "keyword", "right", "doc_id", "paragraph_number"] + (["period"] if has_period else [])
    columns += ["position", "term_count", "lines"]
    rows = []
    for key, group in hits.groupby(["doc_id", "paragraph"], sort=False):
        text = text_of.loc[key]
        spans = _spans(text)
        for hit in group.itertuples(index=False):
            lines = _contexts(text, spans, int(hit.position - first_pos.loc[key]), window)
            period = getattr(hit, "period", None)
            rows.append(
                (hit.lemma, *lines, hit.doc_id, int(hit.paragraph) + 1, period, int(hit.position), int(hit.turn))
            )
    if not rows:
        out = pd.DataFrame(columns=columns)
    else:
        out = pd.DataFrame(rows, columns=[*columns[:6], "period", "position", "turn"])
        rank = {t: i for i, t in enumerate(counts.index)}
        out = out.assign(_rank=out["term"].map(rank)).sort_values(["_rank", "turn"], kind="stable")
        out["term_count"] = out["term"].map(counts).astype(int)
        out["lines"] = out["term"].map(out["term"].value_counts()).astype(int)
        out = out[columns].reset_index(drop=True)
    out.attrs["per_term"] = per_term
    return out
