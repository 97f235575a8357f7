"""Counts per article and per group: the sums that frequencies and keyness are built from.

Every statistic of frequencies, dispersion and keyness is a sum (or a maximum) over articles, so
counts of disjoint sets of articles combine by adding them up: a large collection can be counted in
pieces (:mod:`corpusbook.archive`).
"""

import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix

from corpusbook.preprocess import content_tokens
from corpusbook.settings import PER_N


class Counts:
    """Per-document term counts and sizes, computed once and reused by every comparison.

    Attributes
    ----------
    matrix : scipy.sparse.csr_matrix
        Documents × terms occurrence counts (content tokens of ``view``).
    docs, terms : numpy.ndarray
        doc_id per row, term per column.
    sizes : numpy.ndarray
        Word tokens per document (stop words included).
    groups : dict
        grouping column → numpy array of each document's label.
    """

    def __init__(self, tokens, view="lemma", include_stop=False, by=()):
        doc_ids = tokens["doc_id"].astype(str)
        docs = pd.Index(sorted(doc_ids.unique()))
        kept = content_tokens(tokens, include_stop)
        terms = pd.Index(sorted(kept[view].unique()))
        pairs = kept.groupby([kept["doc_id"].astype(str), kept[view]]).size()
        rows = docs.get_indexer(pairs.index.get_level_values(0))
        cols = terms.get_indexer(pairs.index.get_level_values(1))
        self.matrix = csr_matrix((pairs.to_numpy(), (rows, cols)), shape=(len(docs), len(terms)))
        self.docs = docs.to_numpy()
        self.terms = terms.to_numpy()
        self.sizes = tokens.groupby(doc_ids).size().reindex(docs).to_numpy()
        first = tokens.drop_duplicates("doc_id").set_index(doc_ids.drop_duplicates()).reindex(docs)
        self.groups = {col: first[col].astype(str).to_numpy() for col in by}

    def frame(self):
        """The counts as a dense documents × terms DataFrame."""
        return pd.DataFrame(self.matrix.toarray(), index=self.docs, columns=self.terms)

    def group(self, by):
        """Each document's label of grouping ``by`` (a column given when the counts were made), by doc_id."""
        return pd.Series(self.groups[by], index=self.docs, name=by)

    def mask(self, values, by):
        """Boolean mask of the documents whose label of ``by`` is one of ``values``."""
        return np.isin(self.groups[by], [str(v) for v in values])

    def sides(self, comparison, by):
        """Masks of the target and the reference documents of a comparison (none for None)."""
        if comparison is None:
            return np.zeros(len(self.docs), dtype=bool), np.zeros(len(self.docs), dtype=bool)
        return self.mask([comparison.target], by), self.mask(comparison.reference, by)


#: Columns of the per-article term counts.
ARTICLE_TERM_COLUMNS = ["doc_id", "term", "n"]


def article_counts(tokens, view="lemma", include_stop=False):
    """Per-article term counts and article sizes of a token table.

    Returns
    -------
    terms : pandas.DataFrame
        ``doc_id``, ``term``, ``n`` (occurrences in the article), sorted by ``doc_id`` and ``term``.
    sizes : pandas.DataFrame
        ``doc_id``, ``tokens`` (word tokens of the article, stop words included).

    Examples
    --------
    >>> toks = pd.DataFrame({"doc_id": ["a", "a", "a", "b"], "lemma": ["Gas", "Gas", "und", "Öl"],
    ...                      "kind": "word", "is_stop": [False, False, True, False]})
    >>> terms, sizes = article_counts(toks)
    >>> terms.values.tolist(), sizes.values.tolist()
    ([['a', 'Gas', 2], ['b', 'Öl', 1]], [['a', 3], ['b', 1]])
    """
    sizes = tokens.groupby("doc_id", observed=True).size().rename("tokens").reset_index()
    kept = content_tokens(tokens, include_stop)
    terms = (
        kept.groupby(["doc_id", kept[view].astype(str).rename("term")], observed=True).size().rename("n").reset_index()
    )
    terms = terms.astype({"doc_id": str, "n": "int64"})
    sizes = sizes.astype({"doc_id": str, "tokens": "int64"})
    return terms.sort_values(["doc_id", "term"], ignore_index=True), sizes


