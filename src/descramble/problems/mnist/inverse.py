"""Inverse maps: an input reconstructed from a layer's output, layer by layer.

One layer ``y = f(W x + b)`` with ``f`` SELU (strictly increasing, inverted
exactly by :func:`.selu.selu_inverse`) or the identity is inverted by
``x_hat = W^+ (f^{-1}(y) - b)``. Since ``f^{-1}(y) - b = W x`` lies in the
column space, ``x_hat = W^+ W x`` is the projection of ``x`` onto the row
(signal) space: exact when ``W`` has full column rank (a square or widening
full-rank layer), the signal part of ``x`` otherwise.

Through several layers the map is applied from the top down. A row-space
projection of a SELU output can leave SELU's range ``(-1.7581, inf)``;
such entries (only those) are raised to ``FLOOR * (1 - margin)`` (config
``clamp_margin``) before inverting, and counted, so a chain through narrowing layers is an
approximation, not a projection.
"""

from __future__ import annotations

import numpy as np

from .classifier import forward
from .selu import FLOOR, selu_inverse

CLAMP_MARGIN = 1e-6


def invert_layer(layer, y, rank_tol, margin=CLAMP_MARGIN):
    """Reconstruct a layer's input from its output.

    Parameters
    ----------
    layer : dict
        ``weight`` (m, n), ``bias`` (m,), ``activation`` ("selu" or "linear").
    y : ndarray, shape (N, m)
        The layer's output.
    rank_tol : float
        Relative cut-off of the pseudoinverse.
    margin : float
        SELU range margin (see :func:`.selu.selu_inverse`).

    Returns
    -------
    x_hat : ndarray, shape (N, n)
    clamped : int
        Entries of ``y`` outside SELU's range (raised to ``FLOOR * (1 - margin)``).
    """
    W = np.asarray(layer["weight"], dtype=np.float64)
    b = np.asarray(layer["bias"], dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    clamped = 0
    if layer["activation"] == "selu":
        clamped = int(np.sum(y <= FLOOR))
        a = selu_inverse(y, margin)
    else:
        a = y
    return (a - b) @ np.linalg.pinv(W, rtol=rank_tol).T, clamped


def invert_from(layers, y, k, rank_tol, margin=CLAMP_MARGIN):
    """Reconstruct the network input from the output of layer ``k``.

    Parameters
    ----------
    layers : list of dict
    y : ndarray, shape (N, m_k)
        Output of layer ``k`` (0-based).
    k : int
    rank_tol, margin : float

    Returns
    -------
    x_hat : ndarray, shape (N, n_0)
    clamped : int
        Entries raised into SELU's range along the way.
    """
    total = 0
    for j in range(k, -1, -1):
        y, c = invert_layer(layers[j], y, rank_tol, margin)
        total += c
    return y, total


def rel_error(a, b):
    """Relative L2 (Frobenius) error ``||a - b|| / ||b||`` over a set of rows."""
    return float(np.linalg.norm(a - b) / np.linalg.norm(b))


def analyze(layers, x, rank_tol, n_examples, margin=CLAMP_MARGIN):
    """Reconstruction errors of every layer's inverse map on a set of inputs.

    Parameters
    ----------
    layers : list of dict
    x : ndarray, shape (N, n_0)
    rank_tol : float
    n_examples : int
        Inputs whose reconstructions from every layer are kept.
    margin : float
        SELU range margin of the chained inverse (see :func:`.selu.selu_inverse`).

    Returns
    -------
    dict
        ``layers/{k}``: ``local`` (layer ``k`` inverted from its exact
        output: ``error_input`` against its input, ``error_projection``
        against the input's row-space projection), ``chain`` (network input
        reconstructed from layer ``k``'s output: ``error_input`` against
        ``x``, ``error_projection`` against ``x``'s projection onto the
        first layer's row space, the best any chain can do, ``clamped_fraction``
        of the entries inverted); ``examples/{k}`` (n_examples, n_0).
    """
    acts = forward(layers, x)
    W0 = np.asarray(layers[0]["weight"], dtype=np.float64)
    p0 = acts[0] @ W0.T @ np.linalg.pinv(W0, rtol=rank_tol).T  # (N, n_0) row-space part of x
    out = {"layers": {}, "examples": {}}
    for k, L in enumerate(layers):
        W = np.asarray(L["weight"], dtype=np.float64)
        xin = acts[k]
        proj = xin @ W.T @ np.linalg.pinv(W, rtol=rank_tol).T  # (N, n_k) row-space part
        local, _ = invert_layer(L, acts[k + 1], rank_tol, margin)
        chain, clamped = invert_from(layers, acts[k + 1], k, rank_tol, margin)
        n_inverted = sum(
            acts[j + 1].size for j in range(k + 1) if layers[j]["activation"] == "selu"
        )
        out["layers"][str(k)] = {
            "local": {"error_input": rel_error(local, xin),
                      "error_projection": rel_error(local, proj)},
            "chain": {"error_input": rel_error(chain, acts[0]),
                      "error_projection": rel_error(chain, p0),
                      "clamped_fraction": clamped / n_inverted if n_inverted else 0.0},
        }  # fmt: skip
        out["examples"][str(k)] = chain[:n_examples]
    return out
