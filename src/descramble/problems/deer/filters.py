"""Filter features of a descrambled DEERNet first layer (Amey et al., PNAS 2021, Fig. 2).

The descrambled first-layer weight matrix ``M = P1 @ W1`` has shape
``(n_out, n_t)``: rows are the descrambled link (hidden-unit) axis, columns
the time axis of the DEER trace. PNAS reads three filters off its 2-D |FFT|:
a notch at zero time frequency (baseline removal), a low-pass filter (noise
removal) and a "cubic" rescaling of the frequency axis inside the pass band.
This module turns each into a number.

Conventions
-----------
* ``F = fft2(M)``; axis 0 is the *output-axis* (link) frequency ``k_o`` in
  cycles per ``n_out`` units, axis 1 the *time frequency* ``f`` in cycles
  per trace (``n_t`` samples; divide by the trace length in us for MHz).
* **Symmetrised** |FFT|: ``S(k_o, f) = sqrt((|F(k_o, f)|^2 + |F(-k_o, f)|^2) / 2)``
  (indices modulo the axis length). For real ``M``, ``|F(k_o, f)| =
  |F(-k_o, -f)|``, so ``S`` is even in ``k_o`` and in ``f`` separately: the
  four quadrants carry the same picture. The fold removes the one thing the
  descrambler cannot fix, the direction of the link axis (reversing it
  leaves the smoothness criterion unchanged and maps ``k_o -> -k_o``).
  :func:`symmetrised_spectrum` returns ``S`` fftshifted (zero frequency in
  the centre) for display; :func:`folded_spectrum` returns the non-negative
  quadrant ``k_o = 0..n_out//2``, ``f = 0..n_t//2`` used for the features.
* **Aggregated profile** (used for notch and cut-off):
  ``p(f) = sqrt(mean_{k_o} |F(k_o, f)|^2)``, ``f = 0..n_t//2``. By Parseval
  along axis 0 this equals ``sqrt(sum_i |G_i(f)|^2)`` with ``G_i`` the 1-D
  time FFT of row ``i``: the root-sum-square of the row spectra. Hence it is
  *unchanged by any orthogonal descrambler* (``p`` of ``P W1`` equals ``p``
  of ``W1``): the notch and the low-pass are properties of ``W1`` itself,
  descrambling only makes them visible. The ridge (cubic rescaling) is not
  invariant: it depends on how the descrambler orders the rows.
"""

from __future__ import annotations

import numpy as np

from ..base import as_matrix

__all__ = [
    "aggregated_profile",
    "cubic_overlay",
    "filter_features",
    "fit_ridge",
    "folded_spectrum",
    "low_pass_cutoff",
    "notch_ratio",
    "notch_width",
    "ridge",
    "symmetrised_spectrum",
]


def _as_matrix(M):
    return as_matrix(M, "matrix (n_out, n_t)", min_side=2)


def _fold_output_axis(A):
    """RMS of |F| and its mirror along axis 0 (``k_o -> -k_o`` modulo the length)."""
    m = A.shape[0]
    mirror = A[(-np.arange(m)) % m]
    return np.sqrt(0.5 * (A**2 + mirror**2))


def symmetrised_spectrum(M):
    """Symmetrised, centred magnitude of the 2-D FFT.

    Parameters
    ----------
    M : array_like, shape (n_out, n_t)
        Descrambled first-layer weights (rows: link axis, columns: time).

    Returns
    -------
    S : ndarray, shape (n_out, n_t)
        ``fftshift`` of ``sqrt((|F(k_o, f)|^2 + |F(-k_o, f)|^2) / 2)``; even in
        both frequencies (see module notes).
    k_out : ndarray, shape (n_out,)
        Output-axis frequency of each row of ``S`` (cycles per ``n_out`` units).
    k_time : ndarray, shape (n_t,)
        Time frequency of each column of ``S`` (cycles per trace).
    """
    M = _as_matrix(M)
    m, n = M.shape
    S = _fold_output_axis(np.abs(np.fft.fft2(M)))
    k_out = np.fft.fftshift(np.fft.fftfreq(m, d=1.0 / m))
    k_time = np.fft.fftshift(np.fft.fftfreq(n, d=1.0 / n))
    return np.fft.fftshift(S), k_out, k_time


