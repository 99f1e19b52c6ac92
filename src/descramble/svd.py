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


def halves_difference(v):
    """How different the two halves of a concatenated-input singular vector are.

    Parameters
    ----------
    v : ndarray, shape (2m,)

    Returns
    -------
    float
        ``||v[:m] - v[m:]|| / ||v||``: 0 when the halves coincide, sqrt(2)
        when they are orthogonal with equal norms, up to 2 when opposite.
    """
    v = np.asarray(v, dtype=float)
    m = len(v) // 2
    return float(np.linalg.norm(v[:m] - v[m:]) / np.linalg.norm(v))


def analyze_first_layer(W, t, n_sv):
    """SVD of a first-layer weight and biexponential fits of its top right singular vectors.

    Parameters
    ----------
    W : ndarray, shape (n_hidden, halves * m)
        First-layer weight whose input is ``halves`` concatenated decays.
    t : ndarray, shape (m,)
        Sample times (ms) of one decay.
    n_sv : int

    Returns
    -------
    dict
        ``U``, ``S``, ``Vt`` (from :func:`svd`), ``fits`` (dict of arrays
        ``sv, half, a1, a2, tau1, tau2, r2``, one entry per (sv, half)),
        ``fit_curve`` (n_sv, halves, m), ``halves_diff`` (n_sv,; NaN when
        halves != 2) and ``halves``.
    """
    from .fits import fit_singular_vectors
    from .signals import biexp_free

    W = np.asarray(W, dtype=float)
    halves = W.shape[1] // len(t)
    U, S, Vt = svd(W)
    rows = fit_singular_vectors(Vt[:n_sv].T, t, n_sv=n_sv, halves=halves)
    curves = np.zeros((n_sv, halves, len(t)))
    for r in rows:
        curves[r["sv"] - 1, r["half"] - 1] = biexp_free(
            t, (r["a1"], r["a2"]), (r["tau1"], r["tau2"])
        )
    keys = ("sv", "half", "a1", "a2", "tau1", "tau2", "r2")
    return {
        "U": U,
        "S": S,
        "Vt": Vt,
        "fits": {k: np.array([r[k] for r in rows]) for k in keys},
        "fit_curve": curves,
        "halves_diff": np.array(
            [halves_difference(Vt[k]) if halves == 2 else np.nan for k in range(n_sv)]
        ),
        "halves": halves,
    }
