"""Topic models over paragraphs: NMF and LDA, k chosen on coherence and stability, convergence of every
fit, topic shares per article, prevalence with bootstrap intervals, and how far the two models agree
beyond chance.

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

Cost. Only the k sweep (:func:`select_k`) runs on a sample: it fits NMF with every seed at every k on a
seeded sample of at most :data:`SWEEP_MAX_UNITS` units and :data:`SWEEP_MAX_TERMS` content lemmas
(:func:`sweep_sample`), so its cost is bounded whatever the corpus size. The models shown
(:func:`fit_models`) are fitted once, at the chosen k, on every unit, and run until their solver's
stopping rule is met (:func:`convergence` reports it). Everything after the sweep grows with the corpus.

Examples
--------
The steps a chapter runs, in order::

    units = make_units(tokens)
    evidence = select_k(units)              # one row per k
    choice = choose_k(evidence)             # the k, and whether it lies at the edge of the range
    models = fit_models(units, choice.k)    # NMF and LDA on every unit
    convergence(models, evidence)           # iterations and convergence of every fit
    topic_shares(units, models)             # doc_id, model, topic_0, topic_1, ...
"""

import warnings
from dataclasses import dataclass
from itertools import combinations
from typing import NamedTuple

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from scipy.optimize import linear_sum_assignment
from scipy.sparse import coo_matrix, csr_matrix
from scipy.stats import bootstrap, permutation_test
from sklearn.decomposition import NMF, LatentDirichletAllocation
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.metrics import cohen_kappa_score
from sklearn.metrics.pairwise import cosine_similarity

from corpusbook.preprocess import content_tokens
from corpusbook.settings import SEED
from corpusbook.settings import n_jobs as default_jobs

#: A paragraph with fewer content lemmas is merged into the next one of its article (:func:`make_units`).
MIN_TERMS = 8
#: Default range of k tried by :func:`select_k` (capped below the number of units by :func:`k_grid`).
#: Wide enough that the highest coherence lies inside it on the corpora benchmarked (benchmarks/results.md).
K_RANGE = range(2, 21)
#: Seeds of the stability runs (the first is the book's seed).
STABILITY_SEEDS = (SEED, SEED + 1, SEED + 2, SEED + 3, SEED + 4)
#: Minimum mean stability for a k to be eligible (see :func:`choose_k`).
MIN_STABILITY = 0.75
#: The k sweep runs on at most this many units ...
SWEEP_MAX_UNITS = 400
#: ... holding at most this many content lemmas (a seeded sample beyond; see :func:`sweep_sample`).
SWEEP_MAX_TERMS = 40_000
#: The sweep runs in worker processes (:func:`corpusbook.settings.n_jobs`) from this many non-zero
#: TF-IDF weights in the sample on; below, one process is faster.
PARALLEL_MIN_NNZ = 5_000
EPSILON = 1e-12
#: NMF (coordinate descent) stops when its projected gradient, relative to the first iteration's, falls
#: below :data:`NMF_TOL` (scikit-learn's ``tol``), or at :data:`NMF_MAX_ITER` iterations.
NMF_MAX_ITER = 3000
NMF_TOL = 1e-4
#: LDA (batch variational Bayes) evaluates the perplexity of the training units every
#: :data:`LDA_EVALUATE_EVERY` passes and stops when it changes by less than :data:`LDA_PERP_TOL`
#: (scikit-learn's ``evaluate_every`` and ``perp_tol``, the latter at its default), or at
#: :data:`LDA_MAX_ITER` passes.
LDA_MAX_ITER = 1000
LDA_EVALUATE_EVERY = 5
LDA_PERP_TOL = 0.1
MODELS = ("nmf", "lda")


@dataclass(frozen=True)
class Fit:
    """One fitted topic model.

    Attributes
    ----------
    model : {"nmf", "lda"}
    k, seed : int
    doc_topic : numpy.ndarray
        Units × topics; rows sum to 1 (a unit with no weight gets zeros).
    topic_term : numpy.ndarray
        Topics × terms; rows sum to 1.
    units : int
        Rows of the matrix the model was fitted on.
    iterations : int
        The solver's ``n_iter_`` (scikit-learn's count: for LDA, the passes before the one whose
        perplexity check stopped it).
    max_iter : int
        The cap on ``iterations``.
    converged : bool
        The solver's stopping rule was met before the cap (``iterations < max_iter``, scikit-learn's own
        test for NMF's ``ConvergenceWarning``).
    """

    model: str
    k: int
    seed: int
    doc_topic: np.ndarray
    topic_term: np.ndarray
    units: int
    iterations: int
    max_iter: int
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

    def subset(self, rows, min_df=2):
        """The units at positions ``rows``, as a corpus of their own: the vocabulary is the terms in at
        least ``min_df`` of them, and the TF-IDF weights are recomputed on them."""
        rows = np.asarray(rows, dtype=int)
        counts = self.counts[rows]
        keep = np.flatnonzero(np.asarray((counts > 0).sum(axis=0)).ravel() >= min(min_df, max(1, len(rows))))
        counts = counts[:, keep].tocsr()
        return Units(
            table=self.table.iloc[rows].reset_index(drop=True),
            texts=[self.texts[i] for i in rows],
            counts=counts,
            tfidf=TfidfTransformer().fit_transform(counts).tocsr(),
            vocab=self.vocab[keep],
        )


