"""Gram matrices of the smoothness criterion ``tr(A P B P^T)`` from data."""

from __future__ import annotations

import numpy as np

__all__ = ["gram_stacked", "smoothness_grams"]


def gram_stacked(blocks, weights=None):
    """Weighted Gram matrix of several data blocks sharing the row space.

    ``B = sum_i w_i Z_i Z_i^T``, i.e. the Gram matrix of the horizontally
    stacked ``[sqrt(w_1) Z_1, sqrt(w_2) Z_2, ...]``. The PNAS second-layer
    criterion stacks the (scaled) output weights ``c W_2^T`` next to the
    previous layer's activations ``tanh(W_1 X)``.

    Parameters
    ----------
    blocks : sequence of array_like, each shape (n, N_i)
    weights : sequence of float, optional
        Non-negative weights ``w_i`` (default all 1).

    Returns
    -------
    ndarray, shape (n, n)
        Symmetric positive semi-definite ``B``.
    """
    blocks = [np.asarray(Z, dtype=float) for Z in blocks]
    if not blocks:
        raise ValueError("need at least one block")
    if weights is None:
        weights = [1.0] * len(blocks)
    if len(weights) != len(blocks):
        raise ValueError("one weight per block")
    n = blocks[0].shape[0]
    B = np.zeros((n, n))  # (n, n)
    for Z, w in zip(blocks, weights, strict=True):
        if Z.ndim != 2 or Z.shape[0] != n:
            raise ValueError("every block must have shape (n, N_i)")
        if w < 0:
            raise ValueError("weights must be non-negative")
        B += float(w) * (Z @ Z.T)
    return 0.5 * (B + B.T)


def _normalise(M):
    """``n M / ||M||_2`` for a symmetric PSD ``M`` (the anchors' scaling)."""
    top = np.linalg.eigvalsh(M)[-1]
    if top <= 0:
        return M.copy()
    return M.shape[0] * M / top


def smoothness_grams(D, Z, normalise=True):
    """The two sides of the smoothness criterion ``tr(A P B P^T)``.

    Parameters
    ----------
    D : array_like, shape (m, n)
        Derivative operator acting on the layer dimension, e.g.
        :func:`descramble.operators.fourier_second_derivative`.
    Z : array_like, shape (n, N)
        Wiretapped signals, one column per probe input.
    normalise : bool
        Apply the anchors' scaling ``A = n A / ||A||_2``,
        ``B = n B / ||B||_2`` (spectral norms). The minimiser is unchanged.

    Returns
    -------
    A : ndarray, shape (n, n)
        ``D^T D``.
    B : ndarray, shape (n, n)
        ``Z Z^T``.
    """
    D = np.asarray(D, dtype=float)
    Z = np.asarray(Z, dtype=float)
    if D.shape[1] != Z.shape[0]:
        raise ValueError(f"D is {D.shape}, Z is {Z.shape}: inner sizes differ")
    A = D.T @ D  # (n, n)
    A = 0.5 * (A + A.T)
    B = gram_stacked([Z])  # (n, n)
    if normalise:
        A, B = _normalise(A), _normalise(B)
    return A, B
