"""Phase data: alpha from a uniform prior over whole periods, oscillation, Gaussian noise."""

from __future__ import annotations

import numpy as np

from ...rng import job_rng
from .signals import oscillation, phase_targets

SPLITS = ("train", "val", "test")


def synthesize(snr, seed, n_t, periods, n_train, n_val, n_test):
    """Three splits of noisy oscillations.

    Parameters
    ----------
    snr : float
        sigma^-1 (the oscillation has unit amplitude).
    seed : int
    n_t : int
        n, samples per signal (and the CNN's kernel size).
    periods : (int, int)
        ``(u, v)``: alpha ~ Unif[-u n, v n] (Corollary 3).
    n_train, n_val, n_test : int

    Returns
    -------
    dict
        ``k`` (n,) sample index; per split ``signal`` (N, n) noisy,
        ``clean`` (N, n), ``alpha`` (N,), ``targets`` (N, 2).
    """
    if snr <= 0:
        raise ValueError(f"snr must be positive, got {snr}")
    u, v = (int(p) for p in periods)
    if u < 0 or v < 0 or u + v < 1:
        raise ValueError(f"periods (u, v) must be >= 0 with u + v >= 1, got {periods}")
    n = int(n_t)
    out = {"k": np.arange(n)}
    for split, size in zip(SPLITS, (n_train, n_val, n_test), strict=True):
        rng = job_rng(seed, "phase", "synthesize", split, f"{snr:g}")
        alpha = rng.uniform(-u * n, v * n, size)  # (N,)
        clean = oscillation(alpha, n)  # (N, n)
        signal = clean + rng.standard_normal(clean.shape) / snr
        out[split] = {"signal": signal, "clean": clean, "alpha": alpha,
                      "targets": phase_targets(alpha, n)}  # fmt: skip
    return out