def make_units(tokens, unit="paragraph", min_terms=None, min_df=2, view="lemma"):
    """Build topic-model units from the token table.

    Parameters
    ----------
    tokens : pandas.DataFrame
        The token table.
    unit : {"paragraph", "document"}
    min_terms : int, default :data:`MIN_TERMS`
        Paragraphs with fewer content lemmas are merged into the next paragraph of the same
        document (the last one into the previous).
    min_df : int, default 2
        Terms must occur in at least this many units to enter the matrices.

    Returns
    -------
    Units
    """
    min_terms = MIN_TERMS if min_terms is None else min_terms
    kept = content_tokens(tokens)
    extra = [c for c in ("period", "slice") if c in kept.columns]
    if unit == "document":
        groups = kept.groupby("doc_id", sort=True)
        rows = [{"doc_id": d, "paragraphs": "all", **{c: g[c].iloc[0] for c in extra}} for d, g in groups]
        texts = [g[view].tolist() for _, g in groups]
    elif unit == "paragraph":
        rows, texts = [], []
        kept = kept.sort_values(["doc_id", "paragraph"], kind="stable")
        words = kept[view].to_numpy()
        keys = kept[["doc_id", "paragraph"]].to_numpy()
        bounds = np.flatnonzero((keys[1:] != keys[:-1]).any(axis=1)) + 1 if len(keys) else np.array([], int)
        starts = np.concatenate([[0], bounds]) if len(keys) else np.array([], int)
        ends = np.concatenate([bounds, [len(keys)]]) if len(keys) else np.array([], int)
        extras = {c: kept[c].to_numpy() for c in extra}
        pending, pending_paras = [], []
        for i, (a, b) in enumerate(zip(starts, ends)):
            doc_id, para = keys[a]
            pending += words[a:b].tolist()
            pending_paras.append(int(para))
            last_of_doc = i == len(starts) - 1 or keys[starts[i + 1]][0] != doc_id
            if len(pending) >= min_terms or last_of_doc:
                if len(pending) < min_terms and rows and rows[-1]["doc_id"] == doc_id:
                    texts[-1] += pending
                    rows[-1]["paragraphs"] += pending_paras
                else:
                    rows.append({"doc_id": doc_id, "paragraphs": pending_paras, **{c: extras[c][a] for c in extra}})
                    texts.append(pending)
                pending, pending_paras = [], []
    else:
        raise ValueError(f"unit must be 'paragraph' or 'document', not {unit!r}")
    table = pd.DataFrame(rows, columns=["doc_id", "paragraphs", *extra])
    table.insert(0, "unit", range(len(table)))
    table["n_terms"] = [len(t) for t in texts]
    vec = CountVectorizer(analyzer=lambda terms: terms, lowercase=False, min_df=min(min_df, max(1, len(texts))))
    counts = vec.fit_transform(texts).tocsr()
    tfidf = TfidfTransformer().fit_transform(counts).tocsr()
    return Units(table=table, texts=texts, counts=counts, tfidf=tfidf, vocab=vec.get_feature_names_out())


def sweep_sample(units, max_units=None, max_terms=None, seed=SEED):
    """The units the k sweep is fitted on: all of them, or a seeded sample when there are many.

    The units are put in a seeded random order and taken while both caps hold (the first unit is
    always taken), so the sweep's cost is bounded by ``max_units`` and ``max_terms`` (default
    :data:`SWEEP_MAX_UNITS` and :data:`SWEEP_MAX_TERMS`) whatever the corpus size.

    Returns
    -------
    numpy.ndarray
        Positions of the sampled units, sorted.

    Examples
    --------
    >>> units = Units(pd.DataFrame({"n_terms": [10, 10, 10]}), [], None, None, None)
    >>> sweep_sample(units, max_units=5).tolist(), len(sweep_sample(units, max_terms=20))
    ([0, 1, 2], 2)
    """
    max_units = SWEEP_MAX_UNITS if max_units is None else max_units
    max_terms = SWEEP_MAX_TERMS if max_terms is None else max_terms
    n_terms = units.table["n_terms"].to_numpy()
    n = len(n_terms)
    if n <= max_units and n_terms.sum() <= max_terms:
        return np.arange(n)
    order = np.random.default_rng(seed).permutation(n)
    within = np.cumsum(n_terms[order]) <= max_terms
    within[0] = True
    take = order[:max_units][within[:max_units]] if n > 0 else order
    return np.sort(take)


