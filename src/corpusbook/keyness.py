"""Keyness: which terms are distinctive of one group of documents against another.

For each term, with ``a``/``b`` its counts in the target and reference groups and ``c``/``d`` the
groups' sizes in word tokens (stop words included):

- **G²** (log-likelihood), the two-term form of Rayson & Garside :cite:p:`rayson2000comparing`
  after Dunning :cite:p:`dunning1993accurate`: ``E1 = c(a+b)/(c+d)``, ``E2 = d(a+b)/(c+d)``,
  ``G² = 2(a ln(a/E1) + b ln(b/E2))`` with ``0 ln 0 = 0``. Its p-value is from χ² with one
  degree of freedom. A term is significant when ``p < alpha / K``: Bonferroni over the terms that
  can reach the threshold at all (Tarone's correction :cite:p:`tarone1990modified`); terms too rare
  to pass whatever their split are not tested. G² treats tokens as independent; the articles are
  the sampling unit, so p ranks how surprising a count is, and :mod:`corpusbook.docstats` gives the
  document-level tests.
- **Log Ratio** :cite:p:`hardie2014logratio`: ``log2((a/c) / (b/d))``, the binary log of the ratio
  of relative frequencies (1 = twice as frequent); a zero count is replaced by 0.5, as Hardie suggests.
- **%DIFF** :cite:p:`gabrielatos2012keyness`: ``100 (nf_t − nf_r) / nf_r`` with the normalised
  frequencies, the same 0.5 correction for a zero reference count.
- **BIC** :cite:p:`wilson2013embracing`: ``G² − ln(c + d)`` (one degree of freedom), read in
  Raftery's bands :cite:p:`raftery1995bayesian` by :func:`bic_evidence`.

``direction`` is ``+1`` when the term is relatively more frequent in the target, ``-1`` when in
the reference and ``0`` on an exact tie.
"""

import numpy as np
import pandas as pd
from scipy.special import xlogy
from scipy.stats import chi2

from corpusbook.counts import Counts, top_with_ties
from corpusbook.errors import CorpusError
from corpusbook.settings import PER_N, SEED

ZERO_CORRECTION = 0.5


def log_likelihood(a, b, c, d):
    """Two-term log-likelihood G² (Rayson & Garside 2000) of counts ``a``, ``b`` in groups of ``c``, ``d`` tokens."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
    # x ln(x / E) as xlogy(x, x) - xlogy(x, E): 0 ln 0 = 0 without dividing by an expected count of 0
    return 2 * (xlogy(a, a) - xlogy(a, e1) + xlogy(b, b) - xlogy(b, e2))


def _nonzero(x, correction):
    return np.where(np.asarray(x, dtype=float) == 0, correction, x)


def log_ratio(a, b, c, d, correction=ZERO_CORRECTION):
    """Hardie's Log Ratio, ``log2((a/c)/(b/d))``, zero counts replaced by ``correction``."""
    return np.log2((_nonzero(a, correction) / c) / (_nonzero(b, correction) / d))


def percent_diff(a, b, c, d, correction=ZERO_CORRECTION):
    """%DIFF (Gabrielatos & Marchi 2012) with a zero reference count replaced by ``correction``."""
    nf_r = _nonzero(b, correction) / d
    return 100 * (np.asarray(a, dtype=float) / c - nf_r) / nf_r


def bic(g2, n):
    """BIC approximation of the Bayes factor for a G² with one degree of freedom (Wilson 2013); ``n = c + d``."""
    return np.asarray(g2, dtype=float) - np.log(n)


#: Raftery's (1995) bands of the BIC difference (2 ln of the Bayes factor): lower bounds and names.
BIC_BANDS = ((10.0, "very strong"), (6.0, "strong"), (2.0, "positive"), (0.0, "weak"))


