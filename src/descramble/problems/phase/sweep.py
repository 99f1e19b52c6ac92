"""Descramblers of a first layer for probes of growing size, and their large-N limit.

Corollary 3 (Sule et al.) says the smoothness descrambler of a CNN's first
layer tends to the identity as the probe grows, and that of a dense layer
need not. Theorem 1 gives the limit in closed form from the probe's first two
moments: the layer signals ``z = W x + b`` have the Gram matrix

    B_inf = W M W^T + W mu b^T + b mu^T W^T + b b^T,   M = E[x x^T], mu = E[x],

and the limit descrambler pairs its eigenvectors with the Fourier operator's.
"""

from __future__ import annotations

import numpy as np

from ...descramblers import _normalise, exact
from ...descramblers.job import descramble_job
from ...operators import fourier_operator_eig, fourier_second_derivative, trig_basis, trig_pairs
from .signals import OFFSET


def identity_distance(P):
    """``||P - I||_F / sqrt(2 n)``: 0 for I, about 1 for a random orthogonal P (E tr P = 0)."""
    P = np.asarray(P, dtype=float)
    return float(np.linalg.norm(P - np.eye(len(P))) / np.sqrt(2 * len(P)))


def probe_moments(kind, n, snr=None):
    """Second moment ``M`` (n, n) and mean ``mu`` (n,) of a probe's inputs.

    Parameters
    ----------
    kind : {"noise", "data"}
        ``noise``: standard Gaussian (M = I, mu = 0). ``data``: the phase
        prior over whole periods at ``snr``: ``M = (1/2 + snr^-2) I``, and
        ``mu = cos(pi/4) e_0`` (sample 0 is ``cos(pi/4)`` for every alpha;
        the other samples average to zero over whole periods).
    """
    if kind == "noise":
        return np.eye(n), np.zeros(n)
    if kind == "data":
        mu = np.zeros(n)
        mu[0] = np.cos(OFFSET)
        return (0.5 + float(snr) ** -2) * np.eye(n), mu
    raise ValueError(f"unknown probe kind {kind!r}; use 'noise' or 'data'")


def limit_gram(W, b, M, mu):
    """``B_inf = E[z z^T]`` for ``z = W x + b``, shape (n, n)."""
    W, b = np.asarray(W, dtype=float), np.asarray(b, dtype=float)
    Wmu = W @ mu  # (n,)
    return W @ M @ W.T + np.outer(Wmu, b) + np.outer(b, Wmu) + np.outer(b, b)


def limit_descrambler(W, b, M, mu):
    """The large-N smoothness descrambler (Fourier criterion) of layer ``z = W x + b``."""
    n = W.shape[0]
    D = fourier_second_derivative(n)
    A = _normalise(0.5 * (D.T @ D + (D.T @ D).T))
    B = _normalise(limit_gram(W, b, M, mu))
    return exact(A, B, A_eig=fourier_operator_eig(n)).P


def trig_structure(B):
    """How a Gram matrix sits in the trigonometric basis.

    Returns
    -------
    dict
        ``power`` (n_freq,): mean of ``diag(T^T B T)`` over each frequency's
        pair (the layer's power per frequency, smoothest first);
        ``ordered_fraction``: share of frequency pairs ``k < k'`` with
        ``power[k] >= power[k']`` (1: non-increasing, which makes the limit
        descrambler the identity); ``off_block``: share of ``||T^T B T||_F^2``
        outside the frequency blocks (0 for a circulant layer).
    """
    n = B.shape[0]
    T = trig_basis(n)
    C = T.T @ B @ T  # (n, n)
    pairs = trig_pairs(n)
    power = np.array([np.mean(np.diag(C)[list(p)]) for p in pairs])
    mask = np.zeros_like(C, dtype=bool)
    for p in pairs:
        mask[np.ix_(p, p)] = True
    i, j = np.triu_indices(len(power), 1)
    return {
        "power": power,
        "ordered_fraction": float(np.mean(power[i] >= power[j])),
        "off_block": float(np.sum(C[~mask] ** 2) / np.sum(C**2)),
    }


def frequency_transport(P):
    """Which frequency P sends each frequency to: ``F[j, k]`` for trig blocks ``j, k``.

    ``F[j, k] = ||T_j^T P T_k||_F^2 / |T_k|`` with ``T_k`` the columns of
    :func:`descramble.operators.trig_basis` of frequency ``k``: the share of
    frequency ``k``'s modes that ``P`` maps into frequency ``j``. Columns sum
    to 1; ``F = I`` when P keeps every frequency (P = I up to rotations
    inside cos/sin pairs, which the criterion cannot see). Unlike P itself,
    F does not depend on how a tie between a pair's cos and sin is broken.

    Returns
    -------
    ndarray, shape (n_freq, n_freq)
    """
    n = len(P)
    T = trig_basis(n)
    C = T.T @ np.asarray(P, dtype=float) @ T  # (n, n) P in the trig basis
    pairs = trig_pairs(n)
    return np.array([[np.sum(C[np.ix_(pj, pk)] ** 2) / len(pk) for pk in pairs] for pj in pairs])


def transport_distance(P, Q):
    """``||F(P) - F(Q)||_F / sqrt(2 n_freq)`` (0: the same frequency map; 1: disjoint maps)."""
    F, G = frequency_transport(P), frequency_transport(Q)
    return float(np.linalg.norm(F - G) / np.sqrt(2 * len(F)))


def sweep(layers, Ns, make_probe, reference=None):
    """Descramble layer 0 over probes of each size in ``Ns``.

    Parameters
    ----------
    layers : list of dict
        The model artefact's layers.
    Ns : sequence of int
        Probe sizes.
    make_probe : callable
        ``make_probe(N) -> X (N, d)``.
    reference : ndarray, shape (n, n), optional
        A descrambler to measure the distance to (the large-N limit).

    Returns
    -------
    dict
        ``to_identity`` (len(Ns),), ``to_reference`` (len(Ns),) if a
        reference is given (:func:`transport_distance` of ``P_N`` and
        ``P_ref``: ties inside cos/sin pairs make P itself unidentifiable in
        the limit for a circulant layer), ``gap``
        (len(Ns),) each solve's relative gap to von Neumann's bound.
    """
    to_i, to_ref, gap = [], [], []
    for N in Ns:
        r = descramble_job(layers, make_probe(int(N)), 0, "fourier")
        to_i.append(identity_distance(r["P"]))
        if reference is not None:
            to_ref.append(transport_distance(r["P"], reference))
        gap.append((r["objective"] - r["bound"]) / max(abs(r["bound"]), 1e-300))
    out = {"to_identity": np.array(to_i), "gap": np.array(gap)}
    if reference is not None:
        out["to_reference"] = np.array(to_ref)
    return out
