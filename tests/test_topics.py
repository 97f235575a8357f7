"""Topic models: coherence against gensim, stability, the models shown fitted on every unit, convergence,
shares per article for both models, the choice of k and its edge, bootstrap intervals, determinism."""

import numpy as np
import pandas as pd
import pytest

from corpusbook import topics as T

# Texts in which no word repeats within 10 tokens: gensim's sliding-window accumulator is exact on
# them (it un-marks the word leaving a window even when the word occurs again inside the window, so
# it undercounts words that repeat within a window; our implementation follows the definition).
TEXTS = [
    ["Gas", "Öl", "Pipeline", "Preis", "Export", "Markt", "Energie", "Straße", "Größe", "Bau"],
    ["Truppe", "Sicherheit", "OVKS", "Einsatz", "Soldat", "Grenze", "Gas", "Preis"],
    ["Gas", "Energie", "Kernkraftwerk", "Rosatom", "Strom", "Bau"],
    [
        "Sanktion",
        "Krieg",
        "Ukraine",
        "Invasion",
        "Handel",
        "Grenze",
        "Export",
        "Öl",
        "Preis",
        "Markt",
        "Sicherheit",
        "Truppe",
    ],
    ["Präsident", "Besuch", "Moskau", "Treffen", "Gespräch", "Handel"],
    [
        "Öl",
        "Export",
        "Handel",
        "Markt",
        "Preis",
        "Pipeline",
        "Straße",
        "Größe",
        "Energie",
        "Gas",
        "Sicherheit",
        "Grenze",
        "Truppe",
        "OVKS",
    ],
]
TOPICS = [
    ["Gas", "Öl", "Preis", "Energie"],
    ["Sicherheit", "Truppe", "Grenze", "OVKS"],
    ["Besuch", "Präsident", "Moskau", "Handel"],
]


def brute_force_npmi(topic, texts, window):
    """Straight from the definition: list every virtual document as a set, count, average NPMI."""
    import math
    from itertools import combinations

    windows = [set(t[j : j + window]) for t in texts for j in range(max(1, len(t) - window + 1))]
    n = len(windows)
    p = lambda *ws: sum(all(w in win for w in ws) for win in windows) / n  # noqa: E731
    vals = [math.log((p(a, b) + 1e-12) / (p(a) * p(b))) / -math.log(p(a, b) + 1e-12) for a, b in combinations(topic, 2)]
    return sum(vals) / len(vals)


@pytest.mark.parametrize("window", [10, 4])
def test_npmi_matches_gensim_c_npmi(window):
    from gensim.corpora import Dictionary
    from gensim.models.coherencemodel import CoherenceModel

    texts = TEXTS if window == 10 else [t[:4] for t in TEXTS] + [t[4:8] for t in TEXTS]
    ours = T.npmi_coherence(TOPICS, texts, window=window)
    cm = CoherenceModel(
        topics=TOPICS,
        texts=texts,
        dictionary=Dictionary(texts),
        coherence="c_npmi",
        window_size=window,
        topn=4,
        processes=1,
    )
    theirs = np.array(cm.get_coherence_per_topic())
    assert np.allclose(ours, theirs, atol=1e-9), (ours, theirs)


def test_npmi_with_repeated_words_follows_the_definition():
    texts = [["Gas", "Öl", "Gas", "Preis", "Öl", "Gas", "Markt", "Preis"], ["Öl", "Markt", "Energie", "Gas", "Energie"]]
    for topic in (["Gas", "Öl", "Preis"], ["Markt", "Energie", "Gas"]):
        assert T.npmi_coherence([topic], texts, window=3)[0] == pytest.approx(brute_force_npmi(topic, texts, 3))


