"""Corollary 1: descrambling leaves a stride-1 circular convolution unchanged."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..descramblers import exact
from ..operators import trig_basis, trig_pairs
from ..theory import circulant, pair_alignment
from .common import _smoothness_A, gaussian_probe_gram

__all__ = [
    "Corollary1Result",
    "corollary1_circulant",
]


@dataclass
class Corollary1Result:
    """Result of :func:`corollary1_circulant`.

    Attributes
    ----------
    spectrum : str
        ``"lowpass"`` or ``"highpass"``.
    n : int
    eigenvalues : ndarray, shape (n // 2 + 1,)
        Filter spectrum per frequency ``0 .. n//2`` (eigenvalue of ``W`` on
        that trigonometric group).
    limit_distance : float
        ``||P - R||_F`` for the large-data limit ``B = W W^T``, ``R`` the
        closest block-diagonal orthogonal matrix in the trigonometric basis
        (:func:`descramble.theory.pair_alignment`).
    limit_identity : float
        ``||P - I||_F`` in the limit.
    limit_weight_change : float
        ``||P W - W||_F / ||W||_F`` in the limit (Corollary 1: 0).
    frequency_map : list of int
        Limit ``P``: the frequency each input frequency ``0 .. n//2`` is sent
        to (largest block of ``T^T P T``); identity for a low-pass filter.
    probe_N : int
        Size of the Gaussian probe.
    probe_distance, probe_identity : float
        ``||P - R||_F`` and ``||P - I||_F`` for ``B = W X X^T W^T / N``.
    """

    spectrum: str
    n: int
    eigenvalues: np.ndarray
    limit_distance: float
    limit_identity: float
    limit_weight_change: float
    frequency_map: list
    probe_N: int
    probe_distance: float
    probe_identity: float


def _frequency_map(P, n):
    T = trig_basis(n)
    M = T.T @ P @ T  # (n, n) in trig coordinates
    groups = [list(g) for g in trig_pairs(n)]
    energy = np.array([[np.linalg.norm(M[np.ix_(gi, gj)]) for gj in groups] for gi in groups])
    return [int(i) for i in np.argmax(energy, axis=0)]


def corollary1_circulant(n, rng, spectrum="lowpass", N=10000):
    """Corollary 1: descrambling leaves a stride-1 circular convolution unchanged.

    Parameters
    ----------
    n : int
        Layer width (and input size): ``W`` is ``n x n`` circulant.
    rng : numpy.random.Generator
        Draws the filter spectrum and the Gaussian probe.
    spectrum : {"lowpass", "highpass"}
        Eigenvalues of ``W`` (its DFT) per frequency ``0 .. n//2``: evenly
        spaced from 1 down to 0.1 (low-pass) or up from 0.1 to 1 (high-pass),
        each moved by a uniform random jitter of at most a quarter of the
        spacing, so that neighbouring frequencies stay well separated (the
        Gaussian-probe check converges at a rate set by these gaps). The filter
        ``c = ifft(spectrum)`` is real and symmetric, so ``W`` is symmetric
        circulant (``W = T diag T^T``).
    N : int
        Size of the Gaussian probe for the sampled check.

    Returns
    -------
    Corollary1Result

    Notes
    -----
    ``W W^T`` is diagonalised by the trigonometric basis, as is ``D^T D``.
    The exact descrambler pairs the largest eigenvalues of ``W W^T`` with the
    smoothest trigonometric vectors, so ``P`` is block-diagonal in the
    trigonometric basis (``P = R``) only if ``|spectrum|`` decreases with
    frequency; for a high-pass filter ``P`` maps frequency ``k`` to
    ``n/2 - k``. Cos/sin pairs have equal singular values, so ``W`` is not
    admissible in the sense of Definition 1; the limit ``P`` is still unique
    up to rotations inside the pairs, which ``R`` absorbs.
    """
    if spectrum not in ("lowpass", "highpass"):
        raise ValueError("spectrum must be 'lowpass' or 'highpass'")
    n = int(n)
    half = n // 2 + 1
    step = 0.9 / (half - 1)
    lam = np.linspace(1.0, 0.1, half) + rng.uniform(-0.25, 0.25, half) * step  # decreasing
    lam = lam if spectrum == "lowpass" else lam[::-1]
    k = np.arange(n)
    full = lam[np.minimum(k, n - k)]  # (n,), symmetric spectrum
    c = np.real(np.fft.ifft(full))
    W = circulant(c)  # (n, n), symmetric
    A = _smoothness_A(n)
    I = np.eye(n)

    def measure(B):
        P = exact(A, B).P
        R, _ = pair_alignment(P, n)
        return P, float(np.linalg.norm(P - R)), float(np.linalg.norm(P - I))

    P, lim_d, lim_i = measure(W @ W.T)
    change = float(np.linalg.norm(P @ W - W) / np.linalg.norm(W))
    fmap = _frequency_map(P, n)
    _, pr_d, pr_i = measure(gaussian_probe_gram(W, N, rng))
    return Corollary1Result(
        spectrum=spectrum,
        n=n,
        eigenvalues=lam,
        limit_distance=lim_d,
        limit_identity=lim_i,
        limit_weight_change=change,
        frequency_map=fmap,
        probe_N=int(N),
        probe_distance=pr_d,
        probe_identity=pr_i,
    )
