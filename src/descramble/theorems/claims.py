"""Claim rows from the theorem checks (shared columns of :mod:`descramble.claims`).

Which rows can fail. The theorems are statements about *every* weight
matrix, not about what training does, so the question "would the network at
its initialisation fail this?" sorts them:

* empirical -- Theorem 2 in its own limit: the sampled-probe distance
  extrapolated to ``N -> infinity`` per SNR (:func:`theorem2_limit`) and its
  ``sigma^-2`` law. A quantitative rate that the numbers could contradict.
* control -- Theorem 2's finite-``N`` sweep: a labelled diagnostic of why the
  limit is needed (the ``N^-1/2`` sampling floor hides the ``snr^2`` term);
  Theorem 1 with growing Gaussian probes and Fig. 2 (the pipeline's noise
  descrambler): a law-of-large-numbers property of any ``W`` with distinct
  singular values, which the initial weights show as well (measured and
  reported in the row), so they check that the probes are large enough, not
  what training did; they can still fail where ``N`` is too small for the
  gaps between the singular values.
* consistency -- Theorem 1's large-data limit
  (``B = W W^T`` exactly), Theorem 2's expected-Gram form, Corollary 1 on
  circulant filters constructed with a decreasing or a reversed spectrum, and
  the MDS proposition (closed form against an iterative solver of the same
  objective).
"""

from __future__ import annotations

import numpy as np

from ..claims import COLUMNS, claim

__all__ = [
    "CLAIM_COLUMNS",
    "SOURCE",
    "descrambling_claims",
]

CLAIM_COLUMNS = COLUMNS  # one set of columns for every claims table
SOURCE = "Sule, Spencer & Czaja"


def _decreasing(t):
    ds = [r["distance"] for r in t.rows]
    return bool(len(ds) >= 2 and np.all(np.diff(ds) < 0))


def _theorem1_rows(t1, limit_tol, t1_init=None):
    Ns = [r["N"] for r in t1.rows]
    ds = [r["distance"] for r in t1.rows]
    decreasing = _decreasing(t1)
    pairs = ", ".join(
        f"N={N:g}: {d:.3g} +- {r.get('distance_std', 0.0):.2g} "
        f"(max angle {r['max_angle_deg']:.1f} deg)"
        for N, d, r in zip(Ns, ds, t1.rows, strict=True)
    )
    reps = t1.rows[0].get("repeats", 1) if t1.rows else 1
    lim = t1.limit["distance"]
    init = ""
    if t1_init is not None:
        di = ", ".join(f"{r['distance']:.3g}" for r in t1_init.rows)
        init = (f"; initial weights: {di} "
                f"({'decreasing' if _decreasing(t1_init) else 'not decreasing'})")  # fmt: skip
    return [
        claim(
            "Theorem 1: with a Gaussian probe the descrambled left singular vectors "
            "of W1 approach the trigonometric basis as N grows",
            f"{SOURCE}, Theorem 1",
            "||U_hat - T_r||_F (pair-aligned, mean over probes) strictly decreases with N",
            f"mean distance (+- sd) over {reps} probes: {pairs}{init}",
            decreasing,
            kind="control",
            note="control of the probe sizes, no claim about training: Theorem 1 holds for every W "
            "with distinct singular values (W X X^T W^T / N -> W W^T) and the network's initial "
            "weights pass too; the rate is set by the gaps between W1's singular values",
        ),
        claim(
            "Theorem 1 (large-data limit X X^T/N = I): descrambler T_r U^T makes "
            "the left singular vectors of P W1 exactly trigonometric",
            f"{SOURCE}, Theorem 1",
            f"||U_hat - T_r||_F < {limit_tol:g}",
            f"distance {lim:.3g}, max angle {t1.limit['max_angle_deg']:.3g} deg",
            bool(lim < limit_tol),
            kind="consistency",
            note="holds by construction: with B = W W^T exactly the solver's P is T_r U^T, so "
            "P W = T_r Sigma V^T algebraically; checks the solver and the distance code",
        ),
    ]


def _theorem2_limit_row(lim, slope_range):
    lo, hi = slope_range
    per = "; ".join(
        f"SNR {s:.3g}: {d:.3g} +- {e:.2g}{'' if ok else ' (unresolved)'}"
        for s, d, e, ok in zip(lim.snrs, lim.d_inf, lim.d_inf_se, lim.resolved, strict=True)
    )
    Ns = f"N = {int(lim.Ns[0])}..{int(lim.Ns[-1])} ({lim.Ns.size} sizes)"
    n_fit = int(np.sum(lim.resolved & (lim.snrs <= lim.fit_snrs[1]))) if np.isfinite(
        lim.slope) else 0
    return claim(
        "Theorem 2 (in its limit N -> inf): with probes s(z) + sigma xi the distance of the "
        "descrambled left singular vectors from T_r is O(sigma^-2) as SNR -> 0",
        f"{SOURCE}, Theorem 2",
        f"per SNR, d(N) = d_inf + c N^-1/2 fitted over {Ns}; log-log slope of the resolved "
        f"d_inf (> 2 standard errors) against SNR in [{lo:g}, {hi:g}] (theory 2), at least 3 "
        "SNRs",
        f"slope {lim.slope:.3f} over SNR {lim.fit_snrs[0]:.3g}-{lim.fit_snrs[1]:.3g} "
        f"({n_fit} SNRs); d_inf {per}; fit residual (rms / mean d) max "
        f"{float(np.max(lim.residual)):.2g}",
        bool(np.isfinite(lim.slope) and n_fit >= 3 and lo <= lim.slope <= hi),
        kind="empirical",
        note="the theorem bounds lim_N P_hat(X_N(sigma)): the sampled distance is extrapolated "
        "to N -> inf per SNR (nested probes, common random numbers); an SNR whose d_inf is "
        "within 2 standard errors of 0 cannot be read and is left out of the slope",
    )


