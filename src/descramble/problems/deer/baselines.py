"""Today's standard DEER analysis as a baseline: Tikhonov regularisation with
the regularisation parameter chosen automatically (AIC), via DeerLab.

What is fitted
--------------
``"sule"`` regime: the data are y = K p + noise with a known kernel and no
background, so the baseline solves the linear problem exactly as DeerLab's
``fit`` does for a linear model: DeerLab's ``selregparam`` picks alpha by the
Akaike information criterion (Brent search on [1e-8, 1e2], DeerLab's
default), then non-negative Tikhonov least squares

    P = argmin_{P >= 0} ||K_w P - y||^2 + alpha^2 ||L P||^2

gives the distribution, with L the second-difference operator and
K_w = K dr (DeerLab's convention: P is a density in 1/nm, so alpha lands
in DeerLab's usual range).

``"pnas"`` regime: the trace is V = V0 [(1 - lam) + lam K p] B(t) with
B = exp(-kappa t^s) (DeerLab's ``bg_strexp``; kappa = k^(d/3), s = d/3 for
the generator's exp(-(k t)^(d/3))). The baseline fits all of it. Writing
c0 = V0 (1 - lam) and P = V0 lam p, V = B(t) [c0 + K_w P] is *linear* in
(c0, P >= 0) once (kappa, s) are fixed; only the background is nonlinear.
This is the same model as ``dl.dipolarmodel(t, r, Bmodel=dl.bg_strexp)``
with the reference time fixed at 0, reparametrised; the Tikhonov penalty
acts on P only. Steps:

1. alpha from AIC (``selregparam``) at a first background guess (kappa, s)
   = (0.2, 0.9);
2. (kappa, s) minimising the penalised misfit at that alpha, by a grid over
   the generator's support (kappa in [0, 0.5^(2/3)], s in [2/3, 3.5/3]),
   refined by bounded L-BFGS-B; the search box is prior knowledge the
   network has too (it was trained on that prior);
3. alpha re-selected by AIC at the fitted background, final non-negative
   solve.

Why not ``dl.fit(dl.dipolarmodel(...))`` itself: measured here it took 15 to
110 s per 256-point trace on 2 shared cores (its separable solver re-runs
the AIC search, about 1 s at 256 points, whenever the nonlinear parameters
move, and its Jacobians are finite differences), and from its default start
it sometimes lands in a worse local minimum of (lam, background). The
reparametrisation removes lam from the nonlinear search and the grid makes
the 2-D search global, so the baseline here is both faster and at least as
strong.

Min-max scaling: the pnas-regime network inputs are min-max scaled; the
baseline gets the trace before that scaling (``offset``/``scale`` from the
generator), i.e. the data an experimenter would give DeerLab. The overall
scale is fitted anyway (V0); only the subtracted offset would break the
physical model.

Speed: the fit runs on a coarser distance grid (``n_r_fit`` points, default
128, same range) and the non-negative estimate is linearly interpolated onto
the caller's grid, then normalised to sum 1 (256 fitting points gave the same
errors to +-0.015 at 2-3x the time). All matrices are small (<= 256 x 129),
where multi-threaded BLAS only adds overhead: run with
``OPENBLAS_NUM_THREADS=1`` (measured 0.04 s per sule trace and 0.2-0.8 s
per pnas trace single-threaded, 2-3x slower with two BLAS threads) and
parallelise over traces or jobs instead.
"""

from __future__ import annotations

import time
import warnings

import numpy as np
from scipy.linalg import LinAlgError, cholesky, solve_triangular
from scipy.optimize import minimize, nnls

from .dsp import dsp_replica, normalise, second_difference, select_alpha
from .kernel import DIPOLAR, kernel

# Generator's support for (kappa, s) with k in [0, 0.5] 1/us and d in [2, 3.5].
KAPPA_MAX = 0.5 ** (2.0 / 3.0)
STRETCH_RANGE = (2.0 / 3.0, 3.5 / 3.0)


def _normal_nnls(AtA, Aty):
    """min_{x >= 0} x^T AtA x - 2 x^T Aty, the form DeerLab's selregparam hands its solver.

    With AtA = R^T R (Cholesky) this is NNLS on ||R x - R^{-T} Aty||, which
    scipy's active-set ``nnls`` solves several times faster than DeerLab's
    default cvxopt QP at these sizes; when AtA is numerically singular (tiny
    alpha) DeerLab's own ``cvxnnls`` takes over.
    """
    try:
        R = cholesky(AtA, lower=False)
    except LinAlgError:
        from deerlab.solvers import cvxnnls

        return cvxnnls(AtA, Aty)
    b = solve_triangular(R, Aty, trans="T", lower=False)
    return nnls(R, b, maxiter=50 * R.shape[1])[0]