def test_npmi_extremes():
    import math

    texts = [["a", "b"], ["a", "b"], ["c"], ["d"]]
    assert T.npmi_coherence([["a", "b"]], texts, window=10)[0] == pytest.approx(1.0)  # always together
    # never together: log(eps / (P(a)P(c))) / -log(eps), with P(a) = 1/2, P(c) = 1/4
    expected = math.log(1e-12 / (0.5 * 0.25)) / -math.log(1e-12)
    assert T.npmi_coherence([["a", "c"]], texts, window=10)[0] == pytest.approx(expected)
    assert expected < -0.9


def test_stability_identical_and_permuted_runs():
    rng = np.random.default_rng(0)
    a = rng.random((4, 30))
    assert T.stability([a, a[[2, 0, 3, 1]], a]) == pytest.approx(1.0)
    b = rng.random((4, 30))
    assert T.stability([a, b]) < 1.0


def test_match_topics_finds_permutation():
    a = np.eye(3) + 0.01
    pairs = T.match_topics(a, a[[1, 2, 0]])
    assert sorted((i, j) for i, j, _ in pairs) == [(0, 2), (1, 0), (2, 1)]


@pytest.fixture(scope="module")
def units(project):
    return T.make_units(project.tokens)


def test_units_merge_short_paragraphs_and_keep_all_text(project, units):
    assert (units.table.groupby("doc_id")["n_terms"].min() >= 1).all()
    # every content lemma of the corpus is in exactly one unit
    from corpusbook.preprocess import content_tokens

    assert sum(len(t) for t in units.texts) == len(content_tokens(project.tokens))
    merged = units.table["paragraphs"].map(len)
    assert (merged >= 1).all() and merged.sum() == project.corpus.paragraphs.shape[0]
    short = units.table[units.table["n_terms"] < 8]
    assert (short.groupby("doc_id").size() <= 1).all()  # only a document's last unit may stay short


def test_same_seed_same_topics(units):
    for model in T.MODELS:
        a, b = T.fit(units, 4, model, seed=7), T.fit(units, 4, model, seed=7)
        assert np.array_equal(a.topic_term, b.topic_term)
        assert T.top_terms(a.topic_term, units.vocab) == T.top_terms(b.topic_term, units.vocab)


def test_fit_rows_are_distributions(units):
    f = T.fit(units, 3, "nmf")
    assert np.allclose(f.topic_term.sum(axis=1), 1)
    sums = f.doc_topic.sum(axis=1)
    assert np.all((np.isclose(sums, 1)) | (sums == 0))


def test_select_k_averages_coherence_over_seeds(units):
    seeds = (1, 2, 3)
    ev = T.select_k(units, k_range=[2, 3], seeds=seeds)
    assert list(ev.columns) == [
        "k",
        "coherence",
        "coherence_sd",
        "coherence_min",
        "coherence_max",
        "stability",
        "converged",
    ]
    assert ev["stability"].between(0, 1 + 1e-9).all() and ev["coherence"].between(-1, 1).all()
    # each seed's coherence recomputed from a fit of its own, then averaged
    for k in (2, 3):
        per_seed = [
            T.npmi_coherence(T.top_terms(T.fit(units, k, "nmf", s).topic_term, units.vocab), units.texts).mean()
            for s in seeds
        ]
        row = ev.set_index("k").loc[k]
        assert row["coherence"] == pytest.approx(np.mean(per_seed))
        assert row["coherence_min"] == pytest.approx(min(per_seed)) and row["coherence_max"] == pytest.approx(
            max(per_seed)
        )
    runs = ev.attrs["runs"]
    assert len(runs) == 2 * len(seeds) and set(runs["seed"]) == set(seeds)
    assert (runs["converged"] == (runs["iterations"] < runs["max_iter"])).all()
    assert ev["converged"].tolist() == runs.groupby("k")["converged"].all().tolist()


def test_choose_k_with_one_seed_takes_the_most_coherent():
    one_seed = pd.DataFrame({"k": [2, 3, 4], "coherence": [0.1, 0.3, 0.2], "stability": [np.nan] * 3})
    assert T.choose_k(one_seed)[:2] == (3, "coherence")


