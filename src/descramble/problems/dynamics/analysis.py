"""Simulation against theory: deviations, learning order, speed factors, kernel spectra.

Measures, per net and mode alpha (all from the per-step mode strengths):

- ``max_dev``: max over steps of |A_sim - A_theory| / s_alpha;
- ``t_half`` (simulation and theory): first step with A >= s/2, and the
  order in which the modes reach it (``rank_sim``, ``rank_theory``: 0 =
  learned first), so that a net's learning order is checked against the order
  its own theory predicts (by ``s`` for the FCNN, by ``s gamma`` for the CNN);
- ``speed``: the measured effective learning rate (logit slope, see
  :func:`~descramble.problems.dynamics.theory.logistic_rate`) over ``lr``,
  against the predicted 1 (FCNN) or n gamma_alpha (CNN);

and for the CNN's final kernel (the dominant-frequency bias, Pinson sec. 4):
the fraction of its Fourier energy in each mode's dominant frequency pair
(f, -f), against the same fraction of the singular vectors' own energy, and
the effective number of frequencies (participation ratio) of both spectra.
"""

from __future__ import annotations

import numpy as np

from .theory import crossing, logistic_rate, speed_factors


def _conjugate_index(f, n):
    k, l = divmod(int(f), n)
    return ((-k) % n) * n + (-l) % n


def _participation(energy):
    return float(energy.sum() ** 2 / (energy**2).sum())


def dominant_set(dominant, n):
    """Vec-2D indices of the modes' dominant frequencies and their conjugates (sorted, unique).

    Parameters
    ----------
    dominant : ndarray, shape (p,)
    n : int

    Returns
    -------
    ndarray of int
    """
    return np.array(sorted({g for f in dominant for g in (int(f), _conjugate_index(f, n))}))


def analyze(st, n, models, theories, lrs):
    """Compare every net's simulated trajectories with theory and measure the kernel spectrum.

    Parameters
    ----------
    st : dict
        The dataset's structure (``s``, ``gamma``, ``dominant``, ``spectra``).
    n : int
    models : dict
        ``{net: {"modes": (T, p), ...}}`` (CNN also ``kernel_spectrum`` (k, N)).
    theories : dict
        ``{net: (T, p) theoretical strengths}``.
    lrs : dict
        ``{net: learning rate}``.

    Returns
    -------
    dict
        ``{net: {max_dev, t_half_sim, t_half_theory, speed, speed_theory, rank_sim,
        rank_theory (p,), ordered, as_predicted (bool)}}``
        plus ``kernel`` (when a CNN was trained): ``frac_dominant``,
        ``frac_dominant_data``, ``pr_kernel``, ``pr_data``, ``frac_dominant_t`` (k,).
    """
    s = st["s"]
    out = {}
    for net, m in models.items():
        A, th = m["modes"], theories[net]
        p = len(s)
        t_sim = np.array([crossing(A[:, a], s[a] / 2) for a in range(p)])
        t_th = np.array([crossing(th[:, a], s[a] / 2) for a in range(p)])
        finite = np.isfinite(t_sim)
        rank_sim, rank_th = np.argsort(np.argsort(t_sim)), np.argsort(np.argsort(t_th))
        out[net] = {
            "max_dev": np.nanmax(abs(A - th), axis=0) / s,
            "t_half_sim": t_sim,
            "t_half_theory": t_th,
            "rank_sim": rank_sim,
            "rank_theory": rank_th,
            # learned in the order the theory predicts (both half-times finite)
            "as_predicted": bool(finite.all() and np.isfinite(t_th).all()
                                 and np.array_equal(rank_sim, rank_th)),  # fmt: skip
            "speed": np.array([logistic_rate(A[:, a], s[a]) for a in range(p)]) / lrs[net],
            "speed_theory": speed_factors(net, st["gamma"], n),
            # learned in order of singular value: half-times increase with the mode index
            "ordered": bool(finite.all() and np.all(np.diff(t_sim) > 0)),
        }
    if "cnn" in models:
        D = dominant_set(st["dominant"], n)
        E = models["cnn"]["kernel_spectrum"] ** 2  # (k, N)
        data = (st["spectra"] ** 2).mean(axis=0)  # (N,): the unit singular vectors' mean energy
        out["kernel"] = {
            "frac_dominant": float(E[-1, D].sum() / E[-1].sum()),
            "frac_dominant_data": float(data[D].sum() / data.sum()),
            "pr_kernel": _participation(E[-1]),
            "pr_data": _participation(data),
            "frac_dominant_t": E[:, D].sum(axis=1) / E.sum(axis=1),
            "dominant_set": D,
        }
    return out


def table_rows(dataset, seed, st, init, lrs, result):
    """Tidy rows of one (dataset, seed): one per net and mode, and one for the kernel.

    Parameters
    ----------
    dataset : str
    seed : int
    st : dict
        Structure (``s``, ``lam``, ``gamma``, ``offdiag``).
    init : str
    lrs : dict
    result : dict
        :func:`analyze` output.

    Returns
    -------
    modes : list of dict
    kernel : list of dict
        Empty without a CNN.
    """
    modes = []
    for net in (k for k in result if k != "kernel"):
        r = result[net]
        for a in range(len(st["s"])):
            modes.append({
                "dataset": dataset, "seed": seed, "net": net, "mode": a, "init": init,
                "lr": lrs[net], "s": st["s"][a], "lam": st["lam"][a], "gamma": st["gamma"][a],
                "offdiag": st["offdiag"], "max_dev": r["max_dev"][a],
                "t_half_sim": r["t_half_sim"][a], "t_half_theory": r["t_half_theory"][a],
                "speed": r["speed"][a], "speed_theory": r["speed_theory"][a],
                "ordered": r["ordered"], "rank_sim": r["rank_sim"][a],
                "rank_theory": r["rank_theory"][a], "as_predicted": r["as_predicted"],
            })  # fmt: skip
    kernel = []
    if "kernel" in result:
        k = result["kernel"]
        kernel.append({"dataset": dataset, "seed": seed, "init": init,
                       **{c: k[c] for c in ("frac_dominant", "frac_dominant_data", "pr_kernel",
                                            "pr_data")}})  # fmt: skip
    return modes, kernel