def fit(units, k, model="nmf", seed=SEED):
    """Fit one topic model to every unit of ``units``.

    NMF :cite:p:`lee1999learning` is fitted to the TF-IDF matrix (scikit-learn; random initialisation
    from ``seed``, Frobenius loss, coordinate descent up to :data:`NMF_MAX_ITER` iterations, tolerance
    :data:`NMF_TOL`); LDA :cite:p:`blei2003latent` to the counts (scikit-learn's
    ``LatentDirichletAllocation``, batch variational Bayes :cite:p:`hoffman2010online`, priors 1/k, up
    to :data:`LDA_MAX_ITER` passes, stopped by the perplexity rule of :data:`LDA_EVALUATE_EVERY` and
    :data:`LDA_PERP_TOL`).

    Parameters
    ----------
    units : Units
        The units the model is fitted on, all of them.
    k : int
        Number of topics.
    model : {"nmf", "lda"}
    seed : int, default :data:`corpusbook.settings.SEED`

    Returns
    -------
    Fit
        The unit and term weights (rows normalised to sum to 1) and the solver's iterations and
        convergence. A model that stops at its cap raises no warning: ``converged`` says so.

    Examples
    --------
    >>> texts = [["Gas", "Öl", "Preis"], ["Gas", "Öl", "Markt"], ["Truppe", "Grenze", "OVKS"],
    ...          ["Truppe", "Grenze", "Soldat"]]
    >>> vec = CountVectorizer(analyzer=lambda t: t, lowercase=False)
    >>> counts = vec.fit_transform(texts).tocsr()
    >>> units = Units(pd.DataFrame({"doc_id": list("aabb")}), texts, counts,
    ...               TfidfTransformer().fit_transform(counts).tocsr(), vec.get_feature_names_out())
    >>> f = fit(units, 2, "lda")
    >>> f.units, f.doc_topic.shape, f.converged
    (4, (4, 2), True)
    """
    if model == "nmf":
        est = NMF(n_components=k, init="random", random_state=seed, max_iter=NMF_MAX_ITER, tol=NMF_TOL)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)  # reported as data: ``converged``
            w = est.fit_transform(units.tfidf)
        max_iter = NMF_MAX_ITER
    elif model == "lda":
        est = LatentDirichletAllocation(
            n_components=k,
            learning_method="batch",
            random_state=seed,
            max_iter=LDA_MAX_ITER,
            evaluate_every=LDA_EVALUATE_EVERY,
            perp_tol=LDA_PERP_TOL,
        )
        w = est.fit_transform(units.counts)
        max_iter = LDA_MAX_ITER
    else:
        raise ValueError(f"model must be one of {MODELS}, not {model!r}")
    h = est.components_
    w_sum = w.sum(axis=1, keepdims=True)
    h_sum = h.sum(axis=1, keepdims=True)
    return Fit(
        model=model,
        k=int(k),
        seed=int(seed),
        doc_topic=np.divide(w, w_sum, out=np.zeros_like(w), where=w_sum > 0),
        topic_term=np.divide(h, h_sum, out=np.zeros_like(h), where=h_sum > 0),
        units=int(w.shape[0]),
        iterations=int(est.n_iter_),
        max_iter=max_iter,
        converged=bool(est.n_iter_ < max_iter),
    )


def fit_models(units, k, seed=SEED, models=MODELS):
    """The models a chapter shows: each of ``models`` at ``k``, fitted to every unit.

    Parameters
    ----------
    units : Units
        All the units (never the k sweep's sample).
    k : int
        Usually :func:`choose_k`'s.
    seed : int, default :data:`corpusbook.settings.SEED`
    models : sequence of str, default :data:`MODELS`

    Returns
    -------
    dict
        Model name → :class:`Fit`, in the order of ``models``.
    """
    return {model: fit(units, k, model, seed) for model in models}


#: Columns of :func:`convergence`.
CONVERGENCE_COLUMNS = ["stage", "model", "k", "seed", "units", "iterations", "max_iter", "converged"]


def convergence(fits, evidence=None):
    """Iterations and convergence of every fit: the models shown and, with ``evidence``, the k sweep's.

    Parameters
    ----------
    fits : dict or iterable of Fit
        The models shown (:func:`fit_models`).
    evidence : pandas.DataFrame, optional
        :func:`select_k`'s table; its ``attrs["runs"]`` holds one row per fit of the sweep.

    Returns
    -------
    pandas.DataFrame
        One row per fit: ``stage`` ("model" for the fits shown, "k sweep" for the sweep's), ``model``,
        ``k``, ``seed``, ``units`` (rows fitted), ``iterations``, ``max_iter``, ``converged``
        (``iterations < max_iter``: the solver's stopping rule was met).
    """
    fits = fits.values() if isinstance(fits, dict) else fits
    rows = [
        {
            "stage": "model",
            "model": f.model,
            "k": f.k,
            "seed": f.seed,
            "units": f.units,
            "iterations": f.iterations,
            "max_iter": f.max_iter,
            "converged": f.converged,
        }
        for f in fits
    ]
    table = pd.DataFrame(rows, columns=CONVERGENCE_COLUMNS)
    if evidence is not None:
        runs = evidence.attrs["runs"].assign(stage="k sweep", model=evidence.attrs["model"])
        table = pd.concat([table, runs[CONVERGENCE_COLUMNS]], ignore_index=True)
    table = table.astype(dict.fromkeys(("k", "seed", "units", "iterations", "max_iter"), int))
    return table.astype({"converged": bool})


