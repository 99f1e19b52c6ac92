"""Rows of ``biexp_sv_fits.tsv`` and ``biexp_w1_stats.tsv``, from ``analyze_biexp_svd`` results."""

from __future__ import annotations

from ...tables import artefact_key

SV_FIT_COLUMNS = ("arch", "snr", "seed", "matrix", "sv", "half", "r2", "a1", "tau1", "a2", "tau2",
                  "halves_diff")  # fmt: skip
STATS_COLUMNS = ("arch", "snr", "seed", "learned_fraction", "half_diff_drift")
SV_FIT_NEEDS = ("W1/fits/r2", "dW1/fits/r2", "stats/learned_fraction")


def sv_fit_rows(analysis):
    """One row per fitted singular-vector half, of ``W1`` and of ``dW1``.

    Parameters
    ----------
    analysis : dict
        An ``analyze_biexp_svd`` artefact as read by :func:`descramble.io.read_h5`.

    Returns
    -------
    list of dict
        The :data:`SV_FIT_COLUMNS`: the network, the matrix, which singular
        vector (1-based) and half, the fit's R2 and its two (amplitude, tau)
        terms, and the vector's halves difference.
    """
    key = artefact_key(analysis, "arch", "snr")
    rows = []
    for matrix in ("W1", "dW1"):
        f = analysis[matrix]["fits"]
        for i in range(len(f["r2"])):
            sv = int(f["sv"][i])
            rows.append({
                **key, "matrix": matrix, "sv": sv, "half": int(f["half"][i]),
                **{k: float(f[k][i]) for k in ("r2", "a1", "tau1", "a2", "tau2")},
                "halves_diff": float(analysis[matrix]["halves_diff"][sv - 1]),
            })  # fmt: skip
    return rows


def stats_row(analysis):
    """The network's first-layer stats (:data:`STATS_COLUMNS`)."""
    return {**artefact_key(analysis, "arch", "snr"),
            **{k: float(v) for k, v in analysis["stats"].items()}}  # fmt: skip
