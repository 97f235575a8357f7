"""Latent Dirichlet allocation by batch variational Bayes, vectorised over documents.

The model is that of :cite:t:`blei2003latent`; the fitting is the batch variational Bayes of
:cite:t:`hoffman2010online`, exactly as scikit-learn's ``LatentDirichletAllocation`` with
``learning_method="batch"`` does it: the same random initialisation from the seed, the same
E-step (each document's variational Dirichlet updated until its mean absolute change falls below
``mean_change_tol``), the same M-step, the same perplexity bound and the same stopping rule.

What differs is how the E-step runs. scikit-learn updates one document at a time in a Python loop,
so on short documents almost all of its time is interpreter overhead (a paragraph has a dozen
distinct terms). Here every document still being updated moves at once, as whole-array operations
over the non-zero counts; each document's result is taken at the iteration where scikit-learn's
loop would stop it. The digamma function is SciPy's; scikit-learn uses a faster approximation, so
results agree to within that approximation's error (with scikit-learn's function put in, the tests
find agreement to rounding error).
"""

from typing import NamedTuple

import numpy as np
from scipy.sparse import csr_matrix, issparse
from scipy.special import gammaln, logsumexp, psi
from sklearn.utils import check_random_state

EPS = np.finfo(float).eps
#: scikit-learn's defaults for the per-document updates of the E-step.
MEAN_CHANGE_TOL = 1e-3
MAX_DOC_UPDATE_ITER = 100


class LDAFit(NamedTuple):
    """A fitted model: ``doc_topic`` (documents × topics, rows sum to 1), ``components`` (the
    topic-word variational parameters, scikit-learn's ``components_``), ``n_iter`` (passes over
    the corpus, counted as scikit-learn's ``n_iter_``) and ``perplexity`` (at the last evaluation,
    or None if there was none)."""

    doc_topic: np.ndarray
    components: np.ndarray
    n_iter: int
    perplexity: float | None


def dirichlet_expectation(alpha):
    """``E[log θ]`` for ``θ ~ Dirichlet(alpha)``, one distribution per row."""
    return psi(alpha) - psi(alpha.sum(axis=1))[:, np.newaxis]


