"""Topic models over paragraphs: NMF and LDA, k chosen on coherence and stability, convergence, topic
shares per article, prevalence with bootstrap intervals, and how far the two models agree.

The unit is the paragraph (five articles are far too few documents); paragraphs with fewer than
``min_terms`` content lemmas merge into the next one of their article. Coherence is NPMI
(:cite:t:`bouma2009npmi`) in the ``c_npmi`` configuration of :cite:t:`roder2015exploring`; stability is
the mean best-match cosine similarity of topics across seeds (Hungarian matching), after
:cite:t:`greene2014stability`. Only the k sweep runs on a bounded sample (:func:`sweep_sample`); the
models shown are fitted on every unit.
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
from sklearn.preprocessing import normalize

from corpusbook.preprocess import content_tokens
from corpusbook.settings import SEED
from corpusbook.settings import n_jobs as default_jobs

#: A paragraph with fewer content lemmas is merged into the next one of its article.
MIN_TERMS = 8
#: k tried by :func:`select_k`: the highest coherence lies inside it on the corpora benchmarked.
K_RANGE = range(2, 21)
STABILITY_SEEDS = (SEED, SEED + 1, SEED + 2, SEED + 3, SEED + 4)
#: Minimum mean stability for a k to be eligible (:func:`choose_k`).
MIN_STABILITY = 0.75
#: The k sweep runs on at most this many units holding at most this many content lemmas.
SWEEP_MAX_UNITS = 400
SWEEP_MAX_TERMS = 40_000
#: From this many non-zero TF-IDF weights in the sample on, the sweep runs in worker processes.
PARALLEL_MIN_NNZ = 5_000
EPSILON = 1e-12
#: NMF stops when its projected gradient, relative to the first iteration's, falls below ``NMF_TOL``.
NMF_MAX_ITER = 3000
NMF_TOL = 1e-4
#: LDA stops when the training perplexity, checked every ``LDA_EVALUATE_EVERY`` passes, changes by less
#: than ``LDA_PERP_TOL``.
LDA_MAX_ITER = 1000
LDA_EVALUATE_EVERY = 5
LDA_PERP_TOL = 0.1
MODELS = ("nmf", "lda")
CONVERGENCE_COLUMNS = ["stage", "model", "k", "seed", "units", "iterations", "max_iter", "converged"]
N_PERMUTATIONS = 2000
_SOLVER = ("units", "iterations", "max_iter", "converged")


@dataclass(frozen=True)
class Fit:
    """One fitted topic model.

    Attributes
    ----------
    model : {"nmf", "lda"}
    k, seed, units : int
        Topics, seed, and rows of the matrix fitted.
    doc_topic, topic_term : numpy.ndarray
        Units × topics and topics × terms; rows sum to 1 (or 0 for a unit without weight).
    iterations, max_iter : int
        The solver's ``n_iter_`` and its cap.
    converged : bool
        ``iterations < max_iter``: the stopping rule was met.
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
        ``unit``, ``doc_id``, ``paragraphs`` (merged), ``n_terms``, and ``period``, ``slice`` if present.
    texts : list of list of str
        The content lemmas of each unit.
    counts, tfidf : scipy.sparse.csr_matrix
        Unit × term counts (terms in at least ``min_df`` units) and TF-IDF.
    vocab : numpy.ndarray
    """

    table: pd.DataFrame
    texts: list
    counts: csr_matrix
    tfidf: csr_matrix
    vocab: np.ndarray

    def subset(self, rows, min_df=2):
        """The units at positions ``rows`` as a corpus of their own (vocabulary and TF-IDF recomputed)."""
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
    unit : {"paragraph", "document"}
    min_terms : int, default :data:`MIN_TERMS`
        Shorter paragraphs merge into the next of their document (the last into the previous).
    min_df : int, default 2
        Terms must occur in at least this many units.
    view : str, default "lemma"

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
        kept = kept.sort_values(["doc_id", "paragraph"], kind="stable")
        keys = kept[["doc_id", "paragraph"]]
        starts = np.flatnonzero(keys.ne(keys.shift()).any(axis=1))  # first token of each paragraph
        docs, paras, words = kept["doc_id"].to_numpy(), kept["paragraph"].to_numpy(), kept[view].to_numpy()
        last_of_doc = np.append(docs[starts[1:]] != docs[starts[:-1]], True)
        rows, texts, pending, pending_paras = [], [], [], []
        for a, b, last in zip(starts, np.append(starts[1:], len(kept)), last_of_doc):
            pending += words[a:b].tolist()
            pending_paras.append(int(paras[a]))
            if len(pending) < min_terms and not last:
                continue
            if len(pending) < min_terms and rows and rows[-1]["doc_id"] == docs[a]:
                texts[-1] += pending
                rows[-1]["paragraphs"] += pending_paras
            else:
                rows.append({"doc_id": docs[a], "paragraphs": pending_paras, **{c: kept[c].iat[a] for c in extra}})
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
    """The units the k sweep is fitted on: all, or a seeded sample when there are many.

    Units are taken in a seeded random order up to ``max_units`` (default :data:`SWEEP_MAX_UNITS`) and
    ``max_terms`` content lemmas (default :data:`SWEEP_MAX_TERMS`); the first is always taken.

    Returns
    -------
    numpy.ndarray
        Positions of the sampled units, sorted.
    """
    max_units = SWEEP_MAX_UNITS if max_units is None else max_units
    max_terms = SWEEP_MAX_TERMS if max_terms is None else max_terms
    n_terms = units.table["n_terms"].to_numpy()
    order = np.random.default_rng(seed).permutation(len(n_terms))
    within = np.cumsum(n_terms[order]) <= max_terms
    within[:1] = True
    return np.sort(order[:max_units][within[:max_units]])


def fit(units, k, model="nmf", seed=SEED):
    """Fit one topic model to every unit of ``units``.

    NMF :cite:p:`lee1999learning` is fitted to the TF-IDF matrix (random initialisation, Frobenius loss,
    coordinate descent); LDA :cite:p:`blei2003latent` to the counts (batch variational Bayes
    :cite:p:`hoffman2010online`, priors 1/k). A fit stopped at its cap raises no warning.

    Parameters
    ----------
    units : Units
    k : int
    model : {"nmf", "lda"}
    seed : int, default :data:`corpusbook.settings.SEED`

    Returns
    -------
    Fit
    """
    if model == "nmf":
        est = NMF(n_components=k, init="random", random_state=seed, max_iter=NMF_MAX_ITER, tol=NMF_TOL)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)  # reported as data: ``converged``
            w = est.fit_transform(units.tfidf)
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
    else:
        raise ValueError(f"model must be one of {MODELS}, not {model!r}")
    return Fit(
        model=model,
        k=int(k),
        seed=int(seed),
        doc_topic=normalize(w, norm="l1"),  # rows sum to 1; a row of zeros stays zeros
        topic_term=normalize(est.components_, norm="l1"),
        units=int(w.shape[0]),
        iterations=int(est.n_iter_),
        max_iter=est.max_iter,
        converged=bool(est.n_iter_ < est.max_iter),
    )


def fit_models(units, k, seed=SEED, models=MODELS):
    """The models a chapter shows: each of ``models`` at ``k``, fitted to every unit.

    Parameters
    ----------
    units : Units
    k, seed : int
    models : sequence of str, default :data:`MODELS`

    Returns
    -------
    dict
        Model name → :class:`Fit`.
    """
    return {model: fit(units, k, model, seed) for model in models}


def _solver(f):
    return {c: getattr(f, c) for c in _SOLVER}


def convergence(fits, evidence=None):
    """Iterations and convergence of every fit: the models shown and, with ``evidence``, the k sweep's.

    Parameters
    ----------
    fits : dict or iterable of Fit
    evidence : pandas.DataFrame, optional
        :func:`select_k`'s table.

    Returns
    -------
    pandas.DataFrame
        One row per fit, :data:`CONVERGENCE_COLUMNS`; ``stage`` is "model" or "k sweep".
    """
    fits = fits.values() if isinstance(fits, dict) else fits
    rows = [{"stage": "model", "model": f.model, "k": f.k, "seed": f.seed, **_solver(f)} for f in fits]
    table = pd.DataFrame(rows, columns=CONVERGENCE_COLUMNS)
    if evidence is not None:
        runs = evidence.attrs["runs"].assign(stage="k sweep", model=evidence.attrs["model"])
        table = pd.concat([table, runs[CONVERGENCE_COLUMNS]], ignore_index=True)
    return table.astype({**dict.fromkeys(("k", "seed", "units", "iterations", "max_iter"), int), "converged": bool})


def top_terms(topic_term, vocab, n=10):
    """The ``n`` highest-weighted terms of each topic (ties broken alphabetically)."""
    vocab = np.asarray(vocab)
    return [[str(vocab[j]) for j in np.lexsort((vocab, -row))[:n]] for row in np.asarray(topic_term)]


class WindowCounts:
    """The words in each sliding window of a reference corpus (:func:`npmi_coherence`), to score many topics.

    Parameters
    ----------
    texts : list of list of str
    window : int, default 10
    """

    def __init__(self, texts, window=10):
        words = sorted({w for t in texts for w in t})
        self.index = {w: i for i, w in enumerate(words)}
        rows, cols, n_windows = [np.empty(0, np.int64)], [np.empty(0, np.int64)], 0
        for text in texts:
            ids = np.array([self.index[w] for w in text], dtype=np.int64)
            spans = np.lib.stride_tricks.sliding_window_view(ids, min(window, len(ids)))  # a short text: one window
            rows.append(np.repeat(np.arange(n_windows, n_windows + len(spans)), spans.shape[1]))
            cols.append(spans.ravel())
            n_windows += len(spans)
        self.n_windows = max(n_windows, 1)
        rows, cols = np.concatenate(rows), np.concatenate(cols)
        self.occurrence = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(self.n_windows, len(words))).tocsc()
        self.occurrence.data[:] = 1.0  # a window either contains a word or not

    def npmi(self, topics):
        """NPMI of each topic: the mean over all pairs of its words (0 for a pair with an unseen word)."""
        words = sorted({w for t in topics for w in t if w in self.index})
        sub = self.occurrence[:, [self.index[w] for w in words]]
        single = np.asarray(sub.sum(axis=0)).ravel() / self.n_windows
        joint = (sub.T @ sub).toarray() / self.n_windows + EPSILON
        # a last row and column of zeros for the words not in the reference texts
        pair_npmi = np.pad(np.log(joint / np.outer(single, single)) / -np.log(joint), (0, 1))
        local = {w: i for i, w in enumerate(words)}
        scores = []
        for topic in topics:
            ids = np.array([local.get(w, len(words)) for w in topic], dtype=int)
            i, j = np.triu_indices(len(ids), 1)  # the pairs in the order of itertools.combinations
            scores.append(float(np.mean(pair_npmi[ids[i], ids[j]])) if len(i) else float("nan"))
        return np.array(scores)


def npmi_coherence(topics, texts, window=10):
    """NPMI topic coherence (``c_npmi`` :cite:p:`roder2015exploring`) of each topic over reference texts.

    Every run of ``window`` tokens of a text is a virtual document (a shorter text is one); ``P(w)`` and
    ``P(w_i, w_j)`` are the shares of them containing the words, and ``NPMI = log((P(w_i,w_j) + ε) /
    (P(w_i) P(w_j))) / -log(P(w_i,w_j) + ε)``, ``ε = 1e-12`` :cite:p:`bouma2009npmi`, averaged over
    all pairs of a topic's words. Unlike gensim, a word repeated within a window is not undercounted.

    Parameters
    ----------
    topics, texts : list of list of str
        Each topic's top words; the reference corpus.
    window : int, default 10

    Returns
    -------
    numpy.ndarray
        One coherence per topic, in [-1, 1].
    """
    return WindowCounts(texts, window).npmi(topics)


def match_topics(a, b):
    """Best one-to-one matching of the rows of two topic-term matrices by cosine similarity (Hungarian).

    Returns
    -------
    list of tuple
        ``(row_in_a, row_in_b, cosine)``.
    """
    sim = cosine_similarity(a, b)
    return [(int(i), int(j), float(sim[i, j])) for i, j in zip(*linear_sum_assignment(sim, maximize=True))]


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
        Capped by :func:`k_grid`.
    seeds : sequence of int
    n_terms : int, default 10
        Top terms per topic for the coherence.
    n_jobs : int, optional
        Worker processes (default :func:`corpusbook.settings.n_jobs`); the result is the same for any.
    sample : bool, default True
        Fit on :func:`sweep_sample`, and measure coherence on its texts.
    model : {"nmf", "lda"}

    Returns
    -------
    pandas.DataFrame
        One row per k: ``k``, ``coherence`` (mean over seeds), ``coherence_sd``, ``coherence_min``,
        ``coherence_max``, ``stability``, ``converged``; ``attrs``: ``runs`` (one row per k and seed),
        ``sample`` (positions fitted), ``seeds``, ``model``, ``k_range`` (before the cap).
    """
    rows_sampled = sweep_sample(units) if sample else np.arange(len(units.table))
    fitted_on = units.subset(rows_sampled) if len(rows_sampled) < len(units.table) else units
    ks = k_grid(len(fitted_on.table), k_range)
    grid = [(k, seed) for k in ks for seed in seeds]
    n_jobs = default_jobs() if n_jobs is None else n_jobs
    # worker processes pay for themselves only on a large sample (their start-up costs seconds)
    if n_jobs > 1 and len(grid) > 1 and fitted_on.tfidf.nnz >= PARALLEL_MIN_NNZ:
        order = sorted(grid, key=lambda g: -g[0])  # the slowest fits (large k) first
        runs_of = dict(zip(order, Parallel(n_jobs=n_jobs)(delayed(fit)(fitted_on, k, model, s) for k, s in order)))
    else:
        runs_of = {(k, seed): fit(fitted_on, k, model, seed) for k, seed in grid}
    reference = WindowCounts(fitted_on.texts)
    rows, runs = [], []
    for k in ks:
        fits = [runs_of[k, seed] for seed in seeds]
        coh = [float(np.mean(reference.npmi(top_terms(f.topic_term, fitted_on.vocab, n_terms)))) for f in fits]
        runs += [{"k": k, "seed": f.seed, "coherence": c, **_solver(f)} for f, c in zip(fits, coh)]
        spread = [float(stat(coh)) for stat in (np.mean, np.std, np.min, np.max)]
        rows.append([k, *spread, stability([f.topic_term for f in fits]), all(f.converged for f in fits)])
    out = pd.DataFrame(
        rows, columns=["k", "coherence", "coherence_sd", "coherence_min", "coherence_max", "stability", "converged"]
    )
    out.attrs.update(
        runs=pd.DataFrame(runs, columns=["k", "seed", "coherence", *_SOLVER]),
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
        What decided.
    k_min, k_max : int
        The smallest and largest k tried.
    edge : {"lowest", "highest"} or None
        The end of the range ``k`` lies at: it may then be only the best of the values tried.
    capped : bool
        The range asked for went beyond what the units allow.
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
    """Among the k at least ``min_stability`` stable, the most coherent (the smaller on a tie).

    If no k is that stable, the most stable k; with a single seed (no stability), the most coherent.

    Parameters
    ----------
    evidence : pandas.DataFrame
        :func:`select_k`'s table.
    min_stability : float, default :data:`MIN_STABILITY`

    Returns
    -------
    KChoice
    """
    one_seed = evidence["stability"].isna().all()  # nothing to compare runs with: every k is eligible
    eligible = evidence[(evidence["stability"] >= min_stability) | one_seed]
    rows = eligible if len(eligible) else evidence
    column = "coherence" if len(eligible) else "stability"
    k = int(rows.loc[rows[column] == rows[column].max(), "k"].min())
    k_min, k_max = int(evidence["k"].min()), int(evidence["k"].max())
    edge = "highest" if k == k_max else "lowest" if k == k_min else None
    asked = evidence.attrs.get("k_range")
    return KChoice(k, column, k_min, k_max, edge, capped=bool(asked) and max(asked) > k_max)


def topic_labels(topic_term, vocab, n=3, overrides=None):
    """Labels from each topic's top ``n`` terms, replaced where ``overrides`` (topic -> label) says so."""
    labels = [" · ".join(t) for t in top_terms(topic_term, vocab, n)]
    for topic, label in (overrides or {}).items():
        if 0 <= topic < len(labels) and label:
            labels[topic] = label
    return labels


def document_shares(units, doc_topic, by="doc_id"):
    """Topic shares per document (or any unit-table column), units weighted by length.

    Returns
    -------
    pandas.DataFrame
        Groups × topics; rows sum to 1 (0 for a group without topic weight).
    """
    summed = pd.DataFrame(doc_topic * units.table["n_terms"].to_numpy()[:, None], index=units.table[by])
    summed = summed.groupby(level=0).sum()
    total = summed.sum(axis=1)
    return summed.div(total.where(total > 0), axis=0).fillna(0.0)


def topic_shares(units, fits):
    """Each article's share of each topic, for every model: the table behind a CSV download.

    Parameters
    ----------
    units : Units
    fits : dict of str to Fit

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``model``, ``topic_0`` … (each model's own numbers), sorted by ``doc_id`` and model.
    """
    shares = {name: document_shares(units, f.doc_topic).add_prefix("topic_") for name, f in fits.items()}
    out = pd.concat(shares, names=["model", "doc_id"]).reset_index().sort_values("doc_id", kind="stable")
    return out[["doc_id", "model", *out.columns[2:]]].reset_index(drop=True)  # models in the order of ``fits``


def prevalence(units, doc_topic, by="period", resample="doc_id", n_boot=1000, seed=SEED, level=0.95):
    """Topic prevalence per group (length-weighted mean share) with bootstrap percentile intervals.

    :func:`scipy.stats.bootstrap` (percentile method :cite:p:`efron1993bootstrap`) resamples within each
    group whole documents (``resample="doc_id"``) or units (``"unit"``: treats paragraphs of one article
    as independent, so over-confident). A group of one document gets the point estimate as interval.

    Returns
    -------
    pandas.DataFrame
        ``group``, ``topic``, ``prevalence``, ``low``, ``high``, ``n_resampled``, ``resample``.
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
        low = high = point = num.sum(axis=0) / den.sum()

        def ratio(picked, axis=-1, num=num, den=den):  # (..., m) member positions -> (k, ...) prevalences
            return np.moveaxis(num[picked].sum(axis=-2) / den[picked].sum(axis=-1)[..., None], -1, 0)

        if m > 1:
            low, high = bootstrap(
                (np.arange(m),),
                ratio,
                n_resamples=n_boot,
                method="percentile",
                confidence_level=level,
                vectorized=True,
                batch=max(1, 2_000_000 // (m * k)),
                rng=rng,
            ).confidence_interval
        rows += [(group, t, point[t], low[t], high[t], m, resample) for t in range(k)]
    return pd.DataFrame(rows, columns=["group", "topic", "prevalence", "low", "high", "n_resampled", "resample"])


def representative_units(units, doc_topic, paragraphs, n=2):
    """The ``n`` units with the highest share of each topic, with their text.

    Returns
    -------
    pandas.DataFrame
        ``topic``, ``share``, ``doc_id``, ``paragraphs``, ``text``.
    """
    text_of = paragraphs.set_index(["doc_id", "paragraph"])["text"]
    rows = []
    for t, shares in enumerate(doc_topic.T):
        for i in np.argsort(-shares, kind="stable")[:n]:
            doc, paras = units.table.iloc[i][["doc_id", "paragraphs"]]
            paras = paras if isinstance(paras, list) else []  # document units: "all"
            text = " ".join(text_of.loc[(doc, p)] for p in paras)
            row = (t, float(shares[i]), doc, ", ".join(map(str, paras)), text)
            rows.append(dict(zip(("topic", "share", "doc_id", "paragraphs", "text"), row)))
    return pd.DataFrame(rows)


def compare_models(nmf, lda, vocab, n_terms=8):
    """Which NMF and LDA topics correspond: Hungarian matching on topic-term cosine similarity.

    Parameters
    ----------
    nmf, lda : Fit
        At the same k, over the same units.
    vocab : numpy.ndarray
    n_terms : int, default 8

    Returns
    -------
    pandas.DataFrame
        ``nmf_topic``, ``lda_topic``, ``cosine``, ``shared_terms``, ``nmf_terms``, ``lda_terms``, by
        cosine; ``attrs["agreement"]``: :func:`dominant_agreement` under this matching.
    """
    nmf_top, lda_top = top_terms(nmf.topic_term, vocab, n_terms), top_terms(lda.topic_term, vocab, n_terms)
    pairs = match_topics(nmf.topic_term, lda.topic_term)
    table = pd.DataFrame(pairs, columns=["nmf_topic", "lda_topic", "cosine"]).assign(
        shared_terms=[", ".join(w for w in nmf_top[i] if w in lda_top[j]) for i, j, _ in pairs],
        nmf_terms=[", ".join(nmf_top[i]) for i, _, _ in pairs],
        lda_terms=[", ".join(lda_top[j]) for _, j, _ in pairs],
    )
    table = table.sort_values(["cosine", "nmf_topic"], ascending=[False, True], kind="stable").reset_index(drop=True)
    has = (nmf.doc_topic.sum(axis=1) > 0) & (lda.doc_topic.sum(axis=1) > 0)
    mapping = dict(p[:2] for p in pairs)
    a = np.array([mapping[t] for t in nmf.doc_topic[has].argmax(axis=1)], dtype=int)
    table.attrs["agreement"] = dominant_agreement(a, lda.doc_topic[has].argmax(axis=1))
    return table


def dominant_agreement(a, b, n_perm=N_PERMUTATIONS, seed=SEED):
    """How often two labelings of the same units agree, against the agreement expected by chance.

    Chance is ``p_e = Σ_t p_a(t) p_b(t)``; Cohen's κ = (p_o − p_e) / (1 − p_e) :cite:p:`cohen1960kappa`.
    The p value is :func:`scipy.stats.permutation_test`'s over ``n_perm`` seeded shuffles of ``b``; it
    treats units as exchangeable, which paragraphs of one article are not, so p is a lower bound.

    Parameters
    ----------
    a, b : array-like of int
        Labels of the same units, mapped to common labels.
    n_perm : int, default :data:`N_PERMUTATIONS`
        0 skips the test.
    seed : int, default :data:`corpusbook.settings.SEED`

    Returns
    -------
    dict
        ``n``, ``observed``, ``chance``, ``kappa`` (nan when chance is 1), ``p_permutation``, ``n_perm``.
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
        p = permutation_test(
            (b,),
            lambda x, axis: np.mean(a == x, axis=axis),
            permutation_type="pairings",
            n_resamples=n_perm,
            alternative="greater",
            vectorized=True,
            rng=seed,
        ).pvalue
    return {"n": n, "observed": observed, "chance": chance, "kappa": kappa, "p_permutation": float(p), "n_perm": n_perm}


def describe_topics(units, fit, labels=None, n_terms=10):
    """One row per topic of a fitted model: what it is made of and where its weight lies.

    Parameters
    ----------
    units : Units
    fit : Fit
    labels : list of str, default :func:`topic_labels`
    n_terms : int, default 10

    Returns
    -------
    pandas.DataFrame
        ``topic``, ``label``, ``top_terms``, ``npmi``, ``share`` (of all content), ``main_article`` and
        ``main_share`` (the article holding most of the topic's weight, and its part).
    """
    labels = labels or topic_labels(fit.topic_term, units.vocab)
    top = top_terms(fit.topic_term, units.vocab, n_terms)
    weight = units.table["n_terms"].to_numpy(dtype=float)[:, None] * fit.doc_topic
    per_doc = pd.DataFrame(weight, index=units.table["doc_id"]).groupby(level=0).sum()
    total = per_doc.sum(axis=0).replace(0, np.nan)
    return pd.DataFrame(
        {
            "topic": range(fit.k),
            "label": labels,
            "top_terms": [", ".join(t) for t in top],
            "npmi": WindowCounts(units.texts).npmi(top),
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
        ``doc_id``, ``first``, ``first_share``, ``second``, ``second_share``.
    """
    rows = shares[shares["model"] == model].set_index("doc_id")
    values = rows.filter(like="topic_").to_numpy()
    order = np.argsort(-values, axis=1, kind="stable")
    first, second = order[:, 0], order[:, 1 if values.shape[1] > 1 else 0]
    name = np.array([f"{t}: {label}" for t, label in enumerate(labels)], dtype=object)
    pick = np.arange(len(values))
    return pd.DataFrame(
        {
            "doc_id": rows.index,
            "first": name[first],
            "first_share": values[pick, first],
            "second": name[second],
            "second_share": values[pick, second] if values.shape[1] > 1 else 0.0,
        }
    )
