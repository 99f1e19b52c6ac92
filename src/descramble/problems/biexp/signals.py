"""Forward models: the biexponential T2 decay and its Jacobian."""

from __future__ import annotations

import numpy as np


def biexp(t, T2, c=(0.6, 0.4)):
    """Biexponential decay ``c1 exp(-t/T21) + c2 exp(-t/T22)``.

    Parameters
    ----------
    t : array_like, shape (m,)
        Sample times (ms).
    T2 : array_like, shape (..., 2)
        Time constants (T21, T22) in ms; leading axes are a batch.
    c : tuple of float
        Fixed component fractions (c1, c2).

    Returns
    -------
    ndarray, shape (..., m)
        The noise-free signal, S(0) = c1 + c2.
    """
    t = np.asarray(t, dtype=float)
    T2 = np.asarray(T2, dtype=float)
    e1 = np.exp(-t / T2[..., 0:1])
    e2 = np.exp(-t / T2[..., 1:2])
    return c[0] * e1 + c[1] * e2


def biexp_jacobian(t, T2, c=(0.6, 0.4)):
    """Jacobian of :func:`biexp` with respect to (T21, T22).

    d/dT [c exp(-t/T)] = c t / T^2 exp(-t/T).

    Parameters
    ----------
    t : array_like, shape (m,)
    T2 : array_like, shape (..., 2)
    c : tuple of float

    Returns
    -------
    ndarray, shape (..., m, 2)
    """
    t = np.asarray(t, dtype=float)
    T2 = np.asarray(T2, dtype=float)
    T1, T2b = T2[..., 0:1], T2[..., 1:2]
    j1 = c[0] * t / T1**2 * np.exp(-t / T1)
    j2 = c[1] * t / T2b**2 * np.exp(-t / T2b)
    return np.stack([j1, j2], axis=-1)


def biexp_free(t, a, tau):
    """Biexponential with free amplitudes ``a1 exp(-t/tau1) + a2 exp(-t/tau2)``.

    Used to describe singular vectors, whose coefficients take either sign.

    Parameters
    ----------
    t : array_like, shape (m,)
    a : array_like, shape (..., 2)
    tau : array_like, shape (..., 2)

    Returns
    -------
    ndarray, shape (..., m)
    """
    t = np.asarray(t, dtype=float)
    a = np.asarray(a, dtype=float)
    tau = np.asarray(tau, dtype=float)
    return a[..., 0:1] * np.exp(-t / tau[..., 0:1]) + a[..., 1:2] * np.exp(-t / tau[..., 1:2])