def test_choose_k_rule_and_ties():
    fake = pd.DataFrame({"k": [2, 3, 4], "coherence": [0.3, 0.1, 0.5], "stability": [0.9, 0.8, 0.5]})
    assert T.choose_k(fake, min_stability=0.75).k == 2  # 4 is most coherent but unstable
    none_stable = T.choose_k(fake, min_stability=0.95)
    assert (none_stable.k, none_stable.criterion) == (2, "stability")  # none stable enough: most stable
    tied = pd.DataFrame({"k": [5, 3, 4], "coherence": [0.2, 0.2, 0.1], "stability": [0.9, 0.9, 0.9]})
    assert T.choose_k(tied).k == 3  # a tie on coherence goes to the smaller k


def test_choose_k_says_when_k_lies_at_the_edge_of_the_range():
    rising = pd.DataFrame({"k": [2, 3, 4, 5], "coherence": [0.1, 0.2, 0.3, 0.4], "stability": [0.9] * 4})
    top = T.choose_k(rising)
    assert (top.k, top.edge, top.at_edge, top.k_min, top.k_max) == (5, "highest", True, 2, 5)
    falling = rising.assign(coherence=[0.4, 0.3, 0.2, 0.1])
    assert T.choose_k(falling).edge == "lowest"
    peaked = rising.assign(coherence=[0.1, 0.3, 0.2, 0.1])
    inside = T.choose_k(peaked)
    assert (inside.k, inside.edge, inside.at_edge) == (3, None, False)
    assert not inside.capped  # no record of the range asked for


def test_select_k_records_a_range_capped_by_the_units(units):
    n = len(units.table)
    ev = T.select_k(units, k_range=[2, n - 1, n, n + 5], seeds=(1,), n_jobs=1)
    assert list(ev["k"]) == [2, n - 1] and ev.attrs["k_range"] == [2, n - 1, n, n + 5]
    assert T.choose_k(ev).capped
    assert not T.choose_k(T.select_k(units, k_range=[2, 3], seeds=(1,), n_jobs=1)).capped


def test_default_range_goes_beyond_twelve_topics():
    # k = 12, the top of the old range 2-12, was chosen with coherence still rising
    assert min(T.K_RANGE) == 2 and max(T.K_RANGE) >= 16


def test_sweep_sample_is_bounded_seeded_and_whole_when_small():
    table = pd.DataFrame({"n_terms": np.full(1000, 50)})
    units = T.Units(table, [], None, None, None)
    a = T.sweep_sample(units, max_units=300, max_terms=10_000, seed=1)
    assert len(a) == 200 and table["n_terms"].iloc[a].sum() <= 10_000  # the lemma cap binds first
    assert np.array_equal(a, T.sweep_sample(units, max_units=300, max_terms=10_000, seed=1))
    assert not np.array_equal(a, T.sweep_sample(units, max_units=300, max_terms=10_000, seed=2))
    assert len(T.sweep_sample(units, max_units=120, max_terms=10**9)) == 120
    assert np.array_equal(T.sweep_sample(units, max_units=1000, max_terms=50_000), np.arange(1000))
    huge = T.Units(pd.DataFrame({"n_terms": [10**6, 5]}), [], None, None, None)
    assert len(T.sweep_sample(huge, max_units=10, max_terms=100)) >= 1  # never empty


def test_sweep_on_a_sample_fits_fewer_units(units, monkeypatch):
    monkeypatch.setattr(T, "SWEEP_MAX_UNITS", 40)
    ev = T.select_k(units, k_range=[2, 3], seeds=(1, 2))
    sample = ev.attrs["sample"]
    assert len(sample) == min(40, len(units.table)) and len(set(sample)) == len(sample)