def _theorem2_rows(t2, slope_range):
    lo, hi = slope_range
    fit = f"SNR {t2.fit_snrs[0]:.3g}-{t2.fit_snrs[1]:.3g}"
    fitted = [r for r in t2.rows if t2.fit_snrs[0] <= r["snr"] <= t2.fit_snrs[1]]
    ds = [r["distance_sampled"] for r in fitted]
    de = [r["distance"] for r in fitted]
    floor = min(r["distance_sampled"] for r in t2.rows)
    return [
        claim(
            "Theorem 2 at one finite N: with probes s(z) + sigma xi the distance of the "
            "descrambled left singular vectors from T_r is O(sigma^-2) as SNR -> 0",
            f"{SOURCE}, Theorem 2",
            f"probes x = s(z) + sigma xi sampled N at a time: log-log slope of "
            f"||U_hat_N(sigma) - T_r||_F against SNR in [{lo:g}, {hi:g}] (theory 2)",
            f"sampled-probe slope {t2.slope_sampled:.3f} over {fit} at N={t2.N}; distances "
            f"{ds[0]:.3g} to {ds[-1]:.3g} there, smallest over all SNRs {floor:.3g}; "
            f"expected-Gram distances {de[0]:.3g} to {de[-1]:.3g}"
            if ds
            else f"sampled-probe slope {t2.slope_sampled:.3f} at N={t2.N}",
            bool(lo <= t2.slope_sampled <= hi),
            kind="control",
            note="diagnostic for the Theorem 2 limit row, not its verdict: Theorem 2 bounds the "
            "limit of P_hat(X_N(sigma)) as N -> inf; at one finite N the sampled Gram carries "
            "the Theorem-1 sampling error O(N^-1/2) of the noise Gram, which does not vanish as "
            "SNR -> 0, so the snr^2 term is seen only where it exceeds that floor",
        ),
        claim(
            "Theorem 2, expected-Gram form: with the noise Gram replaced by sigma^2 I the "
            "distance from T_r is O(sigma^-2) as SNR -> 0",
            f"{SOURCE}, Theorem 2 (proof, eqs 38-40)",
            f"log-log slope of distance against SNR in [{lo:g}, {hi:g}] (theory 2)",
            f"slope {t2.slope:.3f} over {fit} (E[ss^T] from {t2.N} clean signals)",
            bool(lo <= t2.slope <= hi),
            kind="consistency",
            note="holds by construction: B = sigma^2 W W^T + W E[ss^T] W^T exactly, so B / "
            "sigma^2 is W W^T plus a perturbation of size sigma^-2 and Davis-Kahan (the "
            "theorem's own proof step) gives the rate for any W with distinct singular "
            "values; checks the solver and the sweep",
        ),
    ]


def _corollary1_rows(lowpass, highpass, lowpass_tol, highpass_min):
    fmap = highpass.frequency_map
    return [
        claim(
            "Corollary 1: descrambling (isotropic probe, large-data limit) leaves a "
            "stride-1 circular convolution layer unchanged (low-pass spectrum)",
            f"{SOURCE}, Corollary 1",
            f"||P - R||_F < {lowpass_tol:g} (R: best rotation inside each cos/sin pair)",
            f"n={lowpass.n}: ||P - R||_F = {lowpass.limit_distance:.3g}, "
            f"||P - I||_F = {lowpass.limit_identity:.3g}, ||PW - W||/||W|| = "
            f"{lowpass.limit_weight_change:.3g}; Gaussian probe N={lowpass.probe_N}: "
            f"||P - R||_F = {lowpass.probe_distance:.3g}",
            bool(lowpass.limit_distance < lowpass_tol),
            kind="consistency",
            note="holds by construction: W is built as T diag(lambda) T^T with lambda "
            "decreasing in frequency, so W W^T and D^T D share the basis T in the same order "
            "and B = W W^T makes P a rotation inside the cos/sin pairs; the probe distance is "
            "reported, not gated",
        ),
        claim(
            "Corollary 1 needs a spectrum decreasing with frequency: for a high-pass "
            "stride-1 circular convolution the descrambler is not the identity",
            f"{SOURCE}, Corollary 1 (stated for every stride-1 CNN)",
            f"P != I: ||P - R||_F > {highpass_min:g}",
            f"n={highpass.n}: ||P - R||_F = {highpass.limit_distance:.3g}, "
            f"||PW - W||/||W|| = {highpass.limit_weight_change:.3g}; P sends frequencies "
            f"0,1,2 to {fmap[0]},{fmap[1]},{fmap[2]}",
            bool(highpass.limit_distance > highpass_min),
            kind="consistency",
            note="holds by construction: the filter's spectrum is the low-pass one reversed, "
            "so with B = W W^T the solver pairs the highest frequencies (largest eigenvalues) "
            "with the smoothest basis vectors and P reverses frequencies (k -> n/2 - k); it "
            "shows that Corollary 1 as stated does not cover such filters",
        ),
    ]