def bic_evidence(values):
    """Raftery's label of each BIC, for a difference (positive) or for no difference (negative).

    Parameters
    ----------
    values : float or array-like
        BIC values (:func:`bic`).

    Returns
    -------
    str or numpy.ndarray of str
        "very strong evidence for a difference" (BIC ≥ 10), "strong …" (6 to 10), "positive …" (2
        to 6), "weak …" (0 to 2); the same bands of −BIC "… for no difference"; "" for a missing value.
    """
    v = np.asarray(values, dtype=float)
    band = np.select([np.abs(v) >= low for low, _ in BIC_BANDS], [name for _, name in BIC_BANDS], default="")
    side = np.where(v >= 0, "a difference", "no difference")
    out = np.where(np.isnan(v), "", np.char.add(np.char.add(band.astype(str), " evidence for "), side))
    return str(out) if out.ndim == 0 else out


def _values(v):
    """A group value or sequence of values as a list of str."""
    return [str(x) for x in ([v] if isinstance(v, (str, int)) else v)]


def _sides(by, values, target, reference):
    """Target and reference (default: the other ``values``) as lists of str, all of them among ``values``."""
    target = _values(target)
    reference = [v for v in values if v not in target] if reference is None else _values(reference)
    unknown = [v for v in target + reference if v not in values]
    if unknown:
        raise CorpusError(
            f"column '{by}' has no value {', '.join(map(repr, unknown))}; values are {', '.join(values)}."
        )
    return target, reference


def split_groups(tokens, by, target, reference=None):
    """The tokens of ``target`` and of ``reference`` (default: all other values), values of any column ``by``.

    Raises
    ------
    CorpusError
        If ``by`` is not a column, or a group value does not occur, or a group is empty.
    """
    if by not in tokens.columns:
        raise CorpusError(f"grouping column '{by}' is not in the token table; available: {', '.join(tokens.columns)}.")
    col = tokens[by].astype(str)
    target, reference = _sides(by, sorted(set(col)), target, reference)
    t, r = tokens[col.isin(target)], tokens[col.isin(reference)]
    if t.empty or r.empty:
        raise CorpusError(
            f"keyness needs tokens on both sides; '{by}' target {target} vs reference {reference} "
            "leaves one side empty."
        )
    return t, r


def max_g2(n, c, d):
    """Largest G² a term with ``n`` occurrences in total can reach: all of them on the smaller side."""
    n = np.asarray(n, dtype=float)
    return np.maximum(log_likelihood(n, 0 * n, c, d), log_likelihood(0 * n, n, c, d))


def tarone(totals, c, d, alpha=0.05):
    """Tarone's correction for discrete tests :cite:p:`tarone1990modified`.

    A term whose total count ``n`` cannot give ``p < alpha / K`` whatever its split between the
    groups is not testable and does not count in ``K``. ``K`` is the smallest number with at most
    ``K`` terms able to reach ``alpha / K``.

    Parameters
    ----------
    totals : array-like
        Each term's count in both groups together.
    c, d, alpha
        Group sizes and family-wise error rate.

    Returns
    -------
    (numpy.ndarray of bool, int)
        Which terms are testable, and ``K`` (the Bonferroni divisor).

    Examples
    --------
    >>> testable, k = tarone([1, 1, 1, 50], 1000, 1000)
    >>> testable.tolist(), k
    ([False, False, False, True], 1)
    """
    distinct, inverse = np.unique(np.asarray(totals), return_inverse=True)
    min_p = chi2.sf(max_g2(distinct, c, d), 1)[inverse]
    ks = np.arange(1, len(min_p) + 2)  # K = n + 1 always qualifies, so K = 1 without terms
    k = int(ks[np.searchsorted(np.sort(min_p), alpha / ks) <= ks][0])
    return min_p < alpha / k, k