def test_npmi_window_counts_match_brute_force_on_random_text():
    rng = np.random.default_rng(3)
    words = list("abcdefgh")
    texts = [list(rng.choice(words, size=n)) for n in (3, 12, 25, 10, 0, 7)]
    topics = [["a", "b", "c"], ["d", "e", "f", "g"], ["a", "h", "zz"]]
    ours = T.npmi_coherence(topics, texts, window=5)
    for topic, value in zip(topics[:2], ours):
        assert value == pytest.approx(brute_force_npmi(topic, list(texts), 5))
    # a word absent from the corpus contributes 0 to each of its pairs
    assert ours[2] == pytest.approx((brute_force_npmi(["a", "h"], texts, 5) + 0 + 0) / 3)


def test_gensim_undercounts_words_repeated_within_the_window():
    from gensim.corpora import Dictionary
    from gensim.models.coherencemodel import CoherenceModel

    texts = [
        ["Gas", "Öl", "Gas", "Preis", "Öl", "Gas", "Markt", "Preis", "Gas", "Öl", "Markt"],
        ["Öl", "Markt", "Energie", "Gas", "Energie"],
    ]
    topic = ["Gas", "Öl", "Markt"]
    ours = T.npmi_coherence([topic], texts, window=3)[0]
    cm = CoherenceModel(
        topics=[topic],
        texts=texts,
        dictionary=Dictionary(texts),
        coherence="c_npmi",
        window_size=3,
        topn=3,
        processes=1,
    )
    assert ours == pytest.approx(brute_force_npmi(topic, texts, 3))
    assert abs(cm.get_coherence_per_topic()[0] - ours) > 1e-3  # the difference the methods chapter states


def test_dominant_agreement_hand_computed():
    a, b = [0, 0, 1, 1, 2, 2], [0, 0, 1, 2, 2, 2]
    r = T.dominant_agreement(a, b, n_perm=0)
    # observed 5/6; marginals (1/3, 1/3, 1/3) and (1/3, 1/6, 1/2): chance 1/9 + 1/18 + 1/6 = 1/3
    assert r["observed"] == pytest.approx(5 / 6) and r["chance"] == pytest.approx(1 / 3)
    assert r["kappa"] == pytest.approx((5 / 6 - 1 / 3) / (1 - 1 / 3))
    assert np.isnan(r["p_permutation"])
    # labels that never meet: the chance term counts only the labels both use
    r = T.dominant_agreement([0, 0, 3], [1, 1, 3], n_perm=0)
    assert r["chance"] == pytest.approx(1 / 9) and r["observed"] == pytest.approx(1 / 3)
    same = T.dominant_agreement([2, 2, 2], [2, 2, 2], n_perm=0)
    assert same["chance"] == 1 and np.isnan(same["kappa"])


def test_dominant_agreement_permutation_p_matches_exact_enumeration():
    from itertools import permutations

    a, b = [0, 0, 1, 1, 2, 2, 0], [0, 1, 1, 1, 2, 2, 0]
    observed = np.mean(np.array(a) == np.array(b))
    perms = list(permutations(b))
    exact = np.mean([np.mean(np.array(a) == np.array(p)) >= observed - 1e-12 for p in perms])
    r = T.dominant_agreement(a, b, n_perm=4000, seed=5)
    assert r["p_permutation"] == pytest.approx(exact, abs=0.02)
    # the mean over all permutations is the chance agreement from the marginals
    assert np.mean([np.mean(np.array(a) == np.array(p)) for p in perms]) == pytest.approx(r["chance"])
    assert np.isnan(T.dominant_agreement([], [])["observed"])


