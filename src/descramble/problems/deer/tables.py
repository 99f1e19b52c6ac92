"""Rows of the DEER tables, from the analysis artefacts."""

from __future__ import annotations

import numpy as np

from .analysis import INIT_KEYS

W1_KEYS = (
    "notch_ratio", "notch_width", "cutoff", "cutoff_normalised", "ridge_r2_poly1",
    "ridge_r2_poly2", "ridge_r2_poly3", "ridge_aic_poly1", "ridge_aic_poly2", "ridge_aic_poly3",
    "ridge_r2_linear_law", "ridge_r2_cubic_law", "ridge_power_exponent", "ridge_n_points",
)  # fmt: skip


def filter_rows(analysis):
    """``deer_filters.tsv`` rows of one network: one per probe of its descrambled W1.

    Parameters
    ----------
    analysis : dict
        An ``analyze_deer_network`` artefact as read by :func:`descramble.io.read_h5`.

    Returns
    -------
    list of dict
        arch, snr, seed, probe, the filter features, and (the same on every
        row of the network) the SVD-paper Fig 4 numbers and the W2 scores
        with their null baselines.
    """
    prov = analysis["_provenance"]
    ksvd, w2 = analysis["kernel_svd"], analysis["w2"]
    like = ksvd["likeness"]
    shared = {
        "likeness_descrambled_vs_kernel": float(like["descrambled_vs_kernel"]),
        "likeness_null_max": float(np.max(like["null_descrambled_vs_kernel"])),
        "likeness_w1_svd_vs_kernel": float(like["w1_svd_vs_kernel"]),
        "dln_overlap": float(ksvd["dln"]["overlap"]),
        "dln_overlap_random": float(ksvd["dln"]["overlap_random"]),
        "dln_p_value": float(ksvd["dln"]["p_value"]),
        "dln_first_angle_deg": float(np.degrees(ksvd["dln"]["angles"][0])),
        "w2_columns_orthogonality": float(w2["orthogonality"]["columns"]["score"]),
        "w2_rows_orthogonality": float(w2["orthogonality"]["rows"]["score"]),
        "w2_sinusoid_score": float(np.mean(w2["sinusoid"]["score"])),
        "w2_sinusoid_plain_score": float(np.mean(w2["sinusoid_plain"]["score"])),
        "w2_sinusoid_null_max": float(np.max(w2["sinusoid_null"])),
        **{f"w2_match_{fam}": float(np.mean(w2["chebyshev"]["match"][fam]))
           for fam in ("chebyshev", "legendre", "cosine")},
        "w2_match_chebyshev_null_smooth": float(
            np.mean(w2["chebyshev_null_smooth"]["match"]["chebyshev"])),
        # the same readings on the network at its initialisation (the untrained null)
        **{f"{k}_init": float(analysis["init"][k]) for k in INIT_KEYS},
    }  # fmt: skip
    rows = []
    for probe in ("train", "noise"):
        f = analysis["w1"][probe]
        rows.append({
            "arch": prov["params"]["arch"], "snr": prov["params"]["snr"], "seed": prov["seed"],
            "probe": probe, **{k: float(f[k]) for k in W1_KEYS}, **shared,
        })  # fmt: skip
    return rows
