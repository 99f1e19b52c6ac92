"""Intermolecular DEER background: a stretched exponential in time.

Spins in other molecules, spread homogeneously in d dimensions, damp the
trace by B(t) = exp(-(k |t|)^(d/3)); d = 3 is a homogeneous solution (plain
exponential), smaller d a lower-dimensional (membrane-like) distribution.
"""

from __future__ import annotations

import numpy as np


def stretched_exponential(t, k, d):
    """Background decays for many traces at once.

    Parameters
    ----------
    t : array_like, shape (n_t,)
        Times, us.
    k : array_like, shape (N,) or scalar
        Decay rates, 1/us (0.5 /us = 5e5 1/s); non-negative.
    d : array_like, shape (N,) or scalar
        Dimensionalities (the stretching exponent is d / 3); positive.

    Returns
    -------
    numpy.ndarray, shape (N, n_t)
        B[i, j] = exp(-(k_i |t_j|)^(d_i / 3)); B = 1 where k t = 0.
    """
    t = np.abs(np.asarray(t, dtype=np.float64).ravel())
    k = np.atleast_1d(np.asarray(k, dtype=np.float64))
    d = np.atleast_1d(np.asarray(d, dtype=np.float64))
    if np.any(k < 0):
        raise ValueError("background rates k must be >= 0")
    if np.any(d <= 0):
        raise ValueError("background dimensionalities d must be > 0")
    k, d = np.broadcast_arrays(k, d)
    # 0 ** positive = 0, so k = 0 or t = 0 gives exactly B = 1.
    return np.exp(-((k[:, None] * t[None, :]) ** (d[:, None] / 3.0)))  # (N, n_t)
