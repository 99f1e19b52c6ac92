"""Maximum-diagonal-sum (MDS) descrambler."""

from __future__ import annotations

import numpy as np

__all__ = ["mds"]


def mds(W):
    """Maximum-diagonal-sum descrambler ``argmax_P tr(P W)``.

    Parameters
    ----------
    W : array_like, shape (n, m)

    Returns
    -------
    ndarray, shape (m, n)
        ``P = V U^T`` from the thin SVD ``W = U S V^T``; ``tr(P W) = sum(S)``.
        For square ``W`` this is the orthogonal maximiser (unique when ``W``
        is non-singular). For rectangular ``W`` it is the polar-factor
        analogue: ``P`` has orthonormal rows (``m <= n``) or columns
        (``m >= n``) and maximises ``tr(P W)`` over such matrices, so that
        ``P W`` (shape ``(m, m)``) is symmetric positive semi-definite.
    """
    W = np.asarray(W, dtype=float)
    U, _, Vt = np.linalg.svd(W, full_matrices=False)  # (n, r), (r,), (r, m)
    return Vt.T @ U.T
