"""Claim rows (claim, source, expected, measured, holds) from the theorem checks."""

from __future__ import annotations

import numpy as np

__all__ = [
    "CLAIM_COLUMNS",
    "SOURCE",
    "descrambling_claims",
]

CLAIM_COLUMNS = ("claim", "source", "expected", "measured", "holds")
SOURCE = "Sule, Spencer & Czaja"


def descrambling_claims(
    t1,
    t2,
    lowpass,
    highpass,
    mds_result,
    fig2=None,
    slope_range=(1.5, 2.5),
    limit_tol=1e-8,
    lowpass_tol=1e-6,
    highpass_min=0.5,
    mds_tol=1e-6,
    fig2_max_angle_deg=10.0,
):
    """Claim rows for the descrambling theory.

    Parameters
    ----------
    t1 : Theorem1Result
    t2 : Theorem2Result
    lowpass, highpass : Corollary1Result
    mds_result : MDSResult
    fig2 : dict, optional
        ``{"n_vectors", "max_angle_deg", "distance", "N"}`` for the leading
        descrambled left singular vectors of a trained layer under a
        Gaussian-noise probe (Fig. 2); adds one row when given.
    slope_range : (float, float)
        Accepted log-log slope of Theorem 2 (theory: 2).
    limit_tol : float
        Theorem 1 large-data-limit distance threshold.
    lowpass_tol : float
        Corollary 1 low-pass ``||P - R||_F`` threshold.
    highpass_min : float
        ``||P - R||_F`` above which the high-pass ``P`` counts as not the
        identity.
    mds_tol : float
        ``||P_exact - P_iter||_F`` threshold.
    fig2_max_angle_deg : float
        Largest principal angle accepted for the Fig. 2 row.

    Returns
    -------
    list of dict
        Keys ``claim, source, expected, measured, holds`` (``holds`` a bool).
    """
    rows = []
    Ns = [r["N"] for r in t1.rows]
    ds = [r["distance"] for r in t1.rows]
    decreasing = bool(np.all(np.diff(ds) < 0))
    pairs = ", ".join(
        f"N={N:g}: {d:.3g} +- {r.get('distance_std', 0.0):.2g} "
        f"(max angle {r['max_angle_deg']:.1f} deg)"
        for N, d, r in zip(Ns, ds, t1.rows, strict=True)
    )
    reps = t1.rows[0].get("repeats", 1) if t1.rows else 1
    rows.append(
        {
            "claim": "Theorem 1: with a Gaussian probe the descrambled left singular vectors "
            "of W1 approach the trigonometric basis as N grows",
            "source": f"{SOURCE}, Theorem 1",
            "expected": "||U_hat - T_r||_F (pair-aligned, mean over probes) decreases with N",
            "measured": f"mean distance over {reps} probes: {pairs}; "
            + ("strictly decreasing" if decreasing else "not monotone"),
            "holds": decreasing,
        }
    )
    lim = t1.limit["distance"]
    rows.append(
        {
            "claim": "Theorem 1 (large-data limit X X^T/N = I): descrambler T_r U^T makes "
            "the left singular vectors of P W1 exactly trigonometric",
            "source": f"{SOURCE}, Theorem 1",
            "expected": f"||U_hat - T_r||_F < {limit_tol:g}",
            "measured": f"distance {lim:.3g}, max angle {t1.limit['max_angle_deg']:.3g} deg",
            "holds": bool(lim < limit_tol),
        }
    )
    lo, hi = slope_range
    rows.append(
        {
            "claim": "Theorem 2: with probes s(z) + sigma xi the distance of the descrambled "
            "left singular vectors from T_r is O(sigma^-2) as SNR -> 0",
            "source": f"{SOURCE}, Theorem 2",
            "expected": f"log-log slope of distance vs SNR in [{lo:g}, {hi:g}] (theory 2)",
            "measured": f"slope {t2.slope:.3f} (expected-Gram form, E[ss^T] from "
            f"{t2.N} clean signals) over SNR {t2.fit_snrs[0]:.3g}-{t2.fit_snrs[1]:.3g}; "
            f"sampled probe (N={t2.N}) slope {t2.slope_sampled:.3f}, its distance "
            f"floored at {min(r['distance_sampled'] for r in t2.rows):.3g} by sampling noise",
            "holds": bool(lo <= t2.slope <= hi),
        }
    )
    rows.append(
        {
            "claim": "Corollary 1: descrambling (isotropic probe, large-data limit) leaves a "
            "stride-1 circular convolution layer unchanged (low-pass spectrum)",
            "source": f"{SOURCE}, Corollary 1",
            "expected": f"||P - R||_F < {lowpass_tol:g} (R: best rotation inside each "
            "cos/sin pair)",
            "measured": f"n={lowpass.n}: ||P - R||_F = {lowpass.limit_distance:.3g}, "
            f"||P - I||_F = {lowpass.limit_identity:.3g}, ||PW - W||/||W|| = "
            f"{lowpass.limit_weight_change:.3g}; Gaussian probe N={lowpass.probe_N}: "
            f"||P - R||_F = {lowpass.probe_distance:.3g}",
            "holds": bool(lowpass.limit_distance < lowpass_tol),
        }
    )
    fmap = highpass.frequency_map
    rows.append(
        {
            "claim": "Corollary 1 needs a spectrum decreasing with frequency: for a high-pass "
            "stride-1 circular convolution the descrambler is not the identity",
            "source": f"{SOURCE}, Corollary 1 (stated for every stride-1 CNN)",
            "expected": f"P != I: ||P - R||_F > {highpass_min:g}",
            "measured": f"n={highpass.n}: ||P - R||_F = {highpass.limit_distance:.3g}, "
            f"||PW - W||/||W|| = {highpass.limit_weight_change:.3g}; P sends frequencies "
            f"0,1,2 to {fmap[0]},{fmap[1]},{fmap[2]} (reversal k -> n/2 - k); "
            "Corollary 1 as stated does not hold for this filter",
            "holds": bool(highpass.limit_distance > highpass_min),
        }
    )
    m = mds_result
    rows.append(
        {
            "claim": "MDS proposition: argmax_P tr(P W) over orthogonal P is V U^T",
            "source": f"{SOURCE}, Proposition (MDS criterion)",
            "expected": f"||P_exact - P_iterative||_F < {mds_tol:g}",
            "measured": f"n={m.n}: ||P_exact - P_iter||_F = {m.p_distance:.3g}, relative "
            f"objective gap {m.objective_gap:.3g} after {m.iterations} L-BFGS iterations "
            f"(Cayley start: {m.start}, det(V U^T) = {m.det_exact:+.0f}, "
            f"{m.rebases} chart re-centrings)",
            "holds": bool(m.p_distance < mds_tol),
        }
    )
    if fig2 is not None:
        rows.append(
            {
                "claim": "Fig. 2: descrambling the trained first layer with a Gaussian-noise "
                "probe makes its leading left singular vectors trigonometric",
                "source": f"{SOURCE}, Fig. 2",
                "expected": f"first {fig2['n_vectors']} vectors within "
                f"{fig2_max_angle_deg:g} deg of their trigonometric subspaces",
                "measured": f"max principal angle {fig2['max_angle_deg']:.3g} deg over the "
                f"first {fig2['n_vectors']} vectors (probe N={fig2.get('N', '?')}); "
                f"distance of all vectors {fig2['distance']:.3g}",
                "holds": bool(fig2["max_angle_deg"] < fig2_max_angle_deg),
            }
        )
    return rows
