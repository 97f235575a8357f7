"""Facts of the topics chapter: the units, the choice of k, the topics, their weight per article and
per period, and how far NMF and LDA agree, worded for any corpus.

:func:`findings` returns every number, sentence, table and figure the chapter shows. Periods come in
time order from :func:`corpusbook.periods.chronological`; the per-article comparison of topic shares
uses the latest consecutive pair of :func:`corpusbook.periods.comparisons`. A sentence whose premise
does not hold (one period, one article per side, a single seed, no gensim) is reworded or empty.
"""

from math import comb

import numpy as np
import pandas as pd

from corpusbook import tables
from corpusbook import topics as T
from corpusbook.periods import chronological, comparisons
from corpusbook.prose import escape_md, join, md, number, plural
from corpusbook.settings import SEED

#: |mean NPMI| below this is called "close to zero" (NPMI runs from −1 to 1; 0 is chance co-occurrence).
NEAR_ZERO = 0.1
#: A matched NMF–LDA pair is called similar from this cosine similarity of their word weights on.
SIMILAR_COSINE = 0.5
#: A topic "comes from one article" when more than this share of its weight lies in one article.
ONE_ARTICLE_SHARE = 0.5
#: Significance level for the permutation test of the dominant-topic agreement.
ALPHA = 0.05
#: Characters of a representative paragraph shown (the CSV has the whole text).
SNIPPET = 320

KEYS = ("units_sentence", "sweep_sentence", "choice_sentence", "runner_sentence", "spread_sentence",
        "npmi_sentence", "lda_sentence", "converged_sentence", "gensim_sentence", "k", "fig_k", "evidence_table",
        "topic_table", "topics_sentence", "fig_topic_terms", "article_sentence", "fig_articles", "article_table",
        "article_range_sentence", "fig_prevalence", "width_sentence", "single_note", "reps_table",
        "pairs_sentence", "agreement_sentence", "agreement_table", "takeaway")


def _pct(x):
    return "—" if not np.isfinite(x) else f"{100 * x:.0f}%"


def _p(p):
    return "—" if p is None or not np.isfinite(p) else (f"{p:.2g}" if p >= 0.001 else f"{p:.1e}")


def _is_are(n):
    return "is" if n == 1 else "are"


def _labelled(topics_, labels):
    """``topic 3 (*a · b · c*)``, ``topics 1 (*…*) and 4 (*…*)``."""
    topics_ = list(topics_)
    return ("topic " if len(topics_) == 1 else "topics ") + join([f"{t} (*{escape_md(labels[t])}*)" for t in topics_])


def _f3(x):
    """Three decimals with a real minus sign."""
    return f"{x:.3f}".replace("-", "−")


def _empty(message):
    from corpusbook import plots

    out = {key: md("") for key in KEYS}
    out["k"] = "—"
    out["units_sentence"] = md(message)
    for key in ("fig_k", "fig_topic_terms", "fig_articles", "fig_prevalence"):
        out[key] = plots.placeholder("Too few units for a topic model.")
    for key in ("evidence_table", "topic_table", "article_table", "reps_table", "agreement_table"):
        out[key] = tables.show(pd.DataFrame({"note": ["too few units"]}), {"note": "Note"}, name=key)
    return out


