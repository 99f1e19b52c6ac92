"""Read a network trained elsewhere: ONNX, torch.export, TorchScript, state_dict, safetensors.

The format is read from the file's first bytes, not from its suffix:

* ``PK\\x03\\x04`` -- a zip archive written by torch: ``torch.export.save``
  (an ``archive_format`` entry or ``models/`` folder), ``torch.jit.save``
  (a ``code/`` folder) or ``torch.save`` (a ``data.pkl`` only: a state_dict,
  or a pickled whole module, which is refused);
* ``\\x80`` -- a legacy (non-zip) ``torch.save`` pickle;
* an 8-byte little-endian header length followed by ``{`` -- safetensors;
* anything that parses as an ONNX ``ModelProto`` with a graph -- ONNX.

Whole-module pickles are never unpickled with ``weights_only=False`` (that
runs arbitrary code from the file).
"""

from __future__ import annotations

import re
import struct
import zipfile
from pathlib import Path

import numpy as np

from .chain import ChainBuilder, Network, OwnInputError, check_activation

FORMATS = ("onnx", "pt2", "torchscript", "state_dict", "safetensors")

SAVE_HINT = (
    "save its weights with torch.save(model.state_dict(), 'model.pt') and list the "
    "activations in the config (own.networks.<name>.activations), or export the whole network "
    "with torch.export.save(torch.export.export(model.eval(), (torch.zeros(1, d),)), 'model.pt2')"
)


def _looks_like(head):
    """A short description of what a file that is no model seems to be."""
    if head.startswith(b"\x89HDF"):
        return "an HDF5 file (a probe or a pipeline artefact?)"
    if head.startswith(b"\x93NUMPY"):
        return "a NumPy .npy array"
    if head.startswith(b"MATLAB"):
        return "a MATLAB .mat file"
    if head.startswith(b"PK\x03\x04"):
        return "a zip archive that torch did not write"
    if not head:
        return "an empty file"
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return f"binary data starting {head[:8]!r}"
    first = text.strip().splitlines()[0][:40] if text.strip() else ""
    return f"text starting {first!r}"


def _zip_kind(path):
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
    parts = [n.split("/", 1)[1] if "/" in n else n for n in names]
    if any(p == "archive_format" or p.startswith("models/") for p in parts):
        return "pt2"
    if any(p.startswith("code/") for p in parts) or any(p == "constants.pkl" for p in parts):
        return "torchscript"
    if any(p == "data.pkl" for p in parts):
        return "torch_pickle"
    return None


def _onnx_proto(path):
    import onnx

    try:
        model = onnx.load(str(path), load_external_data=False)
    except Exception:  # noqa: BLE001 -- protobuf raises assorted errors on non-ONNX bytes
        return None
    if not model.graph.node or not model.ir_version:
        return None
    return model


def detect_format(path):
    """The model format of ``path``, read from its content.

    Returns
    -------
    str
        One of ``FORMATS``, or ``torch_pickle`` for a ``torch.save`` pickle
        (a state_dict or a whole module: :func:`load_network` tells them apart).

    Raises
    ------
    OwnInputError
        If the file is missing or no model; the message says what it looks like.
    """
    path = Path(path)
    if not path.is_file():
        raise OwnInputError(f"model file {path} does not exist")
    with open(path, "rb") as f:
        head = f.read(64)
    if head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(path)
        if kind:
            return kind
    elif head.startswith(b"\x80") and not head.startswith(b"\x80\x00"):
        return "torch_pickle"
    elif len(head) >= 9 and head[8:9] == b"{":
        n = struct.unpack("<Q", head[:8])[0]
        if 0 < n < path.stat().st_size:
            return "safetensors"
    if not head.startswith((b"\x89HDF", b"\x93NUMPY", b"MATLAB", b"PK")) and _onnx_proto(path):
        return "onnx"
    raise OwnInputError(
        f"{path} is no model file this pipeline reads (.onnx, .pt2, .pt/.pth TorchScript or "
        f"state_dict, .safetensors): it looks like {_looks_like(head)}"
    )


