"""Topic models over paragraphs: NMF and LDA, k chosen on coherence and stability, prevalence with
bootstrap intervals.

Five articles are far too few documents for a topic model, so the unit is the **paragraph**: it is
the text's own unit of one idea, and unlike a fixed window it never cuts a sentence. Paragraphs with
fewer than ``min_terms`` content lemmas (headings, one-line captions) are merged into the next
paragraph of the same article, so no text is dropped. On a large corpus the unit can be the whole
document (``unit="document"``).

Coherence is NPMI over the corpus's own co-occurrence (:cite:t:`bouma2009npmi`, in the ``c_npmi``
configuration of :cite:t:`roder2015exploring`: boolean sliding windows of 10 tokens, all pairs of a
topic's top words, arithmetic mean). Stability is the mean, over pairs of runs with different seeds,
of the best-match cosine similarity between the runs' topic-term vectors (Hungarian matching), after
:cite:t:`greene2014stability`.
"""

import warnings
from dataclasses import dataclass
from typing import NamedTuple
from itertools import combinations

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from sklearn.decomposition import NMF
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

from corpusbook import lda
from corpusbook.errors import CorpusError, read_table
from corpusbook.preprocess import content_tokens
from corpusbook.settings import SEED, n_jobs as default_jobs

#: Default range of k tried by :func:`select_k`.
K_RANGE = range(2, 13)
#: Seeds of the stability runs (the first is the book's seed).
STABILITY_SEEDS = (SEED, SEED + 1, SEED + 2, SEED + 3, SEED + 4)
#: Minimum mean stability for a k to be eligible (see :func:`choose_k`).
MIN_STABILITY = 0.75
EPSILON = 1e-12
#: Iteration caps, high enough that the solvers stop on their own convergence rules.
NMF_MAX_ITER = 3000
LDA_MAX_ITER = 100
#: LDA stops when the perplexity, evaluated every this many passes, changes by less than
#: :data:`LDA_PERP_TOL` (scikit-learn's ``evaluate_every`` and ``perp_tol``).
LDA_EVALUATE_EVERY = 5
LDA_PERP_TOL = 0.1
MODELS = ("nmf", "lda")


class Fit(NamedTuple):
    """One fitted topic model: ``doc_topic`` (units × topics, rows sum to 1), ``topic_term``
    (topics × terms, rows sum to 1) and ``converged`` (the solver reached its tolerance)."""

    doc_topic: np.ndarray
    topic_term: np.ndarray
    converged: bool


@dataclass
class Units:
    """Topic-model units and their matrices.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per unit: ``unit`` (id), ``doc_id``, ``paragraphs`` (the paragraph numbers merged),
        ``n_terms`` (content lemmas), plus ``period`` and ``slice`` when the tokens carry them.
    texts : list of list of str
        The content lemmas of each unit, in order (the reference texts for coherence).
    counts : scipy.sparse.csr_matrix
        Unit × term counts (terms in at least ``min_df`` units).
    tfidf : scipy.sparse.csr_matrix
        The same, TF-IDF weighted (l2-normalised rows).
    vocab : numpy.ndarray
        Term of each column.
    """

    table: pd.DataFrame
    texts: list
    counts: csr_matrix
    tfidf: csr_matrix
    vocab: np.ndarray


