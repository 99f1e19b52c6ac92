"""Fully connected networks, and their round trip to plain arrays."""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from .io import write_h5


class SigmoidRenorm(nn.Module):
    """Logistic output renormalised to sum 1: DEERNet's distance-distribution head."""

    def forward(self, x):  # (N, k) -> (N, k), rows sum to 1
        s = torch.sigmoid(x)
        return s / s.sum(dim=-1, keepdim=True)


class CirculantLinear(nn.Module):
    """A 1-D convolution with one full-size circular kernel and stride 1, as a layer.

    ``y_i = sum_j w[(j - i) mod n] x_j + b``: cross-correlation with circular
    padding (what ``torch.nn.Conv1d`` computes with ``padding_mode="circular"``),
    one output channel, one shared bias. Its dense matrix ``weight`` (n, n)
    is circulant, so the shared machinery (model artefacts, descramblers)
    sees it as any other layer.
    """

    def __init__(self, n, dtype=torch.float32):
        super().__init__()
        self.kernel = nn.Parameter(torch.empty(n, dtype=dtype))  # (n,)
        self.shift = nn.Parameter(torch.empty(1, dtype=dtype))  # (1,) shared bias
        i = torch.arange(n)
        self.register_buffer("index", (i[None, :] - i[:, None]) % n, persistent=False)  # (n, n)

    @property
    def weight(self):  # (n, n) circulant: row i is the kernel rolled by i
        return self.kernel[self.index]

    @property
    def bias(self):  # (n,)
        return self.shift.expand(self.kernel.shape[0])

    def forward(self, x):  # (N, n) -> (N, n)
        return x @ self.weight.t() + self.shift


LAYER_TYPES = (nn.Linear, CirculantLinear)

ACTIVATIONS = {
    "relu": nn.ReLU,
    "tanh": nn.Tanh,
    "sigmoid": nn.Sigmoid,
    "sigmoid_renorm": SigmoidRenorm,
    "linear": nn.Identity,
}


def mlp(sizes, activation="relu", generator=None, output_activation="linear", first_layer="dense"):
    """A multilayer perceptron ``sizes[0] -> ... -> sizes[-1]``.

    Hidden layers use ``activation``; the output layer ``output_activation``
    (linear by default; ``sigmoid_renorm`` for a distribution). Weights
    are drawn like torch's default (Kaiming-uniform, a = sqrt(5)) but from
    ``generator``, so the global RNG is never touched.

    Parameters
    ----------
    sizes : sequence of int
        Layer widths including input and output, e.g. (128, 32, 256, 256, 2).
    activation : str
        One of ``ACTIVATIONS``.
    generator : torch.Generator, optional
    output_activation : str
        One of ``ACTIVATIONS``.
    first_layer : {"dense", "circulant"}
        ``circulant``: the first layer is a :class:`CirculantLinear` (a 1-D
        CNN layer, stride 1, one full-size circular kernel; needs
        ``sizes[1] == sizes[0]``), drawn with the same bound.

    Returns
    -------
    torch.nn.Sequential
        Alternating layer (``Linear`` or ``CirculantLinear``) and activation modules.
    """
    for act in (activation, output_activation):
        if act not in ACTIVATIONS:
            raise ValueError(f"unknown activation {act!r}; choose from {sorted(ACTIVATIONS)}")
    if first_layer not in ("dense", "circulant"):
        raise ValueError(f"unknown first_layer {first_layer!r}; use 'dense' or 'circulant'")
    if first_layer == "circulant" and sizes[1] != sizes[0]:
        raise ValueError(
            f"a circulant first layer maps n -> n; got {sizes[0]} inputs and {sizes[1]} units"
        )
    mods = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
        bound = 1.0 / math.sqrt(n_in)  # torch's default init bound for both W and b
        if i == 0 and first_layer == "circulant":
            lin = CirculantLinear(n_in)
            with torch.no_grad():
                lin.kernel.uniform_(-bound, bound, generator=generator)  # (n,)
                lin.shift.uniform_(-bound, bound, generator=generator)
        else:
            lin = nn.Linear(n_in, n_out, dtype=torch.float32)
            with torch.no_grad():
                lin.weight.uniform_(-bound, bound, generator=generator)  # (n_out, n_in)
                lin.bias.uniform_(-bound, bound, generator=generator)
        mods.append(lin)
        if i < len(sizes) - 2:
            mods.append(ACTIVATIONS[activation]())
        elif output_activation != "linear":
            mods.append(ACTIVATIONS[output_activation]())
    return nn.Sequential(*mods)