def needed_count(c, d, threshold_p):
    """Occurrences a term found on one side only needs to pass ``threshold_p``, per side.

    Returns
    -------
    (int, int)
        For a term only in the target (size ``c``), and only in the reference (size ``d``).
    """
    if c <= 0 or d <= 0:
        return (0, 0)
    return tuple(
        next((k for k in range(1, 10**7) if chi2.sf(float(log_likelihood(k * t, k * r, c, d)), 1) < threshold_p), 10**7)
        for t, r in ((1, 0), (0, 1))
    )


def table_from_counts(a, b, c, d, terms, alpha=0.05, min_count=1, correction="tarone"):
    """G², direction, p and significance from summed counts; parameters as in :func:`keyness`.

    Returns
    -------
    (numpy.ndarray of bool, dict)
        Which terms reach ``min_count``, and their columns (``term``, ``a``, ``b``, ``g2``, ``direction``,
        ``p``, ``testable``, ``significant``) and ``m_all``, ``m``, ``m_testable``, ``threshold_p``.
    """
    a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    keep = (a + b) >= max(min_count, 1)
    a, b = a[keep], b[keep]
    g2 = log_likelihood(a, b, c, d)
    p = chi2.sf(g2, 1)
    testable, k = tarone(a + b, c, d, alpha) if correction == "tarone" else (np.ones(len(a), bool), max(len(a), 1))
    return keep, {
        "term": np.asarray(terms)[keep],
        "a": a,
        "b": b,
        "g2": g2,
        "direction": np.sign(a * d - b * c).astype(int),
        "p": p,
        "testable": testable,
        "significant": testable & (p < alpha / k),
        "m_all": len(a),
        "m": k,
        "m_testable": int(testable.sum()),
        "threshold_p": alpha / k,
    }


def keyness(
    tokens,
    by,
    target,
    reference=None,
    view="lemma",
    include_stop=False,
    alpha=0.05,
    min_count=1,
    correction="tarone",
    counts=None,
):
    """Key terms of ``target`` against ``reference``, with G², Log Ratio, %DIFF, BIC and ranges.

    Parameters
    ----------
    tokens : pandas.DataFrame
    by, target, reference
        As in :func:`split_groups`.
    view : {"lemma", "token"}
    include_stop : bool
    alpha : float
        Family-wise error rate.
    min_count : int
        Fewest occurrences (both groups together) of a term in the table.
    correction : {"tarone", "bonferroni"}
        Threshold ``alpha / K`` over the testable terms (:func:`tarone`), or ``alpha / m`` over all terms.
    counts : Counts, optional
        Per-document counts of ``tokens`` grouped by ``by``, to save the recount.

    Returns
    -------
    pandas.DataFrame
        One row per term, sorted by ``direction`` (target first), then G² decreasing:
        ``term``, ``count_target``, ``count_ref``, ``per_10k_target``, ``per_10k_ref``, ``g2``,
        ``g2_signed``, ``p``, ``testable``, ``significant``, ``log_ratio``, ``percent_diff``, ``bic``,
        ``direction``, ``docs_target``, ``n_docs_target``, ``docs_ref``, ``n_docs_ref``,
        ``top_doc_share`` (on the side where the term is key, the share of its count in the document
        that has most of it), ``zero_count`` (one side has none), ``range_target`` / ``range_ref``
        (``"k of n"``), ``single_doc`` (on the key side, all its occurrences come from one document).
        ``attrs`` hold ``c``, ``d``, ``m`` (the divisor), ``m_all``, ``m_testable``, ``threshold_p``
        and ``needed`` (:func:`needed_count`).
    """
    split_groups(tokens, by, target, reference)
    if counts is None or by not in counts.groups:
        counts = Counts(tokens, view, include_stop, by=(by,))
    t_mask = counts.mask(_values(target), by)
    r_mask = ~t_mask if reference is None else counts.mask(_values(reference), by)
    attrs = {"by": by, "target": target, "reference": reference}
    return _table_from_sides(
        counts.terms, _side(counts, t_mask), _side(counts, r_mask), alpha, min_count, correction, attrs
    )