def group_sizes(sizes, groups, by):
    """Word tokens and articles per group, with each article's share of its group.

    Parameters
    ----------
    sizes : pandas.DataFrame
        From :func:`article_counts`.
    groups : pandas.Series
        ``doc_id`` → group label.
    by : str
        Name of the group column.

    Returns
    -------
    articles : pandas.DataFrame
        ``doc_id``, ``by``, ``tokens``, ``share`` (the article's tokens / its group's tokens).
    totals : pandas.DataFrame
        Index ``by``; columns ``tokens``, ``n_docs``, ``min_share``.
    """
    articles = sizes.assign(**{by: sizes["doc_id"].map(groups).astype(str)})
    totals = articles.groupby(by).agg(tokens=("tokens", "sum"), n_docs=("doc_id", "size"))
    articles["share"] = articles["tokens"] / articles[by].map(totals["tokens"]).astype("float64")
    totals["min_share"] = articles.groupby(by)["share"].min()
    return articles[["doc_id", by, "tokens", "share"]], totals


def group_counts(terms, articles, by):
    """Per group and term: count, document frequency, largest count in one article, DP sums.

    Parameters
    ----------
    terms, articles : pandas.DataFrame
        From :func:`article_counts` and :func:`group_sizes`.
    by : str

    Returns
    -------
    pandas.DataFrame
        ``by``, ``term``, ``count``, ``doc_freq``, ``max_in_doc``, ``dev_nz`` (sum of ``|v_i - s_i|``
        over the articles that contain the term) and ``share_nz`` (sum of their shares ``s_i``).
        Gries' DP is ``0.5 (dev_nz + 1 - share_nz)``: an article without the term adds ``s_i``.
    """
    rows = terms.merge(articles[["doc_id", by, "share"]], on="doc_id", how="inner")
    rows["abs_dev"] = np.abs(rows["n"] / rows.groupby([by, "term"])["n"].transform("sum") - rows["share"])
    return (
        rows.groupby([by, "term"], sort=True)
        .agg(
            count=("n", "sum"),
            doc_freq=("n", "size"),
            max_in_doc=("n", "max"),
            dev_nz=("abs_dev", "sum"),
            share_nz=("share", "sum"),
        )
        .reset_index()
    )


def frequency_from_counts(counts, totals, by, min_count=1):
    """The table of :func:`corpusbook.frequency.frequency_table` from :func:`group_counts` and :func:`group_sizes`.

    Returns
    -------
    pandas.DataFrame
        ``by``, ``term``, ``count``, ``per_10k``, ``doc_freq``, ``n_docs``, ``range``, ``dp``;
        sorted by group, then decreasing count, then term.
    """
    out = counts[counts["count"] >= min_count].astype({by: str, "term": str})
    totals = totals.set_axis(totals.index.astype(str)).astype({"tokens": "int64", "min_share": "float64"})
    g = out[by]
    n_docs = g.map(totals["n_docs"]).astype("int64")
    dp = 0.5 * (out["dev_nz"] + 1 - out["share_nz"])
    out["per_10k"] = out["count"] / g.map(totals["tokens"]).astype("float64") * PER_N  # float also when empty
    out["n_docs"] = n_docs
    out["dp"] = np.where(n_docs > 1, dp / (1 - g.map(totals["min_share"]).astype("float64")), np.nan)
    out["range"] = out["doc_freq"].astype(str) + " of " + n_docs.astype(str)
    out = out.sort_values([by, "count", "term"], ascending=[True, False, True]).reset_index(drop=True)
    return out[[by, "term", "count", "per_10k", "doc_freq", "n_docs", "range", "dp"]]


def top_with_ties(table, column, n, ascending=False, key=None):
    """The first ``n`` rows by ``column``, extended by every row tied with the n-th.

    Rows where ``column`` is missing are left out; within equal values the order is by ``key``, else
    the row order given.

    Returns
    -------
    pandas.DataFrame
        ``attrs["n_tied_extra"]``: how many rows beyond ``n`` the ties added.
    """
    n = max(int(n), 0)
    table = table[table[column].notna()]
    out = (table.nsmallest if ascending else table.nlargest)(n, column, keep="all")
    order = [column] + ([key] if key is not None else [])
    out = out.sort_values(order, ascending=[ascending] + [True] * (len(order) - 1), kind="stable").copy()
    out.attrs["n_tied_extra"] = max(len(out) - n, 0)
    return out
