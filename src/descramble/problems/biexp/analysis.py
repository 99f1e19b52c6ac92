"""First-layer analysis of the ILR networks: SVD and biexponential fits (Sule et al. Figs 5-7)."""

from __future__ import annotations

import numpy as np

from ...svd import svd
from .fits import fit_singular_vectors
from .signals import biexp_free


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