def _side(counts, mask):
    """One side's summed counts, documents with each term, largest count in one document, tokens, documents."""
    sub = counts.matrix[mask]
    return {
        "count": sub.sum(axis=0).A1,
        "docs": sub.getnnz(axis=0),
        "max_in_doc": sub.max(axis=0).toarray().ravel() if mask.any() else np.zeros(sub.shape[1], dtype=int),
        "tokens": int(counts.sizes[mask].sum()),
        "n_docs": int(mask.sum()),
    }


def keyness_from_sides(target, reference, alpha=0.05, min_count=1, correction="tarone"):
    """The table of :func:`keyness` from each side's ``count``, ``docs``, ``max_in_doc`` per term.

    Each side is indexed by term, with ``attrs`` ``tokens`` and ``n_docs``; other parameters as in :func:`keyness`.
    """
    terms = target.index.union(reference.index)
    sides = [
        {col: side.reindex(terms, fill_value=0)[col].to_numpy() for col in ("count", "docs", "max_in_doc")}
        | {"tokens": int(side.attrs["tokens"]), "n_docs": int(side.attrs["n_docs"])}
        for side in (target, reference)
    ]
    return _table_from_sides(terms.to_numpy(), *sides, alpha, min_count, correction)


def _table_from_sides(terms, t, r, alpha=0.05, min_count=1, correction="tarone", attrs=None):
    c, d, n_t, n_r = t["tokens"], r["tokens"], t["n_docs"], r["n_docs"]
    keep, s = table_from_counts(t["count"], r["count"], c, d, terms, alpha, min_count, correction)
    a, b, g2, direction = s["a"], s["b"], s["g2"], s["direction"]
    t_docs, t_max, r_docs, r_max = (
        np.asarray(x[k], dtype=np.int64)[keep] for x in (t, r) for k in ("docs", "max_in_doc")
    )
    key_side = direction == 1
    table = pd.DataFrame(
        {
            "term": s["term"],
            "count_target": a,
            "count_ref": b,
            "per_10k_target": a / max(c, 1) * PER_N,
            "per_10k_ref": b / max(d, 1) * PER_N,
            "g2": g2,
            "g2_signed": g2 * direction,
            "p": s["p"],
            "testable": s["testable"],
            "significant": s["significant"],
            "log_ratio": log_ratio(a, b, c, d),
            "percent_diff": percent_diff(a, b, c, d),
            "bic": bic(g2, c + d),
            "direction": direction,
            "docs_target": t_docs,
            "n_docs_target": n_t,
            "docs_ref": r_docs,
            "n_docs_ref": n_r,
            "top_doc_share": np.where(key_side, t_max, r_max) / np.maximum(np.where(key_side, a, b), 1),
            "zero_count": (a == 0) | (b == 0),
            "range_target": np.char.add(t_docs.astype(str), f" of {n_t}"),
            "range_ref": np.char.add(r_docs.astype(str), f" of {n_r}"),
            "single_doc": np.select([key_side, direction == -1], [t_docs, r_docs], 0) == 1,
        }
    )
    table = table.sort_values(["direction", "g2", "term"], ascending=[False, False, True]).reset_index(drop=True)
    table.attrs.update(
        {"c": c, "d": d}
        | {k: s[k] for k in ("m", "m_all", "m_testable", "threshold_p")}
        | {"alpha": alpha, "correction": correction, "needed": needed_count(c, d, s["threshold_p"])}
        | (attrs or {})
    )
    return table


def top_keywords(table, n=10, direction=1, significant_only=False, ties=False):
    """The ``n`` strongest key terms of one side (``direction`` 1 = target, -1 = reference), by G².

    With ``ties=True`` every term tied with the ``n``-th by G² is kept too
    (:func:`corpusbook.counts.top_with_ties`); ``attrs["n_tied_extra"]`` says how many.
    """
    side = table[table["direction"] == direction]
    if significant_only:
        side = side[side["significant"]]
    side = side.sort_values(["g2", "term"], ascending=[False, True])
    if ties:
        return top_with_ties(side, "g2", n).reset_index(drop=True)
    out = side.head(n).reset_index(drop=True)
    out.attrs["n_tied_extra"] = 0
    return out


