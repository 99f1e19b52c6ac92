"""Synthetic data sets: prior -> forward model -> noise, split three ways."""

from __future__ import annotations

import numpy as np

from ...rng import job_rng
from .noise import noise
from .priors import priors
from .signals import biexp

SPLITS = ("train", "val", "test")


def synthesize(
    snr,
    seed,
    n_t=64,
    t_max=800.0,
    c=(0.6, 0.4),
    prior="uniform",
    T2_range=(50.0, 500.0),
    eval_T2_range=None,
    grid_size=50,
    n_train=1000,
    n_val=200,
    n_test=200,
):
    """Biexponential decay data for one (snr, seed).

    Parameters
    ----------
    snr : float
        sigma^-1; noise std is 1/snr.
    seed : int
    n_t, t_max : int, float
        ``t = linspace(0, t_max, n_t)`` in ms.
    c : tuple of float
        Component fractions.
    prior : {"uniform", "grid"}
    T2_range : (float, float)
        Training prior range (ms).
    eval_T2_range : (float, float) or None
        Range for val/test (the anchors use [75, 475] on their grid);
        ``None`` means the same as ``T2_range``.
    grid_size : int
    n_train, n_val, n_test : int

    Returns
    -------
    dict
        ``t`` (n_t,) and, per split, ``{"signal", "clean", "params"}``.
    """
    t = np.linspace(0.0, t_max, n_t)
    rng = job_rng(seed, "biexp", f"snr{snr}")
    sizes = {"train": n_train, "val": n_val, "test": n_test}
    out = {"t": t}
    for split in SPLITS:
        lo, hi = T2_range if (split == "train" or eval_T2_range is None) else eval_T2_range
        params = priors(sizes[split], rng, kind=prior, lo=lo, hi=hi, grid_size=grid_size)
        clean = biexp(t, params, c)  # (N, n_t)
        out[split] = {"signal": noise(clean, snr, rng), "clean": clean, "params": params}
    return out
