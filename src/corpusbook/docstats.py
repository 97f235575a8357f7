"""Document-level statistics: articles, not tokens, as the sampling unit.

Token-level keyness (G²) treats every token as an independent draw, which articles are not
:cite:p:`lijffijt2016significance`. The functions here compare the per-article rates of a term
(occurrences per 10,000 word tokens of each article) between two groups of articles:

- **Welch's t** :cite:p:`welch1947generalization` (unequal variances), via :func:`scipy.stats.ttest_ind`;
- **Mann–Whitney U** :cite:p:`mann1947test`, exact two-sided p (no ties correction needed for the
  exact distribution of ranks when there are no ties; with ties scipy's asymptotic method is used);
- a **permutation test** over articles of the difference in mean rates, exact when the number of
  relabellings is small, otherwise on a seeded sample.

Each needs at least two articles on each side. Where a side has fewer, no test is run and
:func:`min_mannwhitney_p` gives the smallest two-sided p any rank test could reach:
``2 / C(n1 + n2, n1)`` (capped at 1), e.g. 0.4 for 1 vs 4 articles.
"""

from math import comb

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.metrics.pairwise import cosine_similarity
from sklearn.preprocessing import normalize

from corpusbook.settings import PER_N, SEED

#: Most relabellings enumerated exactly by :func:`permutation_p`; beyond, a seeded sample of this size.
MAX_PERMUTATIONS = 10_000


def min_mannwhitney_p(n1, n2):
    """Smallest exact two-sided Mann–Whitney p for samples of ``n1`` and ``n2`` (no ties).

    The most extreme arrangement (all of one sample below all of the other) has probability
    ``1 / C(n1 + n2, n1)`` under the null; two-sided doubles it.

    Examples
    --------
    >>> min_mannwhitney_p(1, 4)
    0.4
    >>> round(min_mannwhitney_p(3, 3), 3)
    0.1
    """
    if n1 < 1 or n2 < 1:
        return 1.0
    return min(1.0, 2 / comb(n1 + n2, n1))


def testable(n1, n2):
    """True when each side has at least two articles (a document-level test can be run)."""
    return n1 >= 2 and n2 >= 2


def permutation_p(x, y, max_permutations=MAX_PERMUTATIONS, seed=SEED):
    """Two-sided permutation p of the difference in means of ``x`` and ``y``, over relabellings
    (:func:`scipy.stats.permutation_test`: exact when there are at most ``max_permutations`` splits,
    otherwise that many seeded random relabellings).

    Examples
    --------
    >>> round(permutation_p([1, 2], [3, 4]), 4)
    0.3333
    """
    result = stats.permutation_test(
        (np.asarray(x, dtype=float), np.asarray(y, dtype=float)),
        lambda a, b, axis: np.mean(a, axis=axis) - np.mean(b, axis=axis),
        permutation_type="independent",
        vectorized=True,
        n_resamples=max_permutations,
        alternative="two-sided",
        rng=np.random.default_rng(seed),
    )
    return float(result.pvalue)


def article_rates(counts, sizes, terms):
    """Per-article rates per 10,000 word tokens for ``terms``.

    Parameters
    ----------
    counts : pandas.DataFrame
        Documents × terms occurrence counts (index: doc_id).
    sizes : pandas.Series
        Word tokens per document (stop words included), same index.
    terms : sequence of str

    Returns
    -------
    pandas.DataFrame
        Documents × terms, rates per 10,000 tokens.
    """
    sub = counts.reindex(columns=list(terms), fill_value=0)
    return sub.div(sizes.reindex(sub.index), axis=0) * PER_N


