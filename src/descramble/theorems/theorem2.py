"""Theorem 2: distance to the trigonometric basis is ``O(snr^2)`` as ``snr -> 0``."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .common import _loglog_fit, _smoothness_A, trig_distance

__all__ = [
    "Theorem2Limit",
    "Theorem2Result",
    "theorem2_limit",
    "theorem2_snr_sweep",
]


@dataclass
class Theorem2Result:
    """Result of :func:`theorem2_snr_sweep`.

    Attributes
    ----------
    rows : list of dict
        Per SNR: ``snr``, ``sigma``; ``distance`` and ``max_angle_deg`` for
        the expected-Gram form ``B = W (E[s s^T] + sigma^2 I) W^T``;
        ``distance_sampled`` and ``max_angle_deg_sampled`` for the sampled
        probe ``B = W X X^T W^T / N``.
    slope, intercept : float
        Log-log least-squares fit of ``distance`` (expected-Gram form)
        against ``snr`` over ``fit_snrs``; theory: slope 2.
    slope_sampled, intercept_sampled : float
        The same fit for the sampled probe.
    fit_snrs : tuple of float
        Smallest and largest SNR in the fit.
    N : int
        Probe size (also the number of signals behind ``E[s s^T]``).
    """

    rows: list
    slope: float
    intercept: float
    slope_sampled: float
    intercept_sampled: float
    fit_snrs: tuple
    N: int


def theorem2_snr_sweep(W, make_signals, snrs, N, rng, fit_max_snr=None):
    """Theorem 2: distance to the trigonometric basis is O(snr^2) as snr -> 0.

    Parameters
    ----------
    W : array_like, shape (n, d)
        First-layer weight.
    make_signals : callable
        ``make_signals(N, rng) -> ndarray (d, N)``: clean signal columns
        ``s(z)`` with ``z`` drawn from the prior.
    snrs : sequence of float
        ``sigma^-1`` values; the probe is ``x = s(z) + sigma xi``,
        ``xi ~ N(0, I_d)``.
    N : int
        Probe size.
    rng : numpy.random.Generator
    fit_max_snr : float, optional
        Fit the log-log slope over ``snr <= fit_max_snr`` (default: the
        smaller half of ``snrs``, at least two values).

    Returns
    -------
    Theorem2Result

    Notes
    -----
    One draw of ``N`` signals ``S`` and ``N`` noise columns ``Xi`` serves all
    SNRs (common random numbers): the sampled Gram is
    ``W (S S^T + sigma (S Xi^T + Xi S^T) + sigma^2 Xi Xi^T) W^T / N``, i.e.
    exactly ``W X X^T W^T / N`` for ``X = S + sigma Xi``. The expected-Gram
    form replaces the noise terms by their expectation,
    ``W (S S^T / N + sigma^2 I) W^T``, with ``S S^T / N`` standing for
    ``E[s s^T]``. That matrix is fixed across SNRs, so the distance is a
    smooth function of ``sigma`` with the ``O(sigma^-2)`` asymptotics of the
    theorem (the ``N -> infinity`` limit it is about). The sampled form
    carries the Theorem-1 sampling error ``O(N^-1/2)`` of the noise Gram,
    which does not vanish as ``snr -> 0`` and hides the ``snr^2`` term once
    it is smaller than that floor.
    """
    W = np.asarray(W, dtype=float)
    n, d = W.shape
    N = int(N)
    snrs = np.asarray(snrs, dtype=float)
    S = np.asarray(make_signals(N, rng), dtype=float)  # (d, N)
    if S.shape != (d, N):
        raise ValueError(f"make_signals returned {S.shape}, expected {(d, N)}")
    Xi = rng.standard_normal((d, N))  # (d, N)
    Gss = S @ S.T / N  # (d, d), estimate of E[s s^T]
    Gsx = S @ Xi.T / N
    Gsx = Gsx + Gsx.T
    Gxx = Xi @ Xi.T / N
    A = _smoothness_A(n)
    eye = np.eye(d)
    rows = []
    for snr in snrs:
        sigma = 1.0 / snr
        de, _ = trig_distance(W, W @ (Gss + sigma**2 * eye) @ W.T, A)
        ds, _ = trig_distance(W, W @ (Gss + sigma * Gsx + sigma**2 * Gxx) @ W.T, A)
        rows.append(
            {
                "snr": float(snr),
                "sigma": float(sigma),
                "distance": float(de.distance),
                "max_angle_deg": float(np.degrees(de.angles.max())),
                "distance_sampled": float(ds.distance),
                "max_angle_deg_sampled": float(np.degrees(ds.angles.max())),
            }
        )
    if fit_max_snr is None:
        k = max(2, (len(snrs) + 1) // 2)
        fit_max_snr = np.sort(snrs)[min(k, len(snrs)) - 1]
    sel = [r for r in rows if r["snr"] <= fit_max_snr]
    x = [r["snr"] for r in sel]
    slope, intercept = _loglog_fit(x, [r["distance"] for r in sel])
    slope_s, intercept_s = _loglog_fit(x, [r["distance_sampled"] for r in sel])
    return Theorem2Result(
        rows=rows,
        slope=slope,
        intercept=intercept,
        slope_sampled=slope_s,
        intercept_sampled=intercept_s,
        fit_snrs=(float(min(x)), float(max(x))) if x else (float("nan"),) * 2,
        N=N,
    )


@dataclass
class Theorem2Limit:
    """Result of :func:`theorem2_limit`.

    Attributes
    ----------
    Ns : ndarray, shape (m,)
        Probe sizes (nested prefixes of one draw).
    snrs : ndarray, shape (k,)
    distance : ndarray, shape (k, m)
        ``||U_hat_N(sigma) - T_r||_F`` of the sampled probe, per SNR and ``N``.
    d_inf, c, d_inf_se : ndarray, shape (k,)
        Least-squares fit ``d(N) = d_inf + c N^-1/2`` per SNR, and the standard
        error of ``d_inf`` from the fit's residuals.
    residual : ndarray, shape (k,)
        RMS residual of that fit relative to the mean distance.
    resolved : ndarray of bool, shape (k,)
        ``d_inf > 2 d_inf_se``: the extrapolated limit is distinguishable from 0.
    slope, intercept : float
        Log-log fit of ``d_inf`` against SNR over the resolved SNRs in
        ``fit_snrs`` (theory: slope 2); NaN with fewer than 2 such SNRs.
    fit_snrs : tuple of float
        Smallest and largest SNR used in the slope.
    """

    Ns: np.ndarray
    snrs: np.ndarray
    distance: np.ndarray
    d_inf: np.ndarray
    c: np.ndarray
    d_inf_se: np.ndarray
    residual: np.ndarray
    resolved: np.ndarray
    slope: float
    intercept: float
    fit_snrs: tuple


def theorem2_limit(W, make_signals, snrs, Ns, rng, fit_max_snr=None):
    """Theorem 2 in its own limit: extrapolate each SNR's distance to ``N -> infinity``.

    Theorem 2 bounds the descrambler of ``lim_N P_hat(X_N(sigma))``. At finite ``N``
    the sampled Gram carries an ``O(N^-1/2)`` error that does not shrink with the SNR
    and hides the ``O(snr^2)`` term; here the distance is measured at several ``N``
    and fitted by ``d(N) = d_inf + c N^-1/2``, and the ``sigma^-2`` law is tested on
    ``d_inf``.

    Parameters
    ----------
    W : array_like, shape (n, d)
    make_signals : callable
        ``make_signals(N, rng) -> (d, N)`` clean signals, as :func:`theorem2_snr_sweep`.
    snrs : sequence of float
    Ns : sequence of int
        Probe sizes, at least 3; each probe is the first ``N`` columns of one draw of
        ``max(Ns)`` (common random numbers across ``N`` and SNR).
    rng : numpy.random.Generator
    fit_max_snr : float, optional
        As :func:`theorem2_snr_sweep` (default: the smaller half of ``snrs``).

    Returns
    -------
    Theorem2Limit
    """
    W = np.asarray(W, dtype=float)
    n, d = W.shape
    Ns = np.sort(np.asarray(Ns, dtype=int))
    if Ns.size < 3:
        raise ValueError(f"theorem2_limit needs at least 3 probe sizes, got {Ns.tolist()}")
    snrs = np.asarray(snrs, dtype=float)
    S = np.asarray(make_signals(int(Ns[-1]), rng), dtype=float)  # (d, N_max)
    if S.shape != (d, Ns[-1]):
        raise ValueError(f"make_signals returned {S.shape}, expected {(d, int(Ns[-1]))}")
    Xi = rng.standard_normal(S.shape)  # (d, N_max)
    A = _smoothness_A(n)
    dist = np.empty((snrs.size, Ns.size))
    Gss = np.zeros((d, d))
    Gsx = np.zeros((d, d))
    Gxx = np.zeros((d, d))
    lo = 0
    for j, N in enumerate(Ns):  # running sums over nested prefixes, (d, d) each
        s, x = S[:, lo:N], Xi[:, lo:N]
        Gss += s @ s.T
        Gsx += s @ x.T
        Gxx += x @ x.T
        lo = N
        for i, snr in enumerate(snrs):
            sigma = 1.0 / snr
            G = (Gss + sigma * (Gsx + Gsx.T) + sigma**2 * Gxx) / N
            dist[i, j] = trig_distance(W, W @ G @ W.T, A)[0].distance
    X = np.column_stack([np.ones(Ns.size), Ns.astype(float) ** -0.5])  # (m, 2)
    coef, *_ = np.linalg.lstsq(X, dist.T, rcond=None)  # (2, k)
    res = dist.T - X @ coef  # (m, k)
    dof = max(Ns.size - 2, 1)
    s2 = (res**2).sum(axis=0) / dof
    se = np.sqrt(s2 * np.linalg.inv(X.T @ X)[0, 0])
    d_inf, c = coef
    resolved = d_inf > 2 * se
    if fit_max_snr is None:
        k = max(2, (len(snrs) + 1) // 2)
        fit_max_snr = np.sort(snrs)[min(k, len(snrs)) - 1]
    sel = (snrs <= fit_max_snr) & resolved
    if sel.sum() >= 2:
        slope, intercept = _loglog_fit(snrs[sel], d_inf[sel])
        fit = (float(snrs[sel].min()), float(snrs[sel].max()))
    else:
        slope = intercept = float("nan")
        fit = (float("nan"), float("nan"))
    return Theorem2Limit(
        Ns=Ns, snrs=snrs, distance=dist, d_inf=d_inf, c=c, d_inf_se=se,
        residual=np.sqrt((res**2).mean(axis=0)) / dist.mean(axis=1),
        resolved=resolved, slope=float(slope), intercept=float(intercept), fit_snrs=fit,
    )  # fmt: skip