def test_compare_models_maps_before_counting(units):
    nmf = T.fit(units, 3, "nmf")
    lda = T.fit(units, 3, "lda")
    table = T.compare_models(nmf, lda, units.vocab)
    mapping = dict(zip(table["nmf_topic"], table["lda_topic"]))
    has = (nmf.doc_topic.sum(axis=1) > 0) & (lda.doc_topic.sum(axis=1) > 0)
    mapped = [mapping[t] for t in nmf.doc_topic[has].argmax(axis=1)]
    expected = np.mean(np.array(mapped) == lda.doc_topic[has].argmax(axis=1))
    assert table.attrs["agreement"]["observed"] == pytest.approx(expected)
    assert sorted(table["nmf_topic"]) == [0, 1, 2] and table["cosine"].is_monotonic_decreasing


def test_models_shown_are_fitted_on_every_unit_not_the_sweep_sample(units, monkeypatch):
    from sklearn.decomposition import NMF, LatentDirichletAllocation

    monkeypatch.setattr(T, "SWEEP_MAX_UNITS", 40)
    evidence = T.select_k(units, k_range=[2, 3], seeds=(1, 2), n_jobs=1)
    n = len(units.table)
    assert len(evidence.attrs["sample"]) == 40 < n
    rows_fitted = []
    for cls in (NMF, LatentDirichletAllocation):
        original = cls.fit_transform

        def spy(self, X, *args, _original=original, **kwargs):
            rows_fitted.append((type(self).__name__, X.shape[0]))
            return _original(self, X, *args, **kwargs)

        monkeypatch.setattr(cls, "fit_transform", spy)
    models = T.fit_models(units, T.choose_k(evidence).k)
    assert list(models) == ["nmf", "lda"]
    assert rows_fitted == [("NMF", n), ("LatentDirichletAllocation", n)]
    for f in models.values():
        assert f.units == n and f.doc_topic.shape == (n, f.k) and f.topic_term.shape == (f.k, len(units.vocab))


@pytest.mark.parametrize("model, cap", [("nmf", "NMF_MAX_ITER"), ("lda", "LDA_MAX_ITER")])
def test_converged_flag_can_fail(units, monkeypatch, model, cap):
    f = T.fit(units, 4, model)
    assert f.converged and 0 < f.iterations < f.max_iter == getattr(T, cap)
    monkeypatch.setattr(T, cap, 2)  # too few passes for either solver's rule
    capped = T.fit(units, 4, model)
    assert not capped.converged and capped.iterations == capped.max_iter == 2


def test_lda_stops_by_its_perplexity_rule(units):
    from sklearn.decomposition import LatentDirichletAllocation

    f = T.fit(units, 4, "lda")
    # the same model run for exactly the passes before the stop, then one evaluation interval more:
    # the perplexity changes by less than the tolerance over that interval
    perplexity = []
    for passes in (f.iterations + 1 - T.LDA_EVALUATE_EVERY, f.iterations + 1):
        lda = LatentDirichletAllocation(
            n_components=4, learning_method="batch", random_state=f.seed, max_iter=passes
        ).fit(units.counts)
        perplexity.append(lda.perplexity(units.counts))
    assert abs(perplexity[1] - perplexity[0]) < T.LDA_PERP_TOL


def test_convergence_table_covers_the_models_shown_and_the_sweep(units, monkeypatch):
    evidence = T.select_k(units, k_range=[2, 3], seeds=(1, 2), n_jobs=1)
    models = T.fit_models(units, 3)
    table = T.convergence(models, evidence)
    assert list(table.columns) == ["stage", "model", "k", "seed", "units", "iterations", "max_iter", "converged"]
    shown = table[table["stage"] == "model"]
    assert shown["model"].tolist() == ["nmf", "lda"] and (shown["units"] == len(units.table)).all()
    assert (shown["k"] == 3).all() and shown["iterations"].tolist() == [f.iterations for f in models.values()]
    sweep = table[table["stage"] == "k sweep"]
    assert len(sweep) == 4 and set(sweep["model"]) == {"nmf"} and set(sweep["seed"]) == {1, 2}
    assert (table["converged"] == (table["iterations"] < table["max_iter"])).all()
    monkeypatch.setattr(T, "LDA_MAX_ITER", 2)
    again = T.convergence(T.fit_models(units, 3))
    assert again.set_index("model").loc["lda", "converged"] == False  # noqa: E712
    assert len(again) == 2


