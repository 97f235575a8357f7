"""Term frequencies: counts, normalised rates, document frequency, dispersion, n-grams, TF-IDF.

All tables are long (one row per term, or per group and term) with explicit column names:

============  ====================================================================================
column        meaning
============  ====================================================================================
term          the lemma (``view="lemma"``) or the word form as written (``view="token"``)
count         occurrences in the group
per_10k       occurrences per 10,000 word tokens of the group (stop words included in the base)
doc_freq      number of the group's documents that contain the term
n_docs        number of documents in the group
range         ``"k of n"``: the document range as a reader-friendly string
dp            Gries' DP :cite:p:`gries2008dispersions`, normalised by Lijffijt & Gries
              :cite:p:`lijffijt2012correction`: 0 = spread over the documents in proportion to
              their sizes, 1 = all in one document (undefined, NaN, for a one-document group)
============  ====================================================================================
"""

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer

from corpusbook.counts import article_counts, frequency_from_counts, group_counts, group_sizes, top_with_ties
from corpusbook.preprocess import content_tokens

VIEWS = ("lemma", "token")


def _terms(tokens, view):
    if view not in VIEWS:
        raise ValueError(f"view must be one of {VIEWS}, not {view!r}")
    return tokens[view]


def gries_dp(counts, part_sizes):
    """Gries' DP and its normalised form for one term.

    Parameters
    ----------
    counts : array-like
        The term's count in each corpus part.
    part_sizes : array-like
        The size (tokens) of each part.

    Returns
    -------
    dp, dp_norm : float
        ``DP = 0.5 * sum(|v_i - s_i|)`` where ``v_i`` is the part's share of the term's
        occurrences and ``s_i`` its share of the corpus; ``DP_norm = DP / (1 - min(s_i))``.
        NaN when there is only one part or the term does not occur.

    Examples
    --------
    Gries (2008: 415): a term with counts 1, 2, 3, 4, 0 in five equal parts has DP = 0.3 (DP_norm 0.375).

    >>> dp, dpn = gries_dp([1, 2, 3, 4, 0], [10, 10, 10, 10, 10])
    >>> round(dp, 3), round(dpn, 3)
    (0.3, 0.375)
    """
    counts = np.asarray(counts, dtype=float)
    sizes = np.asarray(part_sizes, dtype=float)
    if len(counts) < 2 or counts.sum() == 0:
        return float("nan"), float("nan")
    v = counts / counts.sum()
    s = sizes / sizes.sum()
    dp = 0.5 * np.abs(v - s).sum()
    return float(dp), float(dp / (1 - s.min()))