def _aic_alpha(y, A, L, search=(1e-8, 1e2)):
    """DeerLab's AIC choice of alpha for min ||A x - y||^2 + alpha^2 ||L x||^2, x >= 0."""
    import deerlab as dl  # heavy import, only when a baseline runs

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # warnings on extreme alphas
        alpha = dl.selregparam(y, A, _normal_nnls, method="aic", regop=L, searchrange=list(search))
    return float(alpha)


def _nn_tikhonov(A, y, L, alpha):
    """Non-negative Tikhonov solution via NNLS on the stacked system [A; alpha L]."""
    M = np.vstack([A, alpha * L])  # (n_t + m, n_x)
    b = np.concatenate([y, np.zeros(L.shape[0])])
    x, res = nnls(M, b, maxiter=50 * M.shape[1])
    return x, res**2


def _fit_sule(y, Kw, L):
    alpha = _aic_alpha(y, Kw, L)
    P, _ = _nn_tikhonov(Kw, y, L, alpha)
    return P, {"alpha": alpha}


def _fit_pnas(y, t, Kw, L, n_kappa=13, n_stretch=5):
    A0 = np.hstack([np.ones((t.size, 1)), Kw])  # (n_t, 1 + n_r): [c0 | P]
    L0 = np.hstack([np.zeros((L.shape[0], 1)), L])  # no penalty on c0

    def design(kappa, s):
        B = np.exp(-kappa * t**s)  # (n_t,)
        return B[:, None] * A0

    def cost(theta, alpha):
        _, c = _nn_tikhonov(design(*theta), y, L0, alpha)
        return c

    alpha = _aic_alpha(y, design(0.2, 0.9), L0)
    kappas = np.linspace(0.0, KAPPA_MAX, n_kappa)
    stretches = np.linspace(*STRETCH_RANGE, n_stretch)
    grid = [(k, s) for k in kappas for s in stretches]
    costs = [cost(th, alpha) for th in grid]
    start = np.array(grid[int(np.argmin(costs))])
    opt = minimize(
        cost,
        start,
        args=(alpha,),
        method="L-BFGS-B",
        bounds=[(0.0, KAPPA_MAX), STRETCH_RANGE],
        options={"maxiter": 30, "eps": 1e-4},
    )
    kappa, s = (opt.x if opt.fun <= min(costs) else start).tolist()
    A = design(kappa, s)
    alpha = _aic_alpha(y, A, L0)
    x, _ = _nn_tikhonov(A, y, L0, alpha)
    c0, P = x[0], x[1:]
    modulated = Kw[0] @ P  # K(t=0) = 1, so this is V0 lam (with B(0) = 1)
    depth = modulated / (c0 + modulated) if c0 + modulated > 0 else np.nan
    return P, {"alpha": alpha, "kappa": kappa, "stretch": s, "c0": c0, "depth_fit": depth}


def deerlab_tikhonov(
    traces,
    t,
    r,
    regime="pnas",
    offset=None,
    scale=None,
    exponent=3,
    dipolar=DIPOLAR,
    n_r_fit=128,
):
    """Tikhonov/AIC distance distributions for many traces, one fit per trace.

    Parameters
    ----------
    traces : array_like, shape (N, n_t)
        Traces as given to the network (pnas: min-max scaled, then pass
        ``offset`` and ``scale`` to undo it) or already unscaled.
    t : array_like, shape (n_t,)
        Times, us.
    r : array_like, shape (n_r,)
        Uniform distance grid of the answer, nm.
    regime : {"pnas", "sule"}
        Forward model to fit (see the module docstring).
    offset, scale : array_like, shape (N,), optional
        The generator's min-max scaling; traces become ``traces * scale + offset``.
    exponent, dipolar : float
        Kernel of :func:`.kernel.kernel` (the same physics as the data).
    n_r_fit : int
        Distance points of the fitting grid (same range as ``r``).

    Returns
    -------
    p_hat : numpy.ndarray, shape (N, n_r)
        Non-negative estimates on ``r``, each summing to 1.
    seconds : numpy.ndarray, shape (N,)
        Wall time of each trace's fit.
    info : dict of numpy.ndarray, each (N,)
        ``alpha`` (DeerLab convention, P in 1/nm); pnas also ``kappa``,
        ``stretch``, ``depth_fit`` (fitted modulation depth), ``c0``.
    """
    if regime not in ("pnas", "sule"):
        raise ValueError(f"regime must be 'pnas' or 'sule', got {regime!r}")
    y_all = np.atleast_2d(np.asarray(traces, dtype=np.float64))
    if (offset is None) != (scale is None):
        raise ValueError("give both offset and scale, or neither")
    if offset is not None:
        y_all = y_all * np.asarray(scale)[:, None] + np.asarray(offset)[:, None]
    t = np.asarray(t, dtype=np.float64)
    r = np.asarray(r, dtype=np.float64)
    if n_r_fit < 3:
        raise ValueError(f"n_r_fit must be >= 3, got {n_r_fit}")
    r_fit = np.linspace(r[0], r[-1], n_r_fit)
    dr = r_fit[1] - r_fit[0]
    Kw = kernel(t, r_fit, exponent=exponent, dipolar=dipolar) * dr  # (n_t, n_r_fit)
    L = second_difference(n_r_fit)

    import deerlab  # noqa: F401  (import once, outside the per-trace timing)

    n = y_all.shape[0]
    raw = np.empty((n, r.size))
    seconds = np.empty(n)
    infos = []
    for i in range(n):
        t0 = time.perf_counter()
        if regime == "sule":
            P, info = _fit_sule(y_all[i], Kw, L)
        else:
            P, info = _fit_pnas(y_all[i], t, Kw, L)
        raw[i] = np.interp(r, r_fit, P)  # P is a density: interpolate, then renormalise
        seconds[i] = time.perf_counter() - t0
        infos.append(info)
    info = {k: np.array([d[k] for d in infos]) for k in infos[0]} if infos else {}
    return normalise(raw), seconds, info


