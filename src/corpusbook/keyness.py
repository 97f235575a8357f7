"""Keyness: which terms are distinctive of one group of documents against another.

For each term, with ``a``/``b`` its counts in the target and reference groups and ``c``/``d`` the
groups' sizes in word tokens (stop words included):

- **G²** (log-likelihood), the two-term form of Rayson & Garside :cite:p:`rayson2000comparing`
  after Dunning :cite:p:`dunning1993accurate`: ``E1 = c(a+b)/(c+d)``, ``E2 = d(a+b)/(c+d)``,
  ``G² = 2(a ln(a/E1) + b ln(b/E2))`` with ``0 ln 0 = 0``. Its p-value is from χ² with one
  degree of freedom. A term is significant when ``p < alpha / m`` (Bonferroni over the ``m`` terms
  tested).
- **Log Ratio** :cite:p:`hardie2014logratio`: ``log2((a/c) / (b/d))``, the binary log of the ratio
  of relative frequencies (1 = twice as frequent). Zero-frequency correction: a zero count is
  replaced by 0.5 before normalising, as Hardie suggests, so the value stays finite.
- **%DIFF** :cite:p:`gabrielatos2012keyness`: ``100 (nf_t − nf_r) / nf_r`` with the normalised
  frequencies, the same 0.5 correction for a zero reference count.
- **BIC** :cite:p:`wilson2013embracing`: ``G² − ln(c + d)`` (one degree of freedom); above 2 is
  positive evidence, above 6 strong, above 10 very strong.

``direction`` is ``+1`` when the term is relatively more frequent in the target, ``-1`` when in
the reference and ``0`` on an exact tie; swapping the groups keeps G², p and BIC and flips the signs of ``g2_signed``,
Log Ratio and ``direction``.
"""

import numpy as np
import pandas as pd
from scipy.stats import chi2

from corpusbook.errors import CorpusError
from corpusbook.frequency import content_tokens
from corpusbook.settings import PER_N

ZERO_CORRECTION = 0.5


def _xlogy(x, y):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x > 0, x * np.log(np.where(x > 0, x / y, 1.0)), 0.0)


