"""Tables of the phase track: one row per network, and the long sweep table."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .signals import circular_error, phase_from_targets


def network_rows(key, analysis, pred, alpha):
    """One row of ``phase_networks.tsv`` for network ``key`` = (arch, snr, seed).

    Parameters
    ----------
    key : tuple
        ``(arch, snr, seed)``.
    analysis : dict
        The network's analysis artefact.
    pred : ndarray, shape (N, 2)
        Test predictions ``(cos, sin)``.
    alpha : ndarray, shape (N,)
        True test alpha.
    """
    arch, snr, seed = key
    n = analysis["noise"]["limit_P"].shape[0]
    err = circular_error(phase_from_targets(pred, n), alpha, n)
    last = {k: analysis[k] for k in ("noise", "data")}
    return {
        "arch": arch, "snr": float(snr), "seed": int(seed), "n": n,
        "test_error": float(err.mean()), "no_skill_error": n / 4.0,
        "N_max": int(analysis["N"][-1]),
        "to_identity_noise": float(last["noise"]["to_identity"][-1]),
        "to_identity_data": float(last["data"]["to_identity"][-1]),
        "to_limit_noise": float(last["noise"]["to_limit"][-1]),
        "to_limit_data": float(last["data"]["to_limit"][-1]),
        "limit_to_identity": float(analysis["noise"]["limit_to_identity"]),
        "ordered_fraction": float(analysis["ordered_fraction"]),
        "off_block": float(analysis["off_block"]),
        "data_vs_noise_limit": float(analysis["data_vs_noise_limit"]),
        "max_gap": float(max(np.max(np.abs(last[k]["gap"])) for k in last)),
    }  # fmt: skip


def sweep_rows(key, analysis):
    """Rows of ``phase_sweep.tsv``: (arch, snr, seed, probe, N, to_identity, to_limit)."""
    arch, snr, seed = key
    rows = []
    for probe in ("noise", "data"):
        for i, N in enumerate(analysis["N"]):
            rows.append({"arch": arch, "snr": float(snr), "seed": int(seed), "probe": probe,
                         "N": int(N), "to_identity": float(analysis[probe]["to_identity"][i]),
                         "to_limit": float(analysis[probe]["to_limit"][i])})  # fmt: skip
    return rows


def tables(items):
    """``(networks, sweep)`` DataFrames from ``[(key, analysis, pred, alpha), ...]``."""
    nets = pd.DataFrame([network_rows(k, a, p, al) for k, a, p, al in items])
    sweep = pd.DataFrame([r for k, a, _, _ in items for r in sweep_rows(k, a)])
    return nets, sweep
