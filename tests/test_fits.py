"""Tests for free-sign biexponential fits of singular vectors."""

import numpy as np
import pytest

from descramble.problems.biexp.fits import fit_biexp, fit_singular_vectors
from descramble.problems.biexp.signals import biexp_free

T_AXIS = np.linspace(0.0, 800.0, 64)

CASES = [
    ((1.0, -0.7), (40.0, 300.0)),
    ((-0.3, 0.8), (5.0, 2000.0)),
    ((0.5, 0.5), (20.0, 500.0)),
    ((-0.2, -0.1), (60.0, 90.0)),
    ((0.4, -0.25), (150.0, 20000.0)),
]


@pytest.mark.parametrize(("a", "tau"), CASES)
def test_recovers_exact_biexponential(a, tau):
    y = biexp_free(T_AXIS, np.array(a), np.array(tau))
    fit = fit_biexp(T_AXIS, y)
    np.testing.assert_allclose(fit["tau"], tau, rtol=1e-6)
    np.testing.assert_allclose(fit["a"], a, rtol=1e-6, atol=1e-9)
    assert fit["r2"] == pytest.approx(1.0, abs=1e-12)
    np.testing.assert_allclose(fit["curve"], y, atol=1e-10)
    assert fit["tau"][0] <= fit["tau"][1]


def _crlb_sd(t, a, tau, sigma):
    """Standard deviations of (a1, a2, tau1, tau2) from the Fisher information."""
    e = np.exp(-np.multiply.outer(t, 1.0 / tau))  # (m, 2)
    J = np.column_stack(
        [e[:, 0], e[:, 1], a[0] * t / tau[0] ** 2 * e[:, 0], a[1] * t / tau[1] ** 2 * e[:, 1]]
    )
    cov = sigma**2 * np.linalg.inv(J.T @ J)
    return np.sqrt(np.diag(cov))


def test_small_noise_within_crlb():
    a, tau = np.array([1.0, -0.7]), np.array([40.0, 300.0])
    sigma = 1e-3
    sd = _crlb_sd(T_AXIS, a, tau, sigma)
    rng = np.random.default_rng(0)
    y0 = biexp_free(T_AXIS, a, tau)
    for _ in range(5):
        fit = fit_biexp(T_AXIS, y0 + rng.normal(0.0, sigma, 64))
        # 5 standard deviations of the Cramer-Rao bound (a few % here)
        assert np.all(np.abs(fit["tau"] - tau) <= 5 * sd[2:])
        assert np.all(np.abs(fit["a"] - a) <= 5 * sd[:2])
        assert fit["r2"] > 0.9999


def test_r2_and_fit_are_sign_invariant():
    rng = np.random.default_rng(1)
    y = biexp_free(T_AXIS, np.array([0.3, -0.9]), np.array([70.0, 600.0]))
    y = y + rng.normal(0.0, 0.02, 64)
    f, g = fit_biexp(T_AXIS, y), fit_biexp(T_AXIS, -y)
    assert f["r2"] == pytest.approx(g["r2"], abs=1e-12)
    np.testing.assert_allclose(g["tau"], f["tau"], rtol=1e-9)
    np.testing.assert_allclose(g["a"], -f["a"], rtol=1e-9)
    assert 0.9 < f["r2"] < 1.0


def test_single_exponential():
    y = 0.8 * np.exp(-T_AXIS / 120.0)
    fit = fit_biexp(T_AXIS, y)
    assert fit["r2"] == pytest.approx(1.0, abs=1e-10)
    np.testing.assert_allclose(fit["curve"], y, atol=1e-9)


def test_near_constant_component():
    y = 0.5 * np.exp(-T_AXIS / 50.0) + 0.3  # constant = tau -> infinity
    fit = fit_biexp(T_AXIS, y)
    # tau_max = 1e5 ms: exp(-t/tau) droops 0.8% over the window, hence not r2 = 1
    assert fit["r2"] > 0.9999
    assert fit["tau"][1] > 1e4


def test_deterministic_and_rng_starts():
    rng = np.random.default_rng(2)
    y = biexp_free(T_AXIS, np.array([1.0, -0.7]), np.array([40.0, 300.0]))
    y = y + rng.normal(0.0, 0.01, 64)
    f1, f2 = fit_biexp(T_AXIS, y), fit_biexp(T_AXIS, y)
    assert f1["tau"].tobytes() == f2["tau"].tobytes()
    assert f1["a"].tobytes() == f2["a"].tobytes()
    f3 = fit_biexp(T_AXIS, y, rng=np.random.default_rng(3))
    assert f3["rss"] <= f1["rss"] * (1 + 1e-9)


def _synthetic_V(rng):
    """(128, 4): columns are two biexponential halves each, unit norm."""
    cols = []
    for _ in range(4):
        halves = []
        for _ in range(2):
            a = rng.uniform(-1.0, 1.0, 2)
            tau = np.sort(np.exp(rng.uniform(np.log(10.0), np.log(3000.0), 2)))
            halves.append(biexp_free(T_AXIS, a, tau))
        v = np.concatenate(halves)
        cols.append(v / np.linalg.norm(v))
    return np.column_stack(cols)


def test_fit_singular_vectors():
    rng = np.random.default_rng(4)
    V = _synthetic_V(rng)
    rows = fit_singular_vectors(V, T_AXIS, n_sv=3, halves=2)
    assert [(r["sv"], r["half"]) for r in rows] == [(s, h) for s in (1, 2, 3) for h in (1, 2)]
    keys = {"sv", "half", "a1", "a2", "tau1", "tau2", "r2"}
    for r in rows:
        assert keys <= set(r)
        assert r["r2"] > 0.999
        assert r["tau1"] <= r["tau2"]
    flipped = fit_singular_vectors(-V, T_AXIS, n_sv=3)
    for r, s in zip(rows, flipped, strict=True):
        assert s["r2"] == pytest.approx(r["r2"], abs=1e-12)
        assert s["a1"] == pytest.approx(-r["a1"], rel=1e-9, abs=1e-12)


def test_fit_singular_vectors_orthonormalised():
    rng = np.random.default_rng(5)
    V = _synthetic_V(rng)
    Q = np.linalg.qr(V)[0]  # mixes columns: halves are no longer exact biexponentials
    for r in fit_singular_vectors(Q, T_AXIS, n_sv=3):
        assert r["r2"] > 0.99


def test_fit_singular_vectors_rejects_bad_shape():
    with pytest.raises(ValueError):
        fit_singular_vectors(np.zeros((64, 3)), T_AXIS)
    with pytest.raises(ValueError):
        fit_singular_vectors(np.zeros((128, 2)), T_AXIS, n_sv=3)