def log_likelihood(a, b, c, d):
    """Two-term log-likelihood G² (Rayson & Garside 2000).

    Parameters
    ----------
    a, b : array-like
        Term counts in target and reference.
    c, d : float
        Sizes (tokens) of target and reference.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> round(float(log_likelihood(100, 50, 10_000, 10_000)), 2)
    16.99
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    return 2 * (_xlogy(a, e1) + _xlogy(b, e2))


def log_ratio(a, b, c, d, correction=ZERO_CORRECTION):
    """Hardie's Log Ratio, ``log2((a/c)/(b/d))``, zero counts replaced by ``correction``.

    Examples
    --------
    >>> float(log_ratio(20, 10, 1000, 1000))
    1.0
    >>> float(log_ratio(5, 5, 100, 100))
    0.0
    """
    a = np.where(np.asarray(a, dtype=float) == 0, correction, a)
    b = np.where(np.asarray(b, dtype=float) == 0, correction, b)
    return np.log2((a / c) / (b / d))


def percent_diff(a, b, c, d, correction=ZERO_CORRECTION):
    """%DIFF (Gabrielatos & Marchi 2012) with a zero reference count replaced by ``correction``.

    Examples
    --------
    >>> float(percent_diff(30, 10, 1000, 1000))
    200.0
    """
    b = np.where(np.asarray(b, dtype=float) == 0, correction, b)
    nf_t = np.asarray(a, dtype=float) / c
    nf_r = b / d
    return 100 * (nf_t - nf_r) / nf_r


def bic(g2, n):
    """BIC approximation of the Bayes factor for a G² with one degree of freedom (Wilson 2013)."""
    return np.asarray(g2, dtype=float) - np.log(n)


def split_groups(tokens, by, target, reference=None):
    """Split the token table into target and reference by a grouping column.

    Parameters
    ----------
    tokens : pandas.DataFrame
    by : str
        Any column of ``tokens`` (``period``, ``slice``, ``doc_id``, an outlet column …).
    target : str or sequence of str
        Value(s) of ``by`` that form the target group.
    reference : str or sequence of str, optional
        Value(s) that form the reference group (default: all other values).

    Raises
    ------
    CorpusError
        If ``by`` is not a column, or a group value does not occur, or a group is empty.
    """
    if by not in tokens.columns:
        raise CorpusError(f"grouping column '{by}' is not in the token table; available: {', '.join(tokens.columns)}.")
    values = set(tokens[by].astype(str))
    as_list = lambda v: [str(x) for x in ([v] if isinstance(v, (str, int)) else v)]  # noqa: E731
    target = as_list(target)
    unknown = [v for v in target if v not in values]
    reference = [v for v in sorted(values) if v not in target] if reference is None else as_list(reference)
    unknown += [v for v in reference if v not in values]
    if unknown:
        raise CorpusError(f"column '{by}' has no value {', '.join(map(repr, unknown))}; values are {', '.join(sorted(values))}.")
    col = tokens[by].astype(str)
    t, r = tokens[col.isin(target)], tokens[col.isin(reference)]
    if t.empty or r.empty:
        raise CorpusError(f"keyness needs tokens on both sides; '{by}' target {target} vs reference {reference} leaves one side empty.")
    return t, r


def keyness(tokens, by, target, reference=None, view="lemma", include_stop=False, alpha=0.05, min_count=1):
    """Key terms of ``target`` against ``reference``, with G², Log Ratio, %DIFF, BIC and ranges.

    Parameters
    ----------
    tokens : pandas.DataFrame
        The token table with the grouping column.
    by : str
        Grouping column (any; not tied to years).
    target, reference : str or sequence of str
        See :func:`split_groups`.
    view : {"lemma", "token"}
    include_stop : bool, default False
    alpha : float, default 0.05
        Family-wise error rate; the per-term threshold is ``alpha / m`` (Bonferroni).
    min_count : int, default 1
        Terms with fewer occurrences in both groups together are not tested (and not counted in ``m``).

    Returns
    -------
    pandas.DataFrame
        One row per term tested, sorted by ``direction`` (target first), then G² decreasing:
        ``term``, ``count_target``, ``count_ref``, ``per_10k_target``, ``per_10k_ref``, ``g2``,
        ``g2_signed``, ``p``, ``significant`` (Bonferroni), ``log_ratio``, ``percent_diff``, ``bic``,
        ``direction``, ``docs_target``, ``n_docs_target``, ``docs_ref``, ``n_docs_ref``,
        ``range_target`` / ``range_ref`` (``"k of n"``), ``single_doc`` (on the side where the term is
        key, all its occurrences come from one document), ``top_doc_share`` (on that side, the share
        of the term's count in the document that has most of it). The table's ``attrs`` hold ``c``, ``d``, ``m`` and
        ``threshold_p``.
    """
    t_tok, r_tok = split_groups(tokens, by, target, reference)
    table = keyness_from_sides(side_counts(t_tok, view, include_stop), side_counts(r_tok, view, include_stop),
                               alpha=alpha, min_count=min_count)
    table.attrs.update({"by": by, "target": target, "reference": reference})
    return table


def side_counts(tokens, view="lemma", include_stop=False):
    """What keyness needs of one side: per term its count, articles and largest count in one article.

    Parameters
    ----------
    tokens : pandas.DataFrame
        The tokens of one side (all word tokens: they are the side's size).

    Returns
    -------
    pandas.DataFrame
        Index ``term``; columns ``count``, ``docs``, ``max_in_doc``. ``attrs`` hold ``tokens`` (the
        side's size in word tokens) and ``n_docs``.
    """
    kept = content_tokens(tokens, include_stop)
    per_doc = kept.groupby([kept[view].rename("term"), "doc_id"], observed=True).size()
    per_doc = per_doc[per_doc > 0]
    side = per_doc.groupby(level=0).agg(["sum", "size", "max"])
    side.columns = ["count", "docs", "max_in_doc"]
    side.index = side.index.astype(str)
    side.attrs.update({"tokens": len(tokens), "n_docs": tokens["doc_id"].nunique()})
    return side


def keyness_from_sides(target, reference, alpha=0.05, min_count=1):
    """The keyness table from the two sides' counts (:func:`side_counts`); see :func:`keyness`.

    Taking counts rather than tokens lets the same table come from aggregated counts of a large
    collection (:func:`corpusbook.counts.keyness_from_counts`).
    """
    c, d = target.attrs["tokens"], reference.attrs["tokens"]
    n_t, n_r = target.attrs["n_docs"], reference.attrs["n_docs"]
    terms = target.index.union(reference.index)
    t, r = target.reindex(terms, fill_value=0), reference.reindex(terms, fill_value=0)
    a, b = t["count"].astype("int64"), r["count"].astype("int64")
    keep = (a + b) >= min_count
    a, b, t, r = a[keep], b[keep], t[keep], r[keep]
    m = len(a)
    g2 = log_likelihood(a.to_numpy(), b.to_numpy(), c, d)
    # exact integer comparison of a/c and b/d: 0 on a tie, so swapping the groups flips every sign
    direction = np.sign(a.to_numpy() * d - b.to_numpy() * c).astype(int)
    p = chi2.sf(g2, 1)
    threshold = alpha / max(m, 1)
    key_count = np.where(direction == 1, a, b)
    top_share = np.where(direction == 1, t["max_in_doc"], r["max_in_doc"]) / np.maximum(key_count, 1)

    table = pd.DataFrame(
        {
            "term": a.index,
            "count_target": a.to_numpy(),
            "count_ref": b.to_numpy(),
            "per_10k_target": a.to_numpy() / c * PER_N,
            "per_10k_ref": b.to_numpy() / d * PER_N,
            "g2": g2,
            "g2_signed": g2 * direction,
            "p": p,
            "significant": p < threshold,
            "log_ratio": log_ratio(a.to_numpy(), b.to_numpy(), c, d),
            "percent_diff": percent_diff(a.to_numpy(), b.to_numpy(), c, d),
            "bic": bic(g2, c + d),
            "direction": direction,
            "docs_target": t["docs"].astype("int64").to_numpy(),
            "n_docs_target": n_t,
            "docs_ref": r["docs"].astype("int64").to_numpy(),
            "n_docs_ref": n_r,
            "top_doc_share": top_share,
        }
    )
    table["range_target"] = table["docs_target"].astype(str) + " of " + str(n_t)
    table["range_ref"] = table["docs_ref"].astype(str) + " of " + str(n_r)
    key_docs = np.select([table["direction"] == 1, table["direction"] == -1], [table["docs_target"], table["docs_ref"]], 0)
    table["single_doc"] = key_docs == 1
    table = table.sort_values(["direction", "g2", "term"], ascending=[False, False, True]).reset_index(drop=True)
    table.attrs.update({"c": c, "d": d, "m": m, "threshold_p": threshold, "alpha": alpha})
    return table


def top_keywords(table, n=10, direction=1, significant_only=False):
    """The ``n`` strongest key terms of one side (``direction`` 1 = target, -1 = reference), by G²."""
    side = table[table["direction"] == direction]
    if significant_only:
        side = side[side["significant"]]
    return side.sort_values(["g2", "term"], ascending=[False, True]).head(n).reset_index(drop=True)


def leave_one_out(tokens, by, target, reference=None, n=10, view="lemma", alpha=0.05, min_count=1):
    """Leave-one-document-out stability of the top key terms of both sides.

    The full comparison's top ``n`` terms of each side are taken; then each document is left out in
    turn and keyness is recomputed. A run that would leave a side without documents is skipped (a
    one-document side cannot be tested this way: its terms' ``runs`` says how many runs were
    possible).

    Returns
    -------
    pandas.DataFrame
        ``term``, ``direction``, ``g2`` (full data), ``runs`` (runs possible), ``stays_significant``
        (runs in which the term is still significant on the same side), ``stays_top`` (runs in which
        it is still among that side's top ``n``), ``dropped_by`` (the documents whose removal made it
        lose significance).
    """
    full = keyness(tokens, by, target, reference, view=view, alpha=alpha, min_count=min_count)
    top = pd.concat([top_keywords(full, n, 1), top_keywords(full, n, -1)], ignore_index=True)
    t_tok, r_tok = split_groups(tokens, by, target, reference)
    docs = sorted(set(t_tok["doc_id"]) | set(r_tok["doc_id"]))
    stats = {(term, dr): {"runs": 0, "sig": 0, "top": 0, "dropped": []} for term, dr in zip(top["term"], top["direction"])}
    for doc in docs:
        rest = tokens[tokens["doc_id"] != doc]
        if rest[rest.index.isin(t_tok.index)].empty or rest[rest.index.isin(r_tok.index)].empty:
            continue
        run = keyness(rest, by, target, reference, view=view, alpha=alpha, min_count=min_count)
        by_term = run.set_index("term")
        tops = {1: set(top_keywords(run, n, 1)["term"]), -1: set(top_keywords(run, n, -1)["term"])}
        for (term, dr), s in stats.items():
            s["runs"] += 1
            ok = term in by_term.index and bool(by_term.at[term, "significant"]) and by_term.at[term, "direction"] == dr
            s["sig"] += ok
            if not ok:
                s["dropped"].append(doc)
            s["top"] += term in tops[dr]
    top["runs"] = [stats[(t, dr)]["runs"] for t, dr in zip(top["term"], top["direction"])]
    top["stays_significant"] = [stats[(t, dr)]["sig"] for t, dr in zip(top["term"], top["direction"])]
    top["stays_top"] = [stats[(t, dr)]["top"] for t, dr in zip(top["term"], top["direction"])]
    top["dropped_by"] = [", ".join(stats[(t, dr)]["dropped"]) for t, dr in zip(top["term"], top["direction"])]
    return top[["term", "direction", "g2", "significant", "range_target", "range_ref", "runs", "stays_significant", "stays_top", "dropped_by"]]


#: Columns shown in the book's keyness tables, in order.
DISPLAY_COLUMNS = ["term", "count_target", "count_ref", "per_10k_target", "per_10k_ref", "g2", "p",
                   "significant", "log_ratio", "bic", "range_target", "range_ref", "single_doc"]


def each_group_vs_rest(tokens, by, n=8, view="lemma", alpha=0.05):
    """Top key terms of every value of ``by`` against all other documents.

    Returns
    -------
    pandas.DataFrame
        The :func:`keyness` columns for each group's top ``n`` positive key terms, with the group in
        column ``group``; and per group ``n_significant`` (its positive key terms that pass the
        Bonferroni threshold).
    """
    rows = []
    for group in sorted(tokens[by].astype(str).unique()):
        table = keyness(tokens, by, group, view=view, alpha=alpha)
        top = top_keywords(table, n, 1).assign(group=group)
        top["n_significant"] = int(((table["direction"] == 1) & table["significant"]).sum())
        rows.append(top)
    out = pd.concat(rows, ignore_index=True)
    return out[["group", *[c for c in out.columns if c != "group"]]]
