"""Facts of the comparison chapter: what is distinctive of each period, worded for any corpus.

:func:`findings` returns every number, sentence, table and figure the chapter shows. Periods come in
time order from :func:`corpusbook.periods.comparisons`: with two periods the later is compared with
the earlier; with more, each period with the one before it and each with all others. The chapter
details the last consecutive comparison (the latest change) and summarises every comparison in one
table.
"""

import numpy as np
import pandas as pd

from corpusbook import docstats, keyness, tables
from corpusbook.kwic import kwic
from corpusbook.palette import period_colors
from corpusbook.periods import chronological, comparisons
from corpusbook.prose import bullets, escape_md, italic, join, md, number, plural, terms

#: Key terms shown per side (ties at the cut-off are added).
TOP_N = 10
#: At most this many articles are left out one at a time (a seeded sample beyond).
LOO_MAX = 50
#: Conventional level for the uncorrected document-level p-values shown.
DOC_ALPHA = 0.05


def _list(items, limit=12):
    """Italic terms, at most ``limit``, with "and n more" for the rest (never cut silently)."""
    items = list(items)
    shown = terms(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def _verb(n, one, many):
    return one if n == 1 else many


def _fmt_p(p):
    if p is None or not np.isfinite(p):
        return "—"
    return f"{p:.2g}" if p >= 0.001 else f"{p:.1e}"


def _side_table(table, side, own, other):
    """One side's key terms with its own counts first and a Log Ratio that is positive for it."""
    top = keyness.top_keywords(table, TOP_N, side, ties=True)
    if side == 1:
        count, rate, rate_o, docs, n_docs = "count_target", "per_10k_target", "per_10k_ref", "docs_target", "n_docs_target"
    else:
        count, rate, rate_o, docs, n_docs = "count_ref", "per_10k_ref", "per_10k_target", "docs_ref", "n_docs_ref"
    out = pd.DataFrame({
        "lemma": top["term"] + np.where(top["single_doc"], " †", "") + np.where(top["zero_count"], " °", ""),
        "count": top[count],
        "rate": top[rate],
        "rate_other": top[rate_o],
        "g2": top["g2"],
        "log_ratio": top["log_ratio"] * side,
        "articles": top[docs].astype(str) + " of " + top[n_docs].astype(str),
        "evidence": [_evidence(s, t, b) for s, t, b in zip(top["significant"], top["testable"], top["bic"])],
        "bic": top["bic"], "p": top["p"], "term": top["term"],
    })
    # the count stays in the CSV: the rates and the articles column carry it on the page (about six columns)
    headers = {"lemma": "Lemma", "rate": f"Per 10k in {own}", "rate_other": f"Per 10k in {other}",
               "g2": "G²", "log_ratio": "Log Ratio", "articles": "Articles", "evidence": "Threshold / BIC"}
    return top, out, headers


def _evidence(significant, testable, bic):
    if significant:
        return "passes"
    label = "BIC strong" if bic > 6 else "BIC positive" if bic > 2 else "BIC weak"
    return f"{'fails' if testable else 'untestable'}; {label}"


def _rates_summary(values):
    values = np.asarray(values, dtype=float)
    if len(values) == 0:
        return "—"
    if len(values) == 1:
        return number(values[0], 1)
    if values.min() == values.max():
        return f"{number(values[0], 1)} in each"
    return f"{number(values.min(), 1)} to {number(values.max(), 1)} (median {number(np.median(values), 1)})"


def findings(data, top_n=TOP_N, loo_max=LOO_MAX, seed=None):
    """Everything the comparison chapter states, for any number of periods and articles.

    Parameters
    ----------
    data : corpusbook.book.BookData
    top_n : int
    loo_max : int
        Most articles left out one at a time (seeded sample beyond).

    Returns
    -------
    dict
        name → value; names are documented in ``chapters/comparison.md`` where they are glued.
    """
    docs, tokens = data.documents, data.tokens
    order = chronological(docs)
    colors = period_colors(order)
    comps = comparisons(docs)
    out = {}
    counts = keyness.Counts(tokens, "lemma", by=("period", "slice"))
    groups = pd.Series(counts.groups["period"], index=counts.docs)
    n_docs = groups.value_counts()
    n_tok = pd.Series(counts.sizes, index=counts.docs).groupby(groups).sum()
    out["periods_sentence"] = md(" ".join(
        f"{escape_md(p)}: {plural(int(n_docs.get(p, 0)), 'article')}, {number(n_tok.get(p, 0))} word tokens."
        for p in order))
    if not comps:
        out["main_title"] = "No comparison"
        out["no_comparison"] = md(f"The corpus has one period ({escape_md(order[0]) if order else 'none'}): there is nothing to compare.")
        return out
    main = [c for c in comps if c.kind == "consecutive"][-1]
    T, R = main.target, main.reference_label
    out["main_title"] = md(escape_md(main.title))
    out["target"], out["reference"] = md(escape_md(T)), md(escape_md(R))
    out["scope_sentence"] = md(
        f"The detailed comparison below sets {escape_md(T)} (the later period) against {escape_md(R)}."
        + ("" if len(order) == 2 else
           f" With {len(order)} periods ({escape_md(join(order))}), the table at the end of the chapter lists "
           f"every consecutive pair and each period against all others."))
    table = keyness.keyness(tokens, "period", T, list(main.reference), counts=counts)
    a = table.attrs
    need_t, need_r = a["needed"]
    out["m_all"], out["m_testable"] = number(a["m_all"]), number(a["m_testable"])
    out["threshold_p"] = f"{a['threshold_p']:.1e}"
    out["testable_sentence"] = md(
        f"Of {number(a['m_all'])} lemmas, {number(a['m_testable'])} occur often enough to reach the threshold at "
        f"all, so only those are tested (Tarone's correction): a lemma passes if p < {a['alpha']} / K = "
        f"{a['threshold_p']:.1e}, with K = {number(a['m'])} the smallest number for which at most K lemmas could reach "
        f"{a['alpha']} / K. " + (
            f"The two sides are unequal: a lemma found only in {escape_md(T)} ({number(a['c'])} tokens) needs "
            f"{plural(need_t, 'occurrence')} to pass, one found only in {escape_md(R)} ({number(a['d'])} tokens) "
            f"needs {number(need_r)}." if need_t != need_r else
            f"A lemma found on one side only needs {plural(need_t, 'occurrence')} to pass, on either side "
            f"({number(a['c'])} and {number(a['d'])} tokens)."))
    # ---- key terms of each side
    sides = {}
    for side, own, other in ((1, T, R), (-1, R, T)):
        top, shown, headers = _side_table(table, side, own, other)
        sides[side] = top
        extra = top.attrs.get("n_tied_extra", 0)
        note = (f"{len(top)} lemmas: the top {top_n}" + (f" and {extra} more tied at the cut-off" if extra else "")
                + ", ordered by G². † all of its count on this side comes from one article. ° zero count on the other side: "
                  f"its Log Ratio is set by the {keyness.ZERO_CORRECTION} correction.")
        key = "t" if side == 1 else "r"
        out[f"table_{key}"] = tables.show(shown, headers,
                                          {"rate": ".1f", "rate_other": ".1f", "g2": ".1f", "log_ratio": ".2f"},
                                          name=f"keyness-{key}", note=note)
        sig = table[(table["direction"] == side) & table["significant"]]
        out[f"sig_{key}"] = md(f"{plural(len(sig), 'lemma')} {_verb(len(sig), 'passes', 'pass')} the threshold for "
                               f"{escape_md(own)}" + (f" ({_list(sig['term'])})" if len(sig) else ""))
    top_t, top_r = sides[1], sides[-1]
    both = pd.concat([top_t, top_r], ignore_index=True)
    zero = both[both["zero_count"]]
    out["zero_sentence"] = md(
        (f"Among the lemmas listed, {plural(len(zero), 'lemma')} ({_list(zero['term'], 30)}) "
         f"{'has' if len(zero) == 1 else 'have'} a zero count on the other side; "
         f"{'its' if len(zero) == 1 else 'their'} Log Ratio is set by replacing 0 with {keyness.ZERO_CORRECTION}, "
         "not measured.") if len(zero) else "No lemma listed has a zero count on the other side.")
    strong_ns = both[(both["bic"] > 6) & ~both["significant"]]
    out["bic_sentence"] = md(
        (f"{plural(len(strong_ns), 'lemma')} listed ({_list(strong_ns['term'])}) "
         f"{'has' if len(strong_ns) == 1 else 'have'} BIC above 6 (\"strong\") without passing the corrected "
         "threshold: BIC weighs one comparison against the corpus size, the threshold guards the whole family "
         "of tested lemmas, so the two answer different questions.") if len(strong_ns) else
        "Every listed lemma with BIC above 6 also passes the corrected threshold.")
    # ---- per-article evidence
    key_terms = list(dict.fromkeys(list(top_t["term"]) + list(top_r["term"])))
    sub = counts.matrix[:, pd.Index(counts.terms).get_indexer(key_terms)].toarray()
    rates = pd.DataFrame(sub / counts.sizes[:, None] * 10_000, index=counts.docs, columns=key_terms)
    in_t = (groups == T).to_numpy()
    in_r = groups.isin(list(main.reference)).to_numpy()
    rows = []
    for term in key_terms:
        side = 1 if term in set(top_t["term"]) else -1
        res = docstats.compare(rates[term].to_numpy()[in_t], rates[term].to_numpy()[in_r])
        rows.append({"term": term, "key_for": T if side == 1 else R,
                     "rates_t": _rates_summary(rates[term].to_numpy()[in_t]),
                     "rates_r": _rates_summary(rates[term].to_numpy()[in_r]),
                     "outside": "yes" if res["outside"] == side else "no",
                     "mannwhitney_p": res["mannwhitney_p"], "welch_p": res["welch_p"],
                     "permutation_p": res["permutation_p"], "testable": res["testable"], "min_p": res["min_p"]})
    doc = pd.DataFrame(rows)
    headers = {"term": "Lemma", "key_for": "Key for", "rates_t": f"Per 10k, {T} articles",
               "rates_r": f"Per 10k, {R} articles", "outside": "Beyond the other side's range"}
    if doc["testable"].any():  # p columns only where a document-level test can be run at all
        headers.update({"mannwhitney_p": "Mann–Whitney p", "welch_p": "Welch p"})
        note = ("Rates per article: lowest to highest, with the median (one value for a single article). p: "
                "two-sided, per lemma, not corrected; the CSV adds the permutation p.")
    else:
        note = "Rates per article: lowest to highest, with the median (one value for a single article)."
    out["doc_table"] = tables.show(doc, headers, {"mannwhitney_p": _fmt_p, "welch_p": _fmt_p},
                                   name="keyness-per-article", note=note)
    out["fig_article_rates"] = __import__("corpusbook.plots", fromlist=["x"]).article_rates(
        rates[in_t | in_r], groups, order, colors)
    nt, nr = int(in_t.sum()), int(in_r.sum())
    min_p = docstats.min_mannwhitney_p(nt, nr)
    if docstats.testable(nt, nr):
        low = doc[doc["mannwhitney_p"] < DOC_ALPHA]
        out["doc_sentence"] = md(
            f"With {plural(nt, 'article')} in {escape_md(T)} and {number(nr)} in {escape_md(R)}, each lemma's per-article "
            f"rates can be compared across articles: {len(low)} of the {len(doc)} listed lemmas have a Mann–Whitney p "
            f"below {DOC_ALPHA} (uncorrected; smallest attainable p here {_fmt_p(min_p)})"
            + (f": {_list(low['term'])}." if len(low) else "."))
    else:
        small = T if nt < 2 else R
        out["doc_sentence"] = md(
            f"{escape_md(small)} has {plural(min(nt, nr), 'article')}, so no document-level test can be run: with "
            f"{number(nt)} against {number(nr)} articles the smallest two-sided p any exact rank test can reach is "
            f"{_fmt_p(min_p)}. The table shows instead whether the key side's articles all lie beyond the other "
            f"side's range: {int((doc['outside'] == 'yes').sum())} of {len(doc)} lemmas do.")
    # ---- leave one out
    loo = keyness.leave_one_out(tokens, "period", T, list(main.reference), n=top_n, max_docs=loo_max, seed=seed,
                                counts=counts)
    la = loo.attrs
    can = []
    if nt > 1:
        can.append(f"{escape_md(T)} ({number(la['runs_target'])} runs)")
    if nr > 1:
        can.append(f"{escape_md(R)} ({number(la['runs_ref'])} runs)")
    cannot = [escape_md(s) for s, n in ((T, nt), (R, nr)) if n == 1]
    if la["runs"] == 0:
        out["loo_sentence"] = md(f"Each side is a single article ({join(cannot)}), which cannot be left out.")
    else:
        sampled = (f"on a seeded sample of {number(la['runs'])} of the {number(la['candidates'])} articles that can "
                   f"be left out, seed {la['seed']}" if la["sampled"]
                   else f"on each of the {number(la['runs'])} articles that can be left out")
        sig_terms = loo[loo["significant"]]
        robust = loo[loo["stays_top"] == loo["runs"]]
        out["loo_sentence"] = md(
            f"Leaving out one article at a time ({sampled}); articles left out from {join(can)}"
            + (f"; {join(cannot)} {'is' if len(cannot) == 1 else 'are'} a single article and cannot be left out." if cannot else ".")
            + f" A lemma *stays significant* in a run if it still passes the recomputed threshold on the same side, "
            f"and *stays in the top {top_n}* if its G² is still at least that of the side's {top_n}th lemma (ties "
            f"count). Of the {len(loo)} listed lemmas, {len(robust)} stay in the top {top_n} in every run"
            + (f" ({_list(robust['term'], 30)})" if len(robust) else "")
            + (f"; of the {len(sig_terms)} that pass the threshold, {int((sig_terms['stays_significant'] == sig_terms['runs']).sum())} "
               "still pass in every run." if len(sig_terms) else "; none passes the threshold on the full data."))
    out["loo_table"] = tables.show(
        loo.assign(side=np.where(loo["direction"] > 0, T, R)),
        {"term": "Lemma", "side": "Key for", "g2": "G²", "runs": "Runs", "stays_significant": "Stays significant",
         "stays_top": f"Stays in top {top_n}", "dropped_by": "Loses significance without"},
        {"g2": ".1f"}, name="keyness-leave-one-out")
    # ---- figures
    pc = {T: colors[T], R: colors[main.reference[-1]]}
    from corpusbook import plots

    out["fig_diverging"] = plots.diverging_keyness(table, top_n, T, R, colors=pc)
    out["fig_cloud"] = plots.comparison_cloud(table, 40, T, R, colors=pc)
    # ---- similarity
    from sklearn.preprocessing import normalize

    unit = normalize(counts.matrix.astype(float), norm="l2", axis=1)
    sim = pd.DataFrame((unit @ unit.T).toarray(), index=counts.docs, columns=counts.docs)
    out["fig_similarity"] = plots.similarity_matrix(sim, groups, order, colors)
    wb = docstats.within_between(sim, groups)
    out["similarity_sentence"] = md(_similarity_sentence(wb, "period"))
    slices = pd.Series(counts.groups["slice"], index=counts.docs)
    wb_s = docstats.within_between(sim, slices)
    # moments that are the periods themselves would repeat the sentence above word for word
    same_split = (pd.crosstab(groups.to_numpy(), slices.to_numpy()) > 0).sum(axis=0).eq(1).all() and \
        (pd.crosstab(groups.to_numpy(), slices.to_numpy()) > 0).sum(axis=1).eq(1).all()
    out["slice_similarity_sentence"] = md("" if same_split else _similarity_sentence(wb_s, "moment"))
    # ---- slices and the summary of every comparison
    per_slice = keyness.each_group_vs_rest(tokens, "slice", n=6)
    slice_order = chronological(docs, "slice")
    lines = []
    for s in slice_order:
        rows_s = per_slice[per_slice["group"] == s]
        nd = int((slices == s).sum())
        nsig = int(rows_s["n_significant"].iloc[0]) if len(rows_s) else 0
        lines.append(f"**{escape_md(s)}** ({plural(nd, 'article')}): {_list(rows_s['term'], 6)}; "
                     f"{plural(nsig, 'lemma')} {_verb(nsig, 'passes', 'pass')} the threshold.")
    out["slice_list"] = md(bullets(lines))
    summary = []
    for comp in comps:
        k = table if comp == main else keyness.keyness(tokens, "period", comp.target, list(comp.reference), counts=counts)
        top = keyness.top_keywords(k, 5, 1, ties=True)
        summary.append({"comparison": comp.title,
                        "articles": f"{int(k['n_docs_target'].iloc[0]) if len(k) else 0} vs {int(k['n_docs_ref'].iloc[0]) if len(k) else 0}",
                        "tested": k.attrs["m_testable"],
                        "significant": int(((k["direction"] == 1) & k["significant"]).sum()),
                        "top": ", ".join(top["term"])})
    out["summary_table"] = tables.show(
        pd.DataFrame(summary), {"comparison": "Comparison", "articles": "Articles", "tested": "Lemmas tested",
                                "significant": "Key for the first, passing", "top": "Strongest key lemmas"},
        name="keyness-all-comparisons")
    # ---- KWIC
    kw = [t for t in list(top_t["term"].head(3)) + list(top_r["term"].head(3))]
    lines_kwic = pd.concat([kwic(tokens, data.corpus.paragraphs, t, window=7, max_lines=3).assign(term=t) for t in kw]
                           or [pd.DataFrame(columns=["term", "doc_id", "left", "keyword", "right"])], ignore_index=True)
    out["kwic_table"] = tables.show(lines_kwic, {"term": "Lemma", "doc_id": "Article", "left": "Left context",
                                                 "keyword": "Word", "right": "Right context"},
                                    name="keyness-kwic", align_right=["left"])
    n_sig_t = int(((table["direction"] == 1) & table["significant"]).sum())
    n_sig_r = int(((table["direction"] == -1) & table["significant"]).sum())
    out["takeaway"] = md(
        f"{plural(n_sig_t, 'lemma')} {_verb(n_sig_t, 'passes', 'pass')} the corrected threshold for {escape_md(T)} and {number(n_sig_r)} for "
        f"{escape_md(R)}; the strongest are {terms(top_t['term'].head(3), conj='and')} for {escape_md(T)} and "
        f"{terms(top_r['term'].head(3), conj='and')} for {escape_md(R)}. The token-level p ranks how surprising "
        "a count is; whether a difference holds across articles is what the per-article table shows.")
    out["top_t1"] = md(italic(top_t["term"].iloc[0])) if len(top_t) else "none"
    return out


def _similarity_sentence(wb, unit):
    if wb["n_within"] == 0 or wb["n_between"] == 0:
        return (f"Every {unit} has a single article, so similarity within a {unit} cannot be compared with similarity "
                f"between {unit}s." if wb["n_within"] == 0 else f"There is a single {unit}.")
    lo, hi = wb["within_range"]
    inside = lo <= wb["between"] <= hi
    rel = ("about as similar as articles of the same " + unit + " (the between mean lies within the within-" + unit
           + " range)") if inside else ("less similar than any pair within a " + unit if wb["between"] < lo
                                        else "more similar than any pair within a " + unit)
    return (f"Pairs of articles from the same {unit} have a mean cosine similarity of {wb['within']:.2f} "
            f"({plural(wb['n_within'], 'pair')}, {lo:.2f}–{hi:.2f}); pairs from different {unit}s "
            f"{wb['between']:.2f} ({plural(wb['n_between'], 'pair')}, {wb['between_range'][0]:.2f}–"
            f"{wb['between_range'][1]:.2f}). Articles of different {unit}s are on average {rel}.")
