"""Test-set errors of DEERNet and of the methods it is compared with (PNAS Figs 5-6).

The DSP replica (:mod:`.dsp`) runs on the whole test split; DeerLab's
Tikhonov fit (:mod:`.baselines`) costs about a second per trace and runs on
the first ``n_tikhonov`` test traces only. Every method is also scored on
that shared subset, so the three can be compared on identical traces.
"""

from __future__ import annotations

import time

import numpy as np

from . import baselines, dsp

ERROR_COLUMNS = ("arch", "snr", "seed", "method", "subset", "n_traces", "error",
                 "seconds_per_trace")  # fmt: skip


def fit_baselines(data, n_tikhonov, dsp_alpha=None, regime="pnas", exponent=3, dipolar=52.04):
    """DSP-replica estimates of the test split and Tikhonov estimates of its first traces.

    Parameters
    ----------
    data : dict
        A DEER data artefact: ``t``, ``r``, ``kernel``, ``val/{signal,p}``,
        ``test/signal`` and ``test/params/{offset,scale}`` (the min-max
        scaling of the pnas regime, undone for the Tikhonov fit).
    n_tikhonov : int
        Test traces fitted by the Tikhonov baseline.
    dsp_alpha : float or None
        Regularisation of the replica's pseudoinverse; ``None``: the value
        with the smallest validation error (:func:`.dsp.select_alpha`).
    regime : str
        The data's regime (the Tikhonov baseline fits background and
        modulation depth only where the traces have them).
    exponent, dipolar : float
        The data's kernel (the Tikhonov fit uses the same physics).

    Returns
    -------
    dict
        ``dsp/p`` (N, n_r), ``dsp/seconds_per_trace``, ``dsp/alpha``,
        ``prior_mean/p`` (n_r,) (the mean validation distribution: an
        estimator with no skill, the floor any method must beat),
        ``dsp/alpha_errors`` (validation error per candidate, when selected),
        ``tikhonov/p`` (n_tikhonov, n_r), ``tikhonov/seconds`` (n_tikhonov,)
        and whatever else the baseline reports per trace.
    """
    K = np.asarray(data["kernel"], dtype=float)
    out = {"dsp": {}}
    if dsp_alpha is None:
        dsp_alpha, errs = dsp.select_alpha(data["val"]["signal"], data["val"]["p"], K)
        out["dsp"]["alpha_errors"] = np.asarray(errs)
    test = np.asarray(data["test"]["signal"], dtype=float)
    t0 = time.perf_counter()
    out["dsp"]["p"] = dsp.dsp_replica(test, K, dsp_alpha)
    out["dsp"]["seconds_per_trace"] = (time.perf_counter() - t0) / len(test)
    out["dsp"]["alpha"] = float(dsp_alpha)
    # the no-skill reference: every trace answered with the mean validation distribution
    out["prior_mean"] = {"p": np.asarray(data["val"]["p"], dtype=float).mean(axis=0)}
    n = min(int(n_tikhonov), len(test))
    # Tikhonov fits the raw trace, as a user would: undo the network's min-max scaling
    prm = data["test"].get("params", {})
    scaling = {k: np.asarray(prm[k])[:n] for k in ("offset", "scale") if k in prm}
    out["tikhonov"] = baselines.tikhonov(test[:n], data["t"], data["r"], regime=regime,
                                         exponent=exponent, dipolar=dipolar, **scaling)  # fmt: skip
    return out


def error_rows(p_true, estimates, snr, seed, n_subset):
    """``deer_errors.tsv`` rows for one (snr, seed).

    Parameters
    ----------
    p_true : ndarray, shape (N, n_r)
        True test distributions.
    estimates : list of (arch, method, p_hat (M, n_r), seconds_per_trace)
        ``M`` is N (whole split) or ``n_subset`` (Tikhonov).
    snr : float
    seed : int
    n_subset : int
        Size of the shared subset (the first test traces).

    Returns
    -------
    list of dict
        Per method: mean relative L2 error on the whole split (``subset``
        "all", when the method covers it) and on the first ``n_subset``
        traces (``subset`` "first<n>").
    """
    rows = []
    for arch, method, p_hat, sec in estimates:
        p_hat = np.asarray(p_hat, dtype=float)
        subsets = [("all", len(p_true))] if len(p_hat) == len(p_true) else []
        subsets.append((f"first{n_subset}", n_subset))
        for name, m in subsets:
            err = dsp.relative_error(p_hat[:m], p_true[:m])
            rows.append({"arch": arch, "snr": snr, "seed": seed, "method": method,
                         "subset": name, "n_traces": m, "error": float(np.mean(err)),
                         "seconds_per_trace": float(sec)})  # fmt: skip
    return rows
