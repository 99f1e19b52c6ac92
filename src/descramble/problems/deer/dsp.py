"""The "DSP replica" of DEERNet (Amey et al., PNAS 2021, Figs 5-6).

The PNAS interpretation of a two-layer DEERNet is replaced by rational parts:

1. an FIR low-pass filter (order 32, passband edge 0.01, stopband edge 0.3)
   that removes high-frequency noise;
2. an FIR "notch at zero frequency", built as an order-256 high-pass filter
   (stopband edge 0.001, passband edge 0.008) that removes the
   non-oscillating baseline;
3. one linear time -> distance map T, a Tikhonov-regularised pseudoinverse.

Frequencies follow MATLAB's Signal Processing Toolbox convention, in which
the paper's filters were made: normalised frequency with the Nyquist
frequency = 1 (units of pi rad/sample), i.e. ``fs=2`` in scipy.signal. So
0.008 is 0.004 cycles/sample, about one cycle over a 256-point trace.

Design method: Parks-McClellan equiripple (``scipy.signal.remez``), because
MATLAB's ``designfilt`` uses equiripple by default for FIR low/high-pass
designs given an order and band edges, and the paper names no other method;
``method="firls"`` gives the least-squares alternative. An order-n FIR has
n + 1 taps; the high-pass needs even order (odd length, type I, symmetric)
since a symmetric even-length filter has a forced zero at Nyquist.

Filtering is zero-phase: the symmetric taps are centred on each sample
(``scipy.ndimage.convolve1d``) with mirror extension at both ends (d c b | a
b c d | c b a), the natural continuation of a DEER trace, which is even in
t about t = 0. The 257-tap notch is longer than a 256-point trace, so the
boundary treatment matters and a causal ``lfilter`` would delay the trace by
128 samples.

Because the filters are linear, ``filter_matrix`` writes their combined
action as an (n_t, n_t) matrix H. The replica inverts the filtered kernel
H K (the filter also removes the zero-frequency part of K p, so T must map
filtered traces, not raw ones, to distances):

    p_hat = T H y,   T = (K_H^T K_H + alpha^2 L^T L)^{-1} K_H^T,   K_H = H K,

with L the second-difference operator (Tikhonov smoothness). The raw
estimate is clipped at zero and divided by its sum, giving a distribution
that sums to 1 like the ground truth; a trace whose estimate has no
positive entry gets the uniform distribution 1 / n_r.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage, signal

# Paper's filter specifications (normalised frequency, Nyquist = 1).
NOTCH = {"order": 256, "pass_edge": 0.008, "stop_edge": 0.001}
LOWPASS = {"order": 32, "pass_edge": 0.01, "stop_edge": 0.3}


def design_filters(
    notch_order=NOTCH["order"],
    notch_pass=NOTCH["pass_edge"],
    notch_stop=NOTCH["stop_edge"],
    lowpass_order=LOWPASS["order"],
    lowpass_pass=LOWPASS["pass_edge"],
    lowpass_stop=LOWPASS["stop_edge"],
    method="remez",
):
    """FIR taps of the notch (high-pass) and low-pass filters of PNAS Fig. 5.

    Parameters
    ----------
    notch_order : int
        High-pass filter order (even; taps = order + 1).
    notch_pass, notch_stop : float
        High-pass passband and stopband edges, normalised (Nyquist = 1),
        ``0 < notch_stop < notch_pass < 1``.
    lowpass_order : int
        Low-pass filter order (taps = order + 1).
    lowpass_pass, lowpass_stop : float
        Low-pass passband and stopband edges, ``0 < pass < stop < 1``.
    method : {"remez", "firls"}
        Equiripple (Parks-McClellan, MATLAB's default) or least squares; equal
        weights on both bands.

    Returns
    -------
    h_notch : numpy.ndarray, shape (notch_order + 1,)
    h_lowpass : numpy.ndarray, shape (lowpass_order + 1,)
        Symmetric (linear-phase) taps.
    """
    if notch_order % 2:
        raise ValueError(f"notch (high-pass) order must be even, got {notch_order}")
    if not 0 < notch_stop < notch_pass < 1:
        raise ValueError(f"need 0 < notch_stop < notch_pass < 1, got {notch_stop}, {notch_pass}")
    if not 0 < lowpass_pass < lowpass_stop < 1:
        raise ValueError(
            f"need 0 < lowpass_pass < lowpass_stop < 1, got {lowpass_pass}, {lowpass_stop}"
        )
    if lowpass_order < 1:
        raise ValueError(f"low-pass order must be >= 1, got {lowpass_order}")
    hp_bands = [0.0, notch_stop, notch_pass, 1.0]
    lp_bands = [0.0, lowpass_pass, lowpass_stop, 1.0]
    if method == "remez":
        h_notch = signal.remez(notch_order + 1, hp_bands, [0.0, 1.0], fs=2.0, maxiter=200)
        h_low = signal.remez(lowpass_order + 1, lp_bands, [1.0, 0.0], fs=2.0, maxiter=200)
    elif method == "firls":
        n_low = lowpass_order + 1 + (lowpass_order % 2 == 1)  # firls needs odd length
        h_notch = signal.firls(notch_order + 1, hp_bands, [0.0, 0.0, 1.0, 1.0], fs=2.0)
        h_low = signal.firls(n_low, lp_bands, [1.0, 1.0, 0.0, 0.0], fs=2.0)
    else:
        raise ValueError(f"method must be 'remez' or 'firls', got {method!r}")
    return h_notch, h_low


def apply_filters(traces, h_notch, h_lowpass, mode="mirror"):
    """Low-pass then notch-filter traces, zero-phase, all at once.

    Parameters
    ----------
    traces : array_like, shape (N, n_t) or (n_t,)
    h_notch, h_lowpass : numpy.ndarray
        Symmetric FIR taps from :func:`design_filters` (odd length).
    mode : str
        Boundary extension of ``scipy.ndimage.convolve1d`` ("mirror": even
        continuation about the first and last samples).

    Returns
    -------
    numpy.ndarray, same shape as ``traces``
        Filtered traces.
    """
    x = np.asarray(traces, dtype=np.float64)
    for h in (h_lowpass, h_notch):
        if h.size % 2 == 0:
            raise ValueError("zero-phase filtering needs odd-length (centred) taps")
        # convolve1d correlates with the reversed taps = convolution; symmetric anyway.
        x = ndimage.convolve1d(x, h, axis=-1, mode=mode)
    return x


def filter_matrix(n_t, h_notch, h_lowpass, mode="mirror"):
    """The combined filters as a matrix: ``apply_filters(y) == y @ H.T``.

    Parameters
    ----------
    n_t : int
    h_notch, h_lowpass : numpy.ndarray
    mode : str

    Returns
    -------
    H : numpy.ndarray, shape (n_t, n_t)
    """
    # Filtering each unit vector gives the columns of H (rows of H.T).
    return apply_filters(np.eye(n_t), h_notch, h_lowpass, mode).T


def second_difference(n):
    """Second-difference operator, the Tikhonov smoothness penalty.

    Parameters
    ----------
    n : int

    Returns
    -------
    L : numpy.ndarray, shape (n - 2, n)
        Rows (1, -2, 1) on consecutive entries.
    """
    if n < 3:
        raise ValueError(f"need n >= 3, got {n}")
    L = np.zeros((n - 2, n))
    i = np.arange(n - 2)
    L[i, i], L[i, i + 1], L[i, i + 2] = 1.0, -2.0, 1.0
    return L


def pseudoinverse(K, alpha, L=None):
    """Tikhonov-regularised pseudoinverse T = (K^T K + alpha^2 L^T L)^{-1} K^T.

    Computed as the first n_t columns of the Moore-Penrose pseudoinverse of
    the stacked matrix [K; alpha L] (SVD-based), which equals the formula
    above whenever the stacked matrix has full column rank, and avoids
    forming K^T K (it squares the condition number).

    Parameters
    ----------
    K : numpy.ndarray, shape (n_t, n_r)
    alpha : float
        Regularisation parameter (>= 0); the penalty is alpha^2 ||L p||^2.
    L : numpy.ndarray, shape (m, n_r), optional
        Penalty operator; ``None`` is the identity (ridge regression), so
        ``alpha = 0`` gives ``pinv(K)``.

    Returns
    -------
    T : numpy.ndarray, shape (n_r, n_t)
        ``p_hat = T @ y`` minimises ||K p - y||^2 + alpha^2 ||L p||^2.
    """
    K = np.asarray(K, dtype=np.float64)
    if not alpha >= 0:
        raise ValueError(f"alpha must be >= 0, got {alpha}")
    n_t, n_r = K.shape
    L = np.eye(n_r) if L is None else np.asarray(L, dtype=np.float64)
    if L.shape[1] != n_r:
        raise ValueError(f"L must have {n_r} columns, got shape {L.shape}")
    A = np.vstack([K, alpha * L])  # (n_t + m, n_r)
    return np.linalg.pinv(A)[:, :n_t]  # (n_r, n_t)


def normalise(p_raw):
    """Clip at zero and scale each row to sum 1 (uniform if nothing is positive).

    Parameters
    ----------
    p_raw : numpy.ndarray, shape (N, n_r)

    Returns
    -------
    numpy.ndarray, shape (N, n_r)
    """
    p = np.clip(np.asarray(p_raw, dtype=np.float64), 0.0, None)
    s = p.sum(axis=-1, keepdims=True)
    n_r = p.shape[-1]
    return np.where(s > 0, p / np.where(s > 0, s, 1.0), 1.0 / n_r)


def _penalty(L, n_r):
    if isinstance(L, str):
        if L != "second":
            raise ValueError(f"L must be 'second', None or an array, got {L!r}")
        return second_difference(n_r)
    return L


def replica_matrix(K, alpha, L="second", filters=None, mode="mirror", H=None):
    """The replica's whole linear map M = T H from traces to raw distributions.

    Parameters
    ----------
    K : numpy.ndarray, shape (n_t, n_r)
        Kernel (no dr weighting).
    alpha : float
        Regularisation parameter of :func:`pseudoinverse`.
    L : "second", None or numpy.ndarray
        Penalty: ``"second"`` is :func:`second_difference`, ``None`` identity.
    filters : (h_notch, h_lowpass) or None
        Taps; ``None`` uses :func:`design_filters` defaults.
    mode : str
        Boundary mode of :func:`apply_filters`.
    H : numpy.ndarray, shape (n_t, n_t), optional
        Precomputed :func:`filter_matrix` (then ``filters`` and ``mode`` are unused).

    Returns
    -------
    M : numpy.ndarray, shape (n_r, n_t)
        Raw (unnormalised, signed) estimate of p is ``M @ y``.
    """
    n_t, n_r = K.shape
    if H is None:
        h_notch, h_low = design_filters() if filters is None else filters
        H = filter_matrix(n_t, h_notch, h_low, mode)  # (n_t, n_t)
    T = pseudoinverse(H @ K, alpha, _penalty(L, n_r))  # (n_r, n_t)
    return T @ H


def dsp_replica(traces, K, alpha, L="second", filters=None, mode="mirror"):
    """Distance distributions from traces with the PNAS DSP replica.

    Parameters
    ----------
    traces : array_like, shape (N, n_t)
        Network inputs (either regime, any scaling: the output is normalised).
    K : numpy.ndarray, shape (n_t, n_r)
    alpha : float
        Regularisation parameter (see :func:`select_alpha`).
    L, filters, mode
        As in :func:`replica_matrix`.

    Returns
    -------
    numpy.ndarray, shape (N, n_r)
        Non-negative estimates, each summing to 1 (see :func:`normalise`).
    """
    M = replica_matrix(K, alpha, L, filters, mode)  # (n_r, n_t)
    y = np.atleast_2d(np.asarray(traces, dtype=np.float64))
    return normalise(y @ M.T)  # (N, n_r)


def relative_error(p_hat, p):
    """Per-trace relative L2 error ||p_hat - p||_2 / ||p||_2.

    Parameters
    ----------
    p_hat, p : array_like, shape (N, n_r)

    Returns
    -------
    numpy.ndarray, shape (N,)
    """
    p_hat = np.atleast_2d(np.asarray(p_hat, dtype=np.float64))
    p = np.atleast_2d(np.asarray(p, dtype=np.float64))
    return np.linalg.norm(p_hat - p, axis=-1) / np.linalg.norm(p, axis=-1)


def select_alpha(traces, p, K, alphas=None, L="second", filters=None, mode="mirror"):
    """Regularisation parameter of the replica with the least mean error.

    Meant for training or validation data, where p is known: the replica is
    then tuned on the same information the network learns from, and
    evaluated elsewhere.

    Parameters
    ----------
    traces : array_like, shape (N, n_t)
    p : array_like, shape (N, n_r)
        True distributions.
    K : numpy.ndarray, shape (n_t, n_r)
    alphas : array_like or None
        Candidates; ``None`` is ``logspace(-1, 5, 25)`` (the optimum measured
        on the default grids is ~1e2-1e3 for sule and ~1e3-1e4 for pnas data
        at SNR 10-30; the kernel has no dr weighting, so alpha is large).
    L, filters, mode
        As in :func:`replica_matrix`.

    Returns
    -------
    best : float
        The candidate with the smallest mean relative error.
    errors : numpy.ndarray, shape (len(alphas),)
        Mean relative error of each candidate.
    """
    alphas = np.logspace(-1, 5, 25) if alphas is None else np.asarray(alphas, dtype=np.float64)
    K = np.asarray(K, dtype=np.float64)
    y = np.atleast_2d(np.asarray(traces, dtype=np.float64))
    h_notch, h_low = design_filters() if filters is None else filters
    H = filter_matrix(K.shape[0], h_notch, h_low, mode)  # (n_t, n_t), built once
    errors = np.array(
        [relative_error(normalise(y @ replica_matrix(K, a, L, H=H).T), p).mean() for a in alphas]
    )
    return float(alphas[int(np.argmin(errors))]), errors
