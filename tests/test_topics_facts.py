"""The topics chapter's facts on four corpus shapes (tests/shapes.py), checked against values computed here.

Each shape's expected numbers come from its metadata and from models fitted here with scikit-learn
directly; NPMI is recomputed from its definition (the brute force of test_topics.py).
"""

import re
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linear_sum_assignment
from sklearn.decomposition import NMF, LatentDirichletAllocation
from sklearn.metrics import cohen_kappa_score

import shapes
from conftest import load_data
from test_topics import brute_force_npmi

K_RANGE = range(2, 6)
SEEDS = (11, 12, 13)


@pytest.fixture(scope="module", params=sorted(shapes.SHAPES))
def shape(request, tmp_path_factory):
    folder = shapes.SHAPES[request.param](tmp_path_factory.mktemp(request.param) / "corpus")
    data = load_data(folder)
    from corpusbook.facts import topics as facts

    found = facts.findings(data, k_range=K_RANGE, seeds=SEEDS, n_boot=200, labels_path=folder / "topic_labels.csv")
    import matplotlib.pyplot as plt

    plt.close("all")
    return request.param, folder, data, found


def text(value):
    return str(getattr(value, "data", value))


def meta_of(folder):
    meta = pd.read_csv(folder / "metadata.csv", dtype=str, keep_default_na=False)
    meta["period"] = [p if p else d[:4] for p, d in zip(meta["period"], meta["date"])]
    first = meta.groupby("period")["date"].min().sort_values()
    return meta, list(first.index)


def test_units_and_periods_from_metadata(shape):
    name, folder, data, f = shape
    meta, order = meta_of(folder)
    n = len(meta)
    assert text(f["units_sentence"]).startswith(f"The corpus has {n:,} article{'s' if n != 1 else ''}.")
    # single-article periods: named exactly, and only them
    single = [p for p in order if (meta["period"] == p).sum() == 1]
    note = text(f["single_note"])
    for p in order:
        assert (p in note) == (p in single), (p, note)
    if len(order) > 1 and not single:
        assert note == "Every period has more than one article."
    # the per-article comparison names the latest period and the one before, with their article counts
    rs = text(f["article_range_sentence"])
    if len(order) > 1:
        t, r = order[-1], order[-2]
        nt, nr = int((meta["period"] == t).sum()), int((meta["period"] == r).sum())
        assert rs.startswith(f"Per article, {t} ({nt} article{'s' if nt != 1 else ''}) against {r} "
                             f"({nr} article{'s' if nr != 1 else ''})")
        assert ("not two periods" in rs) == (min(nt, nr) == 1)
    multi = [p for p in order if (meta["period"] == p).sum() > 1]
    ws = text(f["width_sentence"])
    if multi:
        assert [m.group(1) for m in re.finditer(r"In (\S+) \(", ws)] == multi  # time order
    else:
        assert ws == "No period has more than one article, so no article bootstrap is possible."


def test_choice_of_k_follows_the_rule_on_mean_coherence(shape):
    from corpusbook import topics as T

    name, folder, data, f = shape
    units = T.make_units(data.tokens)
    ev = T.select_k(units, K_RANGE, SEEDS)
    stable = ev[ev["stability"] >= T.MIN_STABILITY]
    expected = (int(stable.sort_values(["coherence", "k"], ascending=[False, True])["k"].iloc[0]) if len(stable)
                else int(ev.sort_values(["stability", "k"], ascending=[False, True])["k"].iloc[0]))
    assert f["k"] == str(expected)
    assert f"**k = {expected}**" in text(f["choice_sentence"])
    ks = [k for k in K_RANGE if k < len(units.table)]
    assert text(f["sweep_sentence"]).startswith(f"For each k from {ks[0]} to {ks[-1]}, NMF is fitted with {len(SEEDS)} seeds")


def _sk_fit(units, k, seed):
    nmf = NMF(n_components=k, init="random", random_state=seed, max_iter=3000, tol=1e-4)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = nmf.fit_transform(units.tfidf)
    return w, nmf.components_


