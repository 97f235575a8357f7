"""Facts of the frequencies chapter: the most frequent lemmas, per period, bigrams, TF-IDF, word clouds.

:func:`findings` words every sentence for any corpus: one or many periods (every period's own
words among the top ``n``, not only the first and the last), ties at cut-offs, any number of
articles (the TF-IDF caveat names the real number of distinct idf values).
"""


from corpusbook import describe, frequency, plots, tables
from corpusbook.facts.intro import period_label
from corpusbook.periods import chronological
from corpusbook.prose import bullets, escape_md, italic, join, md, number, plural, terms, top_with_ties
from corpusbook.settings import PERIOD_COLUMN, SEED

#: Lemmas in the overall top list and in each period's list.
TOP = 20
PER_PERIOD = 15
#: Lemmas per word cloud, and how much more often a word must occur in its period than elsewhere.
CLOUD_TERMS = 60
CLOUD_RATIO = 2.0
#: TF-IDF terms per article.
TFIDF_TOP = 8


def _names(items, limit=12):
    items = list(items)
    shown = terms(items[:limit], conj="and") if len(items) <= limit else (
        terms(items[:limit]) + f" and {len(items) - limit} more")
    return shown


def top_facts(overall):
    out = {}
    if overall.empty:
        out["top_sentence"] = md("The corpus has no content lemma.")
        return out
    top = top_with_ties(overall, "count", TOP, key="term")
    extra = top.attrs.get("n_tied_extra", 0)
    first_count = top["count"].iloc[0]
    leaders = top.loc[top["count"] == first_count, "term"].tolist()
    rest = top[top["count"] < first_count].head(4)["term"].tolist()
    rate = f"{number(top['per_10k'].iloc[0])} per 10,000 tokens"
    text = (f"The most frequent content lemma is {italic(leaders[0])} ({rate})" if len(leaders) == 1 else
            f"The most frequent content lemmas are {terms(leaders, conj='and')} (tied, {rate} each)")
    text += f", followed by {terms(rest, conj='and')}." if rest else "."
    n_docs = int(top["n_docs"].iloc[0])
    everywhere = int((top["doc_freq"] == top["n_docs"]).sum())
    label = (f"top {number(TOP)}" if not extra else
             f"top {number(TOP)} lemmas ({number(len(top))} with the {number(extra)} tied at the cut-off)")
    if n_docs > 1:
        text += (f" None of the {label} occurs in every article." if everywhere == 0 else
                 f" {number(everywhere)} of the {label} occur{'s' if everywhere == 1 else ''} in every article.")
        dp = top.dropna(subset=["dp"])
        if len(dp) > 1 and dp["dp"].max() > dp["dp"].min():
            lo, hi = dp["dp"].min(), dp["dp"].max()
            even = dp.loc[dp["dp"] == lo, "term"].tolist()
            uneven = dp[dp["dp"] == hi]
            one = len(even) == 1
            text += (f" The most evenly spread {'is' if one else 'are'} {terms(even, conj='and')} "
                     f"({'' if one else 'tied, '}DP {number(lo, 2)}); ")
            if len(uneven) == 1:
                text += (f"the least even among them is {italic(uneven['term'].iloc[0])} (DP {number(hi, 2)}, in "
                         f"{plural(int(uneven['doc_freq'].iloc[0]), 'article')}): its frequency owes much to few articles.")
            else:
                text += (f"the least even among them are {terms(uneven['term'], conj='and')} (tied, DP {number(hi, 2)}): "
                         f"their frequency owes much to few articles.")
    out["top_sentence"] = md(text)
    out["top_table"] = tables.show(
        top, {"term": "Lemma", "count": "Occurrences", "per_10k": "Per 10k tokens", "range": "Articles",
              "dp": "DP (0 even, 1 in one article)"}, formats={"per_10k": ".1f", "dp": ".2f"}, name="top-lemmas",
        note="— : DP is undefined for a corpus of one article." if top["dp"].isna().any() else None)
    return out


