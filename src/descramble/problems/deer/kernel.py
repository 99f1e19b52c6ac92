"""The DEER dipolar kernel in closed form, and the DEERNet time/distance grids.

A pair of electron spins at distance r precesses, for a fixed orientation
theta of the inter-spin vector to the field, at the dipolar frequency
omega (1 - 3 cos^2 theta) with omega = 2 pi * dipolar / r^exponent (rad/us
when ``dipolar`` is in MHz nm^3 and r in nm). The powder average over
z = cos(theta), uniform on [0, 1], is

    gamma(r, t) = int_0^1 cos[omega t (1 - 3 z^2)] dz.

Writing a = omega |t| and x = sqrt(6 a / pi), the substitution
3 a z^2 = (pi / 2) u^2 turns the integral into Fresnel integrals:

    gamma = sqrt(pi / (6 a)) [cos(a) C(x) + sin(a) S(x)],   gamma(r, 0) = 1.

The kernel carries no quadrature weight dr: ``K @ p`` with ``p.sum() == 1``
is the form factor, equal to 1 at t = 0.
"""

from __future__ import annotations

import numpy as np
from scipy.special import fresnel

# Dipolar constant mu0 g^2 muB^2 / (4 pi h) for two free electrons, MHz nm^3
# (REFERENCE.md; DEERNet derives the same value from CODATA constants).
DIPOLAR = 52.04

# Below this phase a = omega t the closed form becomes 0/0-prone (a = 0 exactly);
# the Taylor series 1 - (2/5) a^2 + (2/35) a^4 is used instead, its first
# omitted term (~5e-3 a^6) being below 1e-20 there.
_SMALL_PHASE = 1e-3


def gamma(phase):
    """Powder-averaged dipolar trace as a function of the dipolar phase.

    Parameters
    ----------
    phase : array_like
        a = omega * t (radians), any shape; the trace is even in a.

    Returns
    -------
    numpy.ndarray
        gamma(a) = int_0^1 cos[a (1 - 3 z^2)] dz, same shape as ``phase``, float64.
    """
    a = np.abs(np.asarray(phase, dtype=np.float64))
    out = np.empty_like(a)
    small = a < _SMALL_PHASE
    a_s = a[small]
    # Series of int_0^1 cos(a (1 - 3 z^2)) dz: the moments int_0^1 (1-3z^2)^2 dz
    # = 4/5 and int_0^1 (1-3z^2)^4 dz = 48/35 give 1 - (2/5) a^2 + (2/35) a^4.
    out[small] = 1.0 - 0.4 * a_s**2 + (2.0 / 35.0) * a_s**4
    a_l = a[~small]
    x = np.sqrt(6.0 * a_l / np.pi)
    s, c = fresnel(x)  # scipy returns (S, C)
    out[~small] = np.sqrt(np.pi / (6.0 * a_l)) * (np.cos(a_l) * c + np.sin(a_l) * s)
    return out


def dipolar_frequency(r, exponent=3, dipolar=DIPOLAR):
    """Angular dipolar frequency omega = 2 pi * dipolar / r^exponent.

    Parameters
    ----------
    r : array_like
        Distances, nm.
    exponent : float
        3 for the physical dipolar law; 4 is the "quartic" variant of Sule et al.
    dipolar : float
        Dipolar constant, MHz nm^exponent.

    Returns
    -------
    numpy.ndarray
        omega in rad/us, same shape as ``r``.
    """
    r = np.asarray(r, dtype=np.float64)
    if np.any(r <= 0):
        raise ValueError("distances r must be positive (nm)")
    return 2.0 * np.pi * dipolar / r**exponent


def kernel(t, r, exponent=3, dipolar=DIPOLAR):
    """DEER kernel matrix K[i, j] = gamma(r_j, t_i), without dr weighting.

    Parameters
    ----------
    t : array_like, shape (n_t,)
        Times, microseconds (negative times give the mirror image).
    r : array_like, shape (n_r,)
        Distances, nanometres (positive).
    exponent : float
        Power of r in the dipolar frequency (3 physical, 4 quartic variant).
    dipolar : float
        Dipolar constant in MHz nm^exponent (52.04 for two free electrons).

    Returns
    -------
    numpy.ndarray, shape (n_t, n_r), float64
        ``K @ p`` for ``p`` summing to 1 equals 1 at t = 0.
    """
    t = np.asarray(t, dtype=np.float64).ravel()
    r = np.asarray(r, dtype=np.float64).ravel()
    if exponent <= 0:
        raise ValueError(f"exponent must be positive, got {exponent}")
    if dipolar <= 0:
        raise ValueError(f"dipolar constant must be positive, got {dipolar}")
    omega = dipolar_frequency(r, exponent, dipolar)  # (n_r,) rad/us
    return gamma(np.outer(t, omega))  # (n_t, n_r)


def distance_range(t_max, n_t, dipolar=DIPOLAR):
    """Distance range a uniform DEER time grid supports (DEERNet's rule).

    The longest distance needs half a dipolar period within ``t_max``; the
    shortest needs four samples per dipolar period (the Pake pattern's edge
    sits at twice the dipolar frequency, which then reaches Nyquist).

    Parameters
    ----------
    t_max : float
        Trace length, us (the grid starts at 0).
    n_t : int
        Number of time points.
    dipolar : float
        Dipolar constant, MHz nm^3.

    Returns
    -------
    (float, float)
        r_min = (4 dipolar dt)^(1/3), r_max = (2 dipolar t_max)^(1/3), nm.
    """
    if t_max <= 0 or n_t < 2:
        raise ValueError("need t_max > 0 and n_t >= 2")
    dt = t_max / (n_t - 1)
    return (4.0 * dipolar * dt) ** (1.0 / 3.0), (2.0 * dipolar * t_max) ** (1.0 / 3.0)


def grids(n_t=256, t_max=2.0, n_r=256, r_min=None, r_max=None, dipolar=DIPOLAR):
    """DEERNet time and distance grids.

    Parameters
    ----------
    n_t : int
        Time points, ``t = linspace(0, t_max, n_t)``.
    t_max : float
        Trace length, us.
    n_r : int
        Distance points, ``r = linspace(r_min, r_max, n_r)``.
    r_min, r_max : float or None
        Distance range, nm; ``None`` takes :func:`distance_range` (about
        1.18 and 5.93 nm for the defaults). The rule uses the cubic law even
        for the quartic kernel, so both kernels share one distance grid.
    dipolar : float
        Dipolar constant used by the range rule, MHz nm^3.

    Returns
    -------
    t : numpy.ndarray, shape (n_t,)
    r : numpy.ndarray, shape (n_r,)
    """
    if n_r < 2:
        raise ValueError(f"n_r must be >= 2, got {n_r}")
    lo, hi = distance_range(t_max, n_t, dipolar)
    r_min = lo if r_min is None else float(r_min)
    r_max = hi if r_max is None else float(r_max)
    if not 0 < r_min < r_max:
        raise ValueError(f"need 0 < r_min < r_max, got {r_min}, {r_max}")
    return np.linspace(0.0, t_max, n_t), np.linspace(r_min, r_max, n_r)
