"""Document-level statistics: articles, not tokens, as the sampling unit.

Token-level keyness treats every token as an independent draw, which articles are not
:cite:p:`lijffijt2016significance`. Here the per-article rates of a term (per 10,000 word tokens) are
compared between two groups of articles with Welch's t :cite:p:`welch1947generalization`, Mann–Whitney U
:cite:p:`mann1947test` (exact without ties, asymptotic with) and a permutation test over articles. Each
needs at least two articles a side; :func:`min_mannwhitney_p` gives the smallest p any rank test could
reach, ``2 / C(n1 + n2, n1)``.
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
_TESTS = ("n_target", "n_reference", "testable", "min_p", "outside", "welch_p", "mannwhitney_p", "permutation_p")


def min_mannwhitney_p(n1, n2):
    """Smallest exact two-sided Mann–Whitney p for samples of ``n1`` and ``n2`` (no ties): ``2 / C(n1 + n2, n1)``.

    Examples
    --------
    >>> min_mannwhitney_p(1, 4)
    0.4
    >>> round(min_mannwhitney_p(3, 3), 3)
    0.1
    """
    return min(1.0, 2 / comb(n1 + n2, n1)) if n1 >= 1 and n2 >= 1 else 1.0


def testable(n1, n2):
    """True when each side has at least two articles (a document-level test can be run)."""
    return n1 >= 2 and n2 >= 2


def permutation_p(x, y, max_permutations=MAX_PERMUTATIONS, seed=SEED):
    """Two-sided permutation p of the difference in means of ``x`` and ``y`` over relabellings.

    :func:`scipy.stats.permutation_test`: exact up to ``max_permutations`` splits, otherwise that many
    seeded random relabellings.

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
        Documents × terms counts (index: doc_id).
    sizes : pandas.Series
        Word tokens per document, stop words included.
    terms : sequence of str

    Returns
    -------
    pandas.DataFrame
        Documents × terms.
    """
    sub = counts.reindex(columns=list(terms), fill_value=0)
    return sub.div(sizes.reindex(sub.index), axis=0) * PER_N


def compare(target_rates, reference_rates):
    """Document-level tests of one term: Welch's t, Mann–Whitney and permutation p.

    Parameters
    ----------
    target_rates, reference_rates : sequence of float
        Per-article rates on each side.

    Returns
    -------
    dict
        ``n_target``, ``n_reference``, ``testable``, ``min_p`` (:func:`min_mannwhitney_p`), ``outside``
        (+1 when every target article lies above every reference article, -1 below, else 0), ``welch_p``,
        ``mannwhitney_p``, ``permutation_p`` (nan when not testable).
    """
    x, y = np.asarray(target_rates, dtype=float), np.asarray(reference_rates, dtype=float)
    n = len(x), len(y)
    out = dict.fromkeys(_TESTS, np.nan)
    out.update(n_target=n[0], n_reference=n[1], testable=testable(*n), min_p=min_mannwhitney_p(*n), outside=0)
    if all(n):
        out["outside"] = 1 if x.min() > y.max() else -1 if x.max() < y.min() else 0
    if not out["testable"]:
        return out
    both = np.concatenate([x, y])
    if np.ptp(both) == 0:
        return out | {"welch_p": 1.0, "mannwhitney_p": 1.0, "permutation_p": 1.0}
    welch = stats.ttest_ind(x, y, equal_var=False).pvalue
    method = "asymptotic" if len(np.unique(both)) < len(both) else "exact"  # ties
    return out | {
        "welch_p": float(welch) if np.isfinite(welch) else np.nan,
        "mannwhitney_p": float(stats.mannwhitneyu(x, y, alternative="two-sided", method=method).pvalue),
        "permutation_p": permutation_p(x, y),
    }


def per_article(counts, comparison, terms, by="period"):
    """Each term's rate in every article of both sides of a comparison, with the document-level tests.

    Parameters
    ----------
    counts : corpusbook.counts.Counts
    comparison : corpusbook.periods.Comparison or None
    terms : sequence of str
        In display order; duplicates kept once.
    by : str, default "period"

    Returns
    -------
    pandas.DataFrame
        One row per term: ``term``, ``rates_target`` and ``rates_ref`` (tuples in document order),
        ``rate_other_max``, then the :func:`compare` fields. ``attrs``: ``rates`` (documents × terms of
        both sides) and ``groups``.
    """
    terms = list(dict.fromkeys(terms))
    t_mask, r_mask = counts.sides(comparison, by)
    cols = pd.Index(counts.terms).get_indexer(terms)
    sub = counts.matrix[:, np.where(cols >= 0, cols, 0)].toarray() * (cols >= 0)
    rates = pd.DataFrame(sub / np.maximum(counts.sizes, 1)[:, None] * PER_N, index=counts.docs, columns=terms)
    rows = [
        {"term": term, "rates_target": tuple(v[t_mask]), "rates_ref": tuple(v[r_mask])}
        | {"rate_other_max": float(v[r_mask].max()) if r_mask.any() else np.nan}
        | compare(v[t_mask], v[r_mask])
        for term, v in zip(terms, rates.to_numpy().T)
    ]
    out = pd.DataFrame(rows, columns=["term", "rates_target", "rates_ref", "rate_other_max", *_TESTS])
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
    pairs = zip(evidence["rates_target"], evidence["rates_ref"])
    side = np.sign([np.mean(t) - np.mean(r) if len(t) and len(r) else 0 for t, r in pairs])
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
    """Cosine similarity between articles over their content-lemma counts (``rows``: only those positions).

    Returns
    -------
    pandas.DataFrame
        Articles × articles.
    """
    rows = np.arange(len(counts.docs)) if rows is None else np.asarray(rows)
    return pd.DataFrame(cosine_similarity(counts.matrix[rows]), index=counts.docs[rows], columns=counts.docs[rows])


def _pair_sums(counts, labels, order):
    """Articles per group, ``Σ x_i · Σ x_j`` of each two groups, and ``Σ x_i · x_j`` over pairs within each."""
    unit = normalize(counts.matrix.astype(float), norm="l2", axis=1)
    members = [labels == g for g in order]
    sums = np.vstack([np.asarray(unit[m].sum(axis=0)).ravel() for m in members])
    nonzero = np.array([int((unit[m].getnnz(axis=1) > 0).sum()) for m in members])  # x_i · x_i = 1
    dots = sums @ sums.T
    return np.array([int(m.sum()) for m in members]), dots, (np.diag(dots) - nonzero) / 2


def group_similarity(counts, by, order):
    """Mean cosine similarity of article pairs within each group (diagonal) and between groups.

    From each group's sum of unit-length article vectors: over the pairs within a group,
    ``Σ x_i · x_j = (|Σ x_i|² − n) / 2``; between two groups, ``Σ x_i · Σ x_j``.

    Returns
    -------
    pandas.DataFrame
        Groups × groups (``order``); nan within a group of one article.
    """
    n, dots, within = _pair_sums(counts, counts.groups[by], order)
    out = dots / np.outer(n, n)
    pairs = n * (n - 1) / 2
    np.fill_diagonal(out, np.where(pairs > 0, within / np.where(pairs > 0, pairs, 1), np.nan))
    return pd.DataFrame(out, index=list(order), columns=list(order))


def within_between(counts, by, max_docs=400, seed=SEED):
    """Mean cosine similarity of article pairs within groups and between groups, with their ranges.

    The means are exact (:func:`group_similarity`'s sums); the ranges come from every pair up to
    ``max_docs`` articles, beyond from a seeded sample of ``max_docs`` articles (``sampled``).

    Returns
    -------
    dict
        ``within``, ``between`` (nan without such pairs), ``n_within``, ``n_between``, ``within_range``,
        ``between_range`` ((min, max) or None), ``sampled``.
    """
    labels = counts.groups[by]
    sampled = len(labels) > max_docs
    rows = np.arange(len(labels))
    if sampled:
        rows = np.sort(np.random.default_rng(seed).choice(rows, size=max_docs, replace=False))
    sim = similarity(counts, rows).to_numpy()
    i, j = np.triu_indices(len(rows), k=1)
    same = labels[rows][i] == labels[rows][j]
    w, b = sim[i, j][same], sim[i, j][~same]
    n, dots, within = _pair_sums(counts, labels, sorted(set(labels)))
    n_within, n_between = int((n * (n - 1) // 2).sum()), int((n.sum() ** 2 - (n**2).sum()) // 2)
    return {
        "within": float(within.sum()) / n_within if n_within else np.nan,
        "between": float((dots.sum() - np.trace(dots)) / 2) / n_between if n_between else np.nan,
        "n_within": n_within,
        "n_between": n_between,
        "within_range": (float(w.min()), float(w.max())) if len(w) else None,
        "between_range": (float(b.min()), float(b.max())) if len(b) else None,
        "sampled": sampled,
    }
