"""Frequency, dispersion, keyness and KWIC: hand-computed values and invariants."""

import math

import numpy as np
import pandas as pd
import pytest
from conftest import toy_tokens
from hypothesis import given, settings
from hypothesis import strategies as st

from corpusbook import frequency as F
from corpusbook import keyness as K
from corpusbook.counts import top_with_ties
from corpusbook.errors import CorpusError
from corpusbook.kwic import kwic

# --- G², Log Ratio, %DIFF, BIC ---------------------------------------------------------------


def test_g2_worked_example():
    # 100 in 10,000 vs 50 in 10,000: E = 75 each; G² = 2(100 ln(100/75) + 50 ln(50/75)) = 16.99
    expected = 2 * (100 * math.log(100 / 75) + 50 * math.log(50 / 75))
    assert K.log_likelihood(100, 50, 10_000, 10_000) == pytest.approx(expected)
    assert round(float(K.log_likelihood(100, 50, 10_000, 10_000)), 2) == 16.99


def test_g2_unequal_sizes_hand_computed():
    # a=10 in c=1000, b=5 in d=4000: E1 = 1000*15/5000 = 3, E2 = 12
    expected = 2 * (10 * math.log(10 / 3) + 5 * math.log(5 / 12))
    assert float(K.log_likelihood(10, 5, 1000, 4000)) == pytest.approx(expected)


def test_g2_against_scipy_power_divergence():
    """Independent oracle: the two-term G² equals scipy's lambda_="log-likelihood" over the two observed cells."""
    from scipy.stats import power_divergence

    for a, b, c, d in [(100, 50, 10_000, 10_000), (7, 0, 1130, 3836), (3, 40, 500, 9000)]:
        e = [c * (a + b) / (c + d), d * (a + b) / (c + d)]
        obs = [a, b]
        ref = power_divergence(obs, e, lambda_="log-likelihood").statistic
        assert float(K.log_likelihood(a, b, c, d)) == pytest.approx(ref)


def test_zero_counts_do_not_crash_or_give_infinities():
    g2 = K.log_likelihood([0, 5, 0], [5, 0, 0], 100, 100)
    lr = K.log_ratio([0, 5, 0], [5, 0, 0], 100, 100)
    pd_ = K.percent_diff([0, 5], [5, 0], 100, 100)
    for arr in (g2, lr, pd_):
        assert np.isfinite(arr).all()
    assert g2[2] == 0
    assert lr[1] == pytest.approx(math.log2(5 / 0.5))  # zero replaced by 0.5
    assert lr[2] == 0


def test_log_ratio_values():
    assert float(K.log_ratio(5, 5, 100, 100)) == 0
    assert float(K.log_ratio(10, 20, 1000, 2000)) == 0  # equal relative frequencies
    assert float(K.log_ratio(40, 10, 1000, 1000)) == pytest.approx(2.0)


def test_percent_diff_and_bic():
    assert float(K.percent_diff(30, 10, 1000, 1000)) == pytest.approx(200.0)
    assert float(K.percent_diff(10, 20, 1000, 1000)) == pytest.approx(-50.0)
    assert float(K.bic(16.99, 20_000)) == pytest.approx(16.99 - math.log(20_000))


# --- keyness table ------------------------------------------------------------------------------


def test_keyness_table_hand_computed_and_bonferroni():
    toks = toy_tokens(
        {
            "a1": ("x", ["Gas"] * 6 + ["Öl"] * 2 + ["_und"] * 2),
            "a2": ("x", ["Gas"] * 4 + ["Straße"] * 1 + ["_und"] * 5),
            "b1": ("y", ["Öl"] * 8 + ["Gas"] * 1 + ["_und"] * 11),
        }
    )
    k = K.keyness(toks, "group", "x", correction="bonferroni").set_index("term")
    assert k.attrs["c"] == 20 and k.attrs["d"] == 20  # stop words count in the size
    assert k.attrs["m"] == 3  # Gas, Öl, Straße (stop words not tested)
    assert k.attrs["threshold_p"] == pytest.approx(0.05 / 3)
    assert k.at["Gas", "count_target"] == 10 and k.at["Gas", "count_ref"] == 1
    assert k.at["Gas", "g2"] == pytest.approx(float(K.log_likelihood(10, 1, 20, 20)))
    assert k.at["Gas", "direction"] == 1 and k.at["Öl", "direction"] == -1
    assert k.at["Gas", "range_target"] == "2 of 2" and k.at["Gas", "range_ref"] == "1 of 1"
    assert not k.at["Gas", "single_doc"]
    assert k.at["Straße", "single_doc"]  # only in a2
    assert k.at["Öl", "single_doc"]  # key for y, all of y's count from b1
    assert k.at["Gas", "significant"] == (k.at["Gas", "p"] < 0.05 / 3)
    # Tarone: Straße (1 occurrence) reaches at most G2 = 2 ln 2, p = 0.24, and is not tested;
    # Gas (11) and Öl (10) can reach 0.05 / 2, so K = 2.
    t = K.keyness(toks, "group", "x").set_index("term")
    assert t.attrs["m"] == 2 and t.attrs["threshold_p"] == pytest.approx(0.025)
    assert not t.at["Straße", "testable"] and t.at["Gas", "testable"] and t.at["Öl", "testable"]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["Gas", "Öl", "Wind", "Kern", "_und"]), st.sampled_from(["d1", "d2", "d3", "d4"])),
        min_size=8,
        max_size=80,
    )
)
def test_keyness_antisymmetric_under_swap(pairs):
    groups = {"d1": "x", "d2": "x", "d3": "y", "d4": "y"}
    docs = {d: (groups[d], [w for w, dd in pairs if dd == d]) for d in groups}
    toks = toy_tokens(docs)
    if toks.empty or set(toks["group"]) != {"x", "y"}:
        return
    xy = K.keyness(toks, "group", "x").set_index("term").sort_index()
    yx = K.keyness(toks, "group", "y").set_index("term").sort_index()
    assert np.allclose(xy["g2"], yx["g2"])
    assert np.allclose(xy["log_ratio"], -yx["log_ratio"])
    assert np.allclose(xy["g2_signed"], -yx["g2_signed"])
    assert (xy["significant"] == yx["significant"]).all()
    assert (xy["single_doc"] == yx["single_doc"]).all()


