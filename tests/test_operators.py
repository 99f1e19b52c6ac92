"""Smoothness operators and the trigonometric basis."""

import numpy as np
import pytest

from descramble.operators import (
    finite_difference,
    fourier_second_derivative,
    trig_basis,
    trig_frequencies,
    trig_pairs,
)


@pytest.mark.parametrize("n", [2, 3, 4, 7, 8, 16, 17, 80])
def test_fourier_d2_symmetric_circulant(n):
    D = fourier_second_derivative(n)
    assert D.shape == (n, n)
    np.testing.assert_array_equal(D, D.T)
    for i in range(n):
        np.testing.assert_allclose(np.roll(D[:, 0], i), D[:, i], atol=1e-12 * n * n)
    # rows sum to zero: the constant is annihilated
    np.testing.assert_allclose(D.sum(axis=1), 0.0, atol=1e-10 * n * n)


@pytest.mark.parametrize("n", [2, 3, 4, 7, 8, 16, 17, 80])
def test_fourier_d2_trig_eigenvalues(n):
    D = fourier_second_derivative(n)
    T = trig_basis(n)
    k = trig_frequencies(n)
    np.testing.assert_allclose(T.T @ T, np.eye(n), atol=1e-13)
    # every trig column is an eigenvector with eigenvalue -k^2
    np.testing.assert_allclose(D @ T, T * (-(k**2.0)), atol=1e-11 * n * n)
    # D^T D has eigenvalues k^4, ascending along T's columns
    lam = np.diag(T.T @ D.T @ D @ T)
    np.testing.assert_allclose(lam, k**4.0, rtol=1e-10, atol=1e-9)
    assert np.all(np.diff(lam) >= -1e-12 * lam.max())
    np.testing.assert_allclose(np.sort(np.linalg.eigvalsh(D)), np.sort(-(k**2.0)), atol=1e-9 * n)


@pytest.mark.parametrize("n", [32, 33])
def test_fourier_d2_matches_fft_derivative(n):
    x = 2 * np.pi * np.arange(n) / n
    f = np.exp(np.sin(x))  # smooth, periodic
    d2_exact = (np.cos(x) ** 2 - np.sin(x)) * f
    kk = np.fft.fftfreq(n, 1.0 / n)
    d2_fft = np.real(np.fft.ifft(-(kk**2) * np.fft.fft(f)))
    D = fourier_second_derivative(n)
    np.testing.assert_allclose(D @ f, d2_fft, atol=1e-11)
    np.testing.assert_allclose(D @ f, d2_exact, atol=1e-10)


def test_fourier_d2_known_diagonal():
    # fourdif(4, 2): diag -pi^2/(3 h^2) - 1/6 with h = pi/2 -> -3/2
    D = fourier_second_derivative(4)
    np.testing.assert_allclose(np.diag(D), -1.5)
    np.testing.assert_allclose(D[0], [-1.5, 1.0, -0.5, 1.0])


def test_finite_difference_shapes_and_action():
    n, h = 9, 0.5
    x = h * np.arange(n)
    D1 = finite_difference(n, 1, h=h)
    D2 = finite_difference(n, 2, h=h)
    assert D1.shape == (n - 1, n)
    assert D2.shape == (n - 2, n)
    np.testing.assert_allclose(D1 @ (3 * x + 1), 3.0)
    np.testing.assert_allclose(D2 @ (x**2), 2.0)
    np.testing.assert_allclose(D2 @ (5 * x - 2), 0.0, atol=1e-12)
    with pytest.raises(ValueError):
        finite_difference(n, 3)


def test_trig_basis_columns_and_pairs():
    n = 8
    T = trig_basis(n)
    x = 2 * np.pi * np.arange(n) / n
    np.testing.assert_allclose(T[:, 0], 1 / np.sqrt(n))
    np.testing.assert_allclose(T[:, 1], np.sqrt(2 / n) * np.cos(x))
    np.testing.assert_allclose(T[:, 2], np.sqrt(2 / n) * np.sin(x))
    np.testing.assert_allclose(T[:, 7], (-1.0) ** np.arange(n) / np.sqrt(n))
    assert trig_pairs(8) == [(0,), (1, 2), (3, 4), (5, 6), (7,)]
    assert trig_pairs(7) == [(0,), (1, 2), (3, 4), (5, 6)]
    assert list(trig_frequencies(7)) == [0, 1, 1, 2, 2, 3, 3]
    # a pair shares its eigenvalue of D^T D, different pairs do not
    D = fourier_second_derivative(n)
    lam = np.diag(T.T @ D.T @ D @ T)
    for g in trig_pairs(n):
        assert np.ptp(lam[list(g)]) < 1e-9
    assert len({round(lam[g[0]], 6) for g in trig_pairs(n)}) == len(trig_pairs(n))


def test_closed_form_operator_spectrum_gives_the_same_descrambler():
    from descramble.descramblers import exact, smoothness_grams
    from descramble.operators import fourier_operator_eig, fourier_second_derivative

    rng = np.random.default_rng(5)
    for n in (7, 12, 32):
        D = fourier_second_derivative(n)
        Z = rng.standard_normal((n, 3 * n))
        A, B = smoothness_grams(D, Z)
        a, T = fourier_operator_eig(n)
        np.testing.assert_allclose(A @ T, T * a, atol=1e-9 * n)
        ref, fast = exact(A, B), exact(A, B, A_eig=(a, T))
        assert fast.certified()
        assert fast.bound == pytest.approx(ref.bound, rel=1e-10)
        # the same minimiser: the degenerate pairs are aligned by the same rule
        np.testing.assert_allclose(fast.P, ref.P, atol=1e-8)
    with pytest.raises(ValueError, match="not an ascending eigendecomposition"):
        exact(A, B, A_eig=(a[::-1], T))