def compare(target_rates, reference_rates):
    """Document-level tests of one term: Welch's t, exact Mann–Whitney and permutation p.

    Parameters
    ----------
    target_rates, reference_rates : sequence of float
        Per-article rates on each side.

    Returns
    -------
    dict
        ``n_target``, ``n_reference``, ``testable``, ``welch_p``, ``mannwhitney_p``,
        ``permutation_p`` (nan when not testable), ``min_p`` (smallest attainable exact rank p),
        ``outside`` (+1 when every target article lies above every reference article, -1 below, 0
        otherwise).
    """
    x = np.asarray(target_rates, dtype=float)
    y = np.asarray(reference_rates, dtype=float)
    out = {
        "n_target": len(x),
        "n_reference": len(y),
        "testable": testable(len(x), len(y)),
        "min_p": min_mannwhitney_p(len(x), len(y)),
        "outside": 1
        if len(x) and len(y) and x.min() > y.max()
        else -1
        if len(x) and len(y) and x.max() < y.min()
        else 0,
        "welch_p": np.nan,
        "mannwhitney_p": np.nan,
        "permutation_p": np.nan,
    }
    if not out["testable"]:
        return out
    if np.ptp(np.concatenate([x, y])) == 0:
        out.update(welch_p=1.0, mannwhitney_p=1.0, permutation_p=1.0)
        return out
    welch = stats.ttest_ind(x, y, equal_var=False).pvalue
    out["welch_p"] = float(welch) if np.isfinite(welch) else np.nan
    has_ties = len(np.unique(np.concatenate([x, y]))) < len(x) + len(y)
    method = "asymptotic" if has_ties else "exact"
    out["mannwhitney_p"] = float(stats.mannwhitneyu(x, y, alternative="two-sided", method=method).pvalue)
    out["permutation_p"] = float(permutation_p(x, y))
    return out


def per_article(counts, comparison, terms, by="period"):
    """Each term's rate in every article of both sides of a comparison, with the document-level tests.

    Parameters
    ----------
    counts : corpusbook.counts.Counts
    comparison : corpusbook.periods.Comparison or None
    terms : sequence of str
        In display order; a term listed twice is kept once.

    Returns
    -------
    pandas.DataFrame
        One row per term: ``term``, ``rates_target`` and ``rates_ref`` (per-article rates per 10,000
        tokens, tuples in document order), ``rate_other_max`` … plus the :func:`compare` fields.
        ``attrs["rates"]``: documents × terms rates of both sides, and ``attrs["groups"]``.
    """
    terms = list(dict.fromkeys(terms))
    if comparison is None:
        t_mask = r_mask = np.zeros(len(counts.docs), dtype=bool)
    else:
        t_mask, r_mask = counts.mask([comparison.target], by), counts.mask(comparison.reference, by)
    cols = pd.Index(counts.terms).get_indexer(terms)
    sub = counts.matrix[:, np.where(cols >= 0, cols, 0)].toarray() * (cols >= 0)
    rates = pd.DataFrame(sub / np.maximum(counts.sizes, 1)[:, None] * PER_N, index=counts.docs, columns=terms)
    rows = []
    for term in terms:
        x, y = rates[term].to_numpy()[t_mask], rates[term].to_numpy()[r_mask]
        rows.append(
            {
                "term": term,
                "rates_target": tuple(x),
                "rates_ref": tuple(y),
                "rate_other_max": float(y.max()) if len(y) else np.nan,
                **compare(x, y),
            }
        )
    out = pd.DataFrame(
        rows,
        columns=[
            "term",
            "rates_target",
            "rates_ref",
            "rate_other_max",
            "n_target",
            "n_reference",
            "testable",
            "min_p",
            "outside",
            "welch_p",
            "mannwhitney_p",
            "permutation_p",
        ],
    )
    out.attrs["rates"] = rates[t_mask | r_mask]
    out.attrs["groups"] = counts.group(by)[t_mask | r_mask]
    return out


def _span(values):
    values = np.asarray(values, dtype=float)
    if len(values) == 0:
        return "—"
    if len(values) == 1 or values.min() == values.max():
        return f"{values[0]:.1f}" + (" in each" if len(values) > 1 else "")
    return f"{values.min():.1f} to {values.max():.1f} (median {np.median(values):.1f})"


def evidence_table(evidence, target, reference):
    """:func:`per_article` for a reader: rates as "lowest to highest (median)", whether the key side's
    articles all lie beyond the other's, and the p-values where a test can be run."""
    side = np.sign(
        [
            np.mean(t) - np.mean(r) if len(t) and len(r) else 0
            for t, r in zip(evidence["rates_target"], evidence["rates_ref"])
        ]
    )
    table = pd.DataFrame(
        {
            "Lemma": evidence["term"],
            "Key for": np.where(side >= 0, target, reference),
            f"Per 10k, articles of {target}": [_span(v) for v in evidence["rates_target"]],
            f"Per 10k, articles of {reference}": [_span(v) for v in evidence["rates_ref"]],
            "All beyond the other side": np.where(evidence["outside"] * np.where(side >= 0, 1, -1) > 0, "yes", "no"),
        }
    )
    if evidence["testable"].any():
        table["Mann–Whitney p"] = evidence["mannwhitney_p"]
        table["Welch p"] = evidence["welch_p"]
    return table


