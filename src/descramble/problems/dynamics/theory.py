"""Closed-form mode trajectories: Saxe et al. for the FCNN, Pinson et al. for the CNN.

With decoupled modes and a balanced, aligned start, gradient flow on the
sample-averaged loss gives, for each mode strength (effective singular value)
A_alpha, the logistic equation dA/dt = (2 / tau_alpha) A (s_alpha - A), solved
by Saxe's sigmoid

    A(t) = s e^{2 s t / tau} / (e^{2 s t / tau} - 1 + s / A0),

t in gradient steps. FCNN: tau = 1 / lr. CNN (Pinson eq. 22, derived for one
full-size circular kernel): tau_alpha = 1 / (lr n gamma_alpha), where n^2 = N
is the number of pixels and gamma_alpha = max_f |(Q v_alpha)_f| is the
largest vec-2D DFT coefficient of the right singular vector: n is the
kernel's speed-up, gamma_alpha <= 1 the delay from the mismatch between a
real singular vector and the complex Fourier basis (1/sqrt(2) for a cosine,
1 for the constant image and Nyquist-only images). For pure cosines this is
exact; for sums of cosines it is the dominant-frequency approximation (only
the dominant frequency grows); for shapes a rough guide only.
"""

from __future__ import annotations

import numpy as np


def saxe_trajectory(t, s, a0, tau):
    """Saxe's sigmoid A(t) for one mode.

    Parameters
    ----------
    t : array_like
        Time in gradient steps.
    s : float
        Singular value (the saturation value), > 0.
    a0 : float
        A(0), 0 < a0 < s.
    tau : float
        Time constant in steps (1 / effective learning rate).

    Returns
    -------
    ndarray
        A(t), same shape as ``t``.
    """
    t = np.asarray(t, dtype=float)
    # s e^x / (e^x - 1 + s/a0) = s / (1 + (s/a0 - 1) e^-x): no overflow for large t
    return s / (1.0 + (s / a0 - 1.0) * np.exp(-2.0 * s * t / tau))


def speed_factors(net, gamma, n):
    """Effective learning rate of each mode relative to ``lr``: 1 (FCNN) or n gamma (CNN).

    Parameters
    ----------
    net : {"fcnn", "cnn"}
    gamma : ndarray, shape (p,)
        Largest |vec-2D DFT| coefficient of each right singular vector.
    n : int

    Returns
    -------
    ndarray, shape (p,)
    """
    return np.ones_like(gamma) if net == "fcnn" else n * np.asarray(gamma)


def predict_modes(net, s, gamma, n, lr, steps, a0):
    """Theoretical mode strengths on the step grid 0..steps.

    Parameters
    ----------
    net : {"fcnn", "cnn"}
    s, gamma, a0 : ndarray, shape (p,)
        Singular values, dominant vec-2D DFT coefficients, initial strengths.
    n : int
    lr : float
    steps : int

    Returns
    -------
    ndarray, shape (steps + 1, p)
    """
    tau = 1.0 / (lr * speed_factors(net, gamma, n))  # (p,)
    t = np.arange(steps + 1)[:, None]
    return saxe_trajectory(t, s[None], a0[None], tau[None])


def start_matched_a0(modes, s, lr_eff, level=0.1):
    """Initial strengths that put each theory curve through the simulation at ``level * s``.

    After a random start the modes first align (a delay the closed form does
    not model); matching the first crossing of ``level * s`` is a pure time
    shift of each sigmoid, leaving its shape and rate to be tested.

    Parameters
    ----------
    modes : ndarray, shape (T, p)
        Simulated strengths.
    s, lr_eff : ndarray, shape (p,)
        Singular values and effective learning rates (lr times speed factor).
    level : float

    Returns
    -------
    ndarray, shape (p,)
        NaN for a mode that never reaches ``level * s``.
    """
    out = np.full(len(s), np.nan)
    for a in range(len(s)):
        t = crossing(modes[:, a], level * s[a])
        if np.isfinite(t):
            out[a] = s[a] / (1.0 + (1.0 / level - 1.0) * np.exp(2.0 * s[a] * t * lr_eff[a]))
    return out


def crossing(x, level):
    """First (linearly interpolated) step at which ``x`` reaches ``level``; NaN if never.

    Parameters
    ----------
    x : ndarray, shape (T,)
    level : float

    Returns
    -------
    float
    """
    above = np.nonzero(x >= level)[0]
    if not len(above):
        return np.nan
    i = above[0]
    if i == 0:
        return 0.0
    return float(i - 1 + (level - x[i - 1]) / (x[i] - x[i - 1]))


def logistic_rate(x, s, lo=0.2, hi=0.8):
    """Measured effective learning rate of one mode: slope of logit(A/s) over 2 s.

    For Saxe's sigmoid ln(A / (s - A)) = 2 s t / tau - const, so a straight-line
    fit over the steps where lo*s <= A <= hi*s gives 1/tau exactly.

    Parameters
    ----------
    x : ndarray, shape (T,)
        Mode strength per step.
    s : float
    lo, hi : float
        Window as fractions of s.

    Returns
    -------
    float
        1 / tau in 1/steps; NaN if fewer than 3 steps lie in the window.
    """
    t = np.nonzero((x >= lo * s) & (x <= hi * s))[0]
    if len(t) < 3:
        return np.nan
    y = np.log(x[t] / (s - x[t]))
    return float(np.polyfit(t.astype(float), y, 1)[0] / (2.0 * s))


def predict_trajectories(st, n, models):
    """Theory on each model's step grid, from its measured or start-matched initial strengths.

    Parameters
    ----------
    st : dict
        Dataset structure (``s``, ``gamma``).
    n : int
    models : dict
        ``{net: {"modes": (T, p), "lr": float, "init": "aligned" | "random"}}``.

    Returns
    -------
    dict
        ``{net: {"modes": (T, p), "a0": (p,), "a0_source": str}}``: an aligned
        start uses the measured A(0); a random start the
        :func:`start_matched_a0` values.
    """
    out = {}
    for net, m in models.items():
        init = m["init"].decode() if isinstance(m["init"], bytes) else str(m["init"])
        modes, lr = m["modes"], float(m["lr"])
        steps = len(modes) - 1
        if init == "aligned":
            a0, source = modes[0].copy(), "measured A(0)"
        else:
            lr_eff = lr * speed_factors(net, st["gamma"], n)
            a0, source = start_matched_a0(modes, st["s"], lr_eff), "matched at A = 0.1 s"
        out[net] = {
            "modes": predict_modes(net, st["s"], st["gamma"], n, lr, steps, a0),
            "a0": a0,
            "a0_source": source,
        }
    return out