def make_units(tokens, unit="paragraph", min_terms=8, min_df=2, view="lemma"):
    """Build topic-model units from the token table.

    Parameters
    ----------
    tokens : pandas.DataFrame
        The token table.
    unit : {"paragraph", "document"}
    min_terms : int, default 8
        Paragraphs with fewer content lemmas are merged into the next paragraph of the same
        document (the last one into the previous).
    min_df : int, default 2
        Terms must occur in at least this many units to enter the matrices.

    Returns
    -------
    Units
    """
    kept = content_tokens(tokens)
    extra = [c for c in ("period", "slice") if c in kept.columns]
    if unit == "document":
        groups = kept.groupby("doc_id", sort=True)
        rows = [{"doc_id": d, "paragraphs": "all", **{c: g[c].iloc[0] for c in extra}} for d, g in groups]
        texts = [g[view].tolist() for _, g in groups]
    elif unit == "paragraph":
        rows, texts = [], []
        for doc_id, doc in kept.groupby("doc_id", sort=True):
            pending, pending_paras = [], []
            paras = list(doc.groupby("paragraph", sort=True))
            for i, (para, g) in enumerate(paras):
                pending += g[view].tolist()
                pending_paras.append(int(para))
                if len(pending) >= min_terms or i == len(paras) - 1:
                    if len(pending) < min_terms and rows and rows[-1]["doc_id"] == doc_id:
                        texts[-1] += pending
                        rows[-1]["paragraphs"] += pending_paras
                    else:
                        rows.append({"doc_id": doc_id, "paragraphs": pending_paras, **{c: g[c].iloc[0] for c in extra}})
                        texts.append(pending)
                    pending, pending_paras = [], []
    else:
        raise ValueError(f"unit must be 'paragraph' or 'document', not {unit!r}")
    table = pd.DataFrame(rows)
    table.insert(0, "unit", range(len(table)))
    table["n_terms"] = [len(t) for t in texts]
    vec = CountVectorizer(analyzer=lambda terms: terms, lowercase=False, min_df=min_df)
    counts = vec.fit_transform(texts).tocsr()
    tfidf = TfidfTransformer().fit_transform(counts).tocsr()
    return Units(table=table, texts=texts, counts=counts, tfidf=tfidf, vocab=vec.get_feature_names_out())


def fit(units, k, model="nmf", seed=SEED):
    """Fit one topic model.

    NMF :cite:p:`lee1999learning` is fitted to the TF-IDF matrix (scikit-learn; random
    initialisation from ``seed``, Frobenius loss; converged when no ``ConvergenceWarning`` is
    raised); LDA :cite:p:`blei2003latent` to the counts (:func:`corpusbook.lda.fit`: scikit-learn's
    batch variational Bayes, vectorised over documents; priors 1/k; converged when the perplexity
    rule of :data:`LDA_EVALUATE_EVERY` and :data:`LDA_PERP_TOL` stops it before :data:`LDA_MAX_ITER`
    passes).

    Returns
    -------
    Fit
        ``doc_topic`` (unit × topic weights, rows normalised to sum to 1; a unit with no weight gets
        zeros), ``topic_term`` (rows normalised to sum to 1) and ``converged``.
    """
    if model == "nmf":
        est = NMF(n_components=k, init="random", random_state=seed, max_iter=NMF_MAX_ITER, tol=1e-4)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            w = est.fit_transform(units.tfidf)
        converged = not any(issubclass(c.category, ConvergenceWarning) for c in caught)
        h = est.components_
    elif model == "lda":
        result = lda.fit(units.counts, k, seed, max_iter=LDA_MAX_ITER, evaluate_every=LDA_EVALUATE_EVERY,
                         perp_tol=LDA_PERP_TOL)
        w, h = result.doc_topic, result.components
        converged = result.n_iter < LDA_MAX_ITER  # the perplexity rule stopped it before the cap
    else:
        raise ValueError(f"model must be one of {MODELS}, not {model!r}")
    w_sum = w.sum(axis=1, keepdims=True)
    doc_topic = np.divide(w, w_sum, out=np.zeros_like(w), where=w_sum > 0)
    topic_term = h / h.sum(axis=1, keepdims=True)
    return Fit(doc_topic, topic_term, converged)


def top_terms(topic_term, vocab, n=10):
    """The ``n`` highest-weighted terms of each topic (ties broken alphabetically)."""
    out = []
    for row in topic_term:
        order = sorted(range(len(row)), key=lambda j: (-row[j], vocab[j]))[:n]
        out.append([vocab[j] for j in order])
    return out