def compare(counts, comparison, by="period", alpha=0.05):
    """The :func:`keyness` table of a :class:`corpusbook.periods.Comparison` from per-article counts.

    ``counts`` are grouped by ``by`` (``BookData.counts``); a ``comparison`` of None (a corpus with one
    period) gives an empty table with the same columns and attributes.
    """
    t_mask, r_mask = counts.sides(comparison, by)
    attrs = {"by": by, "target": getattr(comparison, "target", None), "reference": getattr(comparison, "reference", ())}
    attrs |= {"n_docs_ref": int(r_mask.sum()), "n_docs_target": int(t_mask.sum())}
    return _table_from_sides(counts.terms, _side(counts, t_mask), _side(counts, r_mask), alpha, 1, "tarone", attrs)


def passing(table):
    """The lemmas that pass the corrected threshold, strongest (G²) first."""
    return table[table["significant"]].sort_values(["g2", "term"], ascending=[False, True]).reset_index(drop=True)


def top(table, n=10, side=1):
    """The ``n`` strongest lemmas of one side (1 = target, -1 = reference) by G², ties at the cut-off kept."""
    return top_keywords(table, n, side, ties=True)


def side_table(top_rows, side, own, other):
    """One side's key lemmas for a reader: its own rate first and a Log Ratio positive for it.

    Returns
    -------
    pandas.DataFrame
        ``Lemma`` (with ° when the other side has none), ``per 10k, <own>``, ``per 10k, <other>``,
        ``G²``, ``Log Ratio``, ``Articles`` ("k of n"), ``Passes``, ``BIC evidence`` (the band alone,
        ", against" for evidence for no difference); and the raw columns for the CSV.
    """
    own_col, other_col = ("target", "ref") if side == 1 else ("ref", "target")
    return pd.DataFrame(
        {
            "Lemma": top_rows["term"] + np.where(top_rows["zero_count"], " °", ""),
            f"per 10k, {own}": top_rows[f"per_10k_{own_col}"],
            f"per 10k, {other}": top_rows[f"per_10k_{other_col}"],
            "G²": top_rows["g2"],
            "Log Ratio": top_rows["log_ratio"] * side,
            "Articles": top_rows[f"range_{own_col}"],
            "Passes": np.where(top_rows["significant"], "yes", np.where(top_rows["testable"], "no", "not tested")),
            "BIC evidence": [
                e.replace(" evidence for a difference", "").replace(" evidence for no difference", ", against")
                for e in bic_evidence(top_rows["bic"])
            ],
            "term": top_rows["term"],
            "count": top_rows[f"count_{own_col}"],
            "count_other": top_rows[f"count_{other_col}"],
            "p": top_rows["p"],
            "bic": top_rows["bic"],
        }
    )


