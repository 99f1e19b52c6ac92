"""Checks of Sule, Spencer & Czaja: Theorem 1, Corollary 1, and the helpers."""

import numpy as np
import pytest
from scipy.linalg import subspace_angles
from scipy.stats import ortho_group

from descramble.descramblers import descramble_layer
from descramble.operators import fourier_second_derivative, trig_basis, trig_pairs
from descramble.theory import (
    circulant,
    descrambled_left_singular_vectors,
    pair_alignment,
    principal_angles,
    subspace_distance_to_trig,
)


def test_principal_angles_known():
    rng = np.random.default_rng(0)
    n = 12
    Q = ortho_group.rvs(n, random_state=rng)
    theta = np.array([1e-9, 0.3, 1.2])
    U = Q[:, :3]
    V = np.cos(theta) * Q[:, :3] + np.sin(theta) * Q[:, 3:6]
    got = principal_angles(U @ rng.standard_normal((3, 3)), V)  # non-orthonormal basis
    np.testing.assert_allclose(got, theta, rtol=1e-6, atol=1e-14)
    W = rng.standard_normal((n, 5))
    Y = rng.standard_normal((n, 3))
    np.testing.assert_allclose(principal_angles(W, Y), np.sort(subspace_angles(W, Y)), atol=1e-12)
    assert principal_angles(W, W).max() < 1e-7


def test_circulant_is_circular_convolution():
    rng = np.random.default_rng(1)
    c = rng.standard_normal(10)
    x = rng.standard_normal(10)
    C = circulant(c)
    np.testing.assert_allclose(C @ x, np.real(np.fft.ifft(np.fft.fft(c) * np.fft.fft(x))))
    # singular values are |fft(c)|, singular subspaces the trig pairs
    np.testing.assert_allclose(
        np.sort(np.linalg.svd(C, compute_uv=False)), np.sort(np.abs(np.fft.fft(c)))
    )


def test_descrambled_left_singular_vectors_signs():
    rng = np.random.default_rng(2)
    P = ortho_group.rvs(6, random_state=rng)
    W = rng.standard_normal((6, 9))
    U, s = descrambled_left_singular_vectors(P, W)
    M = P @ W
    np.testing.assert_allclose(U.T @ U, np.eye(6), atol=1e-12)
    np.testing.assert_allclose(U.T @ M @ M.T @ U, np.diag(s**2), atol=1e-10)
    assert np.all(np.diff(s) <= 0)
    idx = np.argmax(np.abs(U), axis=0)
    assert np.all(U[idx, np.arange(6)] > 0)


def test_distance_to_trig_invariant_to_pair_rotations():
    n = 10
    T = trig_basis(n)
    U = T.copy()
    for g in trig_pairs(n):
        if len(g) == 2:
            a = 0.7 * g[0]
            R = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
            U[:, list(g)] = U[:, list(g)] @ R
        else:
            U[:, g[0]] *= -1
    d = subspace_distance_to_trig(U, n)
    assert d.distance < 1e-12
    assert d.angles.max() < 1e-7
    # but swapping two frequencies is detected
    U2 = T[:, [0, 3, 4, 1, 2] + list(range(5, n))]
    assert subspace_distance_to_trig(U2, n).angles.max() > 1.5
    # r cutting a pair: the half pair is compared with the full 2-D subspace
    d3 = subspace_distance_to_trig(U, n, r=4)
    assert d3.groups == [(0,), (1, 2), (3,)] and d3.distance < 1e-12


def _theorem1(N, seed=0):
    n, d = 16, 32
    W = np.random.default_rng(100).standard_normal((n, d))
    X = np.random.default_rng(seed).standard_normal((d, N))
    res = descramble_layer(W, X, fourier_second_derivative(n))
    U, _ = descrambled_left_singular_vectors(res.P, W)
    return subspace_distance_to_trig(U, n), res


def test_theorem1_trig_left_singular_vectors_and_rate():
    dist = {N: _theorem1(N)[0] for N in (2_000, 20_000, 200_000)}
    big, res = _theorem1(200_000)
    assert big.angles.max() < 0.08
    assert big.distance < 0.15
    # shrinking with N (roughly as N^-1/2)
    a = [dist[N].angles.max() for N in (2_000, 20_000, 200_000)]
    f = [dist[N].distance for N in (2_000, 20_000, 200_000)]
    assert a[0] > a[1] > a[2]
    assert f[0] > f[1] > f[2]
    assert f[2] < f[0] / 5
    # the descrambler itself is close to T U^T (Theorem 1, eq. 8) up to pair rotations
    W = np.random.default_rng(100).standard_normal((16, 32))
    U1 = np.linalg.svd(W)[0]  # (n, n), descending singular values
    T = trig_basis(16)
    R, _ = pair_alignment(res.P @ U1 @ T.T, 16)  # P U1 T^T ~ pair rotation
    assert np.linalg.norm(res.P @ U1 @ T.T - R) < 0.25


def _layer(spectrum, n=16, N=100_000, seed=3):
    """Real circulant layer with |fft| = spectrum(k) on frequency k."""
    k = np.minimum(np.arange(n), n - np.arange(n))
    c = np.real(np.fft.ifft(spectrum(k) * np.exp(0.4j * np.sign(np.arange(n) - n / 2) * k)))
    W = circulant(c)
    X = np.random.default_rng(seed).standard_normal((n, N))
    return W, descramble_layer(W, X, fourier_second_derivative(n))


def test_corollary1_circulant_decreasing_spectrum_gives_identity():
    n = 16
    W, res = _layer(lambda k: np.exp(-0.4 * k))
    R, blocks = pair_alignment(res.P, n)
    assert np.linalg.norm(res.P - R) < 0.05  # P commutes with D^T D up to sampling
    # with the closest-to-identity rule of `exact`, every block is +identity
    assert np.linalg.norm(res.P - np.eye(n)) < 0.05
    np.testing.assert_allclose(res.descrambled_weight, W, atol=0.05 * np.abs(W).max())


def test_circulant_increasing_spectrum_permutes_frequencies():
    # spectrum increasing with frequency: the strongest (highest) frequency is
    # sent to the smoothest slot -- P reverses the frequency order, P != I.
    n = 16
    W, res = _layer(lambda k: 1.0 + k)
    R, _ = pair_alignment(res.P, n)
    assert np.linalg.norm(res.P - R) > 3.0
    assert np.linalg.norm(res.P - np.eye(n)) > 3.0
    T = trig_basis(n)
    Pt = T.T @ res.P @ T
    groups = trig_pairs(n)
    energy = np.array([[np.sum(Pt[np.ix_(g, h)] ** 2) for h in groups] for g in groups])
    G = len(groups)
    assert list(np.argmax(energy, axis=1)) == list(range(G))[::-1]
    assert (
        np.min(energy[np.arange(G), np.arange(G)[::-1]])
        > 0.95 * np.array([len(g) for g in groups]).min()
    )


@pytest.mark.parametrize("n", [9, 12])
def test_pair_alignment_recovers_block_rotation(n):
    rng = np.random.default_rng(n)
    T = trig_basis(n)
    Rt = np.zeros((n, n))
    for g in trig_pairs(n):
        Rt[np.ix_(g, g)] = ortho_group.rvs(2, random_state=rng) if len(g) == 2 else -1.0
    M = T @ Rt @ T.T
    R, _ = pair_alignment(M, n)
    np.testing.assert_allclose(R, M, atol=1e-12)
