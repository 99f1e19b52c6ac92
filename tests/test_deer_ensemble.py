"""Known-answer tests of the ensemble-invariance measures."""

import numpy as np
import pytest

from descramble.problems.deer import ensemble


def _wave_matrix(rng, m=24, n=96):
    """A smooth 'descrambled-looking' matrix: interlocking waves plus a little noise."""
    i = np.arange(m)[:, None]
    j = np.arange(n)[None, :]
    M = np.cos(2 * np.pi * (3 * i / m + 0.002 * (j - 20) ** 2 / 4)) * np.exp(-j / 80)
    return M + 0.05 * rng.standard_normal((m, n))


def test_shift_sign_reversal_give_one():
    rng = np.random.default_rng(0)
    A = _wave_matrix(rng)
    for s in (0, 1, 7, 23):
        for sign in (1.0, -1.0):
            B = sign * np.roll(A, s, axis=0)
            assert ensemble.aligned_correlation(A, B) == pytest.approx(1.0, abs=1e-12)
            assert ensemble.spectral_similarity(A, B) == pytest.approx(1.0, abs=1e-12)
            # and reversal of the link axis
            assert ensemble.aligned_correlation(A, B[::-1]) == pytest.approx(1.0, abs=1e-12)
            assert ensemble.spectral_similarity(A, B[::-1]) == pytest.approx(1.0, abs=1e-12)
    # reversal is only forgiven when asked
    assert ensemble.aligned_correlation(A, A[::-1], reflect=False) < 0.99
    # affine rescaling does not matter
    assert ensemble.aligned_correlation(A, 3 * A + 2) == pytest.approx(1.0, abs=1e-12)


def test_alignment_reproduces_the_value():
    rng = np.random.default_rng(1)
    A = _wave_matrix(rng)
    B = -np.roll(A[::-1], 5, axis=0) + 0.3 * rng.standard_normal(A.shape)
    val, al = ensemble.aligned_correlation(A, B, return_alignment=True)
    Bp = B[::-1] if al["reversed"] else B
    direct = np.corrcoef(A.ravel(), al["sign"] * np.roll(Bp, al["shift"], axis=0).ravel())[0, 1]
    assert val == pytest.approx(direct, abs=1e-12)
    # brute force over all shifts agrees
    brute = max(
        abs(np.corrcoef(A.ravel(), np.roll(C, s, axis=0).ravel())[0, 1])
        for C in (B, B[::-1])
        for s in range(A.shape[0])
    )
    assert val == pytest.approx(brute, abs=1e-12)


def test_per_row_sign_flips_are_not_forgiven():
    rng = np.random.default_rng(2)
    A = _wave_matrix(rng)
    flips = np.where(np.arange(A.shape[0]) % 3 == 0, -1.0, 1.0)[:, None]
    assert ensemble.aligned_correlation(A, flips * A) < 0.9
    assert ensemble.spectral_similarity(A, flips * A) < 0.99


def test_pair_rotation_is_a_spectral_invariance():
    """Rotating a cos/sin pair of the link axis changes A but not its |2-D FFT|."""
    m, n = 16, 40
    i = np.arange(m)
    rng = np.random.default_rng(3)
    c, s = np.cos(2 * np.pi * 2 * i / m), np.sin(2 * np.pi * 2 * i / m)
    a, b = rng.standard_normal(n), rng.standard_normal(n)
    A = np.outer(c, a) + np.outer(s, b)
    th = 0.7
    B = np.outer(np.cos(th) * c - np.sin(th) * s, a) + np.outer(np.sin(th) * c + np.cos(th) * s, b)
    assert ensemble.spectral_similarity(A, B) == pytest.approx(1.0, abs=1e-12)


def test_ensemble_summary_with_nulls():
    rng = np.random.default_rng(4)
    base = _wave_matrix(rng)
    Ms = [
        (-1) ** k * np.roll(base, 3 * k, axis=0) + 0.05 * rng.standard_normal(base.shape)
        for k in range(5)
    ]
    raw = [ensemble.haar_orthogonal(base.shape[0], rng) @ M for M in Ms]
    out = ensemble.ensemble_summary(Ms, rng, raw=raw, n_null=10)
    for name in ("aligned", "spectral"):
        r = out[name]
        assert r["matrix"].shape == (5, 5)
        np.testing.assert_allclose(np.diag(r["matrix"]), 1.0)
        assert r["min"] > 0.95
        assert r["holds"]
    # the null of the aligned measure is far below agreement
    assert out["aligned"]["null_random"]["max"] < 0.2
    assert out["aligned"]["null_rescrambled"]["max"] < 0.5
    assert out["aligned"]["null_raw"]["values"].shape == (10,)
    # an ensemble of unrelated matrices does not "hold"
    junk = [rng.standard_normal(base.shape) for _ in range(4)]
    assert not ensemble.ensemble_summary(junk, rng, n_null=6)["aligned"]["holds"]


def test_haar_orthogonal_and_errors():
    rng = np.random.default_rng(5)
    Q = ensemble.haar_orthogonal(12, rng)
    np.testing.assert_allclose(Q.T @ Q, np.eye(12), atol=1e-12)
    with pytest.raises(ValueError):
        ensemble.aligned_correlation(np.ones((3, 4)), np.ones((4, 3)))
    with pytest.raises(ValueError):
        ensemble.similarity_matrix([np.ones((3, 4))])
    with pytest.raises(ValueError):
        ensemble.similarity_matrix([np.ones((3, 4))] * 2, measure="cosine")