def leave_one_out(counts, comparison, by="period", alpha=0.05, max_docs=50, seed=None):
    """Does each passing lemma still pass with any one article left out?

    Each article that is not the only one of its side is left out in turn (a seeded sample of
    ``max_docs`` beyond that), and the statistics are recomputed without its counts.

    Returns
    -------
    pandas.DataFrame
        One row per passing lemma: ``term``, ``direction``, ``g2`` (full data), ``runs``,
        ``stays_significant`` (runs in which it still passes on the same side), ``dropped_by``
        (the articles whose removal makes it fail). ``attrs``: ``candidates``, ``runs``, ``sampled``,
        ``seed``, ``runs_target``, ``runs_ref``.
    """
    seed = SEED if seed is None else seed
    tracked = passing(compare(counts, comparison, by, alpha))[["term", "direction", "g2"]].copy()
    t_mask, r_mask = counts.sides(comparison, by)
    rows = [r for mask in (t_mask, r_mask) if mask.sum() > 1 for r in np.flatnonzero(mask)]
    candidates = len(rows)
    if candidates > max_docs:
        rows = sorted(np.random.default_rng(seed).choice(rows, size=max_docs, replace=False).tolist())
    a0, b0 = counts.matrix[t_mask].sum(axis=0).A1, counts.matrix[r_mask].sum(axis=0).A1
    c0, d0 = int(counts.sizes[t_mask].sum()), int(counts.sizes[r_mask].sum())
    cols = pd.Index(counts.terms).get_indexer(tracked["term"])

    def still_passes(row):
        vec, size = counts.matrix[row].toarray().ravel(), int(counts.sizes[row])
        a, b, c, d = (a0 - vec, b0, c0 - size, d0) if t_mask[row] else (a0, b0 - vec, c0, d0 - size)
        keep, s = table_from_counts(a, b, c, d, counts.terms, alpha)
        passes_on = np.zeros(len(counts.terms), dtype=int)  # the side a term passes for, 0 if it does not
        passes_on[keep] = s["direction"] * s["significant"]
        return passes_on[cols] == tracked["direction"].to_numpy()

    ok = np.array([still_passes(row) for row in rows], dtype=bool).reshape(len(rows), len(tracked))
    tracked["runs"] = len(rows)
    tracked["stays_significant"] = ok.sum(axis=0)
    tracked["dropped_by"] = [", ".join(counts.docs[rows][~passed].astype(str)) for passed in ok.T]
    tracked.attrs.update(candidates=candidates, runs=len(rows), sampled=candidates > max_docs, seed=seed)
    tracked.attrs.update(runs_target=int(t_mask[rows].sum()), runs_ref=int(r_mask[rows].sum()))
    return tracked.reset_index(drop=True)


def summary(counts, comparisons, alpha=0.05, n=5):
    """One row per comparison: articles on each side, lemmas tested and passing, strongest lemmas.

    ``counts`` are grouped by every ``by`` the comparisons use (``period``, ``slice``).

    Returns
    -------
    pandas.DataFrame
        ``comparison``, ``articles`` ("k vs m"), ``tested``, ``passing`` (how many for the target),
        ``passing_terms``, ``top``.
    """
    rows = []
    for comp in comparisons:
        table = compare(counts, comp, comp.by, alpha)
        passed = passing(table).query("direction == 1")["term"]
        rows.append(
            {
                "comparison": comp.title,
                "articles": f"{table.attrs['n_docs_target']} vs {table.attrs['n_docs_ref']}",
                "tested": table.attrs["m_testable"],
                "passing": len(passed),
                "passing_terms": ", ".join(passed) or "none",
                "top": ", ".join(top_keywords(table, n, 1)["term"]),
            }
        )
    return pd.DataFrame(rows, columns=["comparison", "articles", "tested", "passing", "passing_terms", "top"])


def keyness_from_counts(counts, totals, by, target, reference=None, alpha=0.05, min_count=1):
    """The table of :func:`keyness` from the group counts and sizes of :func:`corpusbook.archive.load_counts`.

    ``target`` and ``reference`` (default: every other group) are groups of ``by``.
    """
    t_groups, r_groups = _sides(by, [str(g) for g in totals.index], target, reference)

    def side(members):
        rows = counts[counts[by].astype(str).isin(members)]
        out = rows.groupby(rows["term"].astype(str)).agg(
            count=("count", "sum"), docs=("doc_freq", "sum"), max_in_doc=("max_in_doc", "max")
        )
        sel = totals[totals.index.astype(str).isin(members)]
        out.attrs.update({"tokens": int(sel["tokens"].sum()), "n_docs": int(sel["n_docs"].sum())})
        return out

    table = keyness_from_sides(side(t_groups), side(r_groups), alpha=alpha, min_count=min_count)
    table.attrs.update({"by": by, "target": target, "reference": reference})
    return table
