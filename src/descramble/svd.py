"""Singular value decomposition of layer weights, with a fixed sign convention."""

from __future__ import annotations

import numpy as np


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
    idx = np.argmax(np.abs(Vt), axis=1)
    signs = np.sign(Vt[np.arange(len(S)), idx])
    signs[signs == 0] = 1.0
    return U * signs, S, Vt * signs[:, None]
