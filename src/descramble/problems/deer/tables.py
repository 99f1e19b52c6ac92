"""Rows of the DEER tables, from the analysis artefacts."""

from __future__ import annotations

import numpy as np

from .analysis import INIT_KEYS

W1_KEYS = (
    "notch_ratio", "notch_width", "cutoff", "cutoff_normalised", "ridge_r2_poly1",
    "ridge_r2_poly2", "ridge_r2_poly3", "ridge_aic_poly1", "ridge_aic_poly2", "ridge_aic_poly3",
    "ridge_r2_linear_law", "ridge_r2_cubic_law", "ridge_power_exponent", "ridge_n_points",
)  # fmt: skip


RIDGE_METHODS = ("peak", "centroid")
PAPER_LAWS = ("linear", "cubic", "origin_cubic", "shifted_cubic")
FAMILIES = ("chebyshev", "legendre", "cosine")


def paper_columns(papers):
    """The papers' readings (:func:`.analysis.paper_readings`) as flat table columns.

    Parameters
    ----------
    papers : dict
        The ``papers`` group of an analysis artefact.

    Returns
    -------
    dict
        ``notch_rank_kept``, ``notch_ratio_kept``, ``notch_ratio_top{r}``;
        per ridge method ``ridge_{method}_winner`` (a law, or "none" with too
        few points), ``ridge_{method}_n_dropped``, ``ridge_{method}_r2_{law}``,
        ``ridge_{method}_aic_{law}``; per family ``w2_pnas_match_{family}`` and
        ``w2_pnas_match_{family}_null_max``, and ``w2_pnas_any_beats_null``.
    """
    n, ridge, w2 = papers["notch"], papers["ridge"], papers["w2"]["match"]
    out = {"notch_rank_kept": int(n["rank_kept"]), "notch_ratio_kept": float(n["ratio_kept"])}
    for r, v in zip(n["ranks"], n["ratios"], strict=True):
        out[f"notch_ratio_top{int(r)}"] = float(v)
    for m in RIDGE_METHODS:
        g = ridge[m]
        w = g.get("winner", b"none")
        out[f"ridge_{m}_winner"] = w.decode() if isinstance(w, bytes) else str(w)
        out[f"ridge_{m}_n_dropped"] = int(g["n_dropped"])
        for law in PAPER_LAWS:
            out[f"ridge_{m}_r2_{law}"] = float(g["laws"][law]["r2"])
            out[f"ridge_{m}_aic_{law}"] = float(g["laws"][law]["aic"])
    for f in FAMILIES:
        out[f"w2_pnas_match_{f}"] = float(w2[f]["score"])
        out[f"w2_pnas_match_{f}_null_max"] = float(w2[f]["null_max"])
    out["w2_pnas_any_beats_null"] = bool(w2["any_beats_null"])
    return out


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
        # the papers' own readings, next to ours (issue 16)
        **paper_columns(analysis["papers"]),
    }  # fmt: skip
    rows = []
    for probe in ("train", "noise"):
        f = analysis["w1"][probe]
        rows.append({
            "arch": prov["params"]["arch"], "snr": prov["params"]["snr"], "seed": prov["seed"],
            "probe": probe, **{k: float(f[k]) for k in W1_KEYS}, **shared,
        })  # fmt: skip
    return rows