def test_keyness_any_grouping_column(project):
    """Not tied to years: outlets (bbabo.net vs the rest) and single documents as groups."""
    toks = project.tokens.assign(outlet=project.tokens["doc_id"].map(project.documents.set_index("doc_id")["outlet"]))
    k = K.keyness(toks, "outlet", "bbabo.net")
    assert k.attrs["c"] == (toks["outlet"] == "bbabo.net").sum()
    n_target = (project.documents["outlet"] == "bbabo.net").sum()
    assert (k["n_docs_target"] == n_target).all() and (k["n_docs_ref"] == len(project.documents) - n_target).all()
    k2 = K.keyness(project.tokens, "doc_id", "003", reference=["000", "001"])
    assert k2.attrs["d"] == project.tokens["doc_id"].isin(["000", "001"]).sum()


def test_keyness_errors_name_the_column_and_value(project):
    with pytest.raises(CorpusError, match="grouping column 'year'"):
        K.keyness(project.tokens, "year", "2024")
    with pytest.raises(CorpusError, match="no value '2023'"):
        K.keyness(project.tokens, "period", "2023")


def test_leave_one_out_follows_the_passing_lemmas(project):
    from corpusbook.periods import latest

    main = latest(project.documents)
    full = K.compare(project.counts, main)
    loo = K.leave_one_out(project.counts, main)
    assert sorted(loo["term"]) == sorted(full.loc[full["significant"], "term"])  # only lemmas that pass
    # an article that is the only one of its side cannot be left out; at most 50 (a sample) are
    sides = project.documents["period"].value_counts()
    n_t, n_r = sides[main.target], sides[list(main.reference)].sum()
    assert loo.attrs["runs"] == min(50, (n_t if n_t > 1 else 0) + (n_r if n_r > 1 else 0))
    assert (loo["stays_significant"] <= loo["runs"]).all()


def test_leave_one_out_hand_example():
    from corpusbook.periods import Comparison

    toks = toy_tokens(
        {
            "a1": ("x", ["Gas"] * 30 + ["_und"] * 30),
            "a2": ("x", ["Wind"] * 30 + ["_und"] * 30),
            "b1": ("y", ["Öl"] * 30 + ["_und"] * 30),
            "b2": ("y", ["Öl"] * 30 + ["_und"] * 30),
        }
    )
    counts = K.Counts(toks, by=("group",))
    loo = K.leave_one_out(counts, Comparison("x", ("y",), by="group"), by="group").set_index("term")
    assert loo.attrs["runs"] == 4
    # without a1 there is no Gas on the x side: it cannot pass there
    assert loo.at["Gas", "stays_significant"] == 3 and loo.at["Gas", "dropped_by"] == "a1"
    assert loo.at["Öl", "stays_significant"] == 4


def test_leave_one_out_leaves_out_terms_that_never_pass():
    from corpusbook.periods import Comparison

    toks = toy_tokens(
        {
            "a1": ("x", ["Gas"] * 30 + ["Treffen"] * 2 + ["_und"] * 30),
            "a2": ("x", ["Gas"] * 30 + ["Treffen"] + ["_und"] * 30),
            "b1": ("y", ["Öl"] * 30 + ["Treffen"] * 2 + ["_und"] * 30),
            "b2": ("y", ["Öl"] * 30 + ["_und"] * 30),
        }
    )
    full = K.keyness(toks, "group", "x").set_index("term")
    assert not full.at["Treffen", "significant"]
    loo = K.leave_one_out(K.Counts(toks, by=("group",)), Comparison("x", ("y",), by="group"), by="group")
    assert set(loo["term"]) == {"Gas", "Öl"}


