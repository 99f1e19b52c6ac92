"""The linear CNN's Fourier-domain algebra against direct circular convolution; GD determinism."""

from __future__ import annotations

import numpy as np

from descramble.problems.dynamics.datasets import make_dataset
from descramble.problems.dynamics.gd import train
from descramble.problems.dynamics.linear_nets import (
    circular_conv,
    effective_matrix,
    loss_and_gradients,
)
from descramble.problems.dynamics.structure import io_structure, vec2d_dft


def _direct_conv(k, x):
    """(k (*) x)[m] = sum_j k[j] x[m - j], indices mod n, by loops."""
    n = len(k)
    out = np.zeros((n, n))
    for r in range(n):
        for c in range(n):
            out[r, c] = sum(
                k[i, j] * x[(r - i) % n, (c - j) % n] for i in range(n) for j in range(n)
            )
    return out


def _conv_matrix(k):
    n = len(k)
    return np.stack([_direct_conv(k, e.reshape(n, n)).ravel() for e in np.eye(n * n)], axis=1)


def test_convolution_theorem_matches_direct_circular_convolution():
    rng = np.random.default_rng(0)
    n = 5
    k, x = rng.standard_normal((n, n)), rng.standard_normal((3, n, n))
    direct = np.stack([_direct_conv(k, xi) for xi in x])
    assert np.max(abs(circular_conv(k, x) - direct)) < 1e-10
    # Pinson eq. 6: C(k) = Q^H diag(n Q k) Q, Q the unitary vec-2D DFT
    C = _conv_matrix(k)
    Q = vec2d_dft(np.eye(n * n), n).T  # column j = Q e_j
    lam = n * vec2d_dft(k.ravel(), n)
    assert np.max(abs(Q.conj().T @ np.diag(lam) @ Q - C)) < 1e-10
    W2 = rng.standard_normal((3, n * n))
    W = effective_matrix("cnn", {"kernel": k.ravel(), "W2": W2}, n)
    assert np.max(abs(W - W2 @ C)) < 1e-10


def test_cnn_gradients_match_the_explicit_convolution_matrix():
    rng = np.random.default_rng(1)
    n, P, p = 4, 3, 3
    X, Y = rng.standard_normal((P, n * n)), np.eye(p)
    params = {"kernel": rng.standard_normal(n * n), "W2": rng.standard_normal((p, n * n))}
    loss, g, _ = loss_and_gradients("cnn", params, X, Y, n)
    C = _conv_matrix(params["kernel"].reshape(n, n))
    E = (X @ C.T @ params["W2"].T - Y) / P  # (P, p)
    assert abs(loss - 0.5 * P * np.sum(E**2)) < 1e-10
    np.testing.assert_allclose(g["W2"], E.T @ X @ C.T, atol=1e-10)
    # dL/dk[j] = sum_i (W2^T e_i)^T dC/dk[j] x_i, with dC/dk[j] the convolution matrix of e_j
    dk = [np.sum((E @ params["W2"]) * (X @ _conv_matrix(e.reshape(n, n)).T))
          for e in np.eye(n * n)]  # fmt: skip
    np.testing.assert_allclose(g["kernel"], dk, atol=1e-10)


def test_same_seed_same_trajectories_and_aligned_starts_agree():
    d = make_dataset("pure_cosines", {"size": 4, "freqs": [[0, 0], [1, 2]], "amps": [1.0, 0.5]})
    st = io_structure(d["X"], d["Y"], 4)
    runs = [train(net, d["X"], d["Y"], 4, st, 0.01, 50, "aligned", 1e-2, np.random.default_rng(7))
            for net in ("cnn", "cnn", "fcnn")]  # fmt: skip
    assert runs[0]["modes"].tobytes() == runs[1]["modes"].tobytes()
    # an aligned start gives both nets the same initial mode strengths, and a diagonal A
    np.testing.assert_allclose(runs[0]["modes"][0], runs[2]["modes"][0], rtol=1e-12)
    assert runs[0]["offdiag"].max() < 1e-12 * runs[0]["modes"].max()
    assert runs[0]["modes"][0].min() > 0
