"""Own networks: every bad input of issue 15 item 5 gets a clear error and leaves no artefact."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from descramble.io import write_h5
from descramble.problems.own import OwnInputError
from descramble.problems.own.export import export
from descramble.problems.own.jobs import descramble_network_layer, import_network, import_probe

SETTINGS = {"n_noise": 200, "n_probe": None, "n_sv": 2, "stack_weight": 1.0, "seed": 0}


@pytest.fixture(scope="module")
def layers(one_torch_thread):
    rng = np.random.default_rng(0)
    sizes, acts = [16, 12, 8, 2], ["tanh", "tanh", "linear"]
    return [{"weight": rng.standard_normal((o, i)).astype(np.float32),
             "bias": rng.standard_normal(o).astype(np.float32), "activation": a}
            for i, o, a in zip(sizes[:-1], sizes[1:], acts, strict=True)]  # fmt: skip


def _import_fails(model, tmp_path, match, activations=None):
    out = tmp_path / "results" / "m.h5"
    with pytest.raises(OwnInputError, match=match):
        import_network(model, out, activations)
    assert not out.exists() and not list(tmp_path.rglob("*.h5"))


def test_missing_model_file(tmp_path):
    _import_fails(tmp_path / "nope.onnx", tmp_path, r"nope\.onnx does not exist")


def test_a_file_that_is_no_model_says_what_it_looks_like(tmp_path):
    p = tmp_path / "model.onnx"
    p.write_text("time,signal\n0,1\n")
    _import_fails(p, tmp_path, r"no model file.*looks like text starting 'time,signal'")
    with open(tmp_path / "arr.pt", "wb") as f:
        np.save(f, np.zeros(3))
    _import_fails(tmp_path / "arr.pt", tmp_path, r"looks like a NumPy \.npy array")


def test_a_pickled_module_is_refused_with_how_to_save_it(layers, tmp_path):
    from descramble.problems.own.export import torch_model

    p = tmp_path / "whole.pt"
    torch.save(torch_model(layers), p)  # a whole-module pickle
    _import_fails(p, tmp_path, r"pickled.*refused.*state_dict\(\).*torch\.export")


def test_a_conv_graph_names_the_node_and_op(tmp_path):
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    w = numpy_helper.from_array(np.ones((1, 1, 3), np.float32), "k")
    g = helper.make_graph([helper.make_node("Conv", ["x", "k"], ["y"], name="conv1")], "c",
                          [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 1, 8])],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 1, 6])],
                          initializer=[w])  # fmt: skip
    onnx.save_model(helper.make_model(g), str(tmp_path / "c.onnx"))
    _import_fails(tmp_path / "c.onnx", tmp_path, r"node 'conv1' \(Conv\) is a convolution")


def test_a_residual_graph_names_the_node(layers, tmp_path):
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    W = numpy_helper.from_array(np.eye(4, dtype=np.float32), "W")
    nodes = [helper.make_node("MatMul", ["x", "W"], ["m"], name="fc"),
             helper.make_node("Tanh", ["m"], ["h"], name="act"),
             helper.make_node("Add", ["h", "x"], ["y"], name="skip")]  # fmt: skip
    g = helper.make_graph(nodes, "r", [helper.make_tensor_value_info("x", TensorProto.FLOAT,
                                                                     ["N", 4])],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 4])],
                          initializer=[W])  # fmt: skip
    onnx.save_model(helper.make_model(g), str(tmp_path / "r.onnx"))
    _import_fails(tmp_path / "r.onnx", tmp_path, r"node 'skip' \(Add\) combines two computed")


def test_a_batch_norm_state_dict_is_refused(layers, tmp_path):
    sd = {"0.weight": torch.ones(4, 3), "0.bias": torch.zeros(4),
          "1.running_mean": torch.zeros(4), "1.running_var": torch.ones(4)}  # fmt: skip
    torch.save(sd, tmp_path / "bn.pt")
    _import_fails(tmp_path / "bn.pt", tmp_path, r"'1\.running_mean' is batch-norm", ["tanh"])


def test_an_unsupported_activation(layers, tmp_path):
    export(layers, tmp_path / "m.pt", "state_dict")
    _import_fails(tmp_path / "m.pt", tmp_path, r"activation 'gelu' is not supported",
                  ["gelu", "tanh", "linear"])  # fmt: skip


def test_a_state_dict_without_activations(layers, tmp_path):
    export(layers, tmp_path / "m.safetensors", "safetensors")
    match = r"holds only weights.*activations.*3 layers"
    _import_fails(tmp_path / "m.safetensors", tmp_path, match)


def test_a_state_dict_whose_widths_do_not_chain(tmp_path):
    sd = {"0.weight": torch.ones(4, 3), "0.bias": torch.zeros(4),
          "2.weight": torch.ones(2, 5), "2.bias": torch.zeros(2)}  # fmt: skip
    torch.save(sd, tmp_path / "m.pt")
    _import_fails(tmp_path / "m.pt", tmp_path, r"widths do not chain: 2 takes 5 inputs.*gives 4",
                  ["tanh", "linear"])  # fmt: skip


def test_an_onnx_whose_external_data_is_missing(layers, tmp_path):
    export(layers, tmp_path / "m.onnx", "onnx", external_data=True)
    (tmp_path / "m.onnx.data").unlink()
    match = r"external file 'm\.onnx\.data', which is missing"
    _import_fails(tmp_path / "m.onnx", tmp_path, match)


@pytest.fixture
def imported(layers, tmp_path):
    export(layers, tmp_path / "m.onnx", "onnx")
    model = tmp_path / "models" / "m.h5"
    import_network(tmp_path / "m.onnx", model, name="m")
    return model


def _probe_fails(imported, tmp_path, X, match):
    np.save(tmp_path / "p.npy", X)
    out = tmp_path / "data" / "p.h5"
    with pytest.raises(OwnInputError, match=match):
        import_probe(tmp_path / "p.npy", out, [imported])
    assert not out.exists()


def test_a_probe_of_the_wrong_width(imported, tmp_path):
    _probe_fails(imported, tmp_path, np.zeros((300, 200)), r"has 200 columns; the network takes 16")


def test_a_probe_with_nans(imported, tmp_path):
    X = np.ones((300, 16))
    X[7, 3] = np.nan
    _probe_fails(imported, tmp_path, X, r"1 NaN or infinite values \(first at row 7, column 3\)")


def _probe_file(tmp_path, X):
    path = tmp_path / "data" / "p.h5"
    write_h5(path, {"signal": X}, "own-probe", {"probe": "p"})
    return path


def _desc_fails(imported, probe, tmp_path, layer, criterion, match):
    out = tmp_path / "desc" / "d.h5"
    with pytest.raises(OwnInputError, match=match):
        descramble_network_layer(imported, probe, out, "m", layer, criterion, SETTINGS)
    assert not out.exists()


def test_a_probe_with_fewer_rows_than_the_layer_width(imported, tmp_path):
    probe = _probe_file(tmp_path, np.ones((10, 16)))
    _desc_fails(imported, probe, tmp_path, 0, "fourier", r"10 rows, fewer than layer 0's width 12")


def test_a_layer_index_out_of_range(imported, tmp_path):
    _desc_fails(imported, None, tmp_path, 3, "fourier", r"layer 3 is out of range.*layers 0\.\.2")


def test_fourier_stacked_on_the_last_layer(imported, tmp_path):
    _desc_fails(imported, None, tmp_path, 2, "fourier_stacked", r"fourier_stacked.*last layer")


def test_config_layer_lists_are_checked(imported):
    from descramble.problems.own.jobs import resolve_layers

    with pytest.raises(OwnInputError, match=r"own\.networks\.m: layer 5 is out of range"):
        resolve_layers([0, 5], 3, "m", ["fourier"])
    with pytest.raises(OwnInputError, match=r"fourier_stacked.*layer 2 is the last"):
        resolve_layers([2], 3, "m", ["fourier_stacked"])
    assert (2, "fourier_stacked") not in resolve_layers("all", 3, "m", ["fourier_stacked"])