def test_bic_bands_by_hand():
    # BIC = G² − ln N: G² 20 with N = e^4 is 16 (very strong); G² 1 with N = e^4 is −3 (positive, for no difference)
    values = K.bic([20.0, 9.0, 5.0, 3.0, 1.0, -0.0], np.exp(4.0))
    assert values.tolist() == pytest.approx([16.0, 5.0, 1.0, -1.0, -3.0, -4.0])
    assert K.bic_evidence(values).tolist() == [
        "very strong evidence for a difference",
        "positive evidence for a difference",
        "weak evidence for a difference",
        "weak evidence for no difference",
        "positive evidence for no difference",
        "positive evidence for no difference",
    ]
    assert K.bic_evidence([6.0, -6.0, 10.0, float("nan")]).tolist() == [
        "strong evidence for a difference",
        "strong evidence for no difference",
        "very strong evidence for a difference",
        "",
    ]


# --- frequency and dispersion -----------------------------------------------------------------


def test_gries_dp_worked_example():
    # Gries (2008): counts 1,2,3,4,0 over five equal parts -> DP = 0.3; normalised 0.3 / (1 - 0.2)
    dp, dpn = F.gries_dp([1, 2, 3, 4, 0], [10] * 5)
    assert dp == pytest.approx(0.3) and dpn == pytest.approx(0.375)
    assert F.gries_dp([5, 5], [50, 50])[0] == pytest.approx(0)
    assert F.gries_dp([10, 0], [50, 50])[1] == pytest.approx(1.0)


def test_frequency_table_columns_and_dp_matches_function():
    toks = toy_tokens({"a": ("x", ["Gas", "Gas", "Öl", "_und"]), "b": ("x", ["Öl", "Wind", "_der", "_die"])})
    ft = F.frequency_table(toks).set_index("term")
    assert ft.loc["Gas", "count"] == 2 and ft.loc["Gas", "per_10k"] == pytest.approx(2 / 8 * 1e4)
    assert ft.loc["Öl", "range"] == "2 of 2" and ft.loc["Gas", "range"] == "1 of 2"
    assert ft.loc["Gas", "dp"] == pytest.approx(F.gries_dp([2, 0], [4, 4])[1])
    assert "und" not in ft.index
    assert "und" in F.frequency_table(toks, include_stop=True)["term"].tolist()


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["Gas", "Öl", "Wind", "_und"]), st.sampled_from(["d1", "d2", "d3"])),
        min_size=1,
        max_size=60,
    )
)
def test_counts_sum_to_token_totals(pairs):
    groups = {"d1": "x", "d2": "x", "d3": "y"}
    toks = toy_tokens({d: (groups[d], [w for w, dd in pairs if dd == d]) for d in groups})
    ft = F.frequency_table(toks, by="group", include_stop=True)
    assert ft.groupby("group")["count"].sum().to_dict() == toks.groupby("group").size().to_dict()
    assert np.allclose(ft.groupby("group")["per_10k"].sum(), 1e4)


def test_top_with_ties_keeps_every_row_tied_at_the_cut():
    t = pd.DataFrame({"term": ["d", "b", "a", "c", "e"], "count": [1, 3, 5, 3, np.nan]})
    top = top_with_ties(t, "count", 2, key="term")
    assert list(top["term"]) == ["a", "b", "c"]  # b and c tie at the cut; alphabetical within the tie
    assert top.attrs["n_tied_extra"] == 1
    low = top_with_ties(t, "count", 1, ascending=True)
    assert list(low["term"]) == ["d"] and low.attrs["n_tied_extra"] == 0
    assert top_with_ties(t, "count", 0).empty
    assert list(top_with_ties(t, "count", 10, key="term")["term"]) == [
        "a",
        "b",
        "c",
        "d",
    ]  # the missing value is left out


def test_bigrams_respect_stop_words_and_paragraphs():
    toks = pd.DataFrame(
        {
            "doc_id": ["a"] * 5,
            "paragraph": [0, 0, 0, 1, 1],
            "position": range(5),
            "token": ["Wladimir", "Putin", "und", "Xi", "Jinping"],
            "lemma": ["Wladimir", "Putin", "und", "Xi", "Jinping"],
            "kind": "word",
            "is_stop": [False, False, True, False, False],
        }
    )
    grams = F.ngrams(toks, 2)["lemma"].tolist()
    assert grams == ["Wladimir Putin", "Xi Jinping"]  # no 'Putin und', no 'und Xi', nothing across paragraphs


