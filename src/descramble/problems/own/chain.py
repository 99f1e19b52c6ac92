"""The layer chain an imported network becomes, and the errors bad input raises.

Every loader walks its source (an ONNX graph, a torch.export graph, a
TorchScript module, a state_dict) and feeds a :class:`ChainBuilder` one
operation at a time: a dense map, an element-wise affine map (input
normalisation, scaling, a bias add), an activation, or a reshape that keeps
the feature count. The builder folds element-wise maps into the next (or the
current) dense layer, so a network is always the ``(weight, bias,
activation)`` list that :func:`descramble.descramblers.job.descramble_job`
takes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from descramble.models import ACTIVATIONS

# activations the descramblers can replay (descramble.models.ACTIVATIONS), by source op name
ACTIVATION_OPS = {
    "relu": "relu",
    "tanh": "tanh",
    "sigmoid": "sigmoid",
    "identity": "linear",
    "linear": "linear",
}


class OwnInputError(ValueError):
    """A user's model or probe cannot be analysed; the message says why and what to do."""


@dataclass
class Network:
    """An imported network: its dense layers and where they came from.

    Attributes
    ----------
    layers : list of dict
        ``{"weight" (out, in), "bias" (out,), "activation"}`` per layer, first
        layer first (the layout of ``descramble.models.artefact_layers``).
    names : list of str
        Each layer's name in the source file (node or parameter name).
    format : str
        ``onnx``, ``pt2``, ``torchscript``, ``state_dict`` or ``safetensors``.
    notes : list of str
        What the import folded or assumed (e.g. an input normalisation folded
        into layer 0); logged and stored in the artefact's provenance.
    reference : callable or None
        ``X (N, d) float64 -> Y (N, k)``: the source's own forward pass
        (torch for torch formats, ``onnx.reference`` for ONNX).
    input_shape : tuple or None
        The source's input shape without the batch axis when it is not flat
        (e.g. ``(1, 1, 256)`` for a MATLAB image input).
    """

    layers: list
    names: list
    format: str
    notes: list = field(default_factory=list)
    reference: object = None
    input_shape: tuple | None = None

    @property
    def n_inputs(self):
        return int(np.asarray(self.layers[0]["weight"]).shape[1])

    @property
    def widths(self):
        return [int(np.asarray(layer["weight"]).shape[0]) for layer in self.layers]


def check_activation(name, where):
    """The pipeline's name of activation ``name`` or an :class:`OwnInputError`."""
    key = str(name).lower()
    if key in ACTIVATIONS:
        return key
    if key in ACTIVATION_OPS:
        return ACTIVATION_OPS[key]
    raise OwnInputError(
        f"{where}: activation {name!r} is not supported; the descramblers replay "
        f"{', '.join(sorted(ACTIVATIONS))}"
    )


def _vector(value, d, what):
    """A constant of an element-wise op as a length-``d`` float64 vector."""
    v = np.asarray(value, dtype=np.float64).reshape(-1)
    if v.size == 1:
        return np.full(d, float(v[0]))
    if v.size == d:
        return v
    raise OwnInputError(f"{what}: a constant of {v.size} values does not act on {d} features")


class ChainBuilder:
    """Turns a stream of operations into dense layers.

    Parameters
    ----------
    d : int
        Features of the network input (after flattening).
    source : str
        Names the model in error messages.
    """

    def __init__(self, d, source):
        self.d = int(d)
        self.width = int(d)  # features of the running tensor
        self.source = source
        self.layers, self.names, self.notes = [], [], []
        self._pre = None  # (scale (w,), shift (w,), [op names]) before the next dense map
        self._cur = None  # dense layer in progress: [W (out, in), b (out,), name, dtype]

    def dense(self, W, b, name):
        """A dense map ``y = W x + b`` (``W`` (out, in), ``b`` (out,) or None)."""
        dtype = np.asarray(W).dtype if np.asarray(W).dtype.kind == "f" else np.float32
        W = np.asarray(W, dtype=np.float64)
        if W.ndim != 2:
            raise OwnInputError(f"{self.source}: {name} is no matrix (shape {W.shape})")
        if W.shape[1] != self.width:
            raise OwnInputError(
                f"{self.source}: widths do not chain: {name} takes {W.shape[1]} inputs but the "
                f"layer before gives {self.width}"
            )
        b = np.zeros(W.shape[0]) if b is None else _vector(b, W.shape[0], f"{self.source}: {name}")
        if self._cur is not None:  # two dense maps without an activation: two linear layers
            self._emit("linear")
        if self._pre is not None:  # x' = s * x + t folded: W diag(s), b + W t
            s, t, ops = self._pre
            b = b + W @ t
            W = W * s[None, :]
            self.notes.append(
                f"{' + '.join(ops)} before {name} folded into layer {len(self.layers)} "
                "(the probe is given to the network unnormalised)"
            )
            self._pre = None
        self._cur = [W, b, name, dtype]
        self.width = W.shape[0]

    def affine(self, scale, shift, op):
        """An element-wise ``y = scale * x + shift`` on the running tensor."""
        s = _vector(1.0 if scale is None else scale, self.width, f"{self.source}: {op}")
        t = _vector(0.0 if shift is None else shift, self.width, f"{self.source}: {op}")
        if self._cur is not None:  # after a dense map: part of that layer
            W, b = self._cur[0], self._cur[1]
            self._cur[0], self._cur[1] = W * s[:, None], b * s + t
        elif self._pre is None:
            self._pre = (s, t, [op])
        else:
            s0, t0, ops = self._pre
            self._pre = (s0 * s, t0 * s + t, [*ops, op])

    def activation(self, name, where):
        act = check_activation(name, where)
        if self._cur is None:
            if act == "linear":
                return
            raise OwnInputError(
                f"{self.source}: {where} applies {act} where no dense layer precedes it; only "
                "chains dense layer -> activation are supported"
            )
        self._emit(act)

    def reshape(self, features, where):
        """A reshape/flatten that must keep the feature count."""
        if int(features) != self.width:
            raise OwnInputError(
                f"{self.source}: {where} reshapes {self.width} features to {features}; only "
                "flattening reshapes are supported"
            )

    def _emit(self, act):
        W, b, name, dtype = self._cur
        if dtype not in (np.float32, np.float64):
            dtype = np.float32
        self.layers.append({"weight": W.astype(dtype), "bias": b.astype(dtype), "activation": act})
        self.names.append(str(name))
        self._cur = None

    def finish(self):
        """The layers, names and notes; a trailing element-wise map must follow a dense layer."""
        if self._cur is not None:
            self._emit("linear")
        if self._pre is not None:
            raise OwnInputError(
                f"{self.source}: {' + '.join(self._pre[2])} after the last dense layer cannot be "
                "folded into a layer"
            )
        if not self.layers:
            raise OwnInputError(f"{self.source}: no dense (Linear/Gemm/MatMul) layer found")
        return self.layers, self.names, self.notes


def forward(layers, X):
    """The chain's output over ``X`` (N, d), in float64."""
    h = np.asarray(X, dtype=np.float64)
    for layer in layers:
        z = h @ np.asarray(layer["weight"], dtype=np.float64).T + np.asarray(
            layer["bias"], dtype=np.float64
        )
        act = layer["activation"]
        if act == "relu":
            h = np.maximum(z, 0.0)
        elif act == "tanh":
            h = np.tanh(z)
        elif act == "sigmoid":
            h = 1.0 / (1.0 + np.exp(-z))
        elif act == "sigmoid_renorm":
            s = 1.0 / (1.0 + np.exp(-z))
            h = s / s.sum(axis=1, keepdims=True)
        else:
            h = z
    return h
