"""Helpers shared by the theorem checks: the smoothness operator, probe Grams, distances."""

from __future__ import annotations

import numpy as np

from ..descramblers import exact
from ..operators import fourier_second_derivative
from ..theory import descrambled_left_singular_vectors, subspace_distance_to_trig

__all__ = [
    "gaussian_probe_gram",
    "trig_distance",
]


def _smoothness_A(n):
    """``D^T D`` for the periodic Fourier second derivative, shape (n, n)."""
    D = fourier_second_derivative(n)
    A = D.T @ D
    return 0.5 * (A + A.T)


def gaussian_probe_gram(W, N, rng, chunk=20000):
    """Gram matrix ``W X X^T W^T / N`` of a standard Gaussian probe, in chunks.

    Parameters
    ----------
    W : array_like, shape (n, d)
        Layer weight.
    N : int
        Number of probe columns ``x ~ N(0, I_d)``.
    rng : numpy.random.Generator
    chunk : int
        Columns drawn at a time (memory ``d * chunk`` floats).

    Returns
    -------
    ndarray, shape (n, n)
        ``B = (1/N) sum_chunks (W X_c)(W X_c)^T``, equal to
        ``W (X X^T / N) W^T``; the ``N`` columns are never held at once.
    """
    W = np.asarray(W, dtype=float)
    n, d = W.shape
    N = int(N)
    B = np.zeros((n, n))
    done = 0
    while done < N:
        m = min(int(chunk), N - done)
        Z = W @ rng.standard_normal((d, m))  # (n, m)
        B += Z @ Z.T
        done += m
    B /= N
    return 0.5 * (B + B.T)


def trig_distance(W, B, A=None):
    """Descramble ``W`` with Gram ``B`` and measure how trigonometric ``P W`` is.

    Parameters
    ----------
    W : array_like, shape (n, d)
    B : array_like, shape (n, n)
        Gram matrix of the layer outputs over the probe.
    A : array_like, shape (n, n), optional
        ``D^T D`` (default: Fourier second derivative on ``n`` points).

    Returns
    -------
    dist : descramble.theory.TrigDistance
        Distance of the descrambled left singular vectors (singular values
        descending, ``r = min(n, d)`` of them) from ``T_r``, each cos/sin pair
        compared as one 2-D subspace.
    P : ndarray, shape (n, n)
        The exact smoothness descrambler.
    """
    W = np.asarray(W, dtype=float)
    n = W.shape[0]
    A = _smoothness_A(n) if A is None else A
    P = exact(A, B).P
    U_hat, _ = descrambled_left_singular_vectors(P, W)
    return subspace_distance_to_trig(U_hat, n), P


def _row(dist, **keys):
    ang = np.degrees(dist.angles)
    return {
        **keys,
        "max_angle_deg": float(ang.max()),
        "mean_angle_deg": float(ang.mean()),
        "distance": float(dist.distance),
    }


def _loglog_fit(x, y):
    """Least-squares slope and intercept of ``log y`` against ``log x``."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    ok = (x > 0) & (y > 0) & np.isfinite(y)
    if ok.sum() < 2:
        return float("nan"), float("nan")
    slope, intercept = np.polyfit(np.log(x[ok]), np.log(y[ok]), 1)
    return float(slope), float(intercept)
