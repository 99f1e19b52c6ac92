"""The oscillation of Corollary 3, its circular targets and the phase error."""

from __future__ import annotations

import numpy as np

# a quarter-period offset makes the prior's second moment isotropic (see ``oscillation``)
OFFSET = np.pi / 4


def oscillation(alpha, n):
    """Noise-free samples ``cos(2 pi k alpha / n + pi/4)``, ``k = 0..n-1``.

    Corollary 3 samples ``exp(2 pi i k alpha / n)``; a real network needs
    real inputs, so this is the real part rotated by a quarter period. With
    alpha uniform over a whole number of periods (length a multiple of n),
    ``E[x x^T] = I / 2`` exactly: the cross terms
    ``cos(2 pi (j -+ k) alpha / n)`` average to zero over whole periods, and
    the offset removes the ``j + k = 0`` term that a plain cosine keeps.

    Parameters
    ----------
    alpha : array_like, shape (N,)
    n : int
        Samples per signal.

    Returns
    -------
    ndarray, shape (N, n)
    """
    k = np.arange(int(n))
    return np.cos(2.0 * np.pi * np.outer(np.asarray(alpha, dtype=float), k) / n + OFFSET)


def phase_targets(alpha, n):
    """``(cos, sin)`` of ``2 pi alpha / n``, shape (N, 2): alpha on the circle.

    Samples cannot tell alpha from alpha + n (k is an integer), so the network
    is trained on the point of the circle, which is continuous in alpha.
    """
    a = 2.0 * np.pi * np.asarray(alpha, dtype=float) / n
    return np.stack([np.cos(a), np.sin(a)], axis=1)


def phase_from_targets(y, n):
    """alpha in ``[0, n)`` from ``(cos, sin)`` rows (the inverse of :func:`phase_targets`)."""
    y = np.asarray(y, dtype=float)
    return np.mod(np.arctan2(y[:, 1], y[:, 0]) * n / (2.0 * np.pi), n)


def circular_error(estimate, alpha, n):
    """Distance on the circle of circumference ``n`` between estimates and true alpha.

    Returns
    -------
    ndarray, shape (N,)
        In ``[0, n/2]``; a guess uniform on the circle averages ``n/4``.
    """
    d = np.mod(np.asarray(estimate, dtype=float) - np.asarray(alpha, dtype=float), n)
    return np.minimum(d, n - d)
