"""Own networks: every format loads into the same layers, checked against the source's outputs."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from descramble.descramblers.job import descramble_job
from descramble.problems import own
from descramble.problems.own.export import EXPORTS, export
from descramble.train import train

GRAPH_FORMATS = ("onnx", "onnx_matmul", "onnx_matlab", "pt2", "torchscript")


@pytest.fixture(scope="module")
def trained(one_torch_thread):
    """A network trained by the pipeline's own loop on a tiny smooth regression (seconds)."""
    torch.set_num_threads(1)
    rng = np.random.default_rng(0)
    t = np.linspace(0, 1, 24)
    theta = rng.uniform(0.5, 2.0, (400, 2))
    X = (np.exp(-t[None, :] * theta[:, :1] * 3) * theta[:, 1:]).astype(np.float32)
    X += 0.01 * rng.standard_normal(X.shape).astype(np.float32)
    res = train(X[:300], theta[:300].astype(np.float32), X[300:], theta[300:].astype(np.float32),
                hidden=(16, 12), activation="tanh", lr=1e-2, batch_size=50, epochs=3, seed=0,
                device="cpu")  # fmt: skip
    return res, X


def _layers(trained):
    res, _ = trained
    return res["layers"] if isinstance(res, dict) else res.layers


def test_every_export_round_trips_to_the_same_layers_and_descrambler(trained, tmp_path):
    layers = _layers(trained)
    X = trained[1].astype(float)
    ref = {k: descramble_job(layers, X, k, "fourier") for k in range(len(layers))}
    for fmt in EXPORTS:
        path = export(layers, tmp_path / f"m_{fmt}", fmt)
        acts = [layer["activation"] for layer in layers]
        net = own.load_network(path, acts if fmt in ("state_dict", "safetensors") else None)
        assert net.verify["max_rel_diff"] < 1e-5
        assert len(net.layers) == len(layers)
        for a, b in zip(net.layers, layers, strict=True):
            np.testing.assert_allclose(a["weight"], b["weight"], atol=1e-7, rtol=0)
            np.testing.assert_allclose(a["bias"], b["bias"], atol=1e-7, rtol=0)
            assert a["activation"] == b["activation"]
        for k in range(len(layers)):
            res = own.descramble(net, X, k, "fourier")
            assert res["certified"]
            tol = own.certificate_tolerance(res)
            # same P up to the certificate: it is optimal for the original's Grams too
            P = res["P"]
            A, B = ref[k]["operator_gram"], ref[k]["gram"]
            obj = float(np.trace(A @ P @ B @ P.T))
            assert obj <= ref[k]["bound"] + tol + 1e-6 * abs(ref[k]["bound"])
            assert abs(res["objective"] - ref[k]["objective"]) <= tol + 1e-6 * abs(res["bound"])


@pytest.mark.parametrize("fmt", EXPORTS)
def test_format_is_read_from_content_not_suffix(trained, tmp_path, fmt):
    layers = _layers(trained)
    path = export(layers, tmp_path / "model.bin", fmt)  # a suffix that names no format
    got = own.detect_format(path)
    want = {"onnx_matmul": "onnx", "onnx_matlab": "onnx", "state_dict": "torch_pickle"}
    assert got == want.get(fmt, fmt)


def test_onnx_external_data_loads(trained, tmp_path):
    layers = _layers(trained)
    path = export(layers, tmp_path / "ext.onnx", "onnx", external_data=True)
    assert (tmp_path / "ext.onnx.data").is_file()
    net = own.load_network(path)
    np.testing.assert_array_equal(net.layers[0]["weight"], layers[0]["weight"])


def _matlab_graph(d=12, seed=1):
    """A graph as MATLAB's exportONNXNetwork writes it, built with onnx.helper."""
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(seed)
    W1, b1 = rng.standard_normal((d, 8)).astype(np.float32), rng.standard_normal(8)
    W2, b2 = rng.standard_normal((8, 3)).astype(np.float32), rng.standard_normal(3)
    b1, b2 = b1.astype(np.float32), b2.astype(np.float32)
    mu = rng.standard_normal((1, 1, 1, d)).astype(np.float32)
    sd = rng.uniform(0.5, 2.0, (1, 1, 1, d)).astype(np.float32)
    inits = {"imageinput_Mean": mu, "imageinput_StandardDeviation": sd, "fc_1_W": W1,
             "fc_1_B": b1, "fc_2_W": W2, "fc_2_B": b2}  # fmt: skip
    tensors = [numpy_helper.from_array(v, k) for k, v in inits.items()]
    nodes = [
        helper.make_node("Sub", ["imageinput", "imageinput_Mean"], ["s"], name="imageinput_Sub"),
        helper.make_node("Div", ["s", "imageinput_StandardDeviation"], ["n"],
                         name="imageinput_Div"),  # fmt: skip
        helper.make_node("Flatten", ["n"], ["f"], name="flatten", axis=1),
        helper.make_node("MatMul", ["f", "fc_1_W"], ["m1"], name="fc_1_MatMul"),
        helper.make_node("Add", ["m1", "fc_1_B"], ["z1"], name="fc_1_Add"),
        helper.make_node("Tanh", ["z1"], ["h1"], name="tanh_1"),
        helper.make_node("MatMul", ["h1", "fc_2_W"], ["m2"], name="fc_2_MatMul"),
        helper.make_node("Add", ["m2", "fc_2_B"], ["out"], name="fc_2_Add"),
    ]
    inputs = [helper.make_tensor_value_info("imageinput", TensorProto.FLOAT, [1, 1, 1, d])]
    inputs += [helper.make_tensor_value_info(t.name, TensorProto.FLOAT, list(t.dims))
               for t in tensors]  # initializers listed as graph inputs, as MATLAB does
    out = [helper.make_tensor_value_info("out", TensorProto.FLOAT, [1, 3])]
    g = helper.make_graph(nodes, "matlab", inputs, out, initializer=tensors)
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 8)])
    m.ir_version = 3
    return m, inits