def similarity(counts, rows=None):
    """Cosine similarity between articles over their content-lemma counts (``sklearn``'s ``cosine_similarity``).

    ``rows`` (positions) limits it to those articles: the full matrix grows with the square of the corpus.

    Returns
    -------
    pandas.DataFrame
        Articles × articles.
    """

    rows = np.arange(len(counts.docs)) if rows is None else np.asarray(rows)
    return pd.DataFrame(cosine_similarity(counts.matrix[rows]), index=counts.docs[rows], columns=counts.docs[rows])


def _unit_rows(counts):

    return normalize(counts.matrix.astype(float), norm="l2", axis=1)


def group_similarity(counts, by, order):
    """Mean cosine similarity of article pairs within each group (diagonal) and between groups.

    Computed from each group's sum of unit-length article vectors, without the article × article
    matrix: the sum of ``x_i · x_j`` over the pairs within a group is ``(|Σ x_i|² − n) / 2``, between two
    groups it is ``Σ x_i · Σ x_j``.

    Returns
    -------
    pandas.DataFrame
        Groups × groups (``order``); nan within a group of one article.
    """
    unit = _unit_rows(counts)
    labels = counts.groups[by]
    sums = np.vstack([np.asarray(unit[labels == g].sum(axis=0)).ravel() for g in order])
    nonzero = np.array([int((unit[labels == g].getnnz(axis=1) > 0).sum()) for g in order])
    n = np.array([int((labels == g).sum()) for g in order])
    dots = sums @ sums.T
    out = dots / np.outer(n, n)
    within = (np.diag(dots) - nonzero) / 2
    pairs = n * (n - 1) / 2
    np.fill_diagonal(out, np.where(pairs > 0, within / np.where(pairs > 0, pairs, 1), np.nan))
    return pd.DataFrame(out, index=list(order), columns=list(order))


def within_between(counts, by, max_docs=400, seed=SEED):
    """Mean cosine similarity of article pairs within groups and between groups, with their ranges.

    The means are exact over every pair (:func:`group_similarity`'s sums). The ranges (lowest and highest
    pair) come from every pair when there are at most ``max_docs`` articles, otherwise from the pairs of
    a seeded sample of ``max_docs`` articles (``sampled``): the full matrix would grow with the square of
    the corpus.

    Returns
    -------
    dict
        ``within`` and ``between`` (nan when no such pair), ``n_within``, ``n_between`` (pairs),
        ``within_range`` and ``between_range`` ((min, max) or None), ``sampled``.
    """
    labels = counts.groups[by]
    order = sorted(set(labels))
    n = np.array([int((labels == g).sum()) for g in order])
    unit = _unit_rows(counts)
    sums = np.vstack([np.asarray(unit[labels == g].sum(axis=0)).ravel() for g in order]) if order else np.zeros((0, 0))
    nonzero = np.array([int((unit[labels == g].getnnz(axis=1) > 0).sum()) for g in order])
    dots = sums @ sums.T if len(order) else np.zeros((0, 0))
    n_within = int((n * (n - 1) // 2).sum())
    n_between = int((n.sum() ** 2 - (n**2).sum()) // 2)
    within_sum = float(((np.diag(dots) - nonzero) / 2).sum()) if len(order) else 0.0
    between_sum = float((dots.sum() - np.trace(dots)) / 2) if len(order) else 0.0
    rows = np.arange(len(labels))
    sampled = len(rows) > max_docs
    if sampled:
        rows = np.sort(np.random.default_rng(seed).choice(rows, size=max_docs, replace=False))
    sim = similarity(counts, rows).to_numpy()
    g = labels[rows]
    iu = np.triu_indices(len(rows), k=1)
    same = g[iu[0]] == g[iu[1]]
    w, b = sim[iu][same], sim[iu][~same]
    return {
        "within": within_sum / n_within if n_within else np.nan,
        "between": between_sum / n_between if n_between else np.nan,
        "n_within": n_within,
        "n_between": n_between,
        "within_range": (float(w.min()), float(w.max())) if len(w) else None,
        "between_range": (float(b.min()), float(b.max())) if len(b) else None,
        "sampled": sampled,
    }