def npmi_coherence(topics, texts, window=10):
    """NPMI topic coherence (``c_npmi``) of each topic over reference texts.

    For each text, every run of ``window`` consecutive tokens is a virtual document (a text shorter
    than the window is one virtual document). With ``N`` virtual documents, ``P(w)`` is the share
    containing ``w`` and ``P(w_i, w_j)`` the share containing both.
    ``NPMI = log((P(w_i,w_j) + ε) / (P(w_i) P(w_j))) / -log(P(w_i,w_j) + ε)`` with ``ε = 1e-12``,
    averaged over all pairs of a topic's words.

    Parameters
    ----------
    topics : list of list of str
        Each topic's top words.
    texts : list of list of str
        Token sequences (the reference corpus).
    window : int, default 10

    Returns
    -------
    numpy.ndarray
        One coherence per topic, in [-1, 1].
    """
    words = sorted({w for t in topics for w in t})
    index = {w: i for i, w in enumerate(words)}
    rows, cols, n_windows = [], [], 0
    for text in texts:
        ids = np.array([index.get(w, -1) for w in text])
        n = max(1, len(ids) - window + 1)
        for j in range(n):
            present = np.unique(ids[j:j + window])
            present = present[present >= 0]
            rows.extend([n_windows] * len(present))
            cols.extend(present.tolist())
            n_windows += 1
    occ = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n_windows, len(words)))
    single = np.asarray(occ.sum(axis=0)).ravel() / n_windows
    joint = (occ.T @ occ).toarray() / n_windows
    scores = []
    for topic in topics:
        ids = [index[w] for w in topic]
        vals = []
        for a, b in combinations(ids, 2):
            p_ab = joint[a, b]
            pmi = np.log((p_ab + EPSILON) / (single[a] * single[b])) if single[a] * single[b] > 0 else 0.0
            vals.append(pmi / -np.log(p_ab + EPSILON))
        scores.append(float(np.mean(vals)) if vals else float("nan"))
    return np.array(scores)


def match_topics(a, b):
    """Best one-to-one matching of the rows of two topic-term matrices by cosine similarity.

    Returns
    -------
    pairs : list of tuple
        ``(row_in_a, row_in_b, cosine)``, Hungarian assignment maximising total similarity.
    """
    an = a / np.linalg.norm(a, axis=1, keepdims=True)
    bn = b / np.linalg.norm(b, axis=1, keepdims=True)
    sim = an @ bn.T
    ra, rb = linear_sum_assignment(-sim)
    return [(int(i), int(j), float(sim[i, j])) for i, j in zip(ra, rb)]


def stability(topic_terms):
    """Mean best-match cosine similarity over all pairs of runs (1 = identical topics every run)."""
    scores = [np.mean([s for _, _, s in match_topics(x, y)]) for x, y in combinations(topic_terms, 2)]
    return float(np.mean(scores))


def select_k(units, k_range=K_RANGE, models=MODELS, seeds=STABILITY_SEEDS, n_terms=10, n_jobs=None):
    """Coherence and stability for each k and model.

    Parameters
    ----------
    units : Units
    k_range, models, seeds : iterables
        What to fit: every model at every k with every seed.
    n_terms : int, default 10
        Top terms per topic for the coherence.
    n_jobs : int, optional
        Worker processes for the fits (default :func:`corpusbook.settings.n_jobs`). The fits are
        independent and seeded, so the result is the same for any value.

    Returns
    -------
    pandas.DataFrame
        One row per model and k: ``model``, ``k``, ``coherence`` (mean NPMI of the topics of the run
        with the first seed), ``coherence_sd`` (its standard deviation over topics), ``stability``,
        ``converged`` (every run reached the solver's tolerance).
    """
    grid = [(model, k, seed) for model in models for k in k_range for seed in seeds]
    n_jobs = default_jobs() if n_jobs is None else n_jobs
    if n_jobs > 1 and len(grid) > 1:
        from joblib import Parallel, delayed

        # the slowest fits first (LDA, large k), so the workers finish together
        order = sorted(grid, key=lambda g: (g[0] != "lda", -g[1]))
        fitted = Parallel(n_jobs=n_jobs)(delayed(fit)(units, k, model, seed) for model, k, seed in order)
        runs_of = dict(zip(order, fitted))
    else:
        runs_of = {(model, k, seed): fit(units, k, model, seed) for model, k, seed in grid}
    rows = []
    for model in models:
        for k in k_range:
            runs = [runs_of[model, k, seed] for seed in seeds]
            converged = all(r.converged for r in runs)
            coh = npmi_coherence(top_terms(runs[0].topic_term, units.vocab, n_terms), units.texts)
            rows.append({"model": model, "k": k, "coherence": float(np.mean(coh)), "coherence_sd": float(np.std(coh)),
                         "stability": stability([r.topic_term for r in runs]), "converged": bool(converged)})
    return pd.DataFrame(rows)


