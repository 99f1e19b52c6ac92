"""Every theorem check of ``check_descrambling_claims`` on one trained first layer, in one call.

The rule's script only reads the artefacts and writes what this returns: the
claim rows, the ``theorems.tsv`` table and the inputs of the three figures.
Each structure reading on the trained layer is repeated on the same network
at its initialisation (the stored ``/init`` weights, same probes), so a
reader can tell what training did from what the theorem gives any ``W``.
"""

from __future__ import annotations

import numpy as np

from ..descramblers.job import descramble_job
from ..svd import fix_signs
from ..theory import descrambled_left_singular_vectors, subspace_distance_to_trig
from .claims import descrambling_claims
from .corollary1 import corollary1_circulant
from .mds import mds_agreement
from .theorem1 import theorem1_convergence
from .theorem2 import theorem2_limit, theorem2_snr_sweep

__all__ = ["N_CLAIM", "N_FIG2", "TABLE_COLUMNS", "check_descrambling"]

N_FIG2 = 6  # leading singular vectors shown in Fig. 2
N_CLAIM = 5  # checked in its claim: the constant and the first two cos/sin pairs
TABLE_COLUMNS = ("check", "x", "distance", "max_angle_deg")


def _fig2_facts(P, W, n_probe):
    """Fig. 2 numbers of one noise descrambler ``P`` of ``W`` (n, d)."""
    n = W.shape[0]
    U_after, _ = descrambled_left_singular_vectors(P, W)
    d_all = subspace_distance_to_trig(U_after, n)
    d_top = subspace_distance_to_trig(U_after, n, r=N_CLAIM)
    facts = {"n_vectors": N_CLAIM, "max_angle_deg": float(np.degrees(d_top.angles.max())),
             "distance": float(d_all.distance), "N": n_probe}  # fmt: skip
    return facts, U_after, d_all, d_top