def folded_spectrum(M):
    """Non-negative quadrant of the symmetrised |2-D FFT|.

    Parameters
    ----------
    M : array_like, shape (n_out, n_t)

    Returns
    -------
    Q : ndarray, shape (n_out // 2 + 1, n_t // 2 + 1)
        ``Q[k_o, f] = S(k_o, f)`` for ``k_o = 0..n_out//2``, ``f = 0..n_t//2``.
    k_out : ndarray of int, shape (n_out // 2 + 1,)
    k_time : ndarray of int, shape (n_t // 2 + 1,)
    """
    M = _as_matrix(M)
    m, n = M.shape
    S = _fold_output_axis(np.abs(np.fft.fft2(M)))
    return S[: m // 2 + 1, : n // 2 + 1], np.arange(m // 2 + 1), np.arange(n // 2 + 1)


def aggregated_profile(M):
    """RMS over output-axis frequencies of the 2-D |FFT|, one-sided in time frequency.

    Parameters
    ----------
    M : array_like, shape (n_out, n_t)

    Returns
    -------
    p : ndarray, shape (n_t // 2 + 1,)
        ``p(f) = sqrt(mean_{k_o} |F(k_o, f)|^2)`` for ``f = 0..n_t//2`` cycles
        per trace; equal to the root-sum-square of the rows' 1-D time spectra
        (Parseval), hence invariant to any orthogonal matrix acting on rows.
    """
    M = _as_matrix(M)
    n = M.shape[1]
    G = np.fft.rfft(M, axis=1)  # (n_out, n//2 + 1), row spectra
    return np.sqrt(np.sum(np.abs(G) ** 2, axis=0))[: n // 2 + 1]


def notch_ratio(p, bins=(1, 3)):
    """Depth of the zero-frequency notch of a profile.

    Parameters
    ----------
    p : array_like, shape (n_f,)
        One-sided profile, ``p[0]`` at zero frequency (e.g. :func:`aggregated_profile`).
    bins : (int, int)
        Inclusive range of reference bins.

    Returns
    -------
    float
        ``p[0] / mean(p[bins[0]:bins[1]+1])``: 0 for a perfect notch, about 1
        for a flat (e.g. white-noise) spectrum. NaN if the reference is 0.
    """
    p = np.asarray(p, dtype=float)
    lo, hi = int(bins[0]), int(bins[1])
    if not 1 <= lo <= hi < p.size:
        raise ValueError(f"reference bins {bins} outside 1..{p.size - 1}")
    ref = float(np.mean(p[lo : hi + 1]))
    return float(p[0] / ref) if ref > 0 else float("nan")


def low_pass_cutoff(p):
    """Half-peak cut-off frequency of a profile.

    Parameters
    ----------
    p : array_like, shape (n_f,)
        One-sided profile, bin ``j`` at ``j`` cycles per trace.

    Returns
    -------
    float
        The first frequency above the peak bin at which ``p`` falls below
        ``max(p) / 2``, linearly interpolated between the two bins that
        bracket the crossing (so it has sub-bin resolution); NaN if ``p`` never
        falls below half its peak after the peak.
    """
    p = np.asarray(p, dtype=float)
    j_pk = int(np.argmax(p))
    h = 0.5 * p[j_pk]
    below = np.nonzero(p[j_pk + 1 :] < h)[0]
    if below.size == 0:
        return float("nan")
    j = j_pk + 1 + int(below[0])
    return float((j - 1) + (p[j - 1] - h) / (p[j - 1] - p[j]))


def notch_width(p):
    """Half-depth width of the zero-frequency notch.

    Parameters
    ----------
    p : array_like, shape (n_f,)

    Returns
    -------
    float
        Frequency (cycles per trace, interpolated) at which ``p`` first
        rises half-way from ``p[0]`` to the peak, ``(p[0] + max(p)) / 2``, on
        the way from ``f = 0`` to the peak; 0 if the peak is at ``f = 0`` or
        ``p[0]`` is not below its neighbours (:func:`notch_ratio` >= 1: no
        notch). Measured relative to the notch's own depth, so shallow
        notches (trained nets at small scale: ``p[0]`` well above half the
        peak) still have a width. A narrower notch gives a smaller number
        (Sule et al.: r^4 kernel vs r^3).
    """
    p = np.asarray(p, dtype=float)
    j_pk = int(np.argmax(p))
    if j_pk == 0 or p[0] >= p[j_pk] or notch_ratio(p) >= 1.0:
        return 0.0
    h = 0.5 * (p[0] + p[j_pk])
    j = int(np.nonzero(p[: j_pk + 1] >= h)[0][0])  # exists and >= 1: p[0] < h <= p[j_pk]
    return float((j - 1) + (h - p[j - 1]) / (p[j] - p[j - 1]))


def ridge(Q, orientation="time_per_output", band=(1, None), min_rel_peak=0.1, method="peak"):
    """Ridge of a folded |2-D FFT|: where each slice peaks.

    ``method="peak"``: the argmax bin refined by the vertex of the parabola
    through ``log Q`` at the argmax and its two neighbours (Gaussian
    interpolation: exact for a Gaussian-shaped peak, sub-bin, and not dragged
    towards the band centre); at a band edge or where a neighbour is 0 the
    argmax bin itself is used. It jumps when a slice has two comparable
    peaks. ``method="centroid"``: the energy centroid ``sum_j j Q_j^2 /
    sum_j Q_j^2`` over the band -- smooth, but pulled towards the band centre
    when a slice's energy is spread out.

    Parameters
    ----------
    Q : array_like, shape (n_ko, n_f)
        Folded spectrum (:func:`folded_spectrum`), rows ``k_o = 0..``, columns ``f = 0..``.
    orientation : {"time_per_output", "output_per_time"}
        ``"time_per_output"``: for each output-axis frequency ``k_o`` (x) find
        the time frequency (y) of the peak. ``"output_per_time"``: for each
        time frequency (x) find the output-axis frequency (y) of the peak.
    band : (int, int or None)
        Inclusive index range searched along the peak axis (default skips the
        zero bin, which sits in the notch, and goes up to the last bin).
    min_rel_peak : float
        Keep a slice only if its peak is at least this fraction of the
        largest slice peak (slices outside the pass band hold only noise).
    method : {"peak", "centroid"}

    Returns
    -------
    dict
        ``x`` (k,), ``y`` (k,) ridge points; ``peak`` (k,) peak magnitudes;
        ``orientation``.
    """
    Q = np.asarray(Q, dtype=float)
    if orientation == "output_per_time":
        Q = Q.T
    elif orientation != "time_per_output":
        raise ValueError(f"unknown orientation {orientation!r}")
    n_slices, n_bins = Q.shape
    lo = int(band[0])
    hi = n_bins - 1 if band[1] is None else min(int(band[1]), n_bins - 1)
    if not 0 <= lo < hi:
        raise ValueError(f"band {band} leaves fewer than two bins")
    sub = Q[:, lo : hi + 1]  # (n_slices, nb)
    j = np.argmax(sub, axis=1)  # (n_slices,)
    rows = np.arange(n_slices)
    peak = sub[rows, j]
    inner = (j > 0) & (j < sub.shape[1] - 1)
    jl, jr = np.clip(j - 1, 0, None), np.clip(j + 1, None, sub.shape[1] - 1)
    a, b, c = sub[rows, jl], peak, sub[rows, jr]
    ok = inner & (a > 0) & (b > 0) & (c > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        la, lb, lc = np.log(a), np.log(b), np.log(c)
        curv = la - 2 * lb + lc
        delta = np.where(ok & (curv < 0), 0.5 * (la - lc) / curv, 0.0)
    pos = j + np.clip(delta, -0.5, 0.5) + lo
    if method == "centroid":
        w = sub**2
        wsum = w.sum(axis=1)
        pos = (
            np.where(wsum > 0, (w @ np.arange(sub.shape[1])) / np.where(wsum > 0, wsum, 1), j) + lo
        )
    elif method != "peak":
        raise ValueError(f"unknown method {method!r}")
    keep = peak >= float(min_rel_peak) * float(np.max(peak)) if np.max(peak) > 0 else peak > 0
    x = np.arange(n_slices, dtype=float)
    return {"x": x[keep], "y": pos[keep], "peak": peak[keep], "orientation": orientation}


def _r2(y, yhat):
    ss_tot = float(np.sum((y - np.mean(y)) ** 2))
    ss_res = float(np.sum((y - yhat) ** 2))
    return 1.0 - ss_res / ss_tot if ss_tot > 0 else float("nan"), ss_res


def _aic(ss_res, n, n_par):
    # Gaussian AIC up to a constant; a floor keeps exact fits finite
    return float(n * np.log(max(ss_res / n, 1e-300)) + 2 * (n_par + 1))


def fit_ridge(x, y):
    """Polynomial and power-law fits of a ridge ``y(x)``.

    Parameters
    ----------
    x, y : array_like, shape (k,)

    Returns
    -------
    dict
        ``poly``: ``{d: {"coef", "r2", "aic"}}`` for polynomial degree
        ``d = 1, 2, 3`` (``coef`` lowest order first; ``aic`` Gaussian, lower
        is better, penalises the extra terms). ``law``: ``{name: {"coef",
        "r2"}}`` for the *two-parameter* laws ``y = a + b g(x)`` with ``g`` =
        ``x`` ("linear"), ``x^3`` ("cubic"), ``x^(1/3)`` ("cuberoot"): equal
        parameter counts, so their R^2 compare directly and a cubic claim can
        fail. ``power``: ``{"exponent", "r2"}`` of ``log y = log a + p log x``
        over the points with ``x, y > 0``. Entries are NaN with fewer than
        five points.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    nan = float("nan")
    out = {"poly": {}, "law": {}, "power": {"exponent": nan, "r2": nan}}
    n = x.size
    for d in (1, 2, 3):
        out["poly"][d] = {"coef": np.full(d + 1, nan), "r2": nan, "aic": nan}
    for name in ("linear", "cubic", "cuberoot"):
        out["law"][name] = {"coef": np.full(2, nan), "r2": nan}
    if n < 5:
        return out
    for d in (1, 2, 3):
        coef = np.polynomial.polynomial.polyfit(x, y, d)
        r2, ss = _r2(y, np.polynomial.polynomial.polyval(x, coef))
        out["poly"][d] = {"coef": coef, "r2": r2, "aic": _aic(ss, n, d + 1)}
    for name, g in (("linear", x), ("cubic", x**3), ("cuberoot", np.cbrt(x))):
        A = np.column_stack([np.ones(n), g])
        coef = np.linalg.lstsq(A, y, rcond=None)[0]
        out["law"][name] = {"coef": coef, "r2": _r2(y, A @ coef)[0]}
    pos = (x > 0) & (y > 0)
    if np.count_nonzero(pos) >= 5:
        lx, ly = np.log(x[pos]), np.log(y[pos])
        coef = np.polynomial.polynomial.polyfit(lx, ly, 1)
        out["power"] = {
            "exponent": float(coef[1]),
            "r2": _r2(ly, np.polynomial.polynomial.polyval(lx, coef))[0],
        }
    return out


def cubic_overlay(ridge_points, n_points=200):
    """Dense cubic-polynomial curve through a ridge, for the zoom figure.

    Parameters
    ----------
    ridge_points : dict
        Output of :func:`ridge`.
    n_points : int

    Returns
    -------
    k_out, k_time : ndarray, shape (n_points,)
        The fitted degree-3 polynomial sampled on ``[0, max x]``, returned in
        (output-axis frequency, time frequency) coordinates whatever the
        ridge orientation, so it can be drawn over :func:`symmetrised_spectrum`
        (mirror it to the other quadrants: the picture is even in both).
    """
    x, y = ridge_points["x"], ridge_points["y"]
    if x.size < 4:
        raise ValueError("need at least four ridge points for a cubic")
    coef = np.polynomial.polynomial.polyfit(x, y, 3)
    xs = np.linspace(0.0, float(np.max(x)), int(n_points))
    ys = np.polynomial.polynomial.polyval(xs, coef)
    if ridge_points["orientation"] == "time_per_output":
        return xs, ys
    return ys, xs


def filter_features(M, notch_bins=(1, 3), orientation="time_per_output", **ridge_kw):
    """All filter numbers of a descrambled first layer.

    Parameters
    ----------
    M : array_like, shape (n_out, n_t)
        Descrambled W1 (rows: link axis, columns: time samples).
    notch_bins : (int, int)
        Reference bins of :func:`notch_ratio`.
    orientation : str
        Ridge orientation (:func:`ridge`).
    **ridge_kw
        ``band``, ``min_rel_peak``, ``method`` for :func:`ridge`.

    Returns
    -------
    dict
        Scalars: ``notch_ratio`` (:func:`notch_ratio` of the aggregated
        profile), ``notch_width`` and ``cutoff`` (cycles per trace; also
        ``cutoff_normalised`` = cutoff / (n_t/2), MATLAB's normalised frequency
        with Nyquist = 1, comparable with PNAS Fig. 5), ``peak_freq`` (argmax
        bin of the profile), ridge fits ``ridge_r2_poly{1,2,3}``,
        ``ridge_aic_poly{1,2,3}``, ``ridge_r2_linear_law``,
        ``ridge_r2_cubic_law``, ``ridge_r2_cuberoot_law``,
        ``ridge_power_exponent``, ``ridge_power_r2``, ``ridge_n_points``.
        Arrays: ``profile`` (n_t//2+1,), ``freqs`` (n_t//2+1,) and ``ridge``
        (the dict of :func:`ridge`), ``ridge_fit`` (the dict of :func:`fit_ridge`).
    """
    M = _as_matrix(M)
    p = aggregated_profile(M)
    Q, _, k_time = folded_spectrum(M)
    rp = ridge(Q, orientation=orientation, **ridge_kw)
    fit = fit_ridge(rp["x"], rp["y"])
    cut = low_pass_cutoff(p)
    out = {
        "notch_ratio": notch_ratio(p, notch_bins),
        "notch_width": notch_width(p),
        "cutoff": cut,
        "cutoff_normalised": cut / (M.shape[1] / 2.0),
        "peak_freq": float(np.argmax(p)),
        "ridge_n_points": int(rp["x"].size),
        "ridge_power_exponent": fit["power"]["exponent"],
        "ridge_power_r2": fit["power"]["r2"],
        "profile": p,
        "freqs": k_time.astype(float),
        "ridge": rp,
        "ridge_fit": fit,
    }
    for d in (1, 2, 3):
        out[f"ridge_r2_poly{d}"] = fit["poly"][d]["r2"]
        out[f"ridge_aic_poly{d}"] = fit["poly"][d]["aic"]
    for name in ("linear", "cubic", "cuberoot"):
        out[f"ridge_r2_{name}_law"] = fit["law"][name]["r2"]
    return out