def choose_k(evidence, model="nmf", min_stability=MIN_STABILITY):
    """The rule the book uses: among the k whose stability is at least ``min_stability``, the one
    with the highest mean coherence; if no k is that stable, the most stable k.

    Returns
    -------
    int
    """
    rows = evidence[evidence["model"] == model]
    eligible = rows[rows["stability"] >= min_stability]
    pick = eligible.loc[eligible["coherence"].idxmax()] if len(eligible) else rows.loc[rows["stability"].idxmax()]
    return int(pick["k"])


def topic_labels(topic_term, vocab, n=3, overrides=None):
    """Labels from each topic's top ``n`` terms, replaced where ``overrides`` (topic -> label) says so."""
    labels = [" · ".join(t) for t in top_terms(topic_term, vocab, n)]
    for topic, label in (overrides or {}).items():
        if 0 <= topic < len(labels) and label:
            labels[topic] = label
    return labels


def load_label_overrides(path, model, k):
    """Manual topic labels from ``corpus/topic_labels.csv`` (``model,k,topic,label``) for one model and k.

    A missing file means no overrides. Labels only apply to the model and k they were written for.
    """
    from pathlib import Path

    if not Path(path).is_file():
        return {}
    table = read_table(path, required=("model", "k", "topic", "label"))
    rows = table[(table["model"] == model) & (table["k"] == str(k))]
    try:
        return {int(t): label for t, label in zip(rows["topic"], rows["label"])}
    except ValueError:
        raise CorpusError(f"{Path(path).name}: field 'topic' must be a whole number.") from None


def document_shares(units, doc_topic, by="doc_id"):
    """Topic shares aggregated per document (or any unit-table column), weighted by unit length.

    Returns
    -------
    pandas.DataFrame
        Index: the groups; one column per topic; rows sum to 1.
    """
    w = units.table["n_terms"].to_numpy()[:, None]
    frame = pd.DataFrame(doc_topic * w, index=units.table[by])
    summed = frame.groupby(level=0).sum()
    return summed.div(summed.sum(axis=1), axis=0)


def prevalence(units, doc_topic, by="period", resample="doc_id", n_boot=1000, seed=SEED, level=0.95):
    """Topic prevalence per group with bootstrap percentile intervals.

    Prevalence of a topic in a group is the length-weighted mean of its share over the group's units.
    The bootstrap resamples, within each group and with replacement, either whole documents
    (``resample="doc_id"``: the variation between articles, the honest unit when articles are the
    sample) or units (``resample="unit"``: the variation between paragraphs, which treats paragraphs
    of one article as independent and so gives narrower, over-confident intervals). A group of one
    document has no between-document variation: its document-bootstrap interval collapses to the
    point estimate, which says nothing about uncertainty.

    Returns
    -------
    pandas.DataFrame
        One row per group and topic: ``group``, ``topic``, ``prevalence``, ``low``, ``high``,
        ``n_resampled`` (documents or units in the group), ``resample``.
    """
    rng = np.random.default_rng(seed)
    weights = units.table["n_terms"].to_numpy().astype(float)
    weighted = doc_topic * weights[:, None]
    rows = []
    for group, idx in units.table.groupby(by).indices.items():
        keys = units.table.iloc[idx][resample].to_numpy() if resample != "unit" else idx
        clusters = pd.unique(keys)
        members = [idx[keys == c] for c in clusters] if resample != "unit" else [np.array([i]) for i in idx]
        num = np.array([weighted[m].sum(axis=0) for m in members])
        den = np.array([weights[m].sum() for m in members])
        point = num.sum(axis=0) / den.sum()
        draws = rng.integers(0, len(members), size=(n_boot, len(members)))
        boot = num[draws].sum(axis=1) / den[draws].sum(axis=1)[:, None]
        lo, hi = np.quantile(boot, [(1 - level) / 2, 1 - (1 - level) / 2], axis=0)
        for t in range(doc_topic.shape[1]):
            rows.append({"group": group, "topic": t, "prevalence": point[t], "low": lo[t], "high": hi[t],
                         "n_resampled": len(members), "resample": resample})
    return pd.DataFrame(rows)