def load_network(path, activations=None, fmt=None):
    """Load a network from any supported format into a :class:`~.chain.Network`.

    Parameters
    ----------
    path : str or Path
        ``.onnx`` (weights inline or in an external ``.onnx.data`` file),
        ``.pt2`` (``torch.export.save``), ``.pt``/``.pth`` (TorchScript or a
        ``state_dict``) or ``.safetensors``. The format is read from the content.
    activations : list of str, optional
        One per dense layer, for ``state_dict`` and ``safetensors`` (which hold
        no activations); ignored (but checked against the graph) otherwise.
    fmt : str, optional
        Skip detection.

    Returns
    -------
    Network

    Raises
    ------
    OwnInputError
        For every input the pipeline cannot analyse, naming the problem.
    """
    path = Path(path)
    fmt = fmt or detect_format(path)
    if fmt == "onnx":
        net = load_onnx(path)
    elif fmt == "pt2":
        net = load_pt2(path)
    elif fmt == "torchscript":
        net = load_torchscript(path)
    elif fmt in ("torch_pickle", "state_dict"):
        net = load_state_dict(_torch_state_dict(path), activations, str(path), "state_dict")
    elif fmt == "safetensors":
        net = load_state_dict(_safetensors(path), activations, str(path), "safetensors")
    else:
        raise OwnInputError(f"unknown model format {fmt!r}; choose from {FORMATS}")
    if activations is not None and fmt in ("onnx", "pt2", "torchscript"):
        given = [check_activation(a, f"{path}: activations") for a in activations]
        found = [layer["activation"] for layer in net.layers]
        if given != found:
            raise OwnInputError(
                f"{path}: the config's activations {given} differ from the graph's {found}; "
                "drop `activations` for graph formats (they carry their own)"
            )
    return net


# ---------------------------------------------------------------- torch pickles, safetensors
def _torch_state_dict(path):
    import pickle

    import torch

    try:
        obj = torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as exc:
        raise OwnInputError(
            f"{path} is a pickled Python object (e.g. torch.save(model) of a whole module), not "
            f"a state_dict: unpickling it would run code from the file, so it is refused. Instead "
            f"{SAVE_HINT}. ({str(exc).splitlines()[0][:160]})"
        ) from None
    if isinstance(obj, dict) and "state_dict" in obj and isinstance(obj["state_dict"], dict):
        obj = obj["state_dict"]  # a training checkpoint {"state_dict": ..., "epoch": ...}
    if not isinstance(obj, dict) or not all(isinstance(v, torch.Tensor) for v in obj.values()):
        raise OwnInputError(
            f"{path} holds a {type(obj).__name__}, not a state_dict of tensors; {SAVE_HINT}"
        )
    return {k: v.detach().cpu().numpy() for k, v in obj.items()}


def _safetensors(path):
    from safetensors.numpy import load_file

    try:
        return dict(load_file(str(path)))
    except Exception as exc:  # noqa: BLE001 -- safetensors raises its own error types
        raise OwnInputError(f"{path} is no readable safetensors file: {exc}") from None


def _natural(key):
    """Sort key that puts ``layers.2`` before ``layers.10``."""
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", key)]