def findings(data, k_range=T.K_RANGE, seeds=T.STABILITY_SEEDS, n_boot=1000, labels_path=None, gensim=True,
             n_jobs=None):
    """Everything the topics chapter states, for any number of periods, articles and paragraphs.

    Parameters
    ----------
    data : corpusbook.book.BookData
    k_range, seeds :
        The k sweep (:func:`corpusbook.topics.select_k`).
    n_boot : int
        Bootstrap resamples of the prevalence intervals.
    labels_path : path-like, optional
        Hand-written topic labels (default ``corpus/topic_labels.csv`` of the project, if it exists).
    gensim : bool
        Compare the book's NPMI with gensim's ``c_npmi`` when gensim is installed.

    Returns
    -------
    dict
        name → value (Markdown sentences, tables, figures); the names are listed in :data:`KEYS`.
    """
    from corpusbook import plots

    docs = data.documents
    order = chronological(docs)
    units = T.make_units(data.tokens)
    n_docs, n_units = len(docs), len(units.table)
    merged = int((units.table["paragraphs"].map(len) > 1).sum()) if n_units else 0
    units_sentence = (
        f"The corpus has {plural(n_docs, 'article')}. Paragraphs with fewer than {T.MIN_TERMS} content lemmas are merged into "
        f"the next paragraph of the same article ("
        + (f"{plural(merged, 'unit')} {_is_are(merged)} such merges" if merged else "no paragraph is that short")
        + "), so no text "
        f"is lost. That gives {plural(n_units, 'paragraph unit')}"
        + (f" with a median of {number(units.table['n_terms'].median())} content lemmas each; the vocabulary is the "
           f"{number(len(units.vocab))} lemmas that occur in at least two units." if n_units else "."))
    if len(T.k_grid(n_units, k_range)) == 0:
        return _empty(units_sentence + f" A topic model needs at least three units; this corpus has {number(n_units)}.")
    out = {"units_sentence": md(units_sentence)}

    # ---- the k sweep
    evidence = T.select_k(units, k_range, seeds, n_jobs=n_jobs)
    sample = evidence.attrs["sample"]
    sampled = len(sample) < n_units
    k = T.choose_k(evidence)
    out["k"] = str(k)
    ks = list(evidence["k"])
    seeds_text = plural(len(seeds), "seed")
    out["sweep_sentence"] = md(
        f"For each k from {ks[0]} to {ks[-1]}, NMF is fitted with {seeds_text} "
        + (f"on a seeded sample of {number(len(sample))} of the {number(n_units)} paragraph units (seed {SEED}; at "
           f"most {number(T.SWEEP_MAX_UNITS)} units and {number(T.SWEEP_MAX_TERMS)} content lemmas), so the sweep "
           f"costs the same whatever the size of the corpus, and its coherence is measured on that sample; the chosen "
           f"model is then fitted to all {number(n_units)} units." if sampled else
           f"on all {plural(n_units, 'paragraph unit')}."))
    row = evidence.set_index("k").loc[k]
    eligible = evidence[evidence["stability"] >= T.MIN_STABILITY]
    if len(eligible):
        best = eligible[eligible["coherence"] == eligible["coherence"].max()]
        tie = (f" (k = {join(map(str, best['k']))} tie on mean coherence; the smaller is taken)" if len(best) > 1 else "")
        out["choice_sentence"] = md(
            f"{plural(len(eligible), 'value')} of k {'reaches' if len(eligible) == 1 else 'reach'} a stability of at "
            f"least {T.MIN_STABILITY}; among them the highest coherence, averaged over the seeds, is at "
            f"**k = {k}**{tie}: mean NPMI {_f3(row['coherence'])}"
            + (f" (from {_f3(row['coherence_min'])} to {_f3(row['coherence_max'])} across the seeds)" if len(seeds) > 1 else "")
            + f", stability {row['stability']:.2f}.")
        rest = eligible[eligible["k"] != k].sort_values(["coherence", "k"], ascending=[False, True])
        if len(rest) and len(seeds) > 1:
            r = rest.iloc[0]
            gap = row["coherence"] - r["coherence"]
            spread = row["coherence_max"] - row["coherence_min"]
            out["runner_sentence"] = md(
                f"The runner-up, k = {int(r['k'])}, has a mean NPMI {gap:.3f} lower ({_f3(r['coherence'])}); "
                + (f"that gap is smaller than the seed-to-seed range at k = {k} ({spread:.3f}), so the choice between "
                   "the two is within the variation between seeds." if gap < spread else
                   f"that gap is larger than the seed-to-seed range at k = {k} ({spread:.3f})."))
        else:
            out["runner_sentence"] = md("")
    else:
        out["choice_sentence"] = md(
            f"No k reaches a stability of {T.MIN_STABILITY}, so the most stable is taken: **k = {k}** (stability "
            f"{row['stability']:.2f}, mean NPMI {_f3(row['coherence'])}).")
        out["runner_sentence"] = md("")
    ranges = evidence["coherence_max"] - evidence["coherence_min"]
    widest = int(evidence.loc[ranges.idxmax(), "k"])
    out["spread_sentence"] = md(
        f"From seed to seed, the coherence at one k varies by as much as {ranges.max():.3f} (highest minus lowest of "
        f"the {len(seeds)} seeds, at k = {widest}); at k = {k} by {row['coherence_max'] - row['coherence_min']:.3f}. "
        "Differences between values of k smaller than that are within the variation between seeds."
        if len(seeds) > 1 else "With a single seed there is no seed-to-seed spread to show.")
    runs = evidence.attrs["runs"]
    out["fig_k"] = plots.k_selection(evidence, runs, chosen=k, min_stability=T.MIN_STABILITY)
    out["evidence_table"] = tables.show(
        evidence, {"k": "k", "coherence": "Mean NPMI over seeds", "coherence_sd": "SD over seeds",
                   "coherence_min": "Lowest seed", "coherence_max": "Highest seed", "stability": "Stability",
                   "converged": "All runs converged"},
        {c: ".3f" for c in ("coherence", "coherence_sd", "coherence_min", "coherence_max", "stability")},
        name="topics-k-selection",
        note="NPMI: mean over the topics of one run; stability: mean best-match cosine over pairs of seeds.")

    # ---- the chosen model on every unit, and LDA at the same k
    nmf = T.fit(units, k, "nmf", SEED)
    lda_on = units.subset(sample) if sampled else units
    lda = T.fit(lda_on, k, "lda", SEED, apply_to=units if sampled else None)
    vocab = units.vocab
    reference = T.WindowCounts(units.texts)
    top10 = T.top_terms(nmf.topic_term, vocab, 10)
    coh = reference.npmi(top10)
    lda_coh = reference.npmi(T.top_terms(lda.topic_term, vocab, 10))
    mean_coh = float(np.mean(coh))
    n_neg = int((coh < 0).sum())
    near = abs(mean_coh) < NEAR_ZERO
    out["npmi_sentence"] = md(
        f"The book's model at k = {k} (seed {SEED}, fitted to every unit) has topics with a mean NPMI of {_f3(mean_coh)}"
        + (f", close to zero on a scale from −1 to 1 (within {NEAR_ZERO} of it): on average their top words occur "
           "together in ten-word windows little more often than chance would have them" if near else "")
        + "; " + (f"none of the {k} topics has a negative NPMI." if n_neg == 0 else
                  f"{n_neg} of the {k} topics {'has' if n_neg == 1 else 'have'} a negative NPMI (top words found together "
                  "less often than chance)."))
    compare = "higher than" if lda_coh.mean() > mean_coh else "lower than" if lda_coh.mean() < mean_coh else "equal to"
    out["lda_sentence"] = md(
        f"LDA, fitted once at k = {k} (seed {SEED}"
        + (", on the same sample, then applied to every unit" if sampled else "")
        + f"), has a mean NPMI of {_f3(lda_coh.mean())}, {compare} NMF's {_f3(mean_coh)} for the same units.")
    out["converged_sentence"] = md(
        ("Every NMF run of the sweep converged" if evidence["converged"].all() else
         f"Some NMF runs stopped at the cap of {number(T.NMF_MAX_ITER)} iterations before converging (column "
         "*All runs converged*)")
        + ("; LDA converged." if lda.converged else
           f"; LDA stopped at its cap of {T.LDA_MAX_ITER} passes before its perplexity rule was met."))
    out["gensim_sentence"] = md(_gensim_sentence(top10, units.texts, mean_coh) if gensim else "")

    # ---- the topics
    from corpusbook.settings import corpus_dir

    try:
        path = labels_path or corpus_dir() / "topic_labels.csv"
    except FileNotFoundError:
        path = None
    overrides = T.load_label_overrides(path, "nmf", k) if path else {}
    labels = T.topic_labels(nmf.topic_term, vocab, n=3, overrides=overrides)
    prevalence = np.average(nmf.doc_topic, axis=0, weights=units.table["n_terms"])
    topic_table = pd.DataFrame({"topic": range(k), "label": labels, "top_terms": [", ".join(t) for t in top10],
                                "coherence": coh, "prevalence": prevalence * 100})
    out["topic_table"] = tables.show(
        topic_table, {"topic": "Topic", "label": "Label", "top_terms": "Top ten lemmas", "coherence": "NPMI",
                      "prevalence": "% of content"}, {"coherence": ".2f", "prevalence": ".1f"}, name="topics")
    big = _top_ties(prevalence, 100, 0)
    coherent = _top_ties(coh, 1, 2)
    out["topics_sentence"] = md(
        f"The largest {'is' if len(big) == 1 else 'are'} {_labelled(big, labels)}"
        + f" ({'tied at ' if len(big) > 1 else ''}{prevalence[big[0]]:.0%} of the content)"
        + f"; the most coherent {'is' if len(coherent) == 1 else 'are'} {_labelled(coherent, labels)} "
        + f"({'tied at ' if len(coherent) > 1 else ''}NPMI {coh[coherent[0]]:.2f})".replace("-", "−") + ".")
    out["fig_topic_terms"] = plots.topic_terms(nmf.topic_term, vocab, labels)

    # ---- per article
    shares = T.document_shares(units, nmf.doc_topic)
    period_of = docs.set_index("doc_id")["period"]
    weight = units.table.groupby("doc_id")["n_terms"].sum().reindex(shares.index)
    mass = shares.mul(weight, axis=0)
    from_one = (mass.max(axis=0) / mass.sum(axis=0).replace(0, np.nan)).fillna(0).to_numpy()
    conc = [t for t in range(k) if from_one[t] > ONE_ARTICLE_SHARE]
    weighted = shares.sum(axis=1) > 0
    dominant = shares[weighted].idxmax(axis=1)
    if len(shares) == 1:
        out["article_sentence"] = md("With a single article, every topic is a part of that article.")
    else:
        out["article_sentence"] = md(
            f"The {plural(len(shares), 'article')} have {plural(dominant.nunique(), 'different dominant topic')}. "
            + (f"{len(conc)} of the {k} topics draw more than half of their weight from a single article "
               f"({_labelled(conc, labels) if len(conc) <= 12 else plural(len(conc), 'topic')}): such a topic describes "
               "one article rather than a theme shared across articles." if conc else
               f"None of the {k} topics draws more than half of its weight from a single article."))
    out["fig_articles"] = plots.article_shares(shares, period_of, order, labels)
    art = shares.reset_index(drop=True)
    art.columns = [f"topic_{t}" for t in range(k)]
    values = shares.to_numpy()
    ranked = np.argsort(-values, axis=1, kind="stable")
    first, second = ranked[:, 0], ranked[:, 1] if k > 1 else ranked[:, 0]
    has = weighted.to_numpy()
    art.insert(0, "period", period_of.reindex(shares.index).to_numpy())
    art.insert(0, "doc_id", shares.index.astype(str))
    art.insert(2, "dominant", [f"{t}: {labels[t]}" if h else "—" for t, h in zip(first, has)])
    art.insert(3, "dominant_share", np.where(has, values[np.arange(len(values)), first], np.nan))
    art.insert(4, "second", [f"{t}: {labels[t]}" if h else "—" for t, h in zip(second, has)])
    art.insert(5, "second_share", np.where(has, values[np.arange(len(values)), second], np.nan))
    rank = {p: i for i, p in enumerate(order)}
    art = art.assign(_rank=art["period"].map(rank)).sort_values(["_rank", "doc_id"], kind="stable").drop(columns="_rank")
    out["article_table"] = tables.show(
        art, {"doc_id": "Article", "period": "Period", "dominant": "Dominant topic", "dominant_share": "Its share",
              "second": "Second topic", "second_share": "Its share "},
        {"dominant_share": ".2f", "second_share": ".2f"}, name="topics-per-article", interactive=len(art) > 15,
        note="Share of the article's content in its two largest topics; the CSV has every topic's share.")
    out["article_range_sentence"] = md(_range_sentence(shares, period_of, docs, labels))

    # ---- per period, with uncertainty
    prev_doc = T.prevalence(units, nmf.doc_topic, by="period", resample="doc_id", n_boot=n_boot)
    prev_unit = T.prevalence(units, nmf.doc_topic, by="period", resample="unit", n_boot=n_boot)
    out["fig_prevalence"] = plots.prevalence_intervals(prev_doc, prev_unit, labels, order)
    out["width_sentence"] = md(interval_comparison(prev_doc, prev_unit, order))
    single = [p for p in order if int((docs["period"] == p).sum()) == 1]
    out["single_note"] = md(
        (f"{join([escape_md(p) for p in single])} {'has' if len(single) == 1 else 'each have'} one article, so "
         f"{'its' if len(single) == 1 else 'their'} article-bootstrap interval collapses to a point: there is no second "
         "article to tell how much another one would differ.") if single else
        ("Every period has more than one article." if len(order) > 1 else ""))

    # ---- representative paragraphs
    reps = T.representative_units(units, nmf.doc_topic, data.corpus.paragraphs, n=1)
    reps = reps.assign(label=[labels[t] for t in reps["topic"]],
                       excerpt=[t if len(t) <= SNIPPET else t[:SNIPPET].rstrip() + " …" for t in reps["text"]])
    out["reps_table"] = tables.show(
        reps[["topic", "label", "share", "doc_id", "paragraphs", "excerpt", "text"]],
        {"topic": "Topic", "label": "Label", "share": "Share", "doc_id": "Article", "excerpt": "Paragraph (start)"},
        {"share": ".2f"}, name="topics-representative",
        note=f"The unit with the highest share of each topic; the first {SNIPPET} characters (the CSV has the whole text).")

    # ---- NMF and LDA
    agreement = T.compare_models(nmf, lda, vocab)
    strong = agreement[agreement["cosine"] >= SIMILAR_COSINE]
    pair_text = [f"NMF {r.nmf_topic} ~ LDA {r.lda_topic} ("
                 + (", ".join(f"*{escape_md(w)}*" for w in r.shared_terms.split(", ")[:3]) if r.shared_terms else
                    "no shared top terms") + ")" for r in strong.itertuples()]
    out["pairs_sentence"] = md(
        f"Matching LDA's topics to NMF's one to one by the cosine similarity of their word weights, "
        f"{len(strong)} of the {k} pairs reach {SIMILAR_COSINE} or more" + (f": {'; '.join(pair_text)}." if len(strong) else "."))
    a = agreement.attrs["agreement"]
    above = a["p_permutation"] < ALPHA and a["kappa"] > 0
    out["agreement_sentence"] = md(
        f"For {_pct(a['observed'])} of the {number(a['n'])} units the two models pick matched dominant topics. If the "
        f"two models' choices were independent, their topic frequencies alone would give {_pct(a['chance'])} (Cohen's "
        f"κ = {a['kappa']:.2f}, where 0 is chance and 1 full agreement). "
        + (f"In {number(a['n_perm'])} seeded shuffles of the LDA choices, agreement as high as observed came up with "
           f"p = {_p(a['p_permutation'])}: the models agree more often than chance"
           + (", but far from fully." if a["kappa"] < 0.5 else ".") if above else
           f"In {number(a['n_perm'])} seeded shuffles of the LDA choices, agreement as high as observed came up with "
           f"p = {_p(a['p_permutation'])}: the models agree no more often than chance would have them.")
        + " The shuffles treat units as independent; paragraphs of one article are not, so this p is optimistic.")
    out["agreement_table"] = tables.show(
        agreement, {"nmf_topic": "NMF topic", "lda_topic": "LDA topic", "cosine": "Cosine",
                    "shared_terms": "Shared top terms", "nmf_terms": "NMF top terms", "lda_terms": "LDA top terms"},
        {"cosine": ".2f"}, name="topics-nmf-lda")

    # ---- takeaway
    out["takeaway"] = md(
        (f"On {plural(n_docs, 'article')}, {len(conc)} of the {k} topics come mostly from a single article, so a topic "
         "that is more prevalent in one period is often a topic of one article. " if conc and n_docs > 1 else "")
        + f"The topics' mean NPMI is {_f3(mean_coh)}"
        + (" (close to zero)" if near else "")
        + f", {n_neg} of the {k} topics have a negative NPMI, and NMF and LDA pick matched dominant topics for "
        f"{_pct(a['observed'])} of the units against {_pct(a['chance'])} by chance"
        + (" — more than chance, " + ("far from full agreement." if a["kappa"] < 0.5 else "but not full agreement.")
           if above else " — no more than chance."))
    return out