def frequency_table(tokens, by=None, view="lemma", include_stop=False, min_count=1):
    """Frequencies per term, for the whole corpus or per group.

    Parameters
    ----------
    tokens : pandas.DataFrame
        The token table, with the grouping column joined on (``BookData.tokens`` has ``period`` and
        ``slice``).
    by : str, optional
        Grouping column (``"period"``, ``"slice"``, ``"doc_id"`` …); None for the whole corpus.
    view : {"lemma", "token"}
        Count lemmas or word forms as written.
    include_stop : bool, default False
    min_count : int, default 1
        Drop terms rarer than this (within their group).

    Returns
    -------
    pandas.DataFrame
        Columns ``[by,] term, count, per_10k, doc_freq, n_docs, range, dp``; sorted by group, then
        decreasing count, then term.

    Notes
    -----
    Computed from per-article counts (:mod:`corpusbook.counts`), so memory grows with the number of
    article-term pairs, never terms × articles. ``dp`` is :func:`gries_dp`'s ``DP_norm`` over the
    group's articles: the sum ``|v_i - s_i|`` is taken over the articles that contain the term, and each
    article without it adds its share ``s_i``.

    Examples
    --------
    >>> toks = pd.DataFrame({"doc_id": ["a", "a", "b"], "lemma": ["Gas", "Öl", "Gas"],
    ...                      "token": ["Gas", "Öl", "Gas"], "kind": "word", "is_stop": False})
    >>> frequency_table(toks).round(1)[["term", "count", "per_10k", "doc_freq"]].values.tolist()
    [['Gas', 2, 6666.7, 2], ['Öl', 1, 3333.3, 1]]
    """
    _terms(tokens, view)
    group = tokens[by] if by else pd.Series("all", index=tokens.index)
    units = pd.DataFrame({"doc_id": tokens["doc_id"].astype(str), "group": group}).drop_duplicates()
    if units["doc_id"].duplicated().any():  # a document split over groups: count its parts apart
        tokens = tokens.assign(doc_id=group.astype(str) + "\x1f" + tokens["doc_id"].astype(str))
        units = pd.DataFrame({"doc_id": tokens["doc_id"], "group": group}).drop_duplicates()
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
        Columns ``doc_id``, ``paragraph``, ``position`` (of the first word), ``lemma`` and ``token``
        (both the n-gram joined by spaces), ``kind`` (``"word"``), ``is_stop`` (False), plus any
        grouping columns (``period``, ``slice``) carried over.
    """
    tokens = tokens.reset_index(drop=True)
    ok = tokens["kind"].isin(("word", "abbr")) & (include_stop | ~tokens["is_stop"])
    same_para = pd.Series(True, index=tokens.index)
    parts_lemma = [tokens["lemma"]]
    parts_token = [tokens["token"]]
    good = ok.copy()
    for k in range(1, n):
        nxt = tokens.shift(-k)
        same_para &= (nxt["doc_id"] == tokens["doc_id"]) & (nxt["paragraph"] == tokens["paragraph"])
        good &= ok.shift(-k, fill_value=False)
        parts_lemma.append(nxt["lemma"])
        parts_token.append(nxt["token"])
    keep = same_para & good
    extra = [c for c in ("period", "slice") if c in tokens.columns]
    out = tokens.loc[keep, ["doc_id", "paragraph", "position", *extra]].copy()
    out["lemma"] = pd.concat(parts_lemma, axis=1)[keep].astype(str).agg(" ".join, axis=1)
    out["token"] = pd.concat(parts_token, axis=1)[keep].astype(str).agg(" ".join, axis=1)
    out["kind"] = "word"
    out["is_stop"] = False
    return out.reset_index(drop=True)


def ngram_table(tokens, n=2, by=None, view="lemma", include_stop=False, min_count=2):
    """Frequency table (same columns as :func:`frequency_table`) of n-grams.

    The per-10k base is the number of word tokens of the group, as for single words.
    """
    grams = ngrams(tokens, n=n, view=view, include_stop=include_stop)
    key = by or "_all"
    base_tokens = tokens.assign(_all="all") if by is None else tokens
    base = base_tokens.groupby(key).size()
    table = frequency_table(grams, by=by, view=view, include_stop=True, min_count=min_count)
    k = table[key] if by else pd.Series("all", index=table.index)
    gram_base = (grams.assign(_all="all") if by is None else grams).groupby(key).size()
    table["per_10k"] = table["per_10k"] * k.map(gram_base) / k.map(base)
    # dispersion over documents is unchanged; the n-gram table counts n-grams, the base counts words
    return table


def tfidf_table(tokens, view="lemma", top=10, include_stop=False, everywhere=False):
    """The most distinctive terms of each document by TF-IDF (scikit-learn).

    Uses :class:`sklearn.feature_extraction.text.TfidfVectorizer` (smooth idf, l2-normalised rows,
    raw counts as tf) on the documents' content terms. A term found in every article
    distinguishes none of them, yet a frequent one (*Kasachstan*) tops every list by its tf alone;
    so such terms are left out (``max_df``) unless ``everywhere`` is True. With a single article
    every term is in every article, and the table is empty.

    Returns
    -------
    pandas.DataFrame
        Columns ``doc_id``, ``rank`` (1 = highest), ``term``, ``tfidf``, ``count``; ``top`` rows per
        document, ties broken alphabetically. ``attrs["everywhere"]``: the terms found in every
        article (left out unless ``everywhere``).
    """

    columns = ["doc_id", "rank", "term", "tfidf", "count"]
    kept = content_tokens(tokens, include_stop)
    docs = kept.groupby("doc_id")[view].apply(list)
    in_all = kept.groupby(view)["doc_id"].nunique()
    in_all = sorted(in_all[in_all == len(docs)].index)
    if not everywhere and (len(docs) < 2 or len(in_all) == kept[view].nunique()):
        out = pd.DataFrame(columns=columns)
        out.attrs["everywhere"] = in_all
        return out
    vec = TfidfVectorizer(analyzer=lambda terms: terms, lowercase=False, max_df=1.0 if everywhere else len(docs) - 1)
    matrix = vec.fit_transform(docs.tolist())
    vocab = vec.get_feature_names_out()
    counts = kept.groupby(["doc_id", view]).size()
    rows = []
    for i, doc_id in enumerate(docs.index):
        row = matrix.getrow(i).toarray().ravel()
        order = sorted(np.flatnonzero(row), key=lambda j: (-row[j], vocab[j]))[:top]
        for rank, j in enumerate(order, 1):
            rows.append(
                {
                    "doc_id": doc_id,
                    "rank": rank,
                    "term": vocab[j],
                    "tfidf": row[j],
                    "count": int(counts.loc[(doc_id, vocab[j])]),
                }
            )
    out = pd.DataFrame(rows, columns=columns)
    out.attrs["everywhere"] = in_all
    return out


def own_words(table, by, n, order):
    """Each group's top-``n`` terms (ties at the cut-off kept) that no other group's top ``n`` holds.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`frequency_table` grouped ``by``.
    order : sequence of str
        The groups, in time order.

    Returns
    -------
    dict
        group → list of terms, in the group's frequency order (empty for a single group).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"g": ["a", "a", "b", "b"], "term": ["x", "y", "x", "z"], "count": [3, 2, 3, 1]})
    >>> own_words(t, "g", 2, ["a", "b"])
    {'a': ['y'], 'b': ['z']}
    """

    tops = {g: list(top_with_ties(table[table[by] == g], "count", n, key="term")["term"]) for g in order}
    return {g: [t for t in tops[g] if not any(t in tops[o] for o in order if o != g)] for g in order}


def top_by_group(table, by, n, order=None):
    """The ``n`` most frequent terms of each group (ties at the cut-off kept), groups in ``order``.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"g": ["a", "a", "a", "b"], "term": ["x", "y", "z", "x"], "count": [3, 1, 1, 2]})
    >>> top_by_group(t, "g", 2, order=["b", "a"])[["g", "term"]].values.tolist()
    [['b', 'x'], ['a', 'x'], ['a', 'y'], ['a', 'z']]
    """

    order = order if order is not None else sorted(table[by].unique())
    parts = [top_with_ties(table[table[by] == g], "count", n, key="term") for g in order]
    return pd.concat(parts, ignore_index=True) if parts else table.iloc[:0]
