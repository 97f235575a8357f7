"""Term frequencies: counts, normalised rates, document frequency, dispersion, n-grams, TF-IDF.

Tables are long, one row per term (or per group and term): ``term`` (the lemma, or the word form as
written with ``view="token"``), ``count``, ``per_10k`` (per 10,000 word tokens of the group, stop
words included), ``doc_freq`` (the group's documents that contain the term) of ``n_docs``, the same
as ``range`` (``"k of n"``), and ``dp``: Gries' DP :cite:p:`gries2008dispersions`, normalised by
Lijffijt & Gries :cite:p:`lijffijt2012correction` (0 = spread over the documents in proportion to
their sizes, 1 = all in one document, NaN for a one-document group).
"""

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer

from corpusbook.counts import article_counts, frequency_from_counts, group_counts, group_sizes, top_with_ties
from corpusbook.preprocess import content_tokens

VIEWS = ("lemma", "token")


def gries_dp(counts, part_sizes):
    """Gries' DP and its normalised form for one term.

    Parameters
    ----------
    counts, part_sizes : array-like
        The term's count and the size (tokens) of each corpus part.

    Returns
    -------
    dp, dp_norm : float
        ``DP = 0.5 * sum(|v_i - s_i|)`` where ``v_i`` is the part's share of the term's
        occurrences and ``s_i`` its share of the corpus; ``DP_norm = DP / (1 - min(s_i))``.
        NaN when there is only one part or the term does not occur.
    """
    counts = np.asarray(counts, dtype=float)
    s = np.asarray(part_sizes, dtype=float)
    if len(counts) < 2 or counts.sum() == 0:
        return float("nan"), float("nan")
    s = s / s.sum()
    dp = 0.5 * np.abs(counts / counts.sum() - s).sum()
    return float(dp), float(dp / (1 - s.min()))


def frequency_table(tokens, by=None, view="lemma", include_stop=False, min_count=1):
    """Frequencies per term, for the whole corpus or per group.

    Computed from per-article counts (:mod:`corpusbook.counts`); ``dp`` is :func:`gries_dp`'s
    ``DP_norm`` over the group's articles.

    Parameters
    ----------
    tokens : pandas.DataFrame
        The token table, with the grouping column.
    by : str, optional
        Grouping column (``"period"``, ``"slice"``, ``"doc_id"`` …); None for the whole corpus.
    view : {"lemma", "token"}
    include_stop : bool
    min_count : int
        Drop terms rarer than this within their group.

    Returns
    -------
    pandas.DataFrame
        ``[by,] term, count, per_10k, doc_freq, n_docs, range, dp``; sorted by group, then decreasing
        count, then term.
    """
    if view not in VIEWS:
        raise ValueError(f"view must be one of {VIEWS}, not {view!r}")
    group = tokens[by] if by else pd.Series("all", index=tokens.index)
    units = pd.DataFrame({"doc_id": tokens["doc_id"].astype(str), "group": group}).drop_duplicates()
    if units["doc_id"].duplicated().any():  # a document split over groups: count its parts apart
        units["doc_id"] = units["group"].astype(str) + "\x1f" + units["doc_id"]
        tokens = tokens.assign(doc_id=group.astype(str) + "\x1f" + tokens["doc_id"].astype(str))
    terms, sizes = article_counts(tokens, view, include_stop)
    articles, totals = group_sizes(sizes, units.set_index("doc_id")["group"], "_group")
    out = frequency_from_counts(group_counts(terms, articles, "_group"), totals, "_group", min_count)
    return out.rename(columns={"_group": by}) if by else out.drop(columns="_group")


def ngrams(tokens, n=2, view="lemma", include_stop=False):
    """n-grams of adjacent word tokens within a paragraph, as a token-like table.

    An n-gram that contains a stop word (or a number) is dropped unless ``include_stop``; adjacency
    is judged on the full token sequence, so removing a stop word never joins words that were not
    neighbours.

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``paragraph``, ``position`` (of the first word), any ``period`` and ``slice``,
        ``lemma`` and ``token`` (the words joined by spaces), ``kind`` (``"word"``), ``is_stop`` (False).
    """
    tokens = tokens.reset_index(drop=True)
    ok = tokens["kind"].isin(("word", "abbr")) & (include_stop | ~tokens["is_stop"])
    keep = ok.copy()
    parts = [tokens]
    for k in range(1, n):
        nxt = tokens.shift(-k)
        same_para = (nxt["doc_id"] == tokens["doc_id"]) & (nxt["paragraph"] == tokens["paragraph"])
        keep &= same_para & ok.shift(-k, fill_value=False)
        parts.append(nxt)
    extra = [c for c in ("period", "slice") if c in tokens.columns]
    words = {col: [p.loc[keep, col].astype(str) for p in parts] for col in VIEWS}
    joined = {col: w[0].str.cat(w[1:], sep=" ") if len(w) > 1 else w[0] for col, w in words.items()}  # empty too
    out = tokens.loc[keep, ["doc_id", "paragraph", "position", *extra]].assign(**joined, kind="word", is_stop=False)
    return out.reset_index(drop=True)