def _top_ties(values, scale, digits):
    """The topics sharing the highest value (compared as shown: ``round(value * scale, digits)``)."""
    shown = np.round(np.asarray(values) * scale, digits)
    return [int(t) for t in np.flatnonzero(shown == shown.max())]


def _range_sentence(shares, period_of, docs, labels):
    """Per-article evidence for the latest period change: topics whose shares in every later article
    lie beyond the range of the earlier period's articles."""
    comps = [c for c in comparisons(docs) if c.kind == "consecutive"]
    if not comps:
        return ""
    c = comps[-1]
    target, ref = c.target, c.reference[0]
    per = period_of.reindex(shares.index)
    st, sr = shares[per == target], shares[per == ref]
    if len(st) == 0 or len(sr) == 0:
        return ""
    k = shares.shape[1]
    higher = [t for t in range(k) if st.iloc[:, t].min() > sr.iloc[:, t].max()]
    lower = [t for t in range(k) if st.iloc[:, t].max() < sr.iloc[:, t].min()]
    n_t, n_r = len(st), len(sr)
    T_, R_ = escape_md(target), escape_md(ref)
    every = "its article's share" if n_t == 1 else f"the share of every {T_} article"
    s = (f"Per article, {T_} ({plural(n_t, 'article')}) against {R_} ({plural(n_r, 'article')}): for "
         f"{len(higher) + len(lower) or 'none'} of the {k} topics {every} lies beyond the range of the {R_} articles"
         + (f" — higher for {_labelled(higher, labels)}" if higher else "")
         + (f"{';' if higher else ' —'} lower for {_labelled(lower, labels)}" if lower else "") + ". ")
    if not higher and not lower:
        s += "Every difference between the two periods' prevalence lies within the spread of their articles. "
    if min(n_t, n_r) == 1:
        s += ("With a single article on one side, this compares one article with the others, not two periods.")
    else:
        s += ("Only a topic beyond the other period's range in every article is a difference the articles agree on.")
    return s


