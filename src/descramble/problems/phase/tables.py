"""Tables of the phase track: one row per network, and the long sweep table."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...tables import artefact_key
from .signals import circular_error, phase_from_targets


def network_rows(analysis, pred, alpha):
    """One row of ``phase_networks.tsv`` for the network an analysis artefact is about.

    Parameters
    ----------
    analysis : dict
        The network's ``sweep_phase_descramblers`` artefact (its provenance
        keys the row: arch, snr, seed).
    pred : ndarray, shape (N, 2)
        Test predictions ``(cos, sin)``.
    alpha : ndarray, shape (N,)
        True test alpha.
    """
    n = analysis["noise"]["limit_P"].shape[0]
    err = circular_error(phase_from_targets(pred, n), alpha, n)
    last = {k: analysis[k] for k in ("noise", "data")}
    return {
        **artefact_key(analysis, "arch", "snr"), "n": n,
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


def sweep_rows(analysis):
    """Rows of ``phase_sweep.tsv``: (arch, snr, seed, probe, N, to_identity, to_limit)."""
    key = artefact_key(analysis, "arch", "snr")
    rows = []
    for probe in ("noise", "data"):
        for i, N in enumerate(analysis["N"]):
            rows.append({**key, "probe": probe,
                         "N": int(N), "to_identity": float(analysis[probe]["to_identity"][i]),
                         "to_limit": float(analysis[probe]["to_limit"][i])})  # fmt: skip
    return rows


def tables(analyses, models, data):
    """``(networks, sweep)`` DataFrames: every analysis with its network and its test data.

    Parameters
    ----------
    analyses : list of dict
        ``sweep_phase_descramblers`` artefacts, one per network.
    models : list of dict
        The networks' model artefacts (``test/pred`` read), in any order.
    data : list of dict
        Data artefacts (``test/alpha`` read), one per (snr, seed).

    All three are matched by their provenance (arch, snr, seed), never by
    their order.
    """
    pred = {tuple(artefact_key(m, "arch", "snr").values()): m["test"]["pred"] for m in models}
    alpha = {tuple(artefact_key(d, "snr").values()): d["test"]["alpha"] for d in data}
    nets, sweep = [], []
    for a in analyses:
        arch, snr, seed = artefact_key(a, "arch", "snr").values()
        nets.append(network_rows(a, pred[(arch, snr, seed)], alpha[(snr, seed)]))
        sweep += sweep_rows(a)
    return pd.DataFrame(nets), pd.DataFrame(sweep)


def spectra(analyses):
    """``{(arch, snr, seed): power (n_freq,)}`` of each analysis, keyed as the sweep table reads.

    ``snr`` is a float there (``io.read_tsv`` types its columns), so it is here.
    """
    out = {}
    for a in analyses:
        key = artefact_key(a, "arch", "snr")
        out[(key["arch"], float(key["snr"]), key["seed"])] = a["power"]
    return out