def top_terms(topic_term, vocab, n=10):
    """The ``n`` highest-weighted terms of each topic (ties broken alphabetically)."""
    vocab = np.asarray(vocab)
    return [[str(vocab[j]) for j in np.lexsort((vocab, -row))[:n]] for row in np.asarray(topic_term)]


class WindowCounts:
    """Which words occur in which sliding window of a reference corpus, counted once.

    For each text, every run of ``window`` consecutive tokens is a virtual document (a text shorter
    than the window is one virtual document), as in the ``c_npmi`` measure of
    :cite:t:`roder2015exploring`. Built once, it scores any number of topics
    (:meth:`npmi`); its size grows linearly with the corpus (``window`` entries per token).

    Parameters
    ----------
    texts : list of list of str
    window : int, default 10
    """

    def __init__(self, texts, window=10):
        words = sorted({w for t in texts for w in t})
        self.index = {w: i for i, w in enumerate(words)}
        rows, cols, n_windows = [], [], 0
        for text in texts:
            ids = np.fromiter((self.index[w] for w in text), dtype=np.int64, count=len(text))
            if len(ids) <= window:
                rows.append(np.full(len(ids), n_windows))
                cols.append(ids)
                n_windows += 1
                continue
            spans = np.lib.stride_tricks.sliding_window_view(ids, window)
            rows.append(np.repeat(np.arange(n_windows, n_windows + len(spans)), window))
            cols.append(spans.ravel())
            n_windows += len(spans)
        rows = np.concatenate(rows) if rows else np.array([], dtype=np.int64)
        cols = np.concatenate(cols) if cols else np.array([], dtype=np.int64)
        occ = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(max(n_windows, 1), len(words))).tocsc()
        occ.data[:] = 1.0  # a window either contains a word or not
        self.occurrence, self.n_windows = occ, max(n_windows, 1)

    def npmi(self, topics):
        """NPMI of each topic: the mean over all pairs of its words (see :func:`npmi_coherence`)."""
        words = sorted({w for t in topics for w in t if w in self.index})
        local = {w: i for i, w in enumerate(words)}
        sub = self.occurrence[:, [self.index[w] for w in words]]
        single = np.asarray(sub.sum(axis=0)).ravel() / self.n_windows
        joint = (sub.T @ sub).toarray() / self.n_windows
        scores = []
        for topic in topics:
            vals = []
            for a, b in combinations(topic, 2):
                if a not in local or b not in local:
                    vals.append(0.0)
                    continue
                i, j = local[a], local[b]
                p_ab = joint[i, j]
                pmi = np.log((p_ab + EPSILON) / (single[i] * single[j])) if single[i] * single[j] > 0 else 0.0
                vals.append(pmi / -np.log(p_ab + EPSILON))
            scores.append(float(np.mean(vals)) if vals else float("nan"))
        return np.array(scores)