def layer_arrays(model, activation="relu", output_activation="linear"):
    """Weights and biases of every layer (dense or circulant) as numpy arrays.

    Returns
    -------
    list of dict
        ``{"weight": (out, in), "bias": (out,), "activation": str}``; the last
        layer's activation is ``output_activation``.
    """
    lins = [m for m in model if isinstance(m, LAYER_TYPES)]
    out = []
    for i, lin in enumerate(lins):
        out.append(
            {
                "weight": lin.weight.detach().cpu().numpy().astype(np.float32),
                "bias": lin.bias.detach().cpu().numpy().astype(np.float32),
                "activation": activation if i < len(lins) - 1 else output_activation,
            }
        )
    return out


def write_model(path, layers, init, arrays, schema, params, seed, execution):
    """Write a model artefact: layers as trained and at initialisation, and what else it holds.

    The one writer of the model schema that :func:`artefact_layers` reads:
    ``layers/<i>/{weight, bias}`` (attribute ``activation``) and
    ``init/<i>/{weight, bias}``, then ``arrays`` (history, test predictions...).

    Parameters
    ----------
    path : str or Path
    layers, init : list of dict
        ``{"weight" (out, in), "bias" (out,), "activation"}`` per layer, as
        :func:`layer_arrays` gives them: trained, and at initialisation.
    arrays : dict
        The artefact's other groups and datasets, in order.
    schema : str
        ``<problem>-model``.
    params : dict
        What made the network (its provenance).
    seed : int
    execution : dict
        How it ran (device, threads, seconds...); torch's version is added.
        Not part of the science, so never a reason to rerun (see
        :func:`descramble.io.provenance`).
    """
    keep = ("weight", "bias")
    write_h5(
        path,
        {
            "layers": {str(i): {k: L[k] for k in keep} for i, L in enumerate(layers)},
            "init": {str(i): {k: L[k] for k in keep} for i, L in enumerate(init)},
            **arrays,
        },
        schema,
        params,
        seed,
        execution={**execution, "torch": torch.__version__},
        attrs={f"layers/{i}": {"activation": L["activation"]} for i, L in enumerate(layers)},
    )


def artefact_layers(model):
    """The layers of a model artefact (as read by ``io.read_h5``) with their activations.

    Returns
    -------
    list of dict
        ``{"weight" (out, in), "bias" (out,), "activation"}`` per layer, in order.
    """
    return [{**model["layers"][str(i)], "activation": model["_attrs"][f"layers/{i}"]["activation"]}
            for i in range(len(model["layers"]))]  # fmt: skip


def model_from_arrays(layers):
    """Rebuild a network from ``/layers/{i}`` arrays (inverse of :func:`layer_arrays`).

    Parameters
    ----------
    layers : list of dict
        ``{"weight", "bias", "activation"}`` per layer, in order.

    Returns
    -------
    torch.nn.Sequential
    """
    mods = []
    for layer in layers:
        w = torch.as_tensor(np.asarray(layer["weight"]), dtype=torch.float32)
        lin = nn.Linear(w.shape[1], w.shape[0])
        with torch.no_grad():
            lin.weight.copy_(w)
            lin.bias.copy_(torch.as_tensor(np.asarray(layer["bias"]), dtype=torch.float32))
        mods.append(lin)
        act = layer.get("activation", "linear")
        if act != "linear":
            mods.append(ACTIVATIONS[act]())
    return nn.Sequential(*mods)