def test_topic_shares_hold_both_models_per_article(project, units):
    models = T.fit_models(units, 3)
    table = T.topic_shares(units, models)
    docs = sorted(project.documents["doc_id"])
    assert list(table.columns) == ["doc_id", "model", "topic_0", "topic_1", "topic_2"]
    assert table["doc_id"].tolist() == [d for d in docs for _ in range(2)]
    assert table["model"].tolist() == ["nmf", "lda"] * len(docs)
    assert np.allclose(table.filter(like="topic_").sum(axis=1), 1)
    # each article's share: its units' shares weighted by their content lemmas, recomputed here
    lda = table[table["model"] == "lda"].set_index("doc_id").filter(like="topic_")
    for doc_id, rows in units.table.groupby("doc_id").indices.items():
        w = units.table["n_terms"].to_numpy()[rows]
        expected = (models["lda"].doc_topic[rows] * w[:, None]).sum(axis=0) / w.sum()
        assert np.allclose(lda.loc[doc_id].to_numpy(), expected)


def test_select_k_is_the_same_in_parallel(units, monkeypatch):
    grid = {"k_range": [2, 4], "seeds": (1, 2)}
    serial = T.select_k(units, n_jobs=1, **grid)
    monkeypatch.setattr(T, "PARALLEL_MIN_NNZ", 0)  # force the worker processes
    pd.testing.assert_frame_equal(serial, T.select_k(units, n_jobs=2, **grid))
    assert list(serial["k"]) == [2, 4]


@pytest.mark.parametrize("value", ["two", "0"])
def test_bad_jobs_setting_is_named(monkeypatch, value):
    from corpusbook.settings import n_jobs

    monkeypatch.setenv("CORPUSBOOK_JOBS", value)
    with pytest.raises(ValueError, match="CORPUSBOOK_JOBS"):
        n_jobs()


def test_default_jobs_are_joblibs_usable_cores(monkeypatch):
    import joblib

    from corpusbook.settings import n_jobs

    monkeypatch.delenv("CORPUSBOOK_JOBS", raising=False)
    assert n_jobs() == joblib.cpu_count()


def test_prevalence_bootstrap_shape_and_single_document_interval(project, units):
    doc_topic = T.fit(units, 3, "nmf").doc_topic
    by_doc = T.prevalence(units, doc_topic, by="period", resample="doc_id", n_boot=200)
    by_unit = T.prevalence(units, doc_topic, by="period", resample="unit", n_boot=200)
    for table in (by_doc, by_unit):
        assert len(table) == 3 * units.table["period"].nunique()
        assert (table["low"] <= table["prevalence"] + 1e-12).all() and (
            table["prevalence"] <= table["high"] + 1e-12
        ).all()
        assert np.allclose(table.groupby("group")["prevalence"].sum(), 1)
    per_period = project.documents.groupby("period").size()
    for period, n in per_period.items():
        assert (by_doc[by_doc["group"] == period]["n_resampled"] == n).all()
        if n == 1:  # one document: nothing to resample
            one = by_doc[by_doc["group"] == period]
            assert np.allclose(one["low"], one["high"])
    # each group's paragraphs differ, so resampling them gives an interval of some width
    n_units = units.table.groupby("period").size()
    for period in n_units[n_units > 1].index:
        rows = by_unit[by_unit["group"] == period]
        assert (rows["high"] > rows["low"]).any()
    again = T.prevalence(units, doc_topic, by="period", resample="doc_id", n_boot=200)
    pd.testing.assert_frame_equal(by_doc, again)  # seeded