def _mds_row(m, mds_tol):
    return claim(
        "MDS proposition: argmax_P tr(P W) over orthogonal P is V U^T",
        f"{SOURCE}, Proposition (MDS criterion)",
        f"||P_exact - P_iterative||_F < {mds_tol:g}",
        f"n={m.n}: ||P_exact - P_iter||_F = {m.p_distance:.3g}, relative objective gap "
        f"{m.objective_gap:.3g} after {m.iterations} L-BFGS iterations (Cayley start: "
        f"{m.start}, det(V U^T) = {m.det_exact:+.0f}, {m.rebases} chart re-centrings)",
        bool(m.p_distance < mds_tol),
        kind="consistency",
        note="holds by construction: von Neumann's trace inequality makes V U^T the maximiser "
        "of tr(P W) for every W; the row checks that the iterative Cayley/L-BFGS solver of the "
        "same objective reaches the closed form on a random W",
    )


def _fig2_row(fig2, fig2_max_angle_deg, fig2_init=None):
    init = "" if fig2_init is None else (
        f"; initial weights, same probe: max angle {fig2_init['max_angle_deg']:.3g} deg")
    return claim(
        "Fig. 2: descrambling the trained first layer with a Gaussian-noise "
        "probe makes its leading left singular vectors trigonometric",
        f"{SOURCE}, Fig. 2",
        f"first {fig2['n_vectors']} vectors within {fig2_max_angle_deg:g} deg of their "
        "trigonometric subspaces",
        f"max principal angle {fig2['max_angle_deg']:.3g} deg over the first "
        f"{fig2['n_vectors']} vectors (probe N={fig2.get('N', '?')}); distance of all "
        f"vectors {fig2['distance']:.3g}{init}",
        bool(fig2["max_angle_deg"] < fig2_max_angle_deg),
        kind="control",
        note="Theorem 1 makes this true of every W at large N (the pipeline's noise "
        "descrambler, one sampled probe): the network's initial weights, descrambled on the "
        "same probe, show it too, so the figure illustrates the theorem, not what training did",
    )


def descrambling_claims(
    t1,
    t2,
    lowpass,
    highpass,
    mds_result,
    fig2=None,
    t1_init=None,
    t2_limit=None,
    fig2_init=None,
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
    t1_init : Theorem1Result, optional
        Theorem 1 on the same layer at initialisation (reported in its row).
    t2_limit : Theorem2Limit, optional
        Theorem 2 extrapolated to ``N -> infinity``; adds the row that judges it.
    fig2_init : dict, optional
        As ``fig2`` for the initial weights on the same probe (reported).
    slope_range : (float, float)
        Accepted log-log slope of Theorem 2 (theory: 2), for both its forms.
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
        Rows of :func:`descramble.claims.claim` (columns
        :data:`CLAIM_COLUMNS`): Theorem 1 (sampled, limit), Theorem 2
        (sampled, expected Gram), Corollary 1 (low-pass, high-pass), MDS, and
        Fig. 2 when given.

    Notes
    -----
    Theorem 2 states, for each column of ``X_N(sigma)`` sampled from
    ``x = s(z) + sigma xi``, that the left singular vectors of
    ``P_hat(1, x(sigma)) W1`` with ``P_hat(1, x(sigma)) = lim_N
    P_hat(1, X_N(sigma), N)`` satisfy ``||U_hat(sigma) - T_r||_F =
    O(sigma^-2)``. Its verdict is the row from ``t2_limit`` (the sampled
    distance extrapolated to ``N -> infinity``); the single-``N`` sampled
    slope (``t2.slope_sampled``) is a control row. The expected-Gram form
    replaces the noise Gram by its expectation ``sigma^2 I``, which makes the
    rate a consequence of the Davis-Kahan step of the proof; it is a
    separate consistency row.
    """
    rows = _theorem1_rows(t1, limit_tol, t1_init)
    if t2_limit is not None:
        rows.append(_theorem2_limit_row(t2_limit, slope_range))
    rows += _theorem2_rows(t2, slope_range)
    rows += _corollary1_rows(lowpass, highpass, lowpass_tol, highpass_min)
    rows.append(_mds_row(mds_result, mds_tol))
    if fig2 is not None:
        rows.append(_fig2_row(fig2, fig2_max_angle_deg, fig2_init))
    return rows
