"""Numerical checks of the descrambling theorems of Sule, Spencer & Czaja.

Each function measures one statement of the paper on a given (or random)
weight matrix, with a seeded :class:`numpy.random.Generator` passed in:

* :func:`theorem1_convergence` -- Theorem 1: probed with isotropic Gaussian
  data, the smoothness descrambler of a linear first layer tends to
  ``T_r U^T``, so the left singular vectors of ``P W`` tend to the
  trigonometric basis ``T_r`` as the probe size ``N`` grows (and equal it in
  the large-data limit ``X X^T / N = I``).
* :func:`theorem2_snr_sweep` -- Theorem 2: with probes ``s(z) + sigma xi``,
  ``||U_hat(sigma) - T_r||_F = O(sigma^-2) = O(snr^2)`` as ``snr -> 0``.
* :func:`theorem2_limit` -- Theorem 2 in its own limit: the sampled-probe
  distance at several ``N`` extrapolated to ``N -> infinity`` per SNR.
* :func:`corollary1_circulant` -- Corollary 1: a stride-1 circular
  convolution layer is left unchanged by descrambling. The proof needs the
  filter's spectrum to decrease with frequency; a high-pass filter is
  descrambled by a frequency-reversing ``P``.
* :func:`mds_agreement` -- the MDS proposition: ``argmax tr(P W) = V U^T``,
  against the anchors' iterative (Cayley + L-BFGS) optimiser.
* :func:`descrambling_claims` -- claim rows from the results above.

Throughout, the smoothness operator is the periodic Fourier second
derivative ``D`` on the layer dimension, the criterion ``tr(A P B P^T)`` with
``A = D^T D`` and ``B`` the probe Gram matrix of the layer's outputs, solved in
closed form by :func:`descramble.descramblers.exact`. Cos/sin pairs of the
trigonometric basis share an eigenvalue of ``A``, so distances to ``T_r``
are measured after the best rotation inside each pair
(:func:`descramble.theory.subspace_distance_to_trig`).

Modules
-------
common
    :func:`gaussian_probe_gram`, :func:`trig_distance` and private helpers.
theorem1, theorem2, corollary1, mds
    One statement each, with its result class.
claims
    :func:`descrambling_claims`, :data:`CLAIM_COLUMNS`.
"""

from __future__ import annotations

from .claims import CLAIM_COLUMNS, descrambling_claims
from .common import gaussian_probe_gram, trig_distance
from .corollary1 import Corollary1Result, corollary1_circulant
from .mds import MDSResult, mds_agreement
from .theorem1 import Theorem1Result, theorem1_convergence
from .theorem2 import Theorem2Limit, Theorem2Result, theorem2_limit, theorem2_snr_sweep

__all__ = [
    "CLAIM_COLUMNS",
    "Corollary1Result",
    "MDSResult",
    "Theorem1Result",
    "Theorem2Limit",
    "Theorem2Result",
    "corollary1_circulant",
    "descrambling_claims",
    "gaussian_probe_gram",
    "mds_agreement",
    "theorem1_convergence",
    "theorem2_limit",
    "theorem2_snr_sweep",
    "trig_distance",
]