def test_negative_topics_and_agreement_recomputed(shape):
    from corpusbook import topics as T
    from corpusbook.settings import SEED

    name, folder, data, f = shape
    units = T.make_units(data.tokens)
    k = int(f["k"])
    w, h = _sk_fit(units, k, SEED)
    vocab = units.vocab
    tops = [[vocab[j] for j in np.lexsort((vocab, -row))[:10]] for row in h]
    npmi = np.array([brute_force_npmi(t, units.texts, 10) for t in tops])
    n_neg = int((npmi < 0).sum())
    s = text(f["npmi_sentence"])
    assert (f"none of the {k} topics" in s) if n_neg == 0 else (f"{n_neg} of the {k} topics" in s)
    assert ("close to zero" in s) == (abs(npmi.mean()) < 0.1)
    assert f"{npmi.mean():.3f}".replace("-", "−") in s
    # LDA on the same units (the shapes are small: no sample), matched to NMF by cosine
    assert len(T.sweep_sample(units)) == len(units.table)
    lda = LatentDirichletAllocation(n_components=k, learning_method="batch", random_state=SEED,
                                    max_iter=T.LDA_MAX_ITER, evaluate_every=T.LDA_EVALUATE_EVERY,
                                    perp_tol=T.LDA_PERP_TOL)
    theta = lda.fit_transform(units.counts)
    hn = h / h.sum(axis=1, keepdims=True)
    ln = lda.components_ / lda.components_.sum(axis=1, keepdims=True)
    cos = (hn / np.linalg.norm(hn, axis=1, keepdims=True)) @ (ln / np.linalg.norm(ln, axis=1, keepdims=True)).T
    rows, cols = linear_sum_assignment(-cos)
    mapping = dict(zip(rows, cols))
    has = w.sum(axis=1) > 0
    a = np.array([mapping[t] for t in w[has].argmax(axis=1)])
    b = theta[has].argmax(axis=1)
    observed = np.mean(a == b)
    chance = sum(np.mean(a == t) * np.mean(b == t) for t in range(k))
    ag = text(f["agreement_sentence"])
    assert ag.startswith(f"For {100 * observed:.0f}% of the {has.sum():,} units")
    assert f"would give {100 * chance:.0f}%" in ag
    assert f"κ = {cohen_kappa_score(a, b):.2f}" in ag
    strong = int((cos[rows, cols] >= 0.5).sum())
    assert f"{strong} of the {k} pairs reach 0.5" in text(f["pairs_sentence"])


def test_per_article_shares_sentence(shape):
    from corpusbook import topics as T
    from corpusbook.settings import SEED

    name, folder, data, f = shape
    units = T.make_units(data.tokens)
    k = int(f["k"])
    w, _ = _sk_fit(units, k, SEED)
    w = np.divide(w, w.sum(axis=1, keepdims=True), out=np.zeros_like(w), where=w.sum(axis=1, keepdims=True) > 0)
    mass = pd.DataFrame(w * units.table["n_terms"].to_numpy()[:, None]).groupby(units.table["doc_id"].to_numpy()).sum()
    from_one = (mass.max(axis=0) / mass.sum(axis=0)).to_numpy()
    n_conc = int((from_one > 0.5).sum())
    s = text(f["article_sentence"])
    if len(mass) == 1:
        assert "single article" in s
    elif n_conc:
        assert f"{n_conc} of the {k} topics draw more than half" in s
    else:
        assert f"None of the {k} topics draws" in s
    weighted = mass[mass.sum(axis=1) > 0]
    assert f"have {weighted.idxmax(axis=1).nunique()} different dominant topic" in s or len(mass) == 1
    # one row per article in the per-article table
    table = text(f["article_table"])
    for doc in data.documents["doc_id"]:
        assert doc in table


def test_nothing_rendered_holds_nan_or_raw_markup(shape):
    name, folder, data, f = shape
    for key, value in f.items():
        if hasattr(value, "savefig"):
            continue
        body = text(value)
        assert not re.search(r"\bnan\b|\binf\b", body), key
        assert "{glue" not in body, key


def test_hostile_corpus_text_is_escaped_in_tables(tmp_path):
    folder = shapes.balanced(tmp_path / "corpus", periods=(2021, 2022), per_period=3)
    doc = "x-hostile"
    shapes.add_article(folder, doc, ("<script>alert(1)</script> Gas Öl Preis Energie Markt Export Pipeline "
                                     "Straße Größe Bau Sicherheit Truppe. " * 3) + "\n",
                       date="2022-09-01", title="<img src=y onerror=alert(1)>")
    data = load_data(folder)
    from corpusbook.facts import topics as facts

    f = facts.findings(data, k_range=range(2, 4), seeds=(1, 2), n_boot=50, gensim=False,
                       labels_path=folder / "topic_labels.csv")
    for key, value in f.items():
        if hasattr(value, "data"):
            assert "<script>" not in text(value) and "<img" not in text(value), key


def test_too_few_units_says_so(tmp_path):
    from conftest import write_corpus
    from corpusbook.facts import topics as facts

    folder = write_corpus(tmp_path / "corpus", {"a.txt": "Putin traf Tokajew in Moskau zum Gespräch über Gas.\n"},
                          [("a", "texts/a.txt", "Titel", "Zeitung", "2022-02-10", "", "", "de", "", "test")])
    f = facts.findings(load_data(folder), seeds=(1, 2), n_boot=20, gensim=False)
    assert set(facts.KEYS) <= set(f) and f["k"] == "—"
    assert "A topic model needs at least three units; this corpus has 1." in text(f["units_sentence"])
    assert text(f["units_sentence"]).startswith("The corpus has 1 article.")


def test_sweep_on_a_sample_is_stated(project, monkeypatch):
    from corpusbook import topics as T
    from corpusbook.facts import topics as facts

    monkeypatch.setattr(T, "SWEEP_MAX_UNITS", 40)
    n_units = len(T.make_units(project.tokens).table)
    f = facts.findings(project, k_range=range(2, 4), seeds=(1, 2), n_boot=20, gensim=False)
    s = text(f["sweep_sentence"])
    assert f"on a seeded sample of 40 of the {n_units:,} paragraph units" in s
    assert f"fitted to all {n_units:,} units" in s
    assert "on the same sample, then applied to every unit" in text(f["lda_sentence"])
