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


ERROR_COLUMNS = ("arch", "snr", "seed", "param", "mean_rel_error", "median_rel_error")
DATA_NEEDS = ("test/params",)
NLLS_NEEDS = ("test/params", "test/baseline_params")
MODEL_NEEDS = ("test/pred",)


def error_rows(data, nlls, models):
    """``biexp_errors.tsv``: test errors of every network and of the two NLLS estimates.

    Each estimate is scored against the true parameters of the data it was
    made from, matched by (snr, seed) from the artefacts' provenance.

    Parameters
    ----------
    data : list of dict
        Data artefacts (:data:`DATA_NEEDS` read).
    nlls : list of dict
        ``fit_biexp_nlls`` artefacts (:data:`NLLS_NEEDS`): ``nlls`` is the baseline
        from the ordered start, ``nlls_reg`` the Reg curves' fit.
    models : list of dict
        Model artefacts (:data:`MODEL_NEEDS`), labelled by their arch.

    Returns
    -------
    list of dict
        :data:`ERROR_COLUMNS` rows, data order: NLLS first, then networks.
    """

    def key(d):  # (snr, seed) of the data the artefact was made from
        return d["_provenance"]["params"]["snr"], int(d["_provenance"]["seed"])

    truth = {key(d): d["test"]["params"] for d in data}
    rows = []
    for d in nlls:
        rows += evaluate(d["test"]["baseline_params"], truth[key(d)], "nlls", *key(d))
        rows += evaluate(d["test"]["params"], truth[key(d)], "nlls_reg", *key(d))
    for d in models:
        arch = d["_provenance"]["params"]["arch"]
        rows += evaluate(d["test"]["pred"], truth[key(d)], arch, *key(d))
    return rows