def period_facts(by_period, order, n_docs, n=PER_PERIOD):
    """Each period's own words among the top ``n`` (in no other period's top ``n``), for every period."""
    out = {}
    tops = {p: set(top_with_ties(by_period[by_period[PERIOD_COLUMN] == p], "count", n, key="term")["term"]) for p in order}
    if len(order) < 2:
        out["own_words"] = md(f"The corpus has one period ({escape_md(order[0]) if order else 'none'}): there are no "
                              f"other periods to set its list against.")
        return out
    lines, owns = [], {}
    for p in order:
        others = set().union(*(tops[q] for q in order if q != p))
        rows = by_period[(by_period[PERIOD_COLUMN] == p) & by_period["term"].isin(tops[p] - others)]
        own = rows["term"].tolist()  # in the period's frequency order
        owns[p] = own
        lines.append(f"{period_label(p, n_docs)}: {_names(own) if own else 'none: every word of its list is in another period’s list'}")
    out["own_words"] = md(
        f"Words in a period's top {number(n)} (ties at the cut-off included) that are in no other period's top "
        f"{number(n)}:\n\n" + bullets(lines))
    out["_own"] = owns
    shown = by_period.groupby(PERIOD_COLUMN, sort=False).head(10)
    shown = shown.assign(_o=shown[PERIOD_COLUMN].map({p: i for i, p in enumerate(order)})).sort_values(
        ["_o", "count", "term"], ascending=[True, False, True]).drop(columns="_o")
    out["period_table"] = tables.show(
        shown, {PERIOD_COLUMN: "Period", "term": "Lemma", "count": "Occurrences", "per_10k": "Per 10k tokens",
                "range": "Articles", "dp": "DP"}, formats={"per_10k": ".1f", "dp": ".2f"}, name="top-lemmas-by-period",
        interactive=len(shown) > 20, note="The ten most frequent lemmas of each period." + (
            " — : DP is undefined for a period of one article." if shown["dp"].isna().any() else ""))
    return out


def bigram_facts(tokens):
    out = {}
    bigrams = frequency.ngram_table(tokens, n=2)
    if bigrams.empty:
        out["bigram_sentence"] = md("No pair of adjacent content lemmas occurs twice.")
        out["bigram_table"] = md("")
        return out
    best = bigrams["count"].max()
    lead = bigrams.loc[bigrams["count"] == best, "term"].tolist()
    out["bigram_sentence"] = md(
        f"{plural(len(bigrams), 'bigram')} {'occurs' if len(bigrams) == 1 else 'occur'} at least twice; the most frequent "
        f"{'is' if len(lead) == 1 else 'are'} {terms(lead, conj='and')} "
        f"({'tied, ' if len(lead) > 1 else ''}{plural(int(best), 'time')}{' each' if len(lead) > 1 else ''}).")
    top = top_with_ties(bigrams, "count", 15, key="term")
    out["bigram_table"] = tables.show(
        top, {"term": "Bigram", "count": "Occurrences", "per_10k": "Per 10k tokens", "range": "Articles"},
        formats={"per_10k": ".1f"}, name="bigrams")
    return out


def tfidf_facts(tokens, n_articles):
    out = {}
    tfidf = frequency.tfidf_table(tokens, top=TFIDF_TOP)
    if n_articles < 2:
        out["tfidf_sentence"] = md("With a single article, every term has the same idf: TF-IDF ranks by count alone.")
    else:
        limited = " only" if n_articles <= 20 else ""
        out["tfidf_sentence"] = md(
            f"The idf of a term depends only on how many of the {plural(n_articles, 'article')} use it, so it can take"
            f"{limited} {number(n_articles)} values; frequent names that occur everywhere still rank high, and the "
            f"lower ranks show what is particular.")
    shared = tfidf.groupby("term")["doc_id"].nunique()
    n_shared = int((shared > 1).sum())
    out["tfidf_shared"] = md(
        "" if n_articles < 2 else
        f"No term appears in the top {number(TFIDF_TOP)} of more than one article." if n_shared == 0 else
        f"{plural(n_shared, 'term')} {'appears' if n_shared == 1 else 'appear'} in the top {number(TFIDF_TOP)} of more than "
        f"one article.")
    per_doc = (tfidf.sort_values(["doc_id", "rank"]).groupby("doc_id")["term"]
               .agg(lambda s: ", ".join(s)).reset_index())
    out["tfidf_table"] = tables.show(
        per_doc, {"doc_id": "Article", "term": f"Top {TFIDF_TOP} terms by TF-IDF, strongest first"},
        name="tfidf", interactive=len(per_doc) > 10)
    return out