def test_matlab_shaped_onnx_graph_matches_onnx_reference(tmp_path):
    import onnx
    from onnx.reference import ReferenceEvaluator

    m, p = _matlab_graph()
    path = tmp_path / "deernet_matlab.onnx"
    onnx.save_model(m, str(path))
    net = own.load_network(path)
    assert [layer["activation"] for layer in net.layers] == ["tanh", "linear"]
    assert net.names == ["fc_1_MatMul", "fc_2_MatMul"]
    assert any("folded into layer 0" in n for n in net.notes)
    rng = np.random.default_rng(5)
    X = rng.standard_normal((20, 12)).astype(np.float32) * 2 + 1
    ev = ReferenceEvaluator(m)
    want = np.concatenate([ev.run(None, {"imageinput": x.reshape(1, 1, 1, 12)})[0] for x in X])
    np.testing.assert_allclose(own.forward(net.layers, X), want, rtol=1e-5, atol=1e-5)
    # the normalisation is folded into layer 0: W' = W^T / sd, b' = b - W'(mu)
    sd, mu = p["imageinput_StandardDeviation"].reshape(-1), p["imageinput_Mean"].reshape(-1)
    W0 = p["fc_1_W"].T / sd[None, :]
    np.testing.assert_allclose(net.layers[0]["weight"], W0, rtol=1e-6)
    np.testing.assert_allclose(net.layers[0]["bias"], p["fc_1_B"] - W0 @ mu, rtol=1e-5, atol=1e-5)


def test_gemm_alpha_beta_and_transb(tmp_path):
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    from onnx.reference import ReferenceEvaluator

    rng = np.random.default_rng(2)
    B = rng.standard_normal((6, 5)).astype(np.float32)  # (in, out): transB = 0
    C = rng.standard_normal(5).astype(np.float32)
    g = helper.make_graph(
        [helper.make_node("Gemm", ["x", "B", "C"], ["y"], alpha=0.5, beta=2.0, name="g")], "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 6])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 5])],
        initializer=[numpy_helper.from_array(B, "B"), numpy_helper.from_array(C, "C")],
    )  # fmt: skip
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)])
    onnx.save_model(m, str(tmp_path / "g.onnx"))
    net = own.load_network(tmp_path / "g.onnx")
    X = rng.standard_normal((7, 6)).astype(np.float32)
    want = ReferenceEvaluator(m).run(None, {"x": X})[0]
    np.testing.assert_allclose(own.forward(net.layers, X), want, rtol=1e-5, atol=1e-6)


def test_state_dict_layers_follow_the_forward_chain_not_key_order(tmp_path):
    """Keys layers.0 .. layers.10 sort as text with 10 before 2; the chain order is numeric."""
    from safetensors.numpy import save_file

    rng = np.random.default_rng(3)
    widths = [5] + [4 + i for i in range(11)]
    tensors, layers = {}, []
    for i in range(11):
        W = rng.standard_normal((widths[i + 1], widths[i])).astype(np.float32)
        b = rng.standard_normal(widths[i + 1]).astype(np.float32)
        tensors[f"layers.{i}.weight"], tensors[f"layers.{i}.bias"] = W, b
        layers.append({"weight": W, "bias": b, "activation": "tanh" if i < 10 else "linear"})
    save_file(tensors, str(tmp_path / "m.safetensors"))
    net = own.load_network(tmp_path / "m.safetensors", [la["activation"] for la in layers])
    assert net.names == [f"layers.{i}" for i in range(11)]
    for a, b in zip(net.layers, layers, strict=True):
        np.testing.assert_array_equal(a["weight"], b["weight"])


def test_probe_readers_and_matlab_orientation(tmp_path):
    import h5py
    import scipy.io

    rng = np.random.default_rng(4)
    X = rng.standard_normal((50, 12))
    np.save(tmp_path / "p.npy", X)
    np.savetxt(tmp_path / "p.csv", X, delimiter=",")
    scipy.io.savemat(tmp_path / "p.mat", {"traces": X.T})  # MATLAB: one signal per column
    with h5py.File(tmp_path / "p.h5", "w") as f:
        f["group/signals"] = X
    for name, key in (("p.npy", None), ("p.csv", None), ("p.mat", "traces"),
                      ("p.h5", "group/signals")):  # fmt: skip
        got, info = own.load_probe(tmp_path / name, 12, key)
        np.testing.assert_allclose(got, X, rtol=1e-12)
        assert info["transposed"] == (name == "p.mat")