def load_state_dict(tensors, activations, source, fmt="state_dict"):
    """Dense layers from ``{name: array}``: ``<prefix>.weight`` (out, in) and ``<prefix>.bias``.

    Layers are ordered by the forward chain: the numbers in their names, read
    as numbers (``layers.10`` after ``layers.2``), with the widths checked to
    chain (each layer takes what the one before gives).
    """
    bad = [k for k in tensors if re.search(r"running_(mean|var)|num_batches_tracked", k)]
    if bad:
        raise OwnInputError(
            f"{source}: {bad[0]!r} is batch-norm state; only chains of Linear layers are supported"
        )
    weights = {k[: -len(".weight")] if k.endswith(".weight") else k[: -len("weight")]: v
               for k, v in tensors.items() if k.endswith("weight")}  # fmt: skip
    for prefix, w in weights.items():
        if np.asarray(w).ndim != 2:
            raise OwnInputError(
                f"{source}: {prefix}.weight has shape {tuple(np.shape(w))} (a convolution?); only "
                "Linear layers (2-D weights) are supported"
            )
    if not weights:
        raise OwnInputError(
            f"{source}: no '<layer>.weight' tensors found (keys: {list(tensors)[:8]})"
        )
    order = sorted(weights, key=_natural)
    extra = sorted(set(tensors) - {f"{p}.weight" for p in order} - {f"{p}.bias" for p in order}
                   - set(order))  # fmt: skip
    if extra:
        raise OwnInputError(
            f"{source}: tensor {extra[0]!r} is no Linear weight or bias; only chains of Linear "
            "layers are supported"
        )
    if activations is None:
        raise OwnInputError(
            f"{source}: a {fmt} holds only weights, not the activations between them; give "
            f"own.networks.<name>.activations, one per Linear layer ({len(order)} layers: "
            f"{', '.join(order)}), e.g. {['tanh'] * (len(order) - 1) + ['linear']}"
        )
    if len(activations) != len(order):
        raise OwnInputError(
            f"{source}: {len(activations)} activations given for {len(order)} Linear layers "
            f"({', '.join(order)})"
        )
    d = np.asarray(weights[order[0]]).shape[1]
    chain = ChainBuilder(d, source)
    for prefix, act in zip(order, activations, strict=True):
        try:
            chain.dense(weights[prefix], tensors.get(f"{prefix}.bias"), prefix)
        except OwnInputError as exc:
            raise OwnInputError(
                f"{exc} (layers read in the order {', '.join(order)}: the numbers in their names)"
            ) from None
        chain.activation(act, f"activation of {prefix}")
    layers, names, notes = chain.finish()
    raw = [(np.asarray(weights[p]), tensors.get(f"{p}.bias")) for p in order]
    acts = [layer["activation"] for layer in layers]

    def reference(X):
        import torch

        from descramble.models import ACTIVATIONS

        with torch.no_grad():
            h = torch.as_tensor(np.asarray(X), dtype=torch.as_tensor(raw[0][0]).dtype)
            for (w, b), act in zip(raw, acts, strict=True):
                h = torch.nn.functional.linear(
                    h, torch.as_tensor(w), None if b is None else torch.as_tensor(np.asarray(b))
                )
                h = ACTIVATIONS[act]()(h)
        return h.double().numpy()

    return Network(layers, names, fmt, notes, reference)


