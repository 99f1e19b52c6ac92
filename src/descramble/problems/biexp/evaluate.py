"""Test-set errors of parameter estimates."""

from __future__ import annotations

import numpy as np

PARAMS = ("T21", "T22")


def evaluate(estimate, truth, arch, snr, seed, names=PARAMS):
    """Relative errors |est - true| / true per parameter.

    Parameters
    ----------
    estimate, truth : ndarray, shape (N, k)
    arch : str
        Method label for the rows (``nd_nd``, ``nd_reg``, ``nlls``).
    snr : float
    seed : int
    names : sequence of str
        Parameter names, length k.

    Returns
    -------
    list of dict
        One row per parameter: arch, snr, seed, param, mean_rel_error,
        median_rel_error.
    """
    estimate = np.asarray(estimate, dtype=float)
    truth = np.asarray(truth, dtype=float)
    if estimate.shape != truth.shape:
        raise ValueError(f"estimate shape {estimate.shape} != truth shape {truth.shape}")
    rel = np.abs(estimate - truth) / np.abs(truth)
    return [
        {
            "arch": arch,
            "snr": f"{snr:g}",
            "seed": int(seed),
            "param": name,
            "mean_rel_error": float(rel[:, j].mean()),
            "median_rel_error": float(np.median(rel[:, j])),
        }
        for j, name in enumerate(names)
    ]
