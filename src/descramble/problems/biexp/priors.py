"""Priors over forward-model parameters."""

from __future__ import annotations

import numpy as np


def priors(n, rng, kind="uniform", lo=50.0, hi=500.0, grid_size=50):
    """Draw ordered (T21, T22) pairs with T21 <= T22.

    Parameters
    ----------
    n : int
        Number of pairs.
    rng : numpy.random.Generator
        The job's generator (never global state).
    kind : {"uniform", "grid"}
        ``"uniform"``: each time constant uniform on [lo, hi] (paper text),
        the pair sorted. ``"grid"``: each drawn uniformly from
        ``linspace(lo, hi, grid_size)`` (the anchors' 50 x 50 grid), sorted.
    lo, hi : float
        Range in ms.
    grid_size : int
        Points per axis for ``kind="grid"``.

    Returns
    -------
    ndarray, shape (n, 2)
        Columns T21 <= T22.
    """
    if not lo < hi:
        raise ValueError(f"prior range must have lo < hi, got [{lo}, {hi}]")
    if kind == "uniform":
        draws = rng.uniform(lo, hi, size=(n, 2))
    elif kind == "grid":
        grid = np.linspace(lo, hi, grid_size)
        draws = grid[rng.integers(0, grid_size, size=(n, 2))]
    else:
        raise ValueError(f"unknown prior kind {kind!r}; use 'uniform' or 'grid'")
    return np.sort(draws, axis=1)
