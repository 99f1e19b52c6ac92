"""Probe data for descrambling a trained network's layer, and the layer signals it makes."""

from __future__ import annotations

import re

import numpy as np
import torch

from .models import ACTIVATIONS, model_from_arrays
from .problems import problem as get_problem
from .rng import job_rng

PROBE_RE = re.compile(r"^(train|noise|snr(?P<snr>[0-9]+(\.[0-9]+)?))$")


def probes(probe, problem, arch, n, seed, files=None, n_inputs=None, settings=None):
    """Network inputs to descramble with.

    Parameters
    ----------
    probe : str
        ``"train"`` (the network's own training inputs), ``"noise"``
        (standard Gaussian inputs) or ``"snr<value>"`` (fresh data of the
        same problem at another SNR, made as the problem makes its training
        inputs).
    problem : str
        Problem name (see :mod:`descramble.problems`).
    arch : str
    n : int
        Number of probe inputs (``"train"`` uses at most the training size).
    seed : int
        Seeds the probe's own generator (keyed by the probe name).
    files : dict, optional
        The network's artefacts ``{"data": path, **extra}`` (for ``"train"``).
    n_inputs : int, optional
        Input size of the network (for ``"noise"``).
    settings : dict, optional
        The problem's ``probe_settings`` slice (for ``"snr<value>"``).

    Returns
    -------
    ndarray, shape (N, d)
    """
    m = PROBE_RE.match(probe)
    if not m:
        raise ValueError(f"unknown probe {probe!r}; use train, noise or snr<value>")
    if probe == "train":
        return get_problem(problem).inputs(arch, files, ("train",), rows=n)["train"]
    if probe == "noise":
        return job_rng(seed, "probe", probe).standard_normal((n, n_inputs)).astype(np.float32)
    return get_problem(problem).fresh_inputs(float(m.group("snr")), n, seed, arch, settings)


def layer_signals(layers, X, k):
    """Pre-activations of layer ``k`` over the probe inputs (the wiretap signals).

    Parameters
    ----------
    layers : list of dict
        ``{"weight", "bias", "activation"}`` per layer, as in the model artefact.
    X : ndarray, shape (N, d)
    k : int
        Layer index, 0 = first.

    Returns
    -------
    Z : ndarray, shape (n_k, N)
        ``W_k h_{k-1} + b_k`` in float64.
    H : ndarray, shape (n_{k-1}, N)
        The layer's input ``h_{k-1}`` (``X^T`` for k = 0).
    """
    if not 0 <= k < len(layers):
        raise ValueError(f"layer {k} out of range: the network has layers 0..{len(layers) - 1}")
    net = model_from_arrays(layers[:k]).double() if k else None
    with torch.no_grad():
        h = torch.as_tensor(np.asarray(X), dtype=torch.float64)
        if net is not None:
            h = net(h)  # post-activation of layer k-1 (model_from_arrays applies it)
    H = h.numpy().T  # (n_{k-1}, N)
    W = np.asarray(layers[k]["weight"], dtype=float)
    b = np.asarray(layers[k]["bias"], dtype=float)
    return W @ H + b[:, None], H


def forward_to(layers, k, post=False):
    """A torch map ``x (d,) -> pre-activation of layer k`` (``post``: after its activation)."""
    net = model_from_arrays(layers[: k + 1]).double()
    if post:
        return net
    # model_from_arrays appends layer k's activation; drop it to stop at the pre-activation
    mods = list(net)
    if layers[k].get("activation", "linear") != "linear":
        mods = mods[:-1]
    return torch.nn.Sequential(*mods)


def post_activation(layers, Z, k):
    """Layer ``k``'s activation applied to its pre-activations ``Z`` (n, N), float64."""
    act = ACTIVATIONS[layers[k].get("activation", "linear")]()
    with torch.no_grad():
        # activations act on the feature axis: rows of (N, n)
        return act(torch.as_tensor(np.asarray(Z).T, dtype=torch.float64)).numpy().T
