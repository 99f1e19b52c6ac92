"""Checks of the descrambling theory of Sule, Spencer & Czaja.

Theorem 1: for a linear first layer ``W`` (n x d) probed with zero-mean
isotropic data, the smoothness descrambler converges to ``T_r U^T`` and the
descrambled weight ``P W`` to ``T_r S V^T``: its left singular vectors are the
trigonometric basis. Since each cos/sin pair of ``T`` shares one eigenvalue
of ``D^T D``, they are only defined up to a rotation inside each pair; the
comparisons here treat every pair as one 2-D subspace. Corollary 1: a
stride-1 circular convolution layer is left unchanged (``P = I`` up to those
pair rotations), provided its spectrum decreases with frequency.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .operators import trig_basis, trig_pairs
from .svd import fix_signs

__all__ = [
    "TrigDistance",
    "circulant",
    "descrambled_left_singular_vectors",
    "pair_alignment",
    "principal_angles",
    "subspace_distance_to_trig",
]


def _orth(U):
    """Orthonormal basis of the column space (thin SVD, rank-revealing)."""
    U = np.asarray(U, dtype=float)
    if U.ndim == 1:
        U = U[:, None]
    Q, s, _ = np.linalg.svd(U, full_matrices=False)
    tol = max(U.shape) * np.finfo(float).eps * (s[0] if s.size else 0.0)
    return Q[:, s > tol]


def principal_angles(U, V):
    """Principal angles between the column spaces of ``U`` and ``V``.

    Parameters
    ----------
    U : array_like, shape (n, p)
    V : array_like, shape (n, q)

    Returns
    -------
    ndarray, shape (min(p', q'),)
        Angles in radians, ascending (``p'``, ``q'`` are the ranks). Small
        angles are taken from the sines (SVD of the residual of ``V``
        projected onto ``U``), large ones from the cosines, so both ends are
        accurate to rounding.
    """
    Qu, Qv = _orth(U), _orth(V)
    if Qu.shape[1] < Qv.shape[1]:
        Qu, Qv = Qv, Qu
    C = Qu.T @ Qv  # (p, q), p >= q
    cos = np.clip(np.linalg.svd(C, compute_uv=False), 0.0, 1.0)  # descending
    R = Qv - Qu @ C  # (n, q)
    sin = np.clip(np.linalg.svd(R, compute_uv=False), 0.0, 1.0)[::-1]  # ascending
    theta = np.where(cos**2 < 0.5, np.arccos(cos), np.arcsin(sin))
    return np.sort(theta)


def circulant(first_column):
    """Circulant matrix: the stride-1 circular convolution layer.

    Parameters
    ----------
    first_column : array_like, shape (n,)
        Filter ``c``; ``(C x)_i = sum_j c[(i - j) mod n] x_j``.

    Returns
    -------
    ndarray, shape (n, n)
        ``C[i, j] = c[(i - j) mod n]``. Its singular vectors are the
        trigonometric pairs of :func:`descramble.operators.trig_basis`, with
        singular value ``|fft(c)[k]|`` for frequency ``k``.
    """
    c = np.asarray(first_column, dtype=float)
    n = c.shape[0]
    idx = (np.arange(n)[:, None] - np.arange(n)[None, :]) % n  # (n, n)
    return c[idx]


def descrambled_left_singular_vectors(P, W):
    """Left singular vectors of the descrambled weight ``P W``.

    Parameters
    ----------
    P : array_like, shape (n, n)
    W : array_like, shape (n, d)

    Returns
    -------
    U : ndarray, shape (n, r)
        ``r = min(n, d)`` columns, singular values descending; each column's
        sign is fixed so that its largest-|.| entry is positive.
    s : ndarray, shape (r,)
        Singular values, descending.
    """
    M = np.asarray(P, dtype=float) @ np.asarray(W, dtype=float)  # (n, d)
    U, s, _ = np.linalg.svd(M, full_matrices=False)
    return fix_signs(U), s


def _groups(n, r):
    """Trig pairs truncated to the first ``r`` columns."""
    out = []
    for g in trig_pairs(n):
        kept = tuple(c for c in g if c < r)
        if kept:
            out.append((kept, g))
    return out


def pair_alignment(M, n):
    """Closest block-diagonal orthogonal matrix in the trigonometric basis.

    Parameters
    ----------
    M : array_like, shape (n, n)
        E.g. a descrambler ``P``.
    n : int

    Returns
    -------
    R : ndarray, shape (n, n)
        ``T blockdiag(R_g) T^T`` with one orthogonal ``R_g`` (2 x 2 rotation
        or reflection for a cos/sin pair, +-1 for a singleton) per
        :func:`descramble.operators.trig_pairs` group, each the Procrustes
        projection of the matching diagonal block of ``T^T M T``. ``M``
        commutes with ``D^T D`` exactly when it is of this form.
    blocks : list of ndarray
        The ``R_g``.
    """
    T = trig_basis(n)
    Mt = T.T @ np.asarray(M, dtype=float) @ T  # (n, n) in trig coordinates
    Rt = np.zeros((n, n))
    blocks = []
    for g in trig_pairs(n):
        g = list(g)
        U, _, Vt = np.linalg.svd(Mt[np.ix_(g, g)])
        Rg = U @ Vt
        Rt[np.ix_(g, g)] = Rg
        blocks.append(Rg)
    return T @ Rt @ T.T, blocks


@dataclass
class TrigDistance:
    """Result of :func:`subspace_distance_to_trig`.

    Attributes
    ----------
    angles : ndarray, shape (n_groups,)
        Largest principal angle (radians) between ``span(U_hat[:, g])`` and
        the trigonometric subspace of group ``g`` (smoothest first).
    distance : float
        ``||U_hat R - T_r||_F`` after the optimal block-diagonal orthogonal
        alignment ``R`` (one 2 x 2 rotation/reflection per cos/sin pair, one
        sign per singleton).
    groups : list of tuple of int
        Column indices of ``U_hat`` in each group.
    aligned : ndarray, shape (n, r)
        ``U_hat R``.
    """

    angles: np.ndarray
    distance: float
    groups: list
    aligned: np.ndarray


def subspace_distance_to_trig(U_hat, n, r=None):
    """Distance of estimated singular vectors from the trigonometric basis.

    Parameters
    ----------
    U_hat : array_like, shape (n, >= r)
        Orthonormal columns ordered like ``T`` (singular values descending
        for Theorem 1: the largest goes with the smoothest column).
    n : int
        Layer width (rows of ``U_hat``).
    r : int, optional
        Number of columns compared (default all columns of ``U_hat``).

    Returns
    -------
    TrigDistance

    Notes
    -----
    If ``r`` cuts a cos/sin pair, the last group holds one column of
    ``U_hat``; its angle is measured to the full 2-D pair subspace, and its
    reference vector in ``distance`` is the unit vector of that subspace
    closest to it (``T_r`` with the half pair rotated optimally).
    """
    U_hat = np.asarray(U_hat, dtype=float)
    if U_hat.shape[0] != n:
        raise ValueError("U_hat must have n rows")
    r = U_hat.shape[1] if r is None else int(r)
    U_hat = U_hat[:, :r]
    T = trig_basis(n)
    aligned = np.zeros_like(U_hat)  # (n, r)
    ref = np.zeros_like(U_hat)
    angles, groups = [], []
    for kept, full in _groups(n, r):
        kept, full = list(kept), list(full)
        Ug = U_hat[:, kept]  # (n, m)
        Tg = T[:, full]  # (n, m_full)
        angles.append(principal_angles(Ug, Tg)[-1])
        groups.append(tuple(kept))
        # Procrustes: (m x m_full) coupling; rotate U within its block and
        # choose the reference inside the trig subspace
        U_, _, Vt = np.linalg.svd(Ug.T @ Tg, full_matrices=False)  # (m, m), (m, m_full)
        if len(kept) == len(full):
            aligned[:, kept] = Ug @ (U_ @ Vt)
            ref[:, kept] = Tg
        else:
            aligned[:, kept] = Ug
            ref[:, kept] = Tg @ (U_ @ Vt).T
    distance = float(np.linalg.norm(aligned - ref))
    return TrigDistance(
        angles=np.asarray(angles), distance=distance, groups=groups, aligned=aligned
    )


def trig_projection(U):
    """Each column of ``U`` projected onto the trigonometric group it belongs to.

    Parameters
    ----------
    U : ndarray, shape (n, r)
        Columns in the order of the trigonometric basis (constant, then
        cos/sin pairs of rising frequency).

    Returns
    -------
    ndarray, shape (n, r)
        The reference curves drawn next to descrambled singular vectors.
    """
    n, r = U.shape
    T = trig_basis(n)
    ref = np.zeros_like(U)
    for g in trig_pairs(n):
        cols = [c for c in g if c < r]
        if cols:
            Tg = T[:, list(g)]
            ref[:, cols] = Tg @ (Tg.T @ U[:, cols])
    return ref
