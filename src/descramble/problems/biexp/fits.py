"""Biexponential fits with free-sign amplitudes, for singular vectors.

:func:`fit_biexp` fits ``y ~ a1 exp(-t/tau1) + a2 exp(-t/tau2)`` by variable
projection; :func:`fit_singular_vectors` applies it to each half of the
leading right singular vectors of a first-layer weight matrix (the figures
5-7 analysis of the ILR relaxometry network).
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import least_squares

from .signals import biexp_free

__all__ = ["fit_biexp", "fit_singular_vectors"]

#: Default bounds on the time constants (ms) for a 0-800 ms axis. The lower
#: bound sits below the sample spacing (12.7 ms for 64 points), where a term
#: acts as a spike on the first sample; the upper one is ~100x the window, so
#: ``exp(-t/tau)`` is flat to 1% and a near-constant component is fittable.
TAU_BOUNDS = (1.0, 1e5)


def _amplitudes(E, y):
    """Linear least-squares amplitudes for fixed exponentials.

    Parameters
    ----------
    E : ndarray, shape (m, 2)
    y : ndarray, shape (m,)

    Returns
    -------
    ndarray, shape (2,)
        Minimum-norm solution (SVD), stable when the columns are nearly
        parallel (``tau1 ~ tau2``).
    """
    return np.linalg.lstsq(E, y, rcond=None)[0]


def _basis(t, tau):
    """Exponentials ``exp(-t/tau_k)``, shape (m,) x (2,) -> (m, 2)."""
    return np.exp(-np.multiply.outer(t, 1.0 / np.asarray(tau, dtype=np.float64)))


def _grid_starts(t, y, lo, hi, n_grid, n_starts):
    """Best and mutually distinct (tau1 <= tau2) pairs on a log grid.

    Returns
    -------
    ndarray, shape (<= n_starts, 2)
        Starting taus, best residual first.
    """
    taus = np.geomspace(lo, hi, n_grid)  # (K,)
    B = np.exp(-np.multiply.outer(1.0 / taus, t))  # (K, m)
    i, j = np.triu_indices(n_grid, k=1)  # pairs i < j, (P,)
    G = B @ B.T  # (K, K)
    by = B @ y  # (K,)
    gii, gjj, gij = G[i, i], G[j, j], G[i, j]
    det = gii * gjj - gij * gij
    with np.errstate(divide="ignore", invalid="ignore"):
        a1 = (gjj * by[i] - gij * by[j]) / det
        a2 = (gii * by[j] - gij * by[i]) / det
    res = y - a1[:, None] * B[i] - a2[:, None] * B[j]  # (P, m)
    rss = np.einsum("pm,pm->p", res, res)
    rss = np.where(np.isfinite(rss) & (det > 0), rss, np.inf)
    order = np.argsort(rss, kind="stable")
    chosen = []
    for k in order:
        if not np.isfinite(rss[k]) or len(chosen) == n_starts:
            break
        if all(max(abs(i[k] - i[c]), abs(j[k] - j[c])) >= 2 for c in chosen):
            chosen.append(k)
    return np.column_stack([taus[i[chosen]], taus[j[chosen]]])


def fit_biexp(t, y, n_starts=4, tau_bounds=TAU_BOUNDS, n_grid=40, rng=None):
    r"""Fit a biexponential with amplitudes of either sign.

    Model: ``y(t) ~ a1 exp(-t/tau1) + a2 exp(-t/tau2)``. Variable
    projection: for fixed ``tau`` the amplitudes solve a linear least
    squares problem, so only the two time constants are searched. A coarse
    log-spaced grid over pairs ``tau1 < tau2`` picks ``n_starts`` distinct
    good starts; each is refined by :func:`scipy.optimize.least_squares`
    (``trf``, bounded, in ``log(tau)``); the lowest residual wins.

    Parameters
    ----------
    t : array_like, shape (m,)
        Sample times (ms).
    y : array_like, shape (m,)
        Data, e.g. one half of a singular vector.
    n_starts : int
        Local refinements from the best grid pairs.
    tau_bounds : tuple of float
        ``(tau_min, tau_max)`` in ms. The default ``(1, 1e5)`` suits a
        0-800 ms axis: see :data:`TAU_BOUNDS`.
    n_grid : int
        Grid points per time constant (log-spaced over ``tau_bounds``).
    rng : numpy.random.Generator, optional
        If given, ``n_starts`` further starts drawn log-uniformly within
        the bounds. Without it the fit is fully deterministic.

    Returns
    -------
    dict
        ``a`` : ndarray, shape (2,)
            Amplitudes (a1, a2), paired with ``tau``.
        ``tau`` : ndarray, shape (2,)
            Time constants, ``tau[0] <= tau[1]``.
        ``r2`` : float
            ``1 - rss / sum((y - mean(y))**2)`` (NaN for constant ``y``).
            Invariant under ``y -> -y``.
        ``rss`` : float
            Residual sum of squares.
        ``curve`` : ndarray, shape (m,)
            The fitted curve.

    Notes
    -----
    When the best fit has ``tau1 -> tau2`` the amplitudes grow large with
    opposite signs (the pair then describes ``t exp(-t/tau)``); the curve
    and ``r2`` stay well defined. A single exponential is the special case
    ``a2 = 0`` (or ``tau1 = tau2``).
    """
    t = np.asarray(t, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if t.ndim != 1 or y.shape != t.shape:
        raise ValueError(f"t and y must be 1-D of the same length; got {t.shape}, {y.shape}")
    lo, hi = (float(b) for b in tau_bounds)
    if not 0.0 < lo < hi:
        raise ValueError(f"need 0 < tau_min < tau_max; got {tau_bounds}")
    starts = _grid_starts(t, y, lo, hi, int(n_grid), int(n_starts))
    if rng is not None:
        extra = np.exp(rng.uniform(np.log(lo), np.log(hi), size=(int(n_starts), 2)))
        starts = np.vstack([starts, np.sort(extra, axis=1)])

    xlo, xhi = np.log(lo), np.log(hi)

    def resid(x):
        # x: log(tau), shape (2,) -> residual (m,)
        E = _basis(t, np.exp(x))
        return E @ _amplitudes(E, y) - y

    best = None
    for tau0 in starts:
        x0 = np.clip(np.log(tau0), xlo + 1e-9, xhi - 1e-9)
        sol = least_squares(
            resid,
            x0,
            jac="3-point",
            bounds=(xlo, xhi),
            method="trf",
            ftol=1e-15,
            xtol=1e-15,
            gtol=1e-15,
            max_nfev=2000,
        )
        rss = float(sol.fun @ sol.fun)
        if best is None or rss < best[0]:
            best = (rss, sol.x)

    tau = np.sort(np.exp(best[1]))
    a = _amplitudes(_basis(t, tau), y)
    curve = biexp_free(t, a, tau)
    rss = float(np.sum((y - curve) ** 2))
    tss = float(np.sum((y - y.mean()) ** 2))
    r2 = 1.0 - rss / tss if tss > 0 else float("nan")
    return {"a": a, "tau": tau, "r2": r2, "rss": rss, "curve": curve}


def fit_singular_vectors(V, t, n_sv=3, halves=2, **fit_kw):
    """Fit each half of the leading right singular vectors by biexponentials.

    The first layer of the ILR network sees ``halves`` concatenated copies
    of a 64-point decay, so each right singular vector of ``W1`` splits into
    ``halves`` segments on the same time axis; each segment is fitted
    separately by :func:`fit_biexp`. The sign of a singular vector is
    arbitrary: the amplitudes absorb it and ``r2`` does not depend on it.

    Parameters
    ----------
    V : array_like, shape (halves * m, k)
        Right singular vectors as *columns* (``Vh.T`` from
        ``numpy.linalg.svd``), ``k >= n_sv``.
    t : array_like, shape (m,)
        Time axis of one half (ms).
    n_sv : int
        Number of leading singular vectors to fit.
    halves : int
        Segments per vector.
    **fit_kw
        Passed to :func:`fit_biexp` (``n_starts``, ``tau_bounds``, ...).

    Returns
    -------
    list of dict
        One row per (singular vector, half), in that order, with keys
        ``sv`` (1-based), ``half`` (1-based), ``a1``, ``a2``, ``tau1``,
        ``tau2`` (``tau1 <= tau2``), ``r2``, ``rss``.
    """
    V = np.asarray(V, dtype=np.float64)
    t = np.asarray(t, dtype=np.float64)
    m = t.size
    if V.ndim != 2 or V.shape[0] != halves * m:
        raise ValueError(f"V must have shape ({halves * m}, k) (columns = vectors); got {V.shape}")
    if V.shape[1] < n_sv:
        raise ValueError(f"V has {V.shape[1]} columns; n_sv={n_sv} requested")
    rows = []
    for s in range(n_sv):
        for h in range(halves):
            fit = fit_biexp(t, V[h * m : (h + 1) * m, s], **fit_kw)
            rows.append(
                {
                    "sv": s + 1,
                    "half": h + 1,
                    "a1": float(fit["a"][0]),
                    "a2": float(fit["a"][1]),
                    "tau1": float(fit["tau"][0]),
                    "tau2": float(fit["tau"][1]),
                    "r2": float(fit["r2"]),
                    "rss": fit["rss"],
                }
            )
    return rows