# ---------------------------------------------------------------- torch.export (.pt2)
def load_pt2(path):
    """A ``torch.export.save`` archive: walk the exported graph's aten ops."""
    import torch

    try:
        with open(path, "rb") as f:  # a file object: the suffix need not be .pt2
            ep = torch.export.load(f)
    except Exception as exc:  # noqa: BLE001 -- torch raises many kinds here
        raise OwnInputError(f"{path}: torch.export.load failed: {exc}") from None
    consts = {}
    sig = ep.graph_signature
    params = {**sig.inputs_to_parameters, **sig.inputs_to_buffers,
              **getattr(sig, "inputs_to_lifted_tensor_constants", {})}  # fmt: skip
    state = {**ep.state_dict, **getattr(ep, "constants", {})}
    user = [n for n in ep.graph.nodes if n.op == "placeholder" and n.name not in params]
    if len(user) != 1:
        raise OwnInputError(f"{path}: the exported program takes {len(user)} inputs; need one")
    x = user[0]
    shape = tuple(x.meta["val"].shape) if "val" in x.meta else None
    d = int(np.prod(shape[1:])) if shape else None
    chain = ChainBuilder(d, str(path))
    running = {x.name}
    aten = torch.ops.aten
    passthrough = {aten.view.default, aten.reshape.default, aten.flatten.using_ints,
                   aten.alias.default, aten.clone.default, aten.dropout.default,
                   aten._unsafe_view.default, aten.contiguous.default, aten.detach.default}
    acts = {aten.tanh.default: "tanh", aten.relu.default: "relu", aten.sigmoid.default: "sigmoid"}
    for node in ep.graph.nodes:
        if node.op == "placeholder":
            if node.name in params:
                consts[node.name] = state[params[node.name]].detach().cpu().numpy()
            continue
        if node.op == "output":
            outs = [a for a in torch.utils._pytree.tree_leaves(node.args) if hasattr(a, "name")]
            if len(outs) != 1 or outs[0].name not in running:
                raise OwnInputError(f"{path}: the program must return the chain's one output")
            break
        args = [a for a in node.args]
        ins = [a.name for a in args if hasattr(a, "name")]
        where = f"node {node.name!r} ({node.target})"
        if not any(i in running for i in ins):  # constants only: transposes of weights
            if node.target in (aten.t.default, aten.permute.default, aten.transpose.int):
                consts[node.name] = consts[ins[0]].T
                continue
            raise OwnInputError(f"{path}: {where} is not supported on constants")
        if sum(i in running for i in ins) > 1 or any(i not in running and i not in consts
                                                    for i in ins):  # fmt: skip
            raise OwnInputError(
                f"{path}: {where} combines two computed tensors (a residual or branching "
                "graph); only chains of dense layers are supported"
            )

        def const(i, args=args):
            a = args[i]
            return consts[a.name] if hasattr(a, "name") else a

        def fqn(a):  # the parameter's name in the module (e.g. "layers.0.weight")
            return params.get(a.name, a.name)

        t = node.target
        if t == aten.linear.default:
            chain.dense(const(1), const(2) if len(args) > 2 else None, fqn(args[1]))
        elif t == aten.addmm.default:  # addmm(b, x, W^T)
            chain.dense(np.asarray(const(2)).T, const(0), fqn(args[2]))
        elif t in (aten.mm.default, aten.matmul.default):
            chain.dense(np.asarray(const(1)).T, None, fqn(args[1]))
        elif t in acts:
            chain.activation(acts[t], where)
        elif t in passthrough:
            if "val" in node.meta:
                chain.reshape(int(np.prod(node.meta["val"].shape[1:])), where)
        elif t in (aten.add.Tensor, aten.sub.Tensor) and len(args) == 2:
            c = np.asarray(const(1 if ins[0] in running else 0), dtype=float)
            c = c * node.kwargs.get("alpha", 1)
            if t == aten.add.Tensor:
                chain.affine(None, c, f"add {node.name!r}")
            elif ins and ins[0] in running:
                chain.affine(None, -c, f"sub {node.name!r}")
            else:
                chain.affine(-1.0, c, f"sub {node.name!r}")
        elif t in (aten.mul.Tensor, aten.div.Tensor) and len(args) == 2:
            if t == aten.div.Tensor and not (hasattr(args[0], "name") and args[0].name in running):
                raise OwnInputError(f"{path}: {where} divides by the signal")
            c = np.asarray(const(1 if hasattr(args[0], "name") and args[0].name in running
                                 else 0), dtype=float)  # fmt: skip
            chain.affine(1.0 / c if t == aten.div.Tensor else c, None, f"{t} {node.name!r}")
        else:
            kind = "a convolution" if "conv" in str(t) else (
                "batch normalisation" if "batch_norm" in str(t) else "an operation")  # fmt: skip
            raise OwnInputError(
                f"{path}: {where} is {kind} that the pipeline cannot turn into a dense layer; "
                "only chains of Linear layers and tanh/relu/sigmoid are supported"
            )
        running.add(node.name)
    layers, names, notes = chain.finish()
    module = ep.module()

    batch = shape[0] if shape and isinstance(shape[0], int) else None  # a static batch size

    def reference(X):
        with torch.no_grad():
            x = torch.as_tensor(np.asarray(X), dtype=torch.float32)
            x = x.reshape(-1, *shape[1:]) if shape is not None else x
            if batch is None:
                return module(x).double().reshape(len(X), -1).numpy()
            out = []  # exported with a fixed batch: run it in batches of that size, padded
            for i in range(0, len(x), batch):
                part = x[i : i + batch]
                pad = torch.cat([part, part[:1].expand(batch - len(part), *part.shape[1:])])
                out.append(module(pad)[: len(part)].double().reshape(len(part), -1))
            return torch.cat(out).numpy()

    net = Network(layers, names, "pt2", notes, reference)
    net.input_shape = tuple(shape[1:]) if shape and len(shape) > 2 else None
    return net