def interval_comparison(prev_doc, prev_unit, order=None):
    """One sentence per multi-article period comparing the two bootstraps' mean interval widths.

    Periods of one article are left out (their article-bootstrap interval has width zero). The
    number of distinct article resamples, ``C(2n-1, n)`` for ``n`` articles, says how coarse the
    article bootstrap is: with few articles the "95%" interval is little more than the range of the
    articles' values.
    """
    groups = order or sorted(prev_doc["group"].unique())
    parts = []
    for group in groups:
        rows = prev_doc[prev_doc["group"] == group]
        if rows.empty:
            continue
        n = int(rows["n_resampled"].iloc[0])
        if n < 2:
            continue
        w_doc = float((rows["high"] - rows["low"]).mean())
        unit_rows = prev_unit[prev_unit["group"] == group]
        w_unit = float((unit_rows["high"] - unit_rows["low"]).mean())
        distinct = comb(2 * n - 1, n)
        few = distinct < 1000
        parts.append(
            f"In {escape_md(group)} ({plural(n, 'article')}"
            + (f", so only {number(distinct)} distinct article resamples" if few else "")
            + f") the intervals are on average {w_doc:.2f} wide resampling articles and {w_unit:.2f} resampling "
              "paragraphs"
            + (": about the same." if round(w_unit, 2) == round(w_doc, 2) else
               ": here the paragraphs vary more than the articles do." if w_unit > w_doc else
               ": the articles differ more than their paragraphs suggest.")
            + (" With so few articles, \"95%\" overstates the coverage of the article interval." if few else ""))
    return " ".join(parts) or "No period has more than one article, so no article bootstrap is possible."


def _gensim_sentence(top, texts, ours):
    """gensim's ``c_npmi`` for the same topics and reference texts, beside the book's NPMI."""
    try:
        from gensim.corpora import Dictionary
        from gensim.models.coherencemodel import CoherenceModel
    except ImportError:
        return ""
    cm = CoherenceModel(topics=top, texts=texts, dictionary=Dictionary(texts), coherence="c_npmi", window_size=10,
                        topn=len(top[0]), processes=1)
    theirs = float(np.nanmean(cm.get_coherence_per_topic()))
    same = round(theirs, 3) == round(ours, 3)
    return (f"For comparison, gensim's `c_npmi` on the same topics and paragraphs gives {_f3(theirs)}"
            + (" as well." if same else
               f" against the book's {_f3(ours)}: gensim's sliding window un-marks a word when it leaves the window "
               "even if the word occurs again inside it, so words repeated within ten tokens are undercounted "
               "(see the methods chapter)."))
