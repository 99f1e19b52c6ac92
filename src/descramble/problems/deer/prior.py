"""DEERNet-style prior over distance distributions: sums of a few Gaussians.

Each distribution has ``n`` peaks, n uniform on {n_min, ..., n_max}. Peak k
has centre r_min + (r_max - r_min) u and FWHM w_lo + (w_hi - w_lo) v with
w_lo = width_lo * centre and w_hi = width_hi * (r_max - r_min); u and v are
|U1 + U2 - 1| for independent uniforms, i.e. triangular on [0, 1] with
density 2 (1 - u), biasing centres to short distances and peaks to narrow
ones (the DEERNet generator's choice). Each peak is a normalised Gaussian
density times an amplitude uniform on (0, 1]; the sum is sampled on the grid
and divided by its sum, so every distribution sums to 1 on the grid.
"""

from __future__ import annotations

import numpy as np

# FWHM = this factor * standard deviation for a Gaussian.
_FWHM_PER_SIGMA = 2.0 * np.sqrt(2.0 * np.log(2.0))

# Elements of the per-chunk (rows, peaks, n_r) array of peak densities.
_CHUNK_ELEMENTS = 1 << 23


def _triangular(rng, size):
    """|U1 + U2 - 1| for independent U(0, 1): density 2 (1 - u) on [0, 1]."""
    return np.abs(rng.random(size) + rng.random(size) - 1.0)


def draw_mixtures(r, n, rng, n_gauss=(1, 4), width=(0.025, 0.5)):
    """Draw the peaks of ``n`` distance distributions from the DEERNet-style prior.

    Parameters
    ----------
    r : array_like, shape (n_r,)
        Uniform distance grid, nm.
    n : int
        Number of distributions.
    rng : numpy.random.Generator
        Source of randomness (never the global state).
    n_gauss : (int, int)
        Inclusive range of the number of Gaussian peaks per distribution.
    width : (float, float)
        FWHM range: lower end as a fraction of the peak's centre, upper end as
        a fraction of the distance range ``r[-1] - r[0]``.

    Returns
    -------
    dict of numpy.ndarray
        ``n_gauss`` (n,) int peak counts; ``centre``, ``fwhm``, ``amplitude``
        (n, n_gauss_max) per-peak values, NaN for unused peak slots. These
        fix the distributions: :func:`mixture_density` evaluates them.
    """
    r = np.asarray(r, dtype=np.float64).ravel()
    lo_n, hi_n = int(n_gauss[0]), int(n_gauss[1])
    if not 1 <= lo_n <= hi_n:
        raise ValueError(f"n_gauss range must satisfy 1 <= lo <= hi, got {n_gauss}")
    w_lo, w_hi = float(width[0]), float(width[1])
    if not (w_lo > 0 and w_hi > 0):
        raise ValueError(f"width fractions must be positive, got {width}")
    r_min, r_max = r[0], r[-1]
    span = r_max - r_min
    if not span > 0:
        raise ValueError("distance grid must be increasing")
    if w_lo * r_max > w_hi * span:
        # The narrowest allowed peak at the longest distance would be wider than
        # the widest allowed peak: the two ends of the width range cross.
        raise ValueError(
            f"width range {width} is inconsistent on r in [{r_min:.3g}, {r_max:.3g}] nm: "
            f"{w_lo} * r_max exceeds {w_hi} * (r_max - r_min)"
        )

    counts = rng.integers(lo_n, hi_n + 1, size=n)  # (n,)
    k_max = hi_n
    used = np.arange(k_max)[None, :] < counts[:, None]  # (n, k_max)
    centre = r_min + span * _triangular(rng, (n, k_max))  # (n, k_max)
    fwhm_lo = w_lo * centre
    fwhm = fwhm_lo + (w_hi * span - fwhm_lo) * _triangular(rng, (n, k_max))  # (n, k_max)
    amp = 1.0 - rng.random((n, k_max))  # (n, k_max), in (0, 1]: never all-zero
    nan = np.nan
    return {
        "n_gauss": counts,
        "centre": np.where(used, centre, nan),
        "fwhm": np.where(used, fwhm, nan),
        "amplitude": np.where(used, amp, nan),
    }


def mixture_density(r, params, start=0, stop=None):
    """Rows ``start:stop`` of the distributions that ``params`` (:func:`draw_mixtures`) fix.

    Parameters
    ----------
    r : array_like, shape (n_r,)
    params : dict
        ``centre``, ``fwhm``, ``amplitude`` (n, n_gauss_max), NaN in unused slots.
    start, stop : int
        Row range (``stop`` None: to the end).

    Returns
    -------
    numpy.ndarray, shape (stop - start, n_r)
        Each row sums to 1 on the grid. A row depends only on its own peaks,
        so any row range gives the same bytes as the whole.
    """
    r = np.asarray(r, dtype=np.float64).ravel()
    rows = slice(start, stop)
    amp = np.asarray(params["amplitude"], dtype=float)[rows]  # (m, k_max)
    used = np.isfinite(amp)
    # Unused slots get a finite stand-in peak with amplitude 0: it adds exactly +0.
    amp = np.where(used, amp, 0.0)
    centre = np.where(used, np.asarray(params["centre"], dtype=float)[rows], r[0])
    sd = np.where(used, np.asarray(params["fwhm"], dtype=float)[rows], 1.0) / _FWHM_PER_SIGMA
    m, k_max = amp.shape
    p = np.empty((m, r.size))
    # Chunked to bound the (rows, k_max, n_r) temporary at ~64 MiB.
    step = max(1, _CHUNK_ELEMENTS // (k_max * r.size))
    for a in range(0, m, step):
        b = min(m, a + step)
        z = (r[None, None, :] - centre[a:b, :, None]) / sd[a:b, :, None]  # (rows, k_max, n_r)
        dens = np.exp(-0.5 * z**2) / (np.sqrt(2.0 * np.pi) * sd[a:b, :, None])
        p[a:b] = np.einsum("nk,nkr->nr", amp[a:b], dens)  # (rows, n_r)
    p /= p.sum(axis=1, keepdims=True)
    return p


def gaussian_mixtures(r, n, rng, n_gauss=(1, 4), width=(0.025, 0.5)):
    """Draw ``n`` distance distributions from the DEERNet-style prior.

    :func:`draw_mixtures` then :func:`mixture_density`; the parameters are
    those of :func:`draw_mixtures`.

    Returns
    -------
    p : numpy.ndarray, shape (n, n_r)
        Non-negative distributions, each summing to 1 over the grid.
    params : dict of numpy.ndarray
        The peaks (:func:`draw_mixtures`).
    """
    params = draw_mixtures(r, n, rng, n_gauss, width)
    return mixture_density(r, params), params
