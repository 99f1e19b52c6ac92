"""Write a network (a model artefact's layer list) out as the formats other tools use.

:func:`export` writes ONNX (three styles: ``gemm`` as PyTorch's exporter
writes it, ``matmul`` (MatMul + Add), ``matlab`` as MATLAB's
``exportONNXNetwork`` does: opset 8, an image input (1, 1, 1, d) and
Flatten, initializers listed as graph inputs, batch fixed at 1, an optional
Sub/Div input normalisation), torch.export (``.pt2``), TorchScript, a
state_dict (``.pt``) and safetensors. ``tools/export_model.py`` is its
command line; the ``own`` import reads every one of them back.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

EXPORTS = ("onnx", "onnx_matmul", "onnx_matlab", "pt2", "torchscript", "state_dict",
           "safetensors")  # fmt: skip
ONNX_ACTS = {"relu": "Relu", "tanh": "Tanh", "sigmoid": "Sigmoid"}


def torch_model(layers):
    """``torch.nn.Sequential`` of Linear + activation modules (float32, eval mode)."""
    from descramble.models import model_from_arrays

    return model_from_arrays(layers).float().eval()


def _f32(a):
    return np.ascontiguousarray(np.asarray(a, dtype=np.float32))


def onnx_model(layers, style="gemm", normalise=None):
    """An ONNX ``ModelProto`` of the chain.

    Parameters
    ----------
    layers : list of dict
    style : {"gemm", "matmul", "matlab"}
    normalise : tuple (mean (d,), std (d,)), optional
        ``matlab`` only: a Sub/Div input normalisation, with layer 0 rescaled
        so that the network computes the same function.
    """
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    d = np.asarray(layers[0]["weight"]).shape[1]
    k = np.asarray(layers[-1]["weight"]).shape[0]
    inits, nodes = [], []
    matlab = style == "matlab"
    if matlab:
        x_in = helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 1, 1, d])
        nodes.append(helper.make_node("Flatten", ["input"], ["flat"], name="flatten", axis=1))
        cur = "flat"
    else:
        x_in = helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", d])
        cur = "input"
    layers = [dict(layer) for layer in layers]
    if normalise is not None:
        if not matlab:
            raise ValueError("normalise is for the matlab style")
        mu, sd = (np.asarray(v, dtype=np.float64).reshape(-1) for v in normalise)
        W = np.asarray(layers[0]["weight"], dtype=np.float64)
        layers[0]["bias"] = np.asarray(layers[0]["bias"], dtype=np.float64) + W @ mu
        layers[0]["weight"] = W * sd[None, :]
        inits += [numpy_helper.from_array(_f32(mu.reshape(1, 1, 1, d)), "input_Mean"),
                  numpy_helper.from_array(_f32(sd.reshape(1, 1, 1, d)), "input_StandardDeviation")]
        sub = helper.make_node("Sub", ["input", "input_Mean"], ["centred"], name="input_Sub")
        nodes.insert(0, sub)
        nodes.insert(1, helper.make_node("Div", ["centred", "input_StandardDeviation"], ["scaled"],
                                         name="input_Div"))  # fmt: skip
        nodes[2].input[0] = "scaled"
    for i, layer in enumerate(layers):
        W, b = _f32(layer["weight"]), _f32(layer["bias"])
        name = f"fc_{i + 1}" if matlab else f"layers.{i}"
        out = f"z{i}"
        if style == "gemm":
            inits += [numpy_helper.from_array(W, f"{name}.weight"),
                      numpy_helper.from_array(b, f"{name}.bias")]  # fmt: skip
            nodes.append(helper.make_node("Gemm", [cur, f"{name}.weight", f"{name}.bias"], [out],
                                          name=f"/{name}/Gemm", alpha=1.0, beta=1.0, transB=1))
        else:
            inits += [numpy_helper.from_array(_f32(W.T), f"{name}_W"),
                      numpy_helper.from_array(b, f"{name}_B")]  # fmt: skip
            nodes.append(helper.make_node("MatMul", [cur, f"{name}_W"], [f"{out}_mm"],
                                          name=f"{name}_MatMul"))  # fmt: skip
            nodes.append(helper.make_node("Add", [f"{out}_mm", f"{name}_B"], [out],
                                          name=f"{name}_Add"))  # fmt: skip
        cur = out
        act = layer["activation"]
        if act in ONNX_ACTS:
            nodes.append(helper.make_node(ONNX_ACTS[act], [cur], [f"h{i}"], name=f"{name}_act"))
            cur = f"h{i}"
        elif act != "linear":
            raise ValueError(f"activation {act!r} has no ONNX export here")
    nodes.append(helper.make_node("Identity", [cur], ["output"], name="output"))
    y = helper.make_tensor_value_info("output", TensorProto.FLOAT, [1 if matlab else "N", k])
    graph_inputs = [x_in]
    if matlab:  # old exporters list every initializer as a graph input too
        graph_inputs += [helper.make_tensor_value_info(t.name, TensorProto.FLOAT, list(t.dims))
                         for t in inits]  # fmt: skip
    graph = helper.make_graph(nodes, "descramble_export", graph_inputs, [y], initializer=inits)
    opset = 8 if matlab else 17
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)],
                              producer_name="descramble.export")  # fmt: skip
    model.ir_version = 3 if matlab else 8
    onnx.checker.check_model(model)
    return model


def export(layers, path, fmt, external_data=False, normalise=None):
    """Write ``layers`` to ``path`` as ``fmt`` (one of :data:`EXPORTS`).

    Parameters
    ----------
    layers : list of dict
        ``{"weight" (out, in), "bias", "activation"}`` per layer.
    path : str or Path
    fmt : str
    external_data : bool
        ONNX only: weights in ``<path>.data`` next to the model (as PyTorch's
        exporter writes large models).
    normalise : tuple, optional
        ``onnx_matlab`` only: ``(mean, std)`` of a Sub/Div input normalisation.

    Returns
    -------
    Path
    """
    import torch

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    d = np.asarray(layers[0]["weight"]).shape[1]
    if fmt.startswith("onnx"):
        import onnx

        style = {"onnx": "gemm", "onnx_matmul": "matmul", "onnx_matlab": "matlab"}[fmt]
        model = onnx_model(layers, style, normalise)
        if external_data:
            onnx.save_model(model, str(path), save_as_external_data=True,
                            all_tensors_to_one_file=True, location=f"{path.name}.data",
                            size_threshold=0)  # fmt: skip
        else:
            onnx.save_model(model, str(path))
        return path
    model = torch_model(layers)
    if fmt == "pt2":
        ep = torch.export.export(model, (torch.zeros(2, d),),
                                 dynamic_shapes=({0: torch.export.Dim.DYNAMIC},))
        torch.export.save(ep, str(path))
    elif fmt == "torchscript":
        torch.jit.script(model).save(str(path))
    elif fmt == "state_dict":
        torch.save(model.state_dict(), path)
    elif fmt == "safetensors":
        from safetensors.torch import save_file

        save_file({k: v.contiguous() for k, v in model.state_dict().items()}, str(path))
    else:
        raise ValueError(f"unknown export format {fmt!r}; choose from {EXPORTS}")
    return path


def activations_of(layers):
    """The activation list a state_dict / safetensors export needs back in the config."""
    return [layer["activation"] for layer in layers]
