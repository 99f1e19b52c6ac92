"""Singular value decomposition of layer weights, with a fixed sign convention."""

from __future__ import annotations

import numpy as np


def column_signs(V):
    """The sign convention: +1 or -1 per column, making its largest-magnitude entry positive.

    Singular vectors (and eigenvectors) are defined up to sign; fixing it
    this one way makes artefacts, fits and figures deterministic. The first
    largest entry counts when several tie; a zero column keeps +1.

    Parameters
    ----------
    V : ndarray, shape (n, k)
        One vector per column.

    Returns
    -------
    ndarray, shape (k,)
    """
    V = np.asarray(V)
    idx = np.argmax(np.abs(V), axis=0)  # (k,) row of each column's largest |entry|
    signs = np.sign(V[idx, np.arange(V.shape[1])])
    signs[signs == 0] = 1.0
    return signs


def fix_signs(V):
    """``V`` (n, k) with each column flipped so that its largest-magnitude entry is positive."""
    return V * column_signs(V)


def svd(W):
    """Economy SVD ``W = U diag(S) Vt`` with deterministic signs.

    Each right singular vector (row of ``Vt``) is flipped so that its entry
    of largest magnitude is positive; the matching column of ``U`` flips with
    it, so ``U diag(S) Vt`` is unchanged.

    Parameters
    ----------
    W : ndarray, shape (n_out, n_in)

    Returns
    -------
    U : ndarray, shape (n_out, k)
    S : ndarray, shape (k,)
        Descending.
    Vt : ndarray, shape (k, n_in)
    """
    U, S, Vt = np.linalg.svd(np.asarray(W, dtype=float), full_matrices=False)
    signs = column_signs(Vt.T)  # (k,): the right vectors set the sign, U follows
    return U * signs, S, Vt * signs[:, None]