def ngram_table(tokens, n=2, by=None, view="lemma", include_stop=False, min_count=2):
    """Frequency table (the columns of :func:`frequency_table`) of n-grams, per 10k word tokens."""
    grams = ngrams(tokens, n=n, view=view, include_stop=include_stop)
    n_grams, n_words = (t.groupby(by).size() if by else pd.Series({"all": len(t)}) for t in (grams, tokens))
    table = frequency_table(grams, by=by, view=view, include_stop=True, min_count=min_count)
    k = table[by] if by else pd.Series("all", index=table.index)
    table["per_10k"] = table["per_10k"] * k.map(n_grams).astype("float64") / k.map(n_words).astype("float64")
    return table


def tfidf_table(tokens, view="lemma", top=10, include_stop=False, everywhere=False):
    """The most distinctive terms of each document by TF-IDF (scikit-learn).

    :class:`sklearn.feature_extraction.text.TfidfVectorizer` (smooth idf, l2-normalised rows, raw
    counts as tf) on the documents' content terms. Terms found in every article distinguish none of
    them, yet top every list by their tf alone, so they are left out unless ``everywhere``; with a
    single article the table is then empty.

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``rank`` (1 = highest), ``term``, ``tfidf``, ``count``; ``top`` rows per document,
        ties broken alphabetically. ``attrs["everywhere"]``: the terms found in every article.
    """
    kept = content_tokens(tokens, include_stop)
    docs = kept.groupby("doc_id")[view].apply(list)
    in_all = kept.groupby(view)["doc_id"].nunique()
    in_all = sorted(in_all[in_all == len(docs)].index)
    columns = ["doc_id", "rank", "term", "tfidf", "count"]
    out = pd.DataFrame(columns=columns)
    if top and (everywhere or (len(docs) > 1 and len(in_all) < kept[view].nunique())):
        vec = TfidfVectorizer(analyzer=lambda t: t, lowercase=False, max_df=1.0 if everywhere else len(docs) - 1)
        cells = vec.fit_transform(docs.tolist()).tocoo()
        terms = vec.get_feature_names_out()[cells.col]
        out = pd.DataFrame({"doc_id": docs.index[cells.row], "term": terms, "tfidf": cells.data})
        out = out.sort_values(["doc_id", "tfidf", "term"], ascending=[True, False, True]).groupby("doc_id").head(top)
        counts = kept.groupby(["doc_id", view]).size().rename("count")
        out = out.merge(counts, left_on=["doc_id", "term"], right_index=True).reset_index(drop=True)
        out = out.assign(rank=out.groupby("doc_id").cumcount() + 1)[columns]
    out.attrs["everywhere"] = in_all
    return out


def own_words(table, by, n, order):
    """Each group's top-``n`` terms (ties at the cut-off kept) that no other group's top ``n`` holds.

    ``table`` is a :func:`frequency_table` grouped ``by``, ``order`` the groups in time order.

    Returns
    -------
    dict
        group → list of terms, in the group's frequency order (empty for a single group).

    Examples
    --------
    >>> t = pd.DataFrame({"g": ["a", "a", "b", "b"], "term": ["x", "y", "x", "z"], "count": [3, 2, 3, 1]})
    >>> own_words(t, "g", 2, ["a", "b"]), own_words(t, "g", 2, ["a"])
    ({'a': ['y'], 'b': ['z']}, {'a': []})
    """
    if len(order) < 2:  # nothing to set a single group against
        return {g: [] for g in order}
    tops = {g: list(top_with_ties(table[table[by] == g], "count", n, key="term")["term"]) for g in order}
    return {g: [t for t in tops[g] if not any(t in tops[o] for o in order if o != g)] for g in order}


def top_by_group(table, by, n, order=None):
    """The ``n`` most frequent terms of each group (ties at the cut-off kept), groups in ``order``.

    Examples
    --------
    >>> t = pd.DataFrame({"g": ["a", "a", "a", "b"], "term": ["x", "y", "z", "x"], "count": [3, 1, 1, 2]})
    >>> top_by_group(t, "g", 2, order=["b", "a"])[["g", "term"]].values.tolist()
    [['b', 'x'], ['a', 'x'], ['a', 'y'], ['a', 'z']]
    """
    order = order if order is not None else sorted(table[by].unique())
    parts = [top_with_ties(table[table[by] == g], "count", n, key="term") for g in order]
    return pd.concat(parts, ignore_index=True) if parts else table.iloc[:0]