def npmi_coherence(topics, texts, window=10):
    """NPMI topic coherence (``c_npmi``) of each topic over reference texts.

    For each text, every run of ``window`` consecutive tokens is a virtual document (a text shorter
    than the window is one virtual document). With ``N`` virtual documents, ``P(w)`` is the share
    containing ``w`` and ``P(w_i, w_j)`` the share containing both.
    ``NPMI = log((P(w_i,w_j) + ε) / (P(w_i) P(w_j))) / -log(P(w_i,w_j) + ε)`` with ``ε = 1e-12``,
    averaged over all pairs of a topic's words.

    gensim's ``c_npmi`` follows the same definition but counts windows with a shortcut: when a word
    leaves the sliding window it is un-marked even if it occurs again inside the window, so words
    repeated within ten tokens are undercounted and its scores differ on real text (they agree on
    texts without such repeats; see the tests).

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
    return WindowCounts(texts, window).npmi(topics)


def match_topics(a, b):
    """Best one-to-one matching of the rows of two topic-term matrices by cosine similarity.

    Returns
    -------
    pairs : list of tuple
        ``(row_in_a, row_in_b, cosine)``, Hungarian assignment maximising total similarity.
    """
    sim = cosine_similarity(a, b)
    ra, rb = linear_sum_assignment(sim, maximize=True)
    return [(int(i), int(j), float(sim[i, j])) for i, j in zip(ra, rb)]


def stability(topic_terms):
    """Mean best-match cosine similarity over all pairs of runs (1 = identical topics every run)."""
    scores = [np.mean([s for _, _, s in match_topics(x, y)]) for x, y in combinations(topic_terms, 2)]
    return float(np.mean(scores)) if scores else float("nan")


def k_grid(n_units, k_range=K_RANGE):
    """The k of ``k_range`` a corpus of ``n_units`` units can take (k below the number of units).

    Examples
    --------
    >>> k_grid(6), k_grid(100, range(2, 6))
    ([2, 3, 4, 5], [2, 3, 4, 5])
    """
    return [int(k) for k in k_range if 2 <= k < n_units]


def select_k(units, k_range=K_RANGE, seeds=STABILITY_SEEDS, n_terms=10, n_jobs=None, sample=True, model="nmf"):
    """Coherence (mean and spread over seeds) and stability of ``model`` for each k.

    Parameters
    ----------
    units : Units
    k_range : iterable of int, default :data:`K_RANGE`
        Capped by :func:`k_grid` (k below the number of sampled units).
    seeds : sequence of int
        Every k is fitted once per seed.
    n_terms : int, default 10
        Top terms per topic for the coherence.
    n_jobs : int, optional
        Worker processes for the fits (default :func:`corpusbook.settings.n_jobs`). The fits are
        independent and seeded, so the result is the same for any value.
    sample : bool, default True
        Fit on :func:`sweep_sample` (all units unless the corpus is large), with coherence measured on
        the sampled units' texts.

    Returns
    -------
    pandas.DataFrame
        One row per k: ``k``, ``coherence`` (mean over seeds of the run's mean NPMI),
        ``coherence_sd`` (standard deviation of that over seeds), ``coherence_min``,
        ``coherence_max``, ``stability``, ``converged`` (every run met its solver's stopping rule).
        ``attrs``: ``runs`` (one row per k and seed: ``k``, ``seed``, ``coherence``, ``units``,
        ``iterations``, ``max_iter``, ``converged``), ``sample`` (positions of the units fitted),
        ``seeds``, ``model`` and ``k_range`` (the k asked for, before the cap).
    """
    rows_sampled = sweep_sample(units) if sample else np.arange(len(units.table))
    fitted_on = units.subset(rows_sampled) if len(rows_sampled) < len(units.table) else units
    ks = k_grid(len(fitted_on.table), k_range)
    grid = [(k, seed) for k in ks for seed in seeds]
    n_jobs = default_jobs() if n_jobs is None else n_jobs
    # worker processes pay for themselves only on a large sample (their start-up costs seconds)
    if n_jobs > 1 and len(grid) > 1 and fitted_on.tfidf.nnz >= PARALLEL_MIN_NNZ:
        order = sorted(grid, key=lambda g: -g[0])  # the slowest fits (large k) first
        fitted = Parallel(n_jobs=n_jobs)(delayed(fit)(fitted_on, k, model, seed) for k, seed in order)
        runs_of = dict(zip(order, fitted))
    else:
        runs_of = {(k, seed): fit(fitted_on, k, model, seed) for k, seed in grid}
    reference = WindowCounts(fitted_on.texts)
    rows, runs = [], []
    for k in ks:
        fits = [runs_of[k, seed] for seed in seeds]
        coh = [float(np.mean(reference.npmi(top_terms(f.topic_term, fitted_on.vocab, n_terms)))) for f in fits]
        runs += [
            {
                "k": k,
                "seed": f.seed,
                "coherence": c,
                "units": f.units,
                "iterations": f.iterations,
                "max_iter": f.max_iter,
                "converged": f.converged,
            }
            for f, c in zip(fits, coh)
        ]
        rows.append(
            {
                "k": k,
                "coherence": float(np.mean(coh)),
                "coherence_sd": float(np.std(coh)),
                "coherence_min": float(np.min(coh)),
                "coherence_max": float(np.max(coh)),
                "stability": stability([f.topic_term for f in fits]),
                "converged": all(f.converged for f in fits),
            }
        )
    out = pd.DataFrame(
        rows, columns=["k", "coherence", "coherence_sd", "coherence_min", "coherence_max", "stability", "converged"]
    )
    out.attrs.update(
        runs=pd.DataFrame(runs, columns=["k", "seed", "coherence", "units", "iterations", "max_iter", "converged"]),
        sample=rows_sampled,
        seeds=tuple(seeds),
        model=model,
        k_range=[int(k) for k in k_range],
    )
    return out


class KChoice(NamedTuple):
    """The k :func:`choose_k` picks, and where it lies in the range tried.

    Attributes
    ----------
    k : int
    criterion : {"coherence", "stability"}
        What decided: the highest coherence among the stable k, or (no k stable enough) stability.
    k_min, k_max : int
        The smallest and largest k tried.
    edge : {"lowest", "highest"} or None
        Which end of the range tried ``k`` lies at (None: inside it). A k at an end may only be the
        best of the values tried, not the best there is.
    capped : bool
        The range asked for went beyond what the units allow (k below the number of units), so its
        top was not tried.
    """

    k: int
    criterion: str
    k_min: int
    k_max: int
    edge: str | None
    capped: bool

    @property
    def at_edge(self):
        """``k`` is the smallest or the largest k tried."""
        return self.edge is not None


def choose_k(evidence, min_stability=MIN_STABILITY):
    """The rule the book uses: among the k whose stability is at least ``min_stability``, the one
    with the highest mean coherence over seeds (the smaller k on a tie); if no k is that stable, the
    most stable k. With a single seed there is no stability, and the most coherent k is taken.

    Parameters
    ----------
    evidence : pandas.DataFrame
        :func:`select_k`'s table (``attrs["k_range"]``, when present, tells whether the range was capped).
    min_stability : float, default :data:`MIN_STABILITY`

    Returns
    -------
    KChoice

    Examples
    --------
    >>> ev = pd.DataFrame({"k": [2, 3, 4, 5], "coherence": [0.1, 0.3, 0.2, 0.4],
    ...                    "stability": [1.0, 0.9, 0.8, 0.5]})
    >>> c = choose_k(ev)
    >>> c.k, c.edge, c.at_edge
    (3, None, False)
    >>> choose_k(ev, min_stability=0.4).edge
    'highest'
    """
    eligible = evidence[evidence["stability"] >= min_stability]
    if len(eligible) == 0 and evidence["stability"].isna().all():
        eligible = evidence  # one seed: nothing to compare runs with
    rows = eligible if len(eligible) else evidence
    column = "coherence" if len(eligible) else "stability"
    k = int(rows.loc[rows[column] == rows[column].max(), "k"].min())
    k_min, k_max = int(evidence["k"].min()), int(evidence["k"].max())
    edge = "highest" if k == k_max else "lowest" if k == k_min else None
    asked = evidence.attrs.get("k_range")
    return KChoice(
        k=k, criterion=column, k_min=k_min, k_max=k_max, edge=edge, capped=bool(asked) and max(asked) > k_max
    )


def topic_labels(topic_term, vocab, n=3, overrides=None):
    """Labels from each topic's top ``n`` terms, replaced where ``overrides`` (topic -> label) says so."""
    labels = [" · ".join(t) for t in top_terms(topic_term, vocab, n)]
    for topic, label in (overrides or {}).items():
        if 0 <= topic < len(labels) and label:
            labels[topic] = label
    return labels


def document_shares(units, doc_topic, by="doc_id"):
    """Topic shares aggregated per document (or any unit-table column), weighted by unit length.

    Returns
    -------
    pandas.DataFrame
        Index: the groups; one column per topic; rows sum to 1 (0 for a group without topic weight).
    """
    w = units.table["n_terms"].to_numpy()[:, None]
    frame = pd.DataFrame(doc_topic * w, index=units.table[by])
    summed = frame.groupby(level=0).sum()
    total = summed.sum(axis=1)
    return summed.div(total.where(total > 0), axis=0).fillna(0.0)  # a document with no topic weight: zeros


def topic_shares(units, fits):
    """Each article's share of each topic, for every model: the table behind a CSV download.

    Parameters
    ----------
    units : Units
    fits : dict
        Model name → :class:`Fit` over ``units`` (:func:`fit_models`).

    Returns
    -------
    pandas.DataFrame
        One row per article and model: ``doc_id``, ``model``, then ``topic_0`` … ``topic_{k-1}`` (the
        model's own topic numbers; :func:`compare_models` says which topics of two models correspond).
        Each row sums to 1 (0 for an article without topic weight). Sorted by ``doc_id``, then by
        the order of ``fits``.
    """
    frames = []
    for order, (name, f) in enumerate(fits.items()):
        shares = document_shares(units, f.doc_topic)
        shares.columns = [f"topic_{t}" for t in range(shares.shape[1])]
        frames.append(shares.rename_axis("doc_id").reset_index().assign(model=name, _order=order))
    out = pd.concat(frames, ignore_index=True).sort_values(["doc_id", "_order"], kind="stable")
    topics_ = [c for c in out.columns if c.startswith("topic_")]
    return out[["doc_id", "model", *topics_]].reset_index(drop=True)


def prevalence(units, doc_topic, by="period", resample="doc_id", n_boot=1000, seed=SEED, level=0.95):
    """Topic prevalence per group with bootstrap percentile intervals.

    Prevalence of a topic in a group is the length-weighted mean of its share over the group's units.
    The bootstrap (:func:`scipy.stats.bootstrap`, percentile method :cite:p:`efron1993bootstrap`)
    resamples, within each group and with replacement, either whole documents (``resample="doc_id"``:
    the variation between articles, the honest unit when articles are the sample) or units
    (``resample="unit"``: the variation between paragraphs, which treats paragraphs of one article as
    independent and so gives narrower, over-confident intervals). A group of one document has no
    between-document variation: its interval is the point estimate, which says nothing about
    uncertainty.

    Returns
    -------
    pandas.DataFrame
        One row per group and topic: ``group``, ``topic``, ``prevalence``, ``low``, ``high``,
        ``n_resampled`` (documents or units in the group), ``resample``.
    """
    rng = np.random.default_rng(seed)
    weights = units.table["n_terms"].to_numpy().astype(float)
    weighted = doc_topic * weights[:, None]
    k = doc_topic.shape[1]
    rows = []
    for group, idx in units.table.groupby(by).indices.items():
        members = np.arange(len(idx)) if resample == "unit" else pd.factorize(units.table[resample].to_numpy()[idx])[0]
        m = int(members.max()) + 1
        num = np.zeros((m, k))
        np.add.at(num, members, weighted[idx])  # each member's topic weight ...
        den = np.bincount(members, weights=weights[idx], minlength=m)  # ... and its length
        point = num.sum(axis=0) / den.sum()

        def ratio(picked, axis=-1, num=num, den=den):  # (..., m) member positions -> (k, ...) prevalences
            return np.moveaxis(num[picked].sum(axis=-2) / den[picked].sum(axis=-1)[..., None], -1, 0)

        if m > 1:
            ci = bootstrap(
                (np.arange(m),),
                ratio,
                n_resamples=n_boot,
                method="percentile",
                confidence_level=level,
                vectorized=True,
                batch=max(1, 2_000_000 // (m * k)),
                rng=rng,
            ).confidence_interval
            low, high = ci.low, ci.high
        else:
            low = high = point
        rows += [
            {
                "group": group,
                "topic": t,
                "prevalence": point[t],
                "low": low[t],
                "high": high[t],
                "n_resampled": m,
                "resample": resample,
            }
            for t in range(k)
        ]
    return pd.DataFrame(rows, columns=["group", "topic", "prevalence", "low", "high", "n_resampled", "resample"])


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
            rows.append(
                {
                    "topic": t,
                    "share": float(doc_topic[i, t]),
                    "doc_id": unit["doc_id"],
                    "paragraphs": ", ".join(map(str, paras)),
                    "text": " ".join(text_of.loc[(unit["doc_id"], p)] for p in paras),
                }
            )
    return pd.DataFrame(rows)


def compare_models(nmf, lda, vocab, n_terms=8):
    """Which NMF and LDA topics correspond: Hungarian matching on topic-term cosine similarity.

    Parameters
    ----------
    nmf, lda : Fit
        The two models at the same k, with ``doc_topic`` over the same units.
    vocab : numpy.ndarray

    Returns
    -------
    pandas.DataFrame
        ``nmf_topic``, ``lda_topic``, ``cosine``, ``shared_terms`` (top terms both have),
        ``nmf_terms``, ``lda_terms``, sorted by cosine; ``attrs["agreement"]``: the dominant-topic
        agreement of :func:`dominant_agreement` under this matching.
    """
    nmf_top, lda_top = top_terms(nmf.topic_term, vocab, n_terms), top_terms(lda.topic_term, vocab, n_terms)
    pairs = match_topics(nmf.topic_term, lda.topic_term)
    table = (
        pd.DataFrame(
            [
                {
                    "nmf_topic": i,
                    "lda_topic": j,
                    "cosine": s,
                    "shared_terms": ", ".join(w for w in nmf_top[i] if w in lda_top[j]),
                    "nmf_terms": ", ".join(nmf_top[i]),
                    "lda_terms": ", ".join(lda_top[j]),
                }
                for i, j, s in pairs
            ],
            columns=["nmf_topic", "lda_topic", "cosine", "shared_terms", "nmf_terms", "lda_terms"],
        )
        .sort_values(["cosine", "nmf_topic"], ascending=[False, True], kind="stable")
        .reset_index(drop=True)
    )
    has = (nmf.doc_topic.sum(axis=1) > 0) & (lda.doc_topic.sum(axis=1) > 0)
    mapping = {i: j for i, j, _ in pairs}
    a = np.array([mapping[t] for t in nmf.doc_topic[has].argmax(axis=1)], dtype=int)
    table.attrs["agreement"] = dominant_agreement(a, lda.doc_topic[has].argmax(axis=1))
    return table


#: Permutations of :func:`dominant_agreement`'s test.
N_PERMUTATIONS = 2000


def dominant_agreement(a, b, n_perm=N_PERMUTATIONS, seed=SEED):
    """How often two labelings of the same units agree, against the agreement expected by chance.

    ``a`` and ``b`` are each unit's dominant topic in two models, already mapped to common labels
    (here: NMF topics mapped to their matched LDA topics, a matching made from the topic-term
    weights, not from these labels). The chance baseline is the agreement expected if the two
    labelings were independent with their own marginal distributions, ``p_e = Σ_t p_a(t) p_b(t)``;
    Cohen's κ = (p_o − p_e) / (1 − p_e) :cite:p:`cohen1960kappa` is scikit-learn's
    ``cohen_kappa_score``. The p value is :func:`scipy.stats.permutation_test`'s over ``n_perm``
    seeded shuffles of ``b`` against ``a`` (which keep both marginals): the share of shuffles, counting
    the observed one, that agree at least as often. Shuffling treats the units as exchangeable;
    paragraphs of one article are not, so p is a lower bound on the honest one.

    Parameters
    ----------
    a, b : array-like of int
        Labels of the same units.
    n_perm : int, default :data:`N_PERMUTATIONS`
        0 skips the test.
    seed : int, default :data:`corpusbook.settings.SEED`

    Returns
    -------
    dict
        ``n`` (units), ``observed``, ``chance``, ``kappa`` (nan when ``chance`` is 1),
        ``p_permutation`` (nan with no units or no permutations), ``n_perm``.

    Examples
    --------
    >>> r = dominant_agreement([0, 0, 1, 1, 2, 2], [0, 0, 1, 2, 2, 2], n_perm=0)
    >>> round(r["observed"], 4), round(r["chance"], 4), round(r["kappa"], 4)
    (0.8333, 0.3333, 0.75)
    """
    a, b = np.asarray(a, dtype=int), np.asarray(b, dtype=int)
    n = len(a)
    nan = float("nan")
    if n == 0:
        return {"n": 0, "observed": nan, "chance": nan, "kappa": nan, "p_permutation": nan, "n_perm": n_perm}
    observed = float(np.mean(a == b))
    labels = int(max(a.max(), b.max())) + 1
    chance = float(np.bincount(a, minlength=labels) @ np.bincount(b, minlength=labels)) / n**2
    kappa = float(cohen_kappa_score(a, b)) if chance < 1 else nan
    p = nan
    if n_perm:
        p = float(
            permutation_test(
                (b,),
                lambda x, axis: np.mean(a == x, axis=axis),
                permutation_type="pairings",
                n_resamples=n_perm,
                alternative="greater",
                vectorized=True,
                rng=seed,
            ).pvalue
        )
    return {"n": n, "observed": observed, "chance": chance, "kappa": kappa, "p_permutation": p, "n_perm": n_perm}


def describe_topics(units, fit, labels=None, n_terms=10):
    """One row per topic of a fitted model: what it is made of and where its weight lies.

    Parameters
    ----------
    units : Units
    fit : Fit
        Fitted on ``units``.
    labels : list of str, optional
        Default :func:`topic_labels`.

    Returns
    -------
    pandas.DataFrame
        ``topic``, ``label``, ``top_terms`` (comma-separated), ``npmi`` (coherence of the top terms in
        the units' ten-token windows, :class:`WindowCounts`), ``share`` (the topic's share of all content,
        units weighted by length), ``main_article`` and ``main_share`` (the article holding most of the
        topic's weight, and that part of it).
    """
    labels = labels or topic_labels(fit.topic_term, units.vocab)
    top = top_terms(fit.topic_term, units.vocab, n_terms)
    npmi = WindowCounts(units.texts).npmi(top)
    weight = units.table["n_terms"].to_numpy(dtype=float)[:, None] * fit.doc_topic
    per_doc = pd.DataFrame(weight, index=units.table["doc_id"]).groupby(level=0).sum()
    total = per_doc.sum(axis=0).replace(0, np.nan)
    return pd.DataFrame(
        {
            "topic": range(fit.k),
            "label": labels,
            "top_terms": [", ".join(t) for t in top],
            "npmi": npmi,
            "share": (total / total.sum()).fillna(0).to_numpy(),
            "main_article": per_doc.idxmax(axis=0).to_numpy() if len(per_doc) else "",
            "main_share": (per_doc.max(axis=0) / total).fillna(0).to_numpy(),
        }
    )


def dominant_topics(shares, labels, model="nmf"):
    """Each article's two largest topics of one model, from :func:`topic_shares`.

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``first`` and ``second`` (topic number and label), ``first_share``, ``second_share``.
    """
    rows = shares[shares["model"] == model].set_index("doc_id")
    values = rows[[c for c in rows.columns if c.startswith("topic_")]].to_numpy()
    order = np.argsort(-values, axis=1, kind="stable")
    pick = np.arange(len(values))
    name = [f"{t}: {label}" for t, label in enumerate(labels)]
    second = order[:, 1] if values.shape[1] > 1 else order[:, 0]
    return pd.DataFrame(
        {
            "doc_id": rows.index,
            "first": [name[t] for t in order[:, 0]],
            "first_share": values[pick, order[:, 0]],
            "second": [name[t] for t in second],
            "second_share": values[pick, second] if values.shape[1] > 1 else 0.0,
        }
    )