# ---------------------------------------------------------------- TorchScript
def load_torchscript(path):
    """A ``torch.jit.save`` module: its (nested) ``Sequential`` children, in order.

    Non-``Sequential`` modules are read in definition order; the output check
    against the module's own forward pass catches any other order.
    """
    import torch

    try:
        m = torch.jit.load(str(path), map_location="cpu")
    except Exception as exc:  # noqa: BLE001
        raise OwnInputError(f"{path}: torch.jit.load failed: {exc}") from None

    def leaves(mod, prefix=""):
        kids = list(mod.named_children())
        if not kids:
            yield prefix or "module", mod
        for name, child in kids:
            yield from leaves(child, f"{prefix}.{name}" if prefix else name)

    items = list(leaves(m))
    first = next((mod for _, mod in items if getattr(mod, "original_name", "") == "Linear"), None)
    if first is None:
        raise OwnInputError(f"{path}: no Linear module found in the TorchScript module")
    chain = ChainBuilder(first.weight.shape[1], str(path))
    acts = {"Tanh": "tanh", "ReLU": "relu", "Sigmoid": "sigmoid", "Identity": "linear"}
    for name, mod in items:
        kind = getattr(mod, "original_name", type(mod).__name__)
        if kind == "Linear":
            b = mod.bias
            chain.dense(mod.weight.detach().numpy(), None if b is None else b.detach().numpy(),
                        name)  # fmt: skip
        elif kind in acts:
            chain.activation(acts[kind], f"module {name!r} ({kind})")
        elif kind in ("Flatten", "Dropout"):
            continue
        else:
            raise OwnInputError(
                f"{path}: module {name!r} ({kind}) is not supported; only chains of Linear "
                "layers and Tanh/ReLU/Sigmoid are"
            )
    layers, names, notes = chain.finish()
    notes.append("TorchScript modules read in definition order (checked against its forward)")

    def reference(X):
        with torch.no_grad():
            x = torch.as_tensor(np.asarray(X), dtype=first.weight.dtype)
            return m(x).double().numpy()

    return Network(layers, names, "torchscript", notes, reference)


# ---------------------------------------------------------------- ONNX
def _external_files(model):
    from onnx.external_data_helper import uses_external_data

    files = []
    for t in model.graph.initializer:
        if uses_external_data(t):
            loc = {e.key: e.value for e in t.external_data}.get("location")
            if loc and loc not in files:
                files.append(loc)
    return files


def onnx_external_files(path):
    """Files next to ``path`` that its initializers live in (``.onnx.data``), read cheaply."""
    model = _onnx_proto(path)
    return [] if model is None else [str(Path(path).parent / f) for f in _external_files(model)]