def tikhonov(traces, t, r, regime="pnas", offset=None, scale=None, **kwargs):
    """:func:`deerlab_tikhonov` with its results in one dict.

    Parameters
    ----------
    traces, t, r, regime, offset, scale, **kwargs
        As in :func:`deerlab_tikhonov`. For pnas-regime network inputs pass
        the split's ``params["offset"]`` and ``params["scale"]``: fitting the
        min-max scaled trace as if it were physical is much worse.

    Returns
    -------
    dict
        ``p`` (N, n_r), ``seconds`` (N,) and the per-trace ``info`` arrays.
    """
    p, seconds, info = deerlab_tikhonov(traces, t, r, regime, offset, scale, **kwargs)
    return {"p": p, "seconds": seconds, **info}


def fit_baselines(data, n_tikhonov, dsp_alpha=None, regime="pnas", exponent=3, dipolar=52.04):
    """DSP-replica estimates of the test split and Tikhonov estimates of its first traces.

    Parameters
    ----------
    data : dict
        A DEER data artefact: ``t``, ``r``, ``kernel``, ``val/{signal,p}``,
        ``test/signal`` and ``test/params/{offset,scale}`` (the min-max
        scaling of the pnas regime, undone for the Tikhonov fit).
    n_tikhonov : int
        Test traces fitted by the Tikhonov baseline.
    dsp_alpha : float or None
        Regularisation of the replica's pseudoinverse; ``None``: the value
        with the smallest validation error (:func:`.dsp.select_alpha`).
    regime : str
        The data's regime (the Tikhonov baseline fits background and
        modulation depth only where the traces have them).
    exponent, dipolar : float
        The data's kernel (the Tikhonov fit uses the same physics).

    Returns
    -------
    dict
        ``dsp/p`` (N, n_r), ``dsp/seconds_per_trace``, ``dsp/alpha``,
        ``prior_mean/p`` (n_r,) (the mean validation distribution: an
        estimator with no skill, the floor any method must beat),
        ``dsp/alpha_errors`` (validation error per candidate, when selected),
        ``tikhonov/p`` (n_tikhonov, n_r), ``tikhonov/seconds`` (n_tikhonov,)
        and whatever else the baseline reports per trace.
    """
    K = np.asarray(data["kernel"], dtype=float)
    out = {"dsp": {}}
    if dsp_alpha is None:
        dsp_alpha, errs = select_alpha(data["val"]["signal"], data["val"]["p"], K)
        out["dsp"]["alpha_errors"] = np.asarray(errs)
    test = np.asarray(data["test"]["signal"], dtype=float)
    t0 = time.perf_counter()
    out["dsp"]["p"] = dsp_replica(test, K, dsp_alpha)
    out["dsp"]["seconds_per_trace"] = (time.perf_counter() - t0) / len(test)
    out["dsp"]["alpha"] = float(dsp_alpha)
    # the no-skill reference: every trace answered with the mean validation distribution
    out["prior_mean"] = {"p": np.asarray(data["val"]["p"], dtype=float).mean(axis=0)}
    n = min(int(n_tikhonov), len(test))
    # Tikhonov fits the raw trace, as a user would: undo the network's min-max scaling
    prm = data["test"].get("params", {})
    scaling = {k: np.asarray(prm[k])[:n] for k in ("offset", "scale") if k in prm}
    out["tikhonov"] = tikhonov(test[:n], data["t"], data["r"], regime=regime,
                               exponent=exponent, dipolar=dipolar, **scaling)  # fmt: skip
    return out
