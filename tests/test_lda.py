"""LDA by vectorised batch variational Bayes, against scikit-learn's LatentDirichletAllocation."""

import numpy as np
import pytest
from scipy.sparse import csr_matrix, random as sparse_random
from sklearn.decomposition import LatentDirichletAllocation
from sklearn.decomposition._online_lda_fast import _dirichlet_expectation_2d

from corpusbook import lda
from corpusbook import topics as T


def sklearn_fit(X, k, seed, max_iter=100, evaluate_every=5, perp_tol=0.1):
    est = LatentDirichletAllocation(n_components=k, random_state=seed, learning_method="batch", max_iter=max_iter,
                                    evaluate_every=evaluate_every, perp_tol=perp_tol)
    return est, est.fit_transform(X)


def counts_with_edge_cases(seed):
    """Random sparse counts with an empty document, a one-word document and a repeated word."""
    rng = np.random.default_rng(seed)
    X = sparse_random(40, 60, density=0.12, random_state=seed, format="lil",
                      data_rvs=lambda n: rng.integers(1, 5, n).astype(float))
    X[3, :] = 0
    X[7, :] = 0
    X[7, 11] = 9
    return csr_matrix(X)


@pytest.fixture(scope="module")
def book_counts(project):
    return T.make_units(project.tokens).counts


@pytest.fixture
def sklearn_digamma(monkeypatch):
    # scikit-learn computes E[log θ] with its own fast approximation of the digamma function; with it
    # put in here, the two fits must agree to rounding error (same draws, same updates, same stops)
    monkeypatch.setattr(lda, "dirichlet_expectation", _dirichlet_expectation_2d)


@pytest.mark.parametrize("k, seed", [(2, 2022), (3, 2023), (5, 1), (9, 2022), (12, 7)])
def test_same_fit_as_sklearn_on_the_book(book_counts, sklearn_digamma, k, seed):
    est, w = sklearn_fit(book_counts, k, seed)
    ours = lda.fit(book_counts, k, seed)
    assert ours.n_iter == est.n_iter_
    np.testing.assert_allclose(ours.components, est.components_, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ours.doc_topic, w, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_same_fit_as_sklearn_with_empty_and_one_word_documents(sklearn_digamma, seed):
    X = counts_with_edge_cases(seed)
    est, w = sklearn_fit(X, 4, seed, max_iter=30, evaluate_every=3, perp_tol=1e-3)
    ours = lda.fit(X, 4, seed, max_iter=30, evaluate_every=3, perp_tol=1e-3)
    assert ours.n_iter == est.n_iter_
    np.testing.assert_allclose(ours.components, est.components_, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ours.doc_topic, w, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ours.doc_topic[3], 0.25)  # no words: the prior, evenly
    np.testing.assert_allclose(ours.perplexity, est.perplexity(X), rtol=1e-9)


def test_e_step_matches_sklearn_document_by_document(sklearn_digamma):
    from sklearn.decomposition._lda import _update_doc_distribution

    X = counts_with_edge_cases(5)
    k, rng = 6, np.random.RandomState(5)
    exp_beta = np.exp(_dirichlet_expectation_2d(rng.gamma(100.0, 0.01, (k, X.shape[1]))))
    gamma0 = np.random.RandomState(9).gamma(100.0, 0.01, (X.shape[0], k))
    # a tolerance this tight sends some documents to the cap of 100 updates
    for tol in (1e-3, 1e-9):
        expected, sstats = _update_doc_distribution(X, exp_beta, 1 / k, 100, tol, True, np.random.RandomState(9))
        gamma, ours = lda.e_step(X, exp_beta, 1 / k, gamma0, mean_change_tol=tol, sufficient_statistics=True)
        np.testing.assert_allclose(gamma, expected, rtol=1e-10)
        np.testing.assert_allclose(ours, sstats * exp_beta, rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("k", [2, 4, 9])
def test_close_to_sklearn_with_the_exact_digamma(book_counts, k):
    est, w = sklearn_fit(book_counts, k, 2022)
    ours = lda.fit(book_counts, k, 2022)
    assert ours.n_iter == est.n_iter_
    np.testing.assert_allclose(ours.doc_topic, w, atol=1e-5)
    np.testing.assert_allclose(ours.components, est.components_, rtol=1e-5)


def test_dirichlet_expectation_is_the_digamma_difference():
    # closed forms: ψ(1) = -γ, ψ(1/2) = -γ - 2 ln 2, ψ(x + 1) = ψ(x) + 1/x
    from math import log

    g = 0.5772156649015329
    psi_half, psi = -g - 2 * log(2), lambda n: sum(1 / i for i in range(1, n)) - g  # ψ(n) for whole n
    alpha = np.array([[0.5, 1.5, 1.0], [1.0, 2.0, 4.0]])
    expected = [[psi_half - psi(3), psi_half + 2 - psi(3), psi(1) - psi(3)],
                [psi(1) - psi(7), psi(2) - psi(7), psi(4) - psi(7)]]
    np.testing.assert_allclose(lda.dirichlet_expectation(alpha), expected, rtol=1e-13)


def test_the_callers_matrix_is_left_alone():
    # an integer matrix converted to float can share its index arrays with the original; sorting
    # them in place would scramble the caller's counts
    X = csr_matrix((np.array([3, 1, 2, 5]), np.array([4, 0, 2, 1]), np.array([0, 2, 4])), shape=(2, 5))
    before = (X.data.copy(), X.indices.copy(), X.indptr.copy())
    lda.fit(X, 2, 0, max_iter=3)
    for got, kept in zip((X.data, X.indices, X.indptr), before):
        np.testing.assert_array_equal(got, kept)


def test_cap_and_bad_input():
    X = counts_with_edge_cases(1)
    assert lda.fit(X, 3, 0, max_iter=4, evaluate_every=5).n_iter == 4
    assert lda.fit(X, 3, 0, max_iter=4, evaluate_every=5).perplexity is None
    with pytest.raises(ValueError, match="non-negative"):
        lda.fit(-X, 3, 0)
    with pytest.raises(ValueError, match="at least one count"):
        lda.fit(csr_matrix((3, 4)), 3, 0)
