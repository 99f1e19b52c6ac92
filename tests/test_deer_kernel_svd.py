"""Known-answer tests of the W1 / kernel SVD comparison (Sule et al. Fig. 4, eqs. 20-26)."""

import numpy as np
import pytest

from descramble.operators import trig_basis
from descramble.problems.deer import kernel_svd as ks
from descramble.theory import principal_angles

N_T, N_R, N_OUT = 128, 96, 24


def _stand_in_kernel():
    """Undamped single-orientation dipolar oscillation cos(omega(r) t), omega ~ 1/r^3."""
    t = np.linspace(0.0, 2.0, N_T)
    r = np.linspace(1.5, 5.0, N_R)
    return np.cos(2 * np.pi * 52.04 / r[None, :] ** 3 * t[:, None])


def _w1_from_modes(V, rng):
    """A 'trained' W1 whose right singular vectors are the columns of V (scrambled rows)."""
    Q = np.linalg.qr(rng.standard_normal((V.shape[1], V.shape[1])))[0]
    S = np.diag(np.linspace(5.0, 1.0, V.shape[1]))
    return Q @ S @ V.T, S


def test_principal_angles_and_overlap_extremes():
    rng = np.random.default_rng(0)
    A = rng.standard_normal((30, 4))
    np.testing.assert_allclose(principal_angles(A, A @ rng.standard_normal((4, 4))), 0, atol=1e-7)
    E = np.eye(30)
    np.testing.assert_allclose(principal_angles(E[:, :4], E[:, 10:14]), np.pi / 2, atol=1e-12)
    assert ks.subspace_overlap(A, A) == pytest.approx(1.0)
    assert ks.subspace_overlap(E[:, :4], E[:, 10:14]) == pytest.approx(0.0, abs=1e-24)
    # random subspaces: mean overlap is exactly k / n in expectation
    vals = [ks.subspace_overlap(A, rng.standard_normal((30, 4))) for _ in range(400)]
    assert np.mean(vals) == pytest.approx(4 / 30, rel=0.1)


def test_dln_prediction_recovers_planted_subspace():
    rng = np.random.default_rng(1)
    K = _stand_in_kernel()
    _, U, _ = ks.kernel_time_modes(K, N_OUT)
    W1, _ = _w1_from_modes(U, rng)
    d = ks.dln_prediction(W1, K, 8, rng, n_null=50)
    np.testing.assert_allclose(d["angles"], 0.0, atol=1e-6)
    assert d["overlap"] == pytest.approx(1.0)
    assert d["p_value"] == pytest.approx(1 / 51)
    assert d["overlap_random"] == pytest.approx(8 / N_T)
    assert np.all(d["null_angles"] > 0.8)  # random 8-D subspaces of R^128 are far
    # a W1 living in the orthogonal complement: all angles pi/2
    comp = np.linalg.svd(U[:, :8].T)[2][8:].T  # (n_t, n_t - 8), orthogonal to U[:, :8]
    W_perp, _ = _w1_from_modes(comp[:, :N_OUT], rng)
    np.testing.assert_allclose(ks.dln_prediction(W_perp, K, 8, rng, n_null=5)["angles"],
                               np.pi / 2, atol=1e-7)  # fmt: skip
    # a random W1 is at the random baseline, not significant
    d_rand = ks.dln_prediction(rng.standard_normal((N_OUT, N_T)), K, 8, rng, n_null=100)
    assert d_rand["overlap"] < 3 * d_rand["overlap_random"]
    assert d_rand["p_value"] > 0.01


def test_prior_covariance_changes_the_prediction():
    rng = np.random.default_rng(2)
    K = _stand_in_kernel()
    z = rng.standard_normal((4000, N_R)) * np.linspace(3.0, 0.1, N_R)  # anisotropic prior
    C = ks.prior_covariance(z)
    np.testing.assert_allclose(C, np.cov(z, rowvar=False, bias=True), atol=1e-12)
    _, U_prior, _ = ks.kernel_time_modes(K, N_OUT, prior_cov=C)
    W1, _ = _w1_from_modes(U_prior, rng)
    with_prior = ks.dln_prediction(W1, K, 6, rng, prior_cov=C, n_null=5)
    without = ks.dln_prediction(W1, K, 6, rng, n_null=5)
    np.testing.assert_allclose(with_prior["angles"], 0.0, atol=1e-6)
    assert without["angles"][-1] > 0.1
    with pytest.raises(ValueError):
        ks.kernel_time_modes(K, 4, prior_cov=np.eye(3))


def test_spectral_likeness_invariances_and_null():
    rng = np.random.default_rng(3)
    j = np.arange(64)
    # rows with distinct narrow-band spectra: chirps starting at different frequencies
    M = np.cos(2 * np.pi * np.outer(np.arange(2, 14), j) / 64 + 0.002 * j**2)
    M += 0.05 * rng.standard_normal(M.shape)
    X = ks.row_spectra(M)
    perm = rng.permutation(12)
    signs = rng.choice([-1.0, 1.0], 12)
    Y = ks.row_spectra(3.0 * signs[:, None] * M[perm])  # reorder, flip, rescale rows
    assert ks.spectral_likeness(X, Y) == pytest.approx(1.0, abs=1e-12)
    assert ks.spectral_likeness(Y, X) == pytest.approx(1.0, abs=1e-12)
    unrelated = ks.row_spectra(rng.standard_normal((12, 64)))
    assert ks.spectral_likeness(X, unrelated) < 0.5
    null = ks.likeness_null(X, Y, rng, n_draws=10)
    assert null.shape == (10,) and np.max(null) < 0.95
    with pytest.raises(ValueError):
        ks.spectral_likeness(X, X[:, :10])


def test_kernel_svd_analysis_on_theorem1_matrix():
    """P W1 = T_r Sigma V^T exactly (Sule Theorem 1) with V the kernel's time modes."""
    rng = np.random.default_rng(4)
    K = _stand_in_kernel()
    _, U, _ = ks.kernel_time_modes(K, N_OUT)
    W1, S = _w1_from_modes(U, rng)
    PW1 = trig_basis(N_OUT) @ S @ U.T
    out = ks.kernel_svd_analysis(PW1, W1, K, rng, k_dln=6, n_null=5)
    im = out["images"]
    assert im["descrambled"].shape == (N_OUT, N_T)
    assert im["w1_svd"].shape == im["kernel_svd"].shape == (N_OUT, N_T)
    assert im["descrambled_rows"].shape == (N_OUT, N_T // 2 + 1)
    like = out["likeness"]
    # W1's singular rows are the kernel modes up to scale: identical row spectra sets
    assert like["w1_svd_vs_kernel"] == pytest.approx(1.0, abs=1e-12)
    for name in ("descrambled_vs_w1_svd", "descrambled_vs_kernel"):
        assert like[name] > np.max(like[f"null_{name}"]) + 0.1
    assert out["trig"]["distance"] < 1e-9 < 1.0 < out["trig"]["distance_null"]
    np.testing.assert_allclose(out["dln"]["angles"], 0.0, atol=1e-6)


def test_shape_errors():
    K = _stand_in_kernel()
    with pytest.raises(ValueError, match="n_t"):
        ks.kernel_svd_images(np.ones((4, 10)), np.ones((4, 10)), K)
    with pytest.raises(ValueError):
        ks.dln_prediction(np.ones((4, N_T)), K, 5, np.random.default_rng(0))
