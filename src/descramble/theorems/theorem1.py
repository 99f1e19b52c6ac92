"""Theorem 1: with a Gaussian probe the descrambled singular vectors tend to ``T_r``."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .common import _row, _smoothness_A, gaussian_probe_gram, trig_distance

__all__ = [
    "Theorem1Result",
    "theorem1_convergence",
]


@dataclass
class Theorem1Result:
    """Result of :func:`theorem1_convergence`.

    Attributes
    ----------
    rows : list of dict
        Per probe size, means over the repeats: ``N``, ``max_angle_deg``
        (largest principal angle over the trigonometric groups),
        ``mean_angle_deg`` (mean over groups of each group's largest angle),
        ``distance`` (``||U_hat R - T_r||_F``); also ``distance_std`` (over
        repeats) and ``repeats``.
    limit : dict
        The same for the large-data limit ``B = W W^T`` (``N = inf``).
    group_angles_deg : list of ndarray
        Per row, each group's largest angle (smoothest group first), mean
        over the repeats.
    limit_group_angles_deg : ndarray
    """

    rows: list
    limit: dict
    group_angles_deg: list = field(default_factory=list)
    limit_group_angles_deg: np.ndarray | None = None


def theorem1_convergence(W, Ns, rng, repeats=3, chunk=20000):
    """Theorem 1: descrambled singular vectors tend to the trigonometric basis.

    Parameters
    ----------
    W : array_like, shape (n, d)
        First-layer weight (rows = hidden nodes, the descrambled dimension).
    Ns : sequence of int
        Probe sizes; for each, ``X`` (d, N) is drawn from ``N(0, I)``.
    rng : numpy.random.Generator
    repeats : int
        Independent probes per ``N``; the row holds their means. A single
        draw is noisy where ``W`` has nearly equal singular values (their
        singular vectors mix at random until ``N`` is large), so the
        monotone decrease is a statement about the mean.
    chunk : int
        Probe columns per chunk of the Gram accumulation.

    Returns
    -------
    Theorem1Result

    Notes
    -----
    For each ``N``: ``B = W (X X^T / N) W^T`` (:func:`gaussian_probe_gram`),
    ``P`` = exact smoothness descrambler for ``A = D^T D``, ``U_hat`` = left
    singular vectors of ``P W``; distance to ``T_r`` with each cos/sin pair
    one 2-D subspace. The limit row uses ``X X^T / N = I`` exactly
    (``B = W W^T``), where Theorem 1 gives ``U_hat = T_r`` up to rounding.
    The convergence rate is set by the smallest gap between the squared
    singular values of ``W``: a trained layer with near-equal singular
    values needs a large ``N``.
    """
    W = np.asarray(W, dtype=float)
    A = _smoothness_A(W.shape[0])
    rows, per_group = [], []
    for N in Ns:
        reps = [
            trig_distance(W, gaussian_probe_gram(W, N, rng, chunk), A)[0]
            for _ in range(int(repeats))
        ]
        each = [_row(dist) for dist in reps]
        row = {"N": int(N)}
        for key in ("max_angle_deg", "mean_angle_deg", "distance"):
            row[key] = float(np.mean([e[key] for e in each]))
        row["distance_std"] = float(np.std([e["distance"] for e in each]))
        row["repeats"] = int(repeats)
        rows.append(row)
        per_group.append(np.mean([np.degrees(dist.angles) for dist in reps], axis=0))
    dist, _ = trig_distance(W, W @ W.T, A)
    limit = {**_row(dist, N=float("inf")), "distance_std": 0.0, "repeats": 1}
    return Theorem1Result(
        rows=rows,
        limit=limit,
        group_angles_deg=per_group,
        limit_group_angles_deg=np.degrees(dist.angles),
    )
