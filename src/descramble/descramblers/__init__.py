"""Descramblers: orthogonal P that make a wiretapped layer's signals smooth.

The smoothness criterion of Amey et al. (PNAS 2021) is

    eta(P) = ||D P Z||_F^2 = tr(A P B P^T),   A = D^T D,  B = Z Z^T,

minimised over orthogonal ``P`` (``Z`` holds the layer's pre-activations,
one column per probe input). Two solvers are provided:

* :func:`exact` -- closed form by von Neumann's trace inequality: pair the
  eigenvectors of ``A`` (ascending) with those of ``B`` (descending). This is
  the ``P = T U^T`` of Sule, Spencer & Czaja (Theorem 1) for any ``A, B``.
* :func:`iterative` -- the anchors' algorithm: Cayley parameterisation
  ``P = (I + Q)^{-1} (I - Q)``, ``Q`` antisymmetric, started at ``Q = 0`` and
  optimised by L-BFGS (here torch autograd + ``torch.optim.LBFGS``). It takes
  any differentiable criterion, e.g. :func:`l1_criterion`.

Also: :func:`mds` (max diagonal sum, ``argmax tr(P W)``), the data helpers
:func:`gram_stacked`, :func:`smoothness_grams`, :func:`jacobian_probe` (Sule
eq. 10) and the one-call :func:`descramble_layer`.

Modules
-------
(named apart from the functions they hold, which the package re-exports under
the same names as the former single module: a submodule ``exact`` would be
shadowed by the function ``exact`` on the package)

grams
    :func:`gram_stacked`, :func:`smoothness_grams` (data -> ``A``, ``B``).
closed_form
    :func:`exact`, :func:`von_neumann_bound`, :class:`ExactResult`, the certificate
    (:func:`certified`, :func:`certificate_allowance`).
max_diagonal
    :func:`mds`.
cayley_lbfgs
    :func:`iterative`, :func:`cayley`, the criteria and :class:`IterativeResult`.
jacobian
    :func:`jacobian_probe`, :class:`JacobianProbe`.
layer
    :func:`descramble_layer`, :class:`LayerResult` (a notebook helper).
job
    :func:`~descramble.descramblers.job.descramble_job`: a layer of a trained
    network, a criterion, a probe -- what the ``descramble_layer`` rule runs
    (not re-exported: it loads torch and the model code).
"""

from __future__ import annotations

# ``_normalise`` (used by descramble.descramblers.job) and ``cayley`` stay importable from
# here, as from the former single module; the redundant aliases mark them re-exported.
from .cayley_lbfgs import (
    IterativeResult,
    L1Criterion,
    QuadraticCriterion,
    iterative,
    l1_criterion,
    smoothness_criterion,
)
from .cayley_lbfgs import cayley as cayley
from .closed_form import ExactResult, certificate_allowance, certified, exact, von_neumann_bound
from .grams import _normalise as _normalise
from .grams import gram_stacked, smoothness_grams
from .jacobian import JacobianProbe, jacobian_probe
from .layer import LayerResult, descramble_layer
from .max_diagonal import mds

__all__ = [
    "ExactResult",
    "IterativeResult",
    "JacobianProbe",
    "LayerResult",
    "L1Criterion",
    "QuadraticCriterion",
    "certificate_allowance",
    "certified",
    "descramble_layer",
    "exact",
    "gram_stacked",
    "iterative",
    "jacobian_probe",
    "l1_criterion",
    "mds",
    "smoothness_criterion",
    "smoothness_grams",
    "von_neumann_bound",
]
