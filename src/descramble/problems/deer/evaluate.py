"""Test-set errors of DEERNet and of the methods it is compared with (PNAS Figs 5-6).

The DSP replica (:mod:`.dsp`) runs on the whole test split; DeerLab's
Tikhonov fit (:mod:`.baselines`) costs about a second per trace and runs on
the first ``n_tikhonov`` test traces only (both made by
:func:`.baselines.fit_baselines`). Every method is also scored on that
shared subset, so the three can be compared on identical traces.
"""

from __future__ import annotations

import time

import numpy as np

from ...models import artefact_layers, model_from_arrays
from ...train import predict
from . import dsp

ERROR_COLUMNS = ("arch", "snr", "seed", "method", "subset", "n_traces", "error",
                 "seconds_per_trace")  # fmt: skip
TRACE_COLUMNS = ("arch", "snr", "seed", "method", "trace", "error")


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


def trace_rows(p_true, estimates, snr, seed, n_subset):
    """``deer_trace_errors.tsv`` rows: the relative L2 error of each of the first ``n_subset``
    test traces, per method that covers them (the Tikhonov subset, for paired comparisons)."""
    rows = []
    for arch, method, p_hat, _ in estimates:
        if method == "prior_mean":
            continue
        err = dsp.relative_error(p_hat[:n_subset], p_true[:n_subset])  # (n_subset,)
        rows += [{"arch": arch, "snr": snr, "seed": seed, "method": method, "trace": i,
                  "error": float(e)} for i, e in enumerate(err)]  # fmt: skip
    return rows


def evaluation_rows(data, baselines_, models, n_tikhonov, per_trace=None):
    """``deer_errors.tsv`` rows: every network and baseline on the test split it was made for.

    Networks are matched to data by the (snr, seed) of their provenance;
    their test predictions are recomputed from the weights (and timed), and
    must agree with the predictions the model artefact stored.

    Parameters
    ----------
    data : iterable of dict
        Data artefacts (``test/signal``, ``test/p``), one per (snr, seed).
    baselines_ : iterable of dict
        The :func:`fit_baselines` artefact of each data artefact, in order.
    models : list of (str, dict)
        (path, model artefact) of every network.
    n_tikhonov : int
        Test traces the Tikhonov baseline fitted (the shared subset).
    per_trace : list, optional
        Receives the :func:`trace_rows` of every (snr, seed).

    Returns
    -------
    list of dict
        :data:`ERROR_COLUMNS` rows (see :func:`error_rows`).

    Raises
    ------
    ValueError
        If a network's stored predictions differ from its weights'.
    """
    # each network once, keyed by the (snr, seed) of the data it was trained and tested on
    nets = {}
    for path, m in models:
        pp = m["_provenance"]
        nets.setdefault((pp["params"]["snr"], pp["seed"]), []).append((path, m))
    rows = []
    for d, b in zip(data, baselines_, strict=True):
        snr, seed = d["_provenance"]["params"]["snr"], d["_provenance"]["seed"]
        guess = np.broadcast_to(b["prior_mean"]["p"], d["test"]["p"].shape)  # (N, n_r)
        est = [
            ("-", "prior_mean", guess, 0.0),
            ("-", "dsp_replica", b["dsp"]["p"], float(b["dsp"]["seconds_per_trace"])),
            ("-", "tikhonov", b["tikhonov"]["p"], float(np.mean(b["tikhonov"]["seconds"]))),
        ]
        for path, m in nets.get((snr, seed), []):
            net = model_from_arrays(artefact_layers(m))
            t0 = time.perf_counter()
            pred = predict(net, d["test"]["signal"])  # (N, n_r)
            sec = (time.perf_counter() - t0) / len(pred)
            # the stored predictions were made by the same weights: a check, not a second source
            if not np.allclose(pred, m["test"]["pred"], atol=1e-6):
                raise ValueError(f"{path}: stored test predictions differ from the weights'")
            est.append((m["_provenance"]["params"]["arch"], "network", pred, sec))
        n_sub = min(n_tikhonov, len(d["test"]["p"]))
        rows += error_rows(d["test"]["p"], est, snr, seed, n_sub)
        if per_trace is not None:
            per_trace += trace_rows(d["test"]["p"], est, snr, seed, n_sub)
    return rows