def test_tables_with_nothing_left_are_empty_not_errors():
    toks = toy_tokens({"a": ("x", ["_der", "_die", "_das"]), "b": ("y", ["Gas", "_und", "Öl"])})
    assert F.ngrams(toks[toks["is_stop"]], 2).empty  # only stop words: no bigram
    for table in (F.ngram_table(toks, n=3), F.frequency_table(toks, by="group", min_count=5)):
        assert table.empty
        assert table["per_10k"].dtype == "float64" and table["count"].dtype == "int64"
    assert F.ngrams(toks, 1)["lemma"].tolist() == ["Gas", "Öl"]


def test_tfidf_top_terms_match_sklearn_by_hand():
    toks = toy_tokens({"a": ("x", ["Gas", "Gas", "Öl"]), "b": ("x", ["Öl", "Wind"])})
    tf = F.tfidf_table(toks, top=3, everywhere=True)
    # smooth idf: ln((1+n)/(1+df)) + 1; Gas: tf 2, idf ln(3/2)+1; Öl: tf 1, idf 1
    gas, oel = 2 * (math.log(3 / 2) + 1), 1.0
    assert tf[tf.doc_id == "a"]["term"].tolist() == ["Gas", "Öl"]
    assert tf[tf.doc_id == "a"]["tfidf"].iloc[0] == pytest.approx(gas / math.hypot(gas, oel))
    # by default a term found in every article (Öl) sets no article apart and is left out
    assert F.tfidf_table(toks, top=3)["term"].tolist() == ["Gas", "Wind"]


def test_tfidf_leaves_out_terms_found_in_every_article():
    toks = toy_tokens(
        {
            "a": ("x", ["Kasachstan"] * 9 + ["Gas", "Öl"]),
            "b": ("x", ["Kasachstan"] * 9 + ["Öl", "Wind"]),
            "c": ("y", ["Kasachstan", "Wind"]),
        }
    )
    tf = F.tfidf_table(toks, top=2)
    assert "Kasachstan" not in set(tf["term"]) and tf.attrs["everywhere"] == ["Kasachstan"]
    assert tf[tf.doc_id == "a"]["term"].tolist() == ["Gas", "Öl"]  # Gas in one article ranks above Öl in two
    assert F.tfidf_table(toy_tokens({"a": ("x", ["Gas", "Öl"])})).empty  # one article: nothing distinguishes it


# --- KWIC --------------------------------------------------------------------


def test_kwic_keeps_punctuation_and_quotes(project):
    """Every KWIC line of the most frequent content lemma is a verbatim slice of its paragraph."""
    content = project.tokens[(project.tokens["kind"] == "word") & ~project.tokens["is_stop"]]
    term = content["lemma"].value_counts().index[0]
    lines = kwic(project.tokens, project.corpus.paragraphs, term, window=4)
    hits = project.tokens[project.tokens["lemma"] == term]
    assert len(lines) == len(hits)
    assert set(lines["doc_id"]) == set(hits["doc_id"])
    text = project.corpus.paragraphs.set_index(["doc_id", "paragraph"])["text"]
    for line in lines.itertuples(index=False):
        para = text.loc[(line.doc_id, line.paragraph)]
        left, right = line.left.removeprefix("… "), line.right.removesuffix(" …")
        assert line.keyword in para and left in para and right in para  # punctuation and quotes kept as written


def test_similarity_means_from_sums_equal_the_mean_over_every_pair(project):
    """The exact within/between means (from group sums) against the mean over the full pair matrix."""
    from corpusbook import docstats

    sim = docstats.similarity(project.counts).to_numpy()
    labels = project.counts.groups["period"]
    iu = np.triu_indices(len(labels), k=1)
    same = labels[iu[0]] == labels[iu[1]]
    pairs = docstats.within_between(project.counts, "period")
    if same.any():
        assert pairs["within"] == pytest.approx(sim[iu][same].mean())
        assert pairs["within_range"] == pytest.approx((sim[iu][same].min(), sim[iu][same].max()))
    assert pairs["between"] == pytest.approx(sim[iu][~same].mean())
    assert pairs["n_within"] == same.sum() and pairs["n_between"] == (~same).sum()
    sampled = docstats.within_between(project.counts, "period", max_docs=3)
    assert sampled["sampled"] and sampled["between"] == pytest.approx(pairs["between"])  # means stay exact
    order = sorted(set(labels))
    groups = docstats.group_similarity(project.counts, "period", order)
    for a in order:
        for b in order:
            block = sim[np.ix_(labels == a, labels == b)]
            if a != b:
                assert groups.loc[a, b] == pytest.approx(block.mean())
            elif (labels == a).sum() > 1:
                assert groups.loc[a, a] == pytest.approx(block[np.triu_indices(len(block), k=1)].mean())