def test_prevalence_interval_of_two_articles_hand_computed():
    # article a is all topic 0 (30 lemmas), b all topic 1 (10 lemmas). Resampling two articles gives
    # (a, a) -> 1, (b, b) -> 0 with probability 1/4 each and (a, b) -> 30/40 with probability 1/2,
    # so the 95% percentile interval of topic 0 runs from 0 to 1 around the point 0.75.
    table = pd.DataFrame({"doc_id": ["a", "a", "b"], "period": "p", "n_terms": [20, 10, 10]})
    units = T.Units(table, [], None, None, None)
    doc_topic = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    out = T.prevalence(units, doc_topic, n_boot=2000).set_index("topic")
    assert out.loc[0, "prevalence"] == pytest.approx(0.75) and out.loc[1, "prevalence"] == pytest.approx(0.25)
    assert (out.loc[0, "low"], out.loc[0, "high"]) == (pytest.approx(0), pytest.approx(1))
    # resampling the three units: all three are b with probability 1/27 and none is with 8/27, both
    # above 2.5%, so this interval also runs from 0 to 1
    by_unit = T.prevalence(units, doc_topic, resample="unit", n_boot=2000).set_index("topic")
    assert by_unit.loc[0, "n_resampled"] == 3
    assert (by_unit.loc[0, "low"], by_unit.loc[0, "high"]) == (pytest.approx(0), pytest.approx(1))
    one = T.prevalence(T.Units(table.assign(doc_id="a"), [], None, None, None), doc_topic, n_boot=100)
    assert np.allclose(one["low"], one["prevalence"]) and np.allclose(one["high"], one["prevalence"])


def test_document_shares_and_representatives(project, units):
    doc_topic = T.fit(units, 3, "nmf").doc_topic
    shares = T.document_shares(units, doc_topic)
    assert list(shares.index) == sorted(project.documents["doc_id"])
    assert np.allclose(shares.sum(axis=1), 1)
    reps = T.representative_units(units, doc_topic, project.corpus.paragraphs, n=2)
    assert len(reps) == 6 and reps["text"].str.len().gt(0).all()


def test_document_units_on_larger_corpus_api(project):
    units = T.make_units(project.tokens, unit="document", min_df=1)
    n = project.documents["doc_id"].nunique()
    assert len(units.table) == n and list(units.table["doc_id"]) == sorted(project.documents["doc_id"])
    assert T.fit(units, 2, "nmf").doc_topic.shape == (n, 2)


def test_sweep_subset_is_a_corpus_of_its_own(units):
    rows = np.arange(0, len(units.table), 3)
    sub = units.subset(rows)
    assert len(sub.table) == len(rows) and sub.counts.shape == (len(rows), len(sub.vocab))
    assert (np.asarray((sub.counts > 0).sum(axis=0)).ravel() >= 2).all()  # every term in two of its units
    assert np.allclose(np.asarray(sub.tfidf.multiply(sub.tfidf).sum(axis=1)).ravel()[sub.counts.getnnz(axis=1) > 0], 1)


def test_figures_take_the_tables_as_returned(project, units):
    import matplotlib

    matplotlib.use("Agg")
    from corpusbook import plots

    evidence = T.select_k(units, k_range=[2, 3, 4], seeds=(1, 2), n_jobs=1)
    choice = T.choose_k(evidence)
    fig = plots.k_selection(evidence, chosen=choice, min_stability=T.MIN_STABILITY)
    assert any(line.get_xdata()[0] == choice.k for line in fig.axes[0].lines if line.get_linestyle() == ":")
    models = T.fit_models(units, 3)
    shares = T.topic_shares(units, models)
    periods = project.documents.set_index("doc_id")["period"]
    order = sorted(periods.unique())
    fig = plots.article_shares(shares, periods, order, ["a", "b", "c"], model="lda")
    dots = sum(len(c.get_offsets()) for c in fig.axes[0].collections)
    assert dots == 3 * len(project.documents)  # one dot per article and topic