def check_descrambling(W1, W1_init, P_noise, X_noise, theory, make_signals, n_probe, log=None):
    """Theorems 1-2, Corollary 1, MDS and Fig. 2 on one first layer, with its init null.

    Parameters
    ----------
    W1, W1_init : ndarray, shape (n, d)
        The trained first layer and the same layer at initialisation.
    P_noise : ndarray, shape (n, n)
        The pipeline's noise-probe descrambler of ``W1`` (Fig. 2).
    X_noise : ndarray, shape (N, d)
        That descrambler's probe, to descramble ``W1_init`` on the same inputs.
    theory : dict
        The config's ``descramble.theory`` slice (``seed``, ``Ns``, ``snrs``, ``N``,
        ``limit_Ns``).
    make_signals : callable
        ``make_signals(N, rng) -> (d, N)`` clean network inputs of the problem.
    n_probe : int
        Size of the noise probe (reported).
    log : logging.Logger, optional

    Returns
    -------
    dict
        ``rows`` (claim rows), ``table`` (rows of :data:`TABLE_COLUMNS`), and the
        figure inputs ``U_before``, ``U_after`` (n, n), ``t1`` and ``t2`` results.
    """
    say = log.info if log is not None else (lambda *a: None)
    W1, W1_init = np.asarray(W1, dtype=float), np.asarray(W1_init, dtype=float)
    n = W1.shape[0]
    rngs = [np.random.default_rng(s) for s in np.random.SeedSequence(int(theory["seed"])).spawn(6)]
    Ns = [int(N) for N in theory["Ns"]]

    t1 = theorem1_convergence(W1, Ns, rngs[0])
    t1_init = theorem1_convergence(W1_init, Ns, rngs[4])
    for tag, t in (("trained", t1), ("init", t1_init)):
        for r in t.rows + [t.limit]:
            say("Theorem 1 (%s): N=%g distance %.4g, max angle %.3g deg", tag, r["N"],
                r["distance"], r["max_angle_deg"])  # fmt: skip

    t2 = theorem2_snr_sweep(W1, make_signals, theory["snrs"], int(theory["N"]), rngs[1])
    t2_lim = theorem2_limit(W1, make_signals, theory["snrs"], theory["limit_Ns"], rngs[5])
    for i, snr in enumerate(t2_lim.snrs):
        say("Theorem 2 limit: snr %.4g d(N) %s -> d_inf %.4g +- %.2g (residual %.2g)", snr,
            np.round(t2_lim.distance[i], 4), t2_lim.d_inf[i], t2_lim.d_inf_se[i],
            t2_lim.residual[i])  # fmt: skip
    say("Theorem 2: slope of d_inf %.3f (gated); finite-N sampled %.3f (N=%d); expected-Gram "
        "%.3f", t2_lim.slope, t2.slope_sampled, t2.N, t2.slope)  # fmt: skip

    low = corollary1_circulant(n, rngs[2], "lowpass")
    high = corollary1_circulant(n, rngs[2], "highpass")
    m = mds_agreement(n, rngs[3])

    # Fig. 2: the pipeline's Gaussian-noise descrambler of W1, and the same probe on W1(init)
    fig2, U_after, d_all, d_top = _fig2_facts(np.asarray(P_noise, dtype=float), W1, n_probe)
    init_layer = [{"weight": W1_init, "bias": np.zeros(n), "activation": "linear"}]
    P_init = descramble_job(init_layer, X_noise, 0, "fourier")["P"]
    fig2_init, *_ = _fig2_facts(P_init, W1_init, n_probe)
    say("Fig 2: first %d vectors max angle %.3g deg (init %.3g deg)", N_CLAIM,
        fig2["max_angle_deg"], fig2_init["max_angle_deg"])  # fmt: skip

    rows = descrambling_claims(t1, t2, low, high, m, fig2=fig2, t1_init=t1_init,
                               t2_limit=t2_lim, fig2_init=fig2_init)  # fmt: skip

    table = [{"check": "theorem1", "x": r["N"], "distance": r["distance"],
              "max_angle_deg": r["max_angle_deg"]} for r in t1.rows]  # fmt: skip
    table.append({"check": "theorem1_limit", "x": "inf", "distance": t1.limit["distance"],
                  "max_angle_deg": t1.limit["max_angle_deg"]})  # fmt: skip
    table += [{"check": "theorem1_init", "x": r["N"], "distance": r["distance"],
               "max_angle_deg": r["max_angle_deg"]} for r in t1_init.rows]  # fmt: skip
    for form, key in (("expected", ""), ("sampled", "_sampled")):
        table += [{"check": f"theorem2_{form}", "x": r["snr"], "distance": r["distance" + key],
                   "max_angle_deg": r["max_angle_deg" + key]} for r in t2.rows]  # fmt: skip
    for i, snr in enumerate(t2_lim.snrs):
        table += [{"check": f"theorem2_sampled_N{N}", "x": float(snr),
                   "distance": float(t2_lim.distance[i, j]), "max_angle_deg": float("nan")}
                  for j, N in enumerate(t2_lim.Ns)]  # fmt: skip
        table.append({"check": "theorem2_limit_d_inf", "x": float(snr),
                      "distance": float(t2_lim.d_inf[i]),
                      "max_angle_deg": float("nan")})  # fmt: skip
    table.append({"check": "fig2_noise_probe", "x": n_probe, "distance": d_all.distance,
                  "max_angle_deg": float(np.degrees(d_all.angles.max()))})  # fmt: skip
    table.append({"check": f"fig2_noise_probe_first{N_CLAIM}", "x": n_probe,
                  "distance": d_top.distance, "max_angle_deg": fig2["max_angle_deg"]})  # fmt: skip
    table.append({"check": f"fig2_noise_probe_first{N_CLAIM}_init", "x": n_probe,
                  "distance": fig2_init["distance"],
                  "max_angle_deg": fig2_init["max_angle_deg"]})  # fmt: skip
    U_before = fix_signs(np.linalg.svd(W1, full_matrices=False)[0])  # (n, n): n <= d
    return {"rows": rows, "table": table, "U_before": U_before, "U_after": U_after,
            "fig2": fig2, "t1": t1, "t2": t2}  # fmt: skip