def representative_units(units, doc_topic, paragraphs, n=2):
    """The ``n`` units with the highest share of each topic, with their text.

    Returns
    -------
    pandas.DataFrame
        ``topic``, ``share``, ``doc_id``, ``paragraphs``, ``text`` (the unit's paragraphs joined).
    """
    text_of = paragraphs.set_index(["doc_id", "paragraph"])["text"]
    rows = []
    for t in range(doc_topic.shape[1]):
        for i in np.argsort(-doc_topic[:, t], kind="stable")[:n]:
            unit = units.table.iloc[i]
            paras = unit["paragraphs"] if isinstance(unit["paragraphs"], list) else []
            rows.append({"topic": t, "share": float(doc_topic[i, t]), "doc_id": unit["doc_id"],
                         "paragraphs": ", ".join(map(str, paras)),
                         "text": " ".join(text_of.loc[(unit["doc_id"], p)] for p in paras)})
    return pd.DataFrame(rows)


def compare_models(units, k, seed=SEED, n_terms=8):
    """Which NMF and LDA topics correspond: Hungarian matching on topic-term cosine similarity.

    Returns
    -------
    pandas.DataFrame
        ``nmf_topic``, ``lda_topic``, ``cosine``, ``shared_terms`` (top terms both have),
        ``nmf_terms``, ``lda_terms``; and ``attrs["dominant_agreement"]``: the share of units whose
        dominant NMF topic is matched to their dominant LDA topic.
    """
    nmf_dt, nmf_tt, _ = fit(units, k, "nmf", seed)
    lda_dt, lda_tt, _ = fit(units, k, "lda", seed)
    nmf_top, lda_top = top_terms(nmf_tt, units.vocab, n_terms), top_terms(lda_tt, units.vocab, n_terms)
    pairs = match_topics(nmf_tt, lda_tt)
    table = pd.DataFrame(
        [{"nmf_topic": i, "lda_topic": j, "cosine": s, "shared_terms": ", ".join(w for w in nmf_top[i] if w in lda_top[j]),
          "nmf_terms": ", ".join(nmf_top[i]), "lda_terms": ", ".join(lda_top[j])} for i, j, s in pairs]
    ).sort_values("cosine", ascending=False).reset_index(drop=True)
    mapping = {i: j for i, j, _ in pairs}
    has = (nmf_dt.sum(axis=1) > 0) & (lda_dt.sum(axis=1) > 0)
    agree = np.array([mapping[a] == b for a, b in zip(nmf_dt.argmax(axis=1), lda_dt.argmax(axis=1))])
    table.attrs["dominant_agreement"] = float(agree[has].mean())
    return table


def interval_comparison(prev_doc, prev_unit):
    """One sentence comparing the two bootstraps' mean interval widths, per multi-document group.

    Groups of one document are left out (their article-bootstrap interval has width zero). The
    number of distinct article resamples, ``C(2n-1, n)`` for ``n`` articles, says how coarse the
    article bootstrap is.
    """
    from math import comb

    parts = []
    for group, rows in prev_doc.groupby("group", sort=True):
        n = int(rows["n_resampled"].iloc[0])
        if n < 2:
            continue
        w_doc = float((rows["high"] - rows["low"]).mean())
        unit_rows = prev_unit[prev_unit["group"] == group]
        w_unit = float((unit_rows["high"] - unit_rows["low"]).mean())
        parts.append(
            f"In {group} ({n} articles, so only {comb(2 * n - 1, n)} distinct article resamples) the intervals "
            f"are on average {w_doc:.2f} wide resampling articles and {w_unit:.2f} resampling paragraphs"
            + (": here the paragraphs vary more than the articles do." if w_unit > w_doc else
               ": the articles differ more than their paragraphs suggest.")
        )
    return " ".join(parts) or "No period has more than one article, so no article bootstrap is possible."
