"""The SELU activation and its exact inverse, in float64.

``selu(z) = LAMBDA * z`` for ``z > 0`` and ``LAMBDA * ALPHA * (exp(z) - 1)``
otherwise (Klambauer et al. 2017; torch's constants). It is strictly
increasing with range ``(-LAMBDA * ALPHA, inf)``, so it has an inverse there:
``y / LAMBDA`` for ``y > 0`` and ``log(1 + y / (LAMBDA * ALPHA))`` otherwise.
"""

from __future__ import annotations

import numpy as np

ALPHA = 1.6732632423543772848170429916717
LAMBDA = 1.0507009873554804934193349852946
FLOOR = -LAMBDA * ALPHA  # infimum of SELU's range, about -1.7581


def selu(z):
    """SELU of ``z`` (any shape), in float64."""
    z = np.asarray(z, dtype=np.float64)
    return LAMBDA * np.where(z > 0, z, ALPHA * np.expm1(np.minimum(z, 0.0)))


def selu_inverse(y, margin=0.0):
    """Exact inverse of :func:`selu`.

    Parameters
    ----------
    y : array_like
        Values in SELU's range ``(FLOOR, inf)``.
    margin : float
        With ``margin > 0``, values outside the range (at or below
        ``FLOOR``) are first raised to ``FLOOR * (1 - margin)`` (a
        reconstructed vector can leave the range: see :mod:`.inverse`);
        values inside the range are inverted exactly. With 0, values outside
        the range raise.

    Returns
    -------
    ndarray
        ``z`` with ``selu(z) == y`` (float64).

    Raises
    ------
    ValueError
        If ``margin == 0`` and some value lies outside SELU's range.
    """
    y = np.asarray(y, dtype=np.float64)
    if margin > 0:
        y = np.where(y <= FLOOR, FLOOR * (1.0 - margin), y)
    elif np.any(y <= FLOOR):
        raise ValueError(f"SELU inverse: {int(np.sum(y <= FLOOR))} values at or below {FLOOR:.6f}")
    neg = np.log1p(np.minimum(y, 0.0) / (LAMBDA * ALPHA))
    return np.where(y > 0, y / LAMBDA, neg)
