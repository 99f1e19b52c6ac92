"""One descrambling job: a layer of a trained network, a criterion, a probe.

What the ``descramble_layer`` rule (and every analysis that descrambles a
trained network) runs; :func:`descramble.descramblers.descramble_layer` is the
one-call helper for a bare weight matrix.
"""

from __future__ import annotations

import time

import numpy as np
import torch

from ..models import ACTIVATIONS
from ..operators import finite_difference, fourier_operator_eig, fourier_second_derivative
from ..probes import forward_to, layer_signals, post_activation
from .cayley_lbfgs import iterative, smoothness_criterion
from .closed_form import exact
from .grams import _normalise, gram_stacked, smoothness_grams
from .jacobian import jacobian_probe

CRITERIA = (
    "fourier", "fd2", "fourier_iter", "fourier_jac", "fourier_jac_offset", "fourier_stacked",
    "fourier_post", "fourier_jac_offset_post",
)  # fmt: skip


def operator(criterion, n):
    """The derivative operator D (rows x n) of a smoothness criterion."""
    if criterion.startswith("fourier"):
        return fourier_second_derivative(n)  # (n, n), periodic: the anchors' choice
    if criterion == "fd2":
        return finite_difference(n, 2)  # (n - 2, n)
    raise ValueError(f"unknown criterion {criterion!r}; choose from {CRITERIA}")


def descramble_job(
    layers, X, k, criterion, device="cpu", max_iter=5000, gap_tol=1e-6, stack_weight=1.0
):
    """Descramble layer ``k`` of a network over probe inputs ``X``.

    Parameters
    ----------
    layers : list of dict
        The model artefact's layers (``weight`` (out, in), ``bias``, ``activation``).
    X : ndarray, shape (N, d)
        Probe inputs to the network.
    k : int
        Layer index, 0 = first.
    criterion : str
        ``fourier`` (exact, Fourier spectral D, anchors' normalisation),
        ``fd2`` (exact, finite-difference second derivative), ``fourier_iter``
        (the anchors' Cayley + L-BFGS iteration on the same criterion), or
        ``fourier_jac`` (exact, on the centred Jacobian-linearised signals
        J(x_bar)(X - x_bar): Sule eq. 10 without its offset), or
        ``fourier_jac_offset`` (exact, Sule eq. 10 as written: f(x_bar) +
        J(x_bar)(X - x_bar), so that the linearised signals carry the layer's
        mean as the full ones do), ``fourier_post`` and
        ``fourier_jac_offset_post`` (the same two on the layer's signals
        *after* its activation: Sule et al.'s 2-layer reading, k = 2 the
        hidden layer after its activation), or ``fourier_stacked`` (exact, the
        PNAS second-layer criterion: the layer's activations act(Z_k) stacked
        next to the next layer's weights W_{k+1}^T, each block's Gram matrix
        scaled to unit norm, the weight block by ``stack_weight``).
    device : str
        For the iterative solver.
    max_iter, gap_tol : int, float
        Iterative solver limits.
    stack_weight : float
        Weight of the output-weight block for ``fourier_stacked``.

    Returns
    -------
    dict
        ``P``, ``weight``, ``descrambled_weight``, ``gram`` (B), ``operator_gram``
        (A), ``objective``, ``bound``, the certificate's ``scale`` and ``norms``
        (judge it with ``descramblers.certified``), ``identity_objective``, and
        ``facts`` (method, iterations, seconds, device).
    """
    W = np.asarray(layers[k]["weight"], dtype=float)  # (n, d_k)
    n = W.shape[0]
    D = operator(criterion, n)
    t0 = time.perf_counter()
    post = criterion.endswith("_post")
    if criterion in ("fourier_jac", "fourier_jac_offset", "fourier_jac_offset_post"):
        offset = criterion != "fourier_jac"
        Z = jacobian_probe(forward_to(layers, k, post), np.asarray(X, dtype=float).T,
                           include_offset=offset).Z  # (n, N)  # fmt: skip
    else:
        Z, _ = layer_signals(layers, X, k)  # (n, N)
        if post:
            Z = post_activation(layers, Z, k)  # (n, N) after the activation
    A, B = smoothness_grams(D, Z, normalise=True)
    if criterion == "fourier_stacked":
        if k >= len(layers) - 1:
            raise ValueError(f"fourier_stacked needs a next layer; layer {k} is the last")
        act = ACTIVATIONS[layers[k]["activation"]]()
        H = act(torch.as_tensor(Z)).numpy()  # (n, N) post-activation
        Wn = np.asarray(layers[k + 1]["weight"], dtype=float).T  # (n, n_{k+1})
        B = gram_stacked([Wn, H], [stack_weight / np.linalg.norm(Wn, 2) ** 2,
                                   1.0 / np.linalg.norm(H, 2) ** 2])  # fmt: skip
        B = _normalise(B)
    if criterion == "fourier_iter":
        res = iterative(smoothness_criterion(A, B), n, A=A, B=B, device=device,
                        max_iter=max_iter, gap_tol=gap_tol)  # fmt: skip
        ex = exact(A, B)
        P, objective = res.P, res.objective
        facts = {"method": "cayley-lbfgs", "iterations": res.iterations, "device": res.device}
    else:
        # the Fourier operator's spectrum is known in closed form: P = T U^T
        A_eig = fourier_operator_eig(n) if criterion.startswith("fourier") else None
        ex = exact(A, B, A_eig=A_eig)
        P, objective = ex.P, ex.objective
        facts = {"method": "exact-eigenpairing", "iterations": 0, "device": "cpu"}
    facts["seconds"] = time.perf_counter() - t0
    return {
        "P": P,
        "weight": W,
        "descrambled_weight": P @ W,
        "gram": B,
        "operator_gram": A,
        "objective": float(objective),
        "bound": float(ex.bound),
        "scale": float(ex.scale),
        "norms": float(ex.norms),
        "identity_objective": float(np.trace(A @ B)),
        "facts": facts,
    }