def _attrs(node):
    from onnx import helper

    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def load_onnx(path):
    """Walk an ONNX graph: Gemm, MatMul + Add, element-wise Sub/Div/Mul/Add, activations.

    Handles PyTorch's exporters (Gemm with ``transB``, or MatMul + Add;
    weights in an external ``.onnx.data`` file) and MATLAB's
    ``exportONNXNetwork`` (old IR and opset, initializers also listed as
    graph inputs, an image-shaped input (1, 1, 1, d) and Flatten, a Sub/Div
    input normalisation, which is folded into layer 0).
    """
    import onnx
    from onnx import numpy_helper

    path = Path(path)
    model = _onnx_proto(path)
    if model is None:
        raise OwnInputError(f"{path} is no ONNX model")
    for loc in _external_files(model):
        if not (path.parent / loc).is_file():
            raise OwnInputError(
                f"{path} keeps its weights in the external file {loc!r}, which is missing: put "
                f"{loc} next to {path.name} (exporters write it beside the .onnx file)"
            )
    if _external_files(model):
        onnx.load_external_data_for_model(model, str(path.parent))
    g = model.graph
    consts = {t.name: numpy_helper.to_array(t) for t in g.initializer}
    inputs = [i for i in g.input if i.name not in consts]  # MATLAB also lists initializers
    if len(inputs) != 1:
        raise OwnInputError(f"{path}: the graph takes {len(inputs)} inputs; need exactly one")
    dims = [d.dim_value if d.HasField("dim_value") else None
            for d in inputs[0].type.tensor_type.shape.dim]  # fmt: skip
    feat = dims[1:]
    if not feat or any(v is None or v == 0 for v in feat):
        raise OwnInputError(f"{path}: input {inputs[0].name!r} has no fixed feature shape ({dims})")
    d = int(np.prod(feat))
    chain = ChainBuilder(d, str(path))
    running = {inputs[0].name}
    acts = {"Tanh": "tanh", "Relu": "relu", "Sigmoid": "sigmoid", "Identity": "linear"}
    passthrough = {"Flatten", "Reshape", "Squeeze", "Unsqueeze", "Dropout", "Identity"}
    for node in g.node:
        where = f"node {node.name or node.output[0]!r} ({node.op_type})"
        if node.op_type == "Constant":
            a = _attrs(node)
            consts[node.output[0]] = (numpy_helper.to_array(a["value"]) if "value" in a
                                      else np.asarray(next(iter(a.values()))))  # fmt: skip
            continue
        ins = [i for i in node.input if i]
        live = [i for i in ins if i in running]
        if not live:
            raise OwnInputError(f"{path}: {where} works on constants only; not supported")
        if len(live) > 1 or any(i not in running and i not in consts for i in ins):
            raise OwnInputError(
                f"{path}: {where} combines two computed tensors (a residual or branching graph); "
                "only chains of dense layers are supported"
            )
        a = _attrs(node)
        op = node.op_type
        if op == "Gemm":
            if ins[0] not in running or a.get("transA", 0):
                raise OwnInputError(f"{path}: {where}: only Gemm(x, W[, b]) without transA")
            B = consts[ins[1]]
            W = a.get("alpha", 1.0) * (B if a.get("transB", 0) else B.T)  # (out, in)
            bias = a.get("beta", 1.0) * consts[ins[2]] if len(ins) > 2 else None
            chain.dense(W.astype(B.dtype), bias, node.name or ins[1])
        elif op == "MatMul":
            if ins[0] not in running:
                raise OwnInputError(f"{path}: {where}: only MatMul(x, W) is supported")
            chain.dense(consts[ins[1]].T, None, node.name or ins[1])
        elif op in ("Add", "Sub"):
            c = consts[ins[1] if ins[0] in running else ins[0]]
            if op == "Add":
                chain.affine(None, c, f"Add {node.name!r}")
            elif ins[0] in running:
                chain.affine(None, -np.asarray(c, dtype=float), f"Sub {node.name!r}")
            else:
                chain.affine(-1.0, c, f"Sub {node.name!r}")
        elif op in ("Mul", "Div"):
            if op == "Div" and ins[0] not in running:
                raise OwnInputError(f"{path}: {where} divides by the signal; not supported")
            c = np.asarray(consts[ins[1] if ins[0] in running else ins[0]], dtype=float)
            chain.affine(1.0 / c if op == "Div" else c, None, f"{op} {node.name!r}")
        elif op in acts:
            chain.activation(acts[op], where)
        elif op in passthrough:
            pass  # feature count is checked by the next dense layer's width
        else:
            kind = {"Conv": "a convolution", "BatchNormalization": "batch normalisation",
                    "ConvTranspose": "a transposed convolution"}.get(op, "an operation")
            if op in ("LeakyRelu", "Elu", "Selu", "Softplus", "Softmax", "LogSoftmax",
                      "HardSigmoid", "Gelu", "PRelu"):  # fmt: skip
                raise OwnInputError(
                    f"{path}: {where}: activation {op} is not supported; the descramblers replay "
                    "Tanh, Relu, Sigmoid and linear layers"
                )
            raise OwnInputError(
                f"{path}: {where} is {kind} that the pipeline cannot turn into a dense layer; "
                "only chains of Gemm/MatMul layers and Tanh/Relu/Sigmoid are supported"
            )
        running.update(node.output)
    if len(g.output) != 1 or g.output[0].name not in running:
        raise OwnInputError(f"{path}: the graph must have one output, the chain's")
    layers, names, notes = chain.finish()
    shape = tuple(feat)
    batch = dims[0]

    def reference(X):
        from onnx.reference import ReferenceEvaluator

        ev = ReferenceEvaluator(model)
        dtype = onnx.helper.tensor_dtype_to_np_dtype(inputs[0].type.tensor_type.elem_type)
        X = np.asarray(X, dtype=dtype)
        if batch == 1:  # MATLAB fixes the batch at 1: one row at a time
            rows = [ev.run(None, {inputs[0].name: x.reshape(1, *shape)})[0] for x in X]
            return np.concatenate([np.asarray(r).reshape(1, -1) for r in rows]).astype(float)
        out = ev.run(None, {inputs[0].name: X.reshape(len(X), *shape)})[0]
        return np.asarray(out, dtype=float).reshape(len(X), -1)

    net = Network(layers, names, "onnx", notes, reference)
    net.input_shape = shape if len(shape) > 1 else None
    return net


def sha256(path):
    """Hex sha256 of a file's bytes."""
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


__all__ = ["FORMATS", "detect_format", "load_network", "load_state_dict", "sha256"]