def cloud_facts(data, by_period, order):
    out = {}
    sizes = data.tokens.groupby(PERIOD_COLUMN).size()
    if len(order) > 1:
        words = describe.distinctive_terms(by_period, PERIOD_COLUMN, sizes, min_ratio=CLOUD_RATIO)
        counts = words.groupby(PERIOD_COLUMN).size()
        out["cloud_sentence"] = md(
            f"Each cloud holds a period's distinctive words: content lemmas that occur at least twice in the period "
            f"and at least {'twice' if CLOUD_RATIO == 2 else number(CLOUD_RATIO, 1) + ' times'} as often (per 10,000 tokens) as in the other periods together, "
            f"so the words all periods share drop out. Size is the rate in the period (at most {number(CLOUD_TERMS)} "
            f"words per cloud). " + "; ".join(
                f"{period_label(p, data.documents.groupby(PERIOD_COLUMN).size())} has "
                f"{plural(int(counts.get(p, 0)), 'such word')}" for p in order) + ".")
        subtitle = lambda g, rows: f"{int(counts.get(g, 0))} distinctive words"  # noqa: E731
    else:
        words = by_period
        out["cloud_sentence"] = md(
            f"With one period there is nothing to set its words against: the cloud shows its {number(CLOUD_TERMS)} most "
            f"frequent content lemmas, sized by rate per 10,000 tokens.")
        subtitle = None
    out["fig_clouds"] = plots.wordclouds_by_group(words, PERIOD_COLUMN, n=CLOUD_TERMS, seed=SEED, order=order,
                                                  subtitle=subtitle, n_docs=data.documents.groupby(PERIOD_COLUMN).size())
    return out


def findings(data):
    """Everything the frequencies chapter states.

    Parameters
    ----------
    data : corpusbook.book.BookData

    Returns
    -------
    dict
        Sentences (Markdown), tables (:func:`corpusbook.tables.show`) and the figures
        ``fig_top_by_period`` and ``fig_clouds``.
    """
    docs, tokens = data.documents, data.tokens
    order = chronological(docs)
    n_docs = docs.groupby(PERIOD_COLUMN).size().to_dict()
    overall = data.frequencies()
    by_period = data.frequencies(by=PERIOD_COLUMN)
    out = {}
    out.update(top_facts(overall))
    out["fig_top_by_period"] = plots.top_terms_by_group(by_period, PERIOD_COLUMN, n=PER_PERIOD, order=order)
    out.update(period_facts(by_period, order, n_docs))
    own = out.pop("_own", {})
    out.update(bigram_facts(tokens))
    out.update(tfidf_facts(tokens, tokens["doc_id"].nunique()))
    out.update(cloud_facts(data, by_period, order))
    leaders = overall.loc[overall["count"] == overall["count"].max(), "term"].tolist() if len(overall) else []
    lead = ""
    if leaders:
        led = f"the vocabulary is led by {terms(leaders, conj='and')}{' (tied)' if len(leaders) > 1 else ''}."
        lead = (f"Across {plural(len(order), 'period')} ({join([period_label(p, n_docs) for p in order])}), {led}"
                if len(order) > 1 else led[0].upper() + led[1:])
    marks = [f"{terms(own[p][:3], conj='and')} in {period_label(p, n_docs)}" for p in order if own.get(p)]
    out["takeaway"] = md(lead + (
        f" The most frequent words that no other period's top {number(PER_PERIOD)} shares are " + "; ".join(marks)
        + ". The clouds of distinctive words and the tests of the comparison chapter go further." if marks else ""))
    return out
