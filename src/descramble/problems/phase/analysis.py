"""One trained phase network's first layer: descramblers over growing probes, and their limits."""

from __future__ import annotations

import numpy as np

from ...rng import job_rng
from .interface import PROBLEM
from .sweep import (
    identity_distance,
    limit_descrambler,
    limit_gram,
    probe_moments,
    sweep,
    transport_distance,
    trig_structure,
)


def analysis(layers, Ns, data, snr, seed):
    """Descramble layer 0 with noise and data probes of each size in ``Ns``.

    Parameters
    ----------
    layers : list of dict
        The model artefact's layers (layer 0: (n, n)).
    Ns : sequence of int
        Probe sizes, ascending.
    data : dict
        The problem's ``data`` slice (for data probes: fresh oscillations).
    snr : float
        Training SNR (the data probes' SNR).
    seed : int

    Returns
    -------
    dict
        ``N`` (k,); for ``noise`` and ``data``: ``to_identity`` (k,),
        ``to_limit`` (k,) (frequency-transport distance to the probe's own
        closed-form limit), ``gap`` (k,), ``limit_P`` (n, n),
        ``limit_to_identity``; ``power`` (n_freq,) the layer's power per
        frequency under noise probes (smoothest first), ``ordered_fraction``,
        ``off_block``; ``data_vs_noise_limit`` (transport distance of the
        two limits).
    """
    W = np.asarray(layers[0]["weight"], dtype=float)  # (n, n)
    b = np.asarray(layers[0]["bias"], dtype=float)  # (n,)
    n = W.shape[1]
    Ns = np.asarray(sorted(int(N) for N in Ns))
    noise_rng = job_rng(seed, "phase", "sweep", "noise")
    makers = {
        "noise": lambda N: noise_rng.standard_normal((N, n)).astype(np.float32),
        # one fresh stream per size, apart from the training data's
        "data": lambda N: PROBLEM.fresh_inputs(snr, N, 1000 * int(seed) + N % 997, "cnn",
                                               {"data": data}),  # fmt: skip
    }
    out = {"N": Ns}
    limits = {}
    for kind, make in makers.items():
        M, mu = probe_moments(kind, n, snr)
        limits[kind] = limit_descrambler(W, b, M, mu)
        res = sweep(layers, Ns, make, reference=limits[kind])
        out[kind] = {
            "to_identity": res["to_identity"],
            "to_limit": res["to_reference"],
            "gap": res["gap"],
            "limit_P": limits[kind],
            "limit_to_identity": identity_distance(limits[kind]),
        }
    st = trig_structure(limit_gram(W, b, *probe_moments("noise", n)))
    out.update(power=st["power"], ordered_fraction=st["ordered_fraction"],
               off_block=st["off_block"],
               data_vs_noise_limit=transport_distance(limits["data"], limits["noise"]))  # fmt: skip
    return out
