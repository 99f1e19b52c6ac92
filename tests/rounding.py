"""Tolerances for comparing two floating-point computations of one quantity.

BLAS picks its kernels per processor, so a sum of ``m`` products computed two
ways (or on two CPUs) agrees only to about ``m eps`` of the size of its terms,
not to a relative tolerance of each entry: an off-diagonal entry that is small
by cancellation has a huge *relative* error with perfectly good arithmetic.
Compare such results entry by entry against the size of the terms instead.
"""

import numpy as np

EPS = np.finfo(float).eps


def assert_close_to_rounding(actual, expected, n_terms, scale=None, factor=4.0):
    """Assert ``|actual - expected| <= factor * n_terms * eps * scale`` everywhere.

    Parameters
    ----------
    actual, expected : array_like
    n_terms : int
        How many products each entry sums (the inner dimension).
    scale : float, optional
        Size of the terms; default ``max |expected|`` (an upper bound on
        ``|x| . |y|`` for Gram-like products up to a small factor).
    factor : float
        Headroom over the textbook bound ``n eps |x| . |y|``.
    """
    actual, expected = np.asarray(actual, dtype=float), np.asarray(expected, dtype=float)
    if scale is None:
        scale = float(np.abs(expected).max(initial=0.0))
    tol = factor * n_terms * EPS * scale
    err = float(np.abs(actual - expected).max(initial=0.0))
    assert err <= tol, f"max |difference| {err:.3g} above the rounding allowance {tol:.3g}"
