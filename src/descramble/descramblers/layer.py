"""One-call exact smoothness descrambling of a linear layer."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .closed_form import ExactResult, exact
from .grams import smoothness_grams

__all__ = ["LayerResult", "descramble_layer"]


@dataclass
class LayerResult(ExactResult):
    """:class:`ExactResult` plus the descrambled layer.

    Attributes
    ----------
    descrambled_weight : ndarray, shape (n, d)
        ``P @ W``.
    descrambled_bias : ndarray, shape (n,) or None
        ``P @ b``.
    A, B : ndarray, shape (n, n)
        The criterion's Gram matrices.
    """

    descrambled_weight: np.ndarray | None = None
    descrambled_bias: np.ndarray | None = None
    A: np.ndarray | None = None
    B: np.ndarray | None = None


def descramble_layer(W, X, D, bias=None, normalise=True, so=False):
    """Exact smoothness descrambling of a linear layer: the one-call notebook helper.

    For a bare weight matrix and its probe inputs. The pipeline's
    ``descramble_layer`` rule does not call it: it runs
    :func:`descramble.descramblers.job.descramble_job` on a layer of a trained
    network (any criterion, probe and solver).

    Parameters
    ----------
    W : array_like, shape (n, d)
        Weight matrix of the wiretapped layer.
    X : array_like, shape (d, N)
        Probe inputs to the layer.
    D : array_like, shape (m, n)
        Derivative operator on the layer dimension.
    bias : array_like, shape (n,), optional
        Included in the signals ``Z = W X + b``, as in the anchors' code.
    normalise : bool
        Anchors' normalisation of both Gram matrices.
    so : bool
        Return ``P`` in SO(n) (see :func:`exact`).

    Returns
    -------
    LayerResult
    """
    W = np.asarray(W, dtype=float)
    Z = W @ np.asarray(X, dtype=float)  # (n, N)
    if bias is not None:
        bias = np.asarray(bias, dtype=float)
        Z = Z + bias[:, None]
    A, B = smoothness_grams(D, Z, normalise=normalise)
    r = exact(A, B, so=so)
    return LayerResult(
        **vars(r),
        descrambled_weight=r.P @ W,
        descrambled_bias=None if bias is None else r.P @ bias,
        A=A,
        B=B,
    )
