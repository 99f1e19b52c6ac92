"""Jacobian vs full descramblers (Sule, Spencer & Czaja, Fig. 3).

Sule et al. report the relative mean absolute error between the descrambler
computed from the layer's actual signals (``P_full``) and from its Jacobian
linearisation at the data mean (``P_jac``): 1.25 % (k = 2), 0.4 % (k = 3).

    RMAE(P_full, P_jac) = mean |P_full - P_jac| / mean |P_full|

(entrywise means over the ``n x n`` matrices).

The ambiguity, handled honestly: a smoothness descrambler minimises
``tr(A P B P^T)`` with ``A = D^T D``, and ``R P`` is an equally good
minimiser for every orthogonal ``R`` that commutes with ``A`` (global sign;
a sign per simple eigenvector of ``A``; any rotation inside a degenerate
eigenspace -- the cos/sin pairs of the Fourier operator). Two solvers, or
two slightly different data sets, can land on different members of that
set, and the raw RMAE then measures the arbitrary choice, not a
disagreement. We do **not** align individual row signs of ``P``: flipping
one row of ``P`` flips one row of ``P W``, which makes it rough, so it is not
a symmetry of the criterion (unless ``A`` happens to be diagonal). Instead
:func:`commutant_align` applies the ``R`` of that exact symmetry group
closest to ``P_full`` (orthogonal Procrustes per eigenspace of ``A``).
:func:`compare_descramblers` reports the raw RMAE, the RMAE after the
global sign only, and (given ``A``) after the commutant alignment. Report
the raw value when both descramblers come from one deterministic solver
with a fixed tie-break rule (as :func:`descramble.descramblers.exact` has);
report the aligned one otherwise, and say which.
"""

from __future__ import annotations

import numpy as np

__all__ = ["commutant_align", "compare_descramblers", "rmae"]


def _square_pair(P_full, P_jac):
    P_full = np.asarray(P_full, dtype=float)
    P_jac = np.asarray(P_jac, dtype=float)
    if P_full.ndim != 2 or P_full.shape[0] != P_full.shape[1] or P_full.shape != P_jac.shape:
        raise ValueError(
            f"need two square matrices of equal shape, got {P_full.shape} and {P_jac.shape}"
        )
    return P_full, P_jac


def rmae(P_full, P_jac):
    """Relative mean absolute error ``mean|P_full - P_jac| / mean|P_full|``.

    Parameters
    ----------
    P_full, P_jac : array_like, shape (n, n)

    Returns
    -------
    float
        0 for identical matrices. For two independent Haar-random orthogonal
        matrices it is about ``sqrt(2)`` (both have entries of size
        ``~ 1/sqrt(n)``).
    """
    P_full, P_jac = _square_pair(P_full, P_jac)
    den = float(np.mean(np.abs(P_full)))
    if den == 0:
        raise ValueError("P_full is zero")
    return float(np.mean(np.abs(P_full - P_jac)) / den)


def _eigen_clusters(a, rtol):
    """Index runs of sorted eigenvalues closer than ``rtol * max|a|``."""
    scale = max(float(np.max(np.abs(a))), np.finfo(float).tiny)
    breaks = np.nonzero(np.diff(a) > rtol * scale)[0] + 1
    return np.split(np.arange(a.size), breaks)


def commutant_align(P_ref, P, A, rtol=1e-9):
    """``R P`` with ``R`` commuting with ``A`` chosen to bring ``P`` closest to ``P_ref``.

    Parameters
    ----------
    P_ref, P : array_like, shape (n, n), or (n, m)
        Descramblers, or what they make of a layer's signals (``P_ref Z``,
        ``P Z``: :func:`descramble.problems.deer.readings.energy_rmae` aligns
        those, weighting each direction by its energy).
    A : array_like, shape (n, n)
        Symmetric, the criterion's left matrix (``D^T D``).
    rtol : float
        Eigenvalues of ``A`` closer than ``rtol * max|eig|`` form one eigenspace.

    Returns
    -------
    aligned : ndarray, shape of ``P``
        ``E blockdiag(G_c) E^T P`` where ``A = E diag(a) E^T`` and each
        ``G_c`` is the orthogonal Procrustes factor maximising
        ``tr((E_c^T P_ref)^T G_c (E_c^T P))`` for the eigenspace ``c``; it
        minimises ``||P_ref - R P||_F`` over that group.
    R : ndarray, shape (n, n)
        The applied ``R`` (orthogonal, commutes with ``A``).
    """
    P_ref, P = np.asarray(P_ref, dtype=float), np.asarray(P, dtype=float)
    if P.ndim != 2 or P.shape != P_ref.shape:
        raise ValueError(f"need two matrices of equal shape, got {P_ref.shape} and {P.shape}")
    A = np.asarray(A, dtype=float)
    n = P.shape[0]
    if A.shape != (n, n):
        raise ValueError(f"A must be {(n, n)} (P has {n} rows), got {A.shape}")
    a, E = np.linalg.eigh(0.5 * (A + A.T))
    X, Y = E.T @ P_ref, E.T @ P  # eigen coordinates (n, n)
    G = np.zeros_like(A)  # (n, n), block-diagonal in A's eigenspaces
    for c in _eigen_clusters(a, rtol):
        U, _, Vt = np.linalg.svd(X[c] @ Y[c].T)
        G[np.ix_(c, c)] = U @ Vt
    R = E @ G @ E.T
    return R @ P, R


def compare_descramblers(P_full, P_jac, A=None, rtol=1e-9):
    """RMAE of two descramblers, raw and after symmetry alignment.

    Parameters
    ----------
    P_full, P_jac : array_like, shape (n, n)
    A : array_like, shape (n, n), optional
        ``D^T D``; enables the commutant alignment.
    rtol : float

    Returns
    -------
    dict
        ``rmae`` (raw), ``rmae_sign`` (``P_jac`` or ``-P_jac``, whichever is
        closer), ``rmae_commutant`` (NaN without ``A``), ``rel_frobenius``
        ``||P_full - P_jac||_F / ||P_full||_F`` (raw), and ``aligned`` (the
        commutant-aligned ``P_jac``, or ``None``).
    """
    P_full, P_jac = _square_pair(P_full, P_jac)
    raw = rmae(P_full, P_jac)
    out = {
        "rmae": raw,
        "rmae_sign": min(raw, rmae(P_full, -P_jac)),
        "rmae_commutant": float("nan"),
        "rel_frobenius": float(np.linalg.norm(P_full - P_jac) / np.linalg.norm(P_full)),
        "aligned": None,
    }
    if A is not None:
        aligned, _ = commutant_align(P_full, P_jac, A, rtol)
        out["rmae_commutant"] = rmae(P_full, aligned)
        out["aligned"] = aligned
    return out