class _Counts:
    """The non-zero counts of some documents (each with at least one word), as flat arrays."""

    def __init__(self, docs, lengths, words, data, n_words):
        self.docs = docs                                  # document numbers
        self.lengths = lengths                            # non-zeros of each
        self.words, self.data = words, data               # word and count of each non-zero
        self.rows = np.repeat(np.arange(len(docs)), lengths)
        indptr = np.zeros(len(docs) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        # the documents × words matrix; its data is replaced by the weights of each iteration
        self.weighted = csr_matrix((data.copy(), words, indptr), shape=(len(docs), n_words))

    @classmethod
    def of(cls, X):
        lengths = np.diff(X.indptr)
        docs = np.flatnonzero(lengths)
        return cls(docs, lengths[docs], X.indices, X.data, X.shape[1])

    def subset(self, keep):
        """The documents ``docs[keep]``."""
        nz = keep[self.rows]
        return _Counts(self.docs[keep], self.lengths[keep], self.words[nz], self.data[nz], self.weighted.shape[1])


def e_step(X, exp_beta, alpha, gamma0, mean_change_tol=MEAN_CHANGE_TOL, max_iter=MAX_DOC_UPDATE_ITER,
           sufficient_statistics=False):
    """Update the documents' variational Dirichlet parameters ``gamma`` with the topics fixed.

    Parameters
    ----------
    X : scipy.sparse.csr_matrix
        Documents × words counts (float64, canonical: sorted, no duplicates).
    exp_beta : numpy.ndarray
        ``exp(E[log β])``, topics × words.
    alpha : float
        The document-topic prior.
    gamma0 : numpy.ndarray
        Initial ``gamma``, documents × topics.

    Returns
    -------
    gamma : numpy.ndarray
    sstats : numpy.ndarray or None
        The expected sufficient statistics for the M-step (topics × words), if asked for.
    """
    n_docs, k = gamma0.shape
    gamma = gamma0.copy()
    exp_theta = np.exp(dirichlet_expectation(gamma0))
    counts = _Counts.of(X)
    # a document without words ends at the prior, where scikit-learn's loop ends it
    empty = np.ones(n_docs, bool)
    empty[counts.docs] = False
    gamma[empty] = alpha
    exp_theta[empty] = np.exp(dirichlet_expectation(gamma[empty]))

    # Documents are independent given the topics. Each iteration updates every document in
    # ``active``; a document whose mean change falls below the tolerance is recorded there and then
    # (where scikit-learn's loop would stop it) and stops being "live". Its row keeps being computed,
    # harmlessly, until the live rows are less than half of the arrays, which are then cut down.
    active = counts
    last = gamma[active.docs]
    theta = exp_theta[active.docs]
    beta_nz = exp_beta.T[active.words]                    # non-zeros × topics
    beta_t = np.ascontiguousarray(exp_beta.T)             # words × topics
    live = np.ones(len(active.docs), bool)
    threshold = mean_change_tol * k                       # on the sum rather than the mean
    for _ in range(max_iter):
        norm_phi = np.einsum("ij,ij->i", np.repeat(theta, active.lengths, axis=0), beta_nz) + EPS
        np.divide(active.data, norm_phi, out=active.weighted.data)
        new = theta * (active.weighted @ beta_t)
        new += alpha
        theta = np.exp(dirichlet_expectation(new))
        done = live & (np.abs(last - new).sum(axis=1) < threshold)
        if done.any():
            gamma[active.docs[done]] = new[done]
            exp_theta[active.docs[done]] = theta[done]
            live &= ~done
            if not live.any():
                break
            if live.sum() * 2 < len(live):
                active = active.subset(live)
                new, theta, live = new[live], theta[live], live[live]
                beta_nz = exp_beta.T[active.words]
        last = new
    else:  # the cap: the live documents keep their last update
        gamma[active.docs[live]] = new[live]
        exp_theta[active.docs[live]] = theta[live]

    if not sufficient_statistics:
        return gamma, None
    theta = exp_theta[counts.docs]
    norm_phi = np.einsum("ij,ij->i", np.repeat(theta, counts.lengths, axis=0), exp_beta.T[counts.words]) + EPS
    np.divide(counts.data, norm_phi, out=counts.weighted.data)
    sstats = np.asarray((counts.weighted.T @ theta).T) * exp_beta
    return gamma, sstats


def perplexity(X, gamma, components, alpha, eta):
    """scikit-learn's approximate perplexity: ``exp(-bound / N)``, with the variational bound on
    the log-likelihood of the corpus (:cite:t:`hoffman2010online`) and ``N`` its tokens."""
    k, n_words = components.shape
    e_log_theta = dirichlet_expectation(gamma)
    e_log_beta = dirichlet_expectation(components)
    counts = _Counts.of(X)
    rows = counts.docs[counts.rows]
    # E[log p(w | θ, β)] under the optimal φ: log Σ_k exp(E[log θ_dk] + E[log β_kw]) per token
    score = float(counts.data @ logsumexp(e_log_theta[rows] + e_log_beta.T[counts.words], axis=1))
    score += _dirichlet_terms(alpha, gamma, e_log_theta, k)
    score += _dirichlet_terms(eta, components, e_log_beta, n_words)
    return float(np.exp(-score / X.sum()))


def _dirichlet_terms(prior, distr, e_log, size):
    """``E[log p(x | prior)] - E[log q(x | distr)]`` summed over the rows (symmetric Dirichlet prior)."""
    score = np.sum((prior - distr) * e_log)
    score += np.sum(gammaln(distr) - gammaln(prior))
    score += np.sum(gammaln(prior * size) - gammaln(distr.sum(axis=1)))
    return score


def fit(X, k, seed, max_iter=100, evaluate_every=5, perp_tol=0.1):
    """Fit LDA with ``k`` topics (priors ``1/k`` for both Dirichlets, as scikit-learn's defaults).

    Parameters
    ----------
    X : array-like or sparse matrix
        Documents × words counts (not modified).
    k : int
    seed : int
        Seeds the initial topics and the initial ``gamma`` of every pass, drawn in scikit-learn's order.
    max_iter, evaluate_every, perp_tol
        As in scikit-learn: at most ``max_iter`` passes; every ``evaluate_every`` passes the
        perplexity is computed and the fit stops once it changes by less than ``perp_tol``.

    Returns
    -------
    LDAFit
    """
    X = csr_matrix(X, dtype=np.float64, copy=True) if issparse(X) else csr_matrix(np.asarray(X, dtype=np.float64))
    X.sum_duplicates()  # canonical form (sorted indices) on a copy: the caller's matrix is untouched
    if X.data.size and X.data.min() < 0:
        raise ValueError("LDA needs non-negative counts")
    if not X.sum() > 0:
        raise ValueError("LDA needs at least one count")
    n_docs, n_words = X.shape
    random = check_random_state(seed)
    alpha = eta = 1.0 / k
    components = random.gamma(100.0, 0.01, (k, n_words))
    exp_beta = np.exp(dirichlet_expectation(components))
    last = current = None
    n_iter = 0
    for i in range(max_iter):
        _, sstats = e_step(X, exp_beta, alpha, random.gamma(100.0, 0.01, (n_docs, k)), sufficient_statistics=True)
        components = eta + sstats
        exp_beta = np.exp(dirichlet_expectation(components))
        if evaluate_every > 0 and (i + 1) % evaluate_every == 0:
            gamma, _ = e_step(X, exp_beta, alpha, np.ones((n_docs, k)))
            current = perplexity(X, gamma, components, alpha, eta)
            if last and abs(last - current) < perp_tol:
                break
            last = current
        n_iter += 1
    gamma, _ = e_step(X, exp_beta, alpha, np.ones((n_docs, k)))
    return LDAFit(gamma / gamma.sum(axis=1, keepdims=True), components, n_iter, current)
