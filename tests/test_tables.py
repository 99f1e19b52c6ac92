"""Table rows and artefact writers moved out of rule scripts: keyed by provenance, checked."""

import numpy as np
import pytest

from descramble.io import read_h5, write_h5
from descramble.models import artefact_layers, write_model
from descramble.problems.biexp.analysis import analyze_network
from descramble.problems.biexp.evaluate import ERROR_COLUMNS, error_rows
from descramble.problems.biexp.tables import SV_FIT_COLUMNS, stats_row, sv_fit_rows
from descramble.tables import DESCRAMBLER_COLUMNS, artefact_key, descrambler_row


def _art(params, seed, **arrays):
    return {"_provenance": {"params": params, "seed": seed}, **arrays}


def test_artefact_key_reads_provenance_and_writes_snr_as_in_paths():
    a = _art({"arch": "nd_reg", "snr": 2.5, "other": 1}, 3)
    assert artefact_key(a, "arch", "snr") == {"arch": "nd_reg", "snr": "2.5", "seed": 3}
    assert artefact_key(_art({"snr": 30.0}, 0), "snr") == {"snr": "30", "seed": 0}


def test_descrambler_row_has_every_column_and_the_relative_gap():
    a = _art({"arch": "deernet", "snr": 10.0, "layer": 1, "criterion": "fourier",
              "probe": "noise", "problem": "deer"}, 1, P=np.eye(2), objective=1.5, bound=-2.0,
             identity_objective=4.0)  # fmt: skip
    a["_attrs"] = {"": {"seconds": 0.5, "method": "exact", "iterations": 0, "device": "cpu"}}
    row = descrambler_row(a)
    assert tuple(row) == DESCRAMBLER_COLUMNS
    assert row["gap"] == pytest.approx((1.5 + 2.0) / 2.0) and row["snr"] == "10"
    assert row["certified"] == ""  # no scale / norms stored: no verdict
    del a["_provenance"]["params"]["problem"]  # artefacts from before problems were named
    assert descrambler_row(a)["problem"] == "biexp"
    # with the certificate's scale and norms: the gap against 1e-10 scale + 4 sqrt(n) eps norms
    allowance = 1e-10 * 4.0 + 4 * np.sqrt(2) * np.finfo(float).eps * 1e6
    for gap, ok in ((0.5 * allowance, True), (2.0 * allowance, False)):
        b = {**a, "objective": -2.0 + gap, "scale": 4.0, "norms": 1e6}
        assert descrambler_row(b)["certified"] is ok


def test_error_rows_match_estimates_to_their_own_data_by_provenance():
    truth = {(30.0, 0): np.full((4, 2), 100.0), (1.0, 0): np.full((4, 2), 200.0)}
    data = [_art({"snr": s}, d, test={"params": v}) for (s, d), v in truth.items()]
    nlls = [_art({"snr": 1.0}, 0, test={"params": np.full((4, 2), 220.0),
                                        "baseline_params": np.full((4, 2), 200.0)})]  # fmt: skip
    models = [_art({"snr": 30.0, "arch": "nd_nd"}, 0, test={"pred": np.full((4, 2), 90.0)})]
    rows = error_rows(data, nlls, models)
    assert all(tuple(r) == ERROR_COLUMNS for r in rows)
    by = {(r["arch"], r["snr"], r["param"]): r["mean_rel_error"] for r in rows}
    assert by[("nlls", "1", "T21")] == pytest.approx(0.0)
    assert by[("nlls_reg", "1", "T22")] == pytest.approx(0.1)
    assert by[("nd_nd", "30", "T21")] == pytest.approx(0.1)  # against its own SNR's truth
    assert len(rows) == 6


def test_analyze_network_stats_and_sv_table(tmp_path):
    rng = np.random.default_rng(0)
    m, t = 16, np.linspace(0.0, 800.0, 16)
    W0 = rng.standard_normal((6, 2 * m)) * 0.1
    W1 = W0 + np.concatenate([np.exp(-t / 80.0), np.exp(-t / 80.0)])[None] * rng.random((6, 1))
    W1 = W1.astype(np.float32)  # as a model artefact stores it
    out = analyze_network(W1, W0, t, n_sv=2)
    lf = ((W1 - W0) ** 2).sum() / (W1.astype(float) ** 2).sum()
    assert out["stats"]["learned_fraction"] == pytest.approx(lf, rel=1e-6)
    assert "half_diff_drift" in out["stats"] and "halves" not in out["W1"]
    # what was learned is the same in both halves: the difference of the halves did not move
    assert out["stats"]["half_diff_drift"] < 1e-6
    path = tmp_path / "svd.h5"
    write_h5(path, out, "biexp-svd", {"arch": "nd_nd", "snr": 30.0}, 2)
    d = read_h5(path)
    rows = sv_fit_rows(d)
    assert rows and all(tuple(r) == SV_FIT_COLUMNS for r in rows)
    assert {(r["matrix"], r["sv"], r["half"]) for r in rows} == {
        (mx, sv, h) for mx in ("W1", "dW1") for sv in (1, 2) for h in (1, 2)}  # fmt: skip
    assert stats_row(d) == {"arch": "nd_nd", "snr": "30", "seed": 2, **out["stats"]}


def test_write_model_round_trips_layers_and_activations(tmp_path):
    layers = [{"weight": np.ones((3, 2), np.float32), "bias": np.zeros(3, np.float32),
               "activation": "tanh"},
              {"weight": np.ones((1, 3), np.float32), "bias": np.ones(1, np.float32),
               "activation": "linear"}]  # fmt: skip
    init = [{**L, "weight": L["weight"] * 0} for L in layers]
    path = tmp_path / "m.h5"
    write_model(path, layers, init, {"test": {"pred": np.zeros((4, 1))}}, "toy-model",
                {"arch": "a"}, 7, {"device": "cpu"})  # fmt: skip
    m = read_h5(path)
    back = artefact_layers(m)
    assert [L["activation"] for L in back] == ["tanh", "linear"]
    np.testing.assert_array_equal(back[1]["bias"], layers[1]["bias"])
    np.testing.assert_array_equal(m["init"]["0"]["weight"], np.zeros((3, 2)))
    assert m["_provenance"]["seed"] == 7 and "torch" in m["_provenance"]["execution"]


def test_deer_evaluation_rows_score_each_network_on_its_data_and_check_stored_predictions(
    tmp_path,
):
    from descramble.models import model_from_arrays
    from descramble.problems.deer.evaluate import ERROR_COLUMNS as DEER_COLUMNS
    from descramble.problems.deer.evaluate import evaluation_rows
    from descramble.train import predict

    rng = np.random.default_rng(1)
    layers = [{"weight": rng.standard_normal((3, 5)).astype(np.float32),
               "bias": np.zeros(3, np.float32), "activation": "sigmoid_renorm"}]  # fmt: skip
    x = rng.standard_normal((6, 5)).astype(np.float32)
    p_true = np.full((6, 3), 1 / 3)
    pred = predict(model_from_arrays(layers), x)
    path = tmp_path / "m.h5"
    write_model(path, layers, layers, {"test": {"pred": pred}}, "deer-model",
                {"arch": "deernet", "snr": 10.0}, 0, {})  # fmt: skip
    data = [_art({"snr": 10.0}, 0, test={"signal": x, "p": p_true})]
    base = [{"prior_mean": {"p": np.full(3, 1 / 3)}, "dsp": {"p": p_true, "seconds_per_trace": 0.1},
             "tikhonov": {"p": p_true[:2], "seconds": np.array([1.0, 3.0])}}]  # fmt: skip
    traces = []
    rows = evaluation_rows(data, base, [(str(path), read_h5(path))], n_tikhonov=2,
                           per_trace=traces)  # fmt: skip
    assert all(tuple(r) == DEER_COLUMNS for r in rows)
    # per-trace errors of the shared subset, for paired comparisons: each trace's own error
    from descramble.problems.deer.dsp import relative_error

    net = [t for t in traces if t["method"] == "network"]
    assert [t["trace"] for t in net] == [0, 1] and {t["method"] for t in traces} == {
        "network", "dsp_replica", "tikhonov"}
    np.testing.assert_allclose([t["error"] for t in net], relative_error(pred[:2], p_true[:2]))
    by = {(r["method"], r["subset"]): r for r in rows}
    assert by[("prior_mean", "all")]["error"] == pytest.approx(0.0)
    assert by[("tikhonov", "first2")]["seconds_per_trace"] == pytest.approx(2.0)
    assert ("tikhonov", "all") not in by  # it fitted the shared subset only
    assert by[("network", "all")]["arch"] == "deernet" and by[("network", "all")]["error"] > 0
    # a network whose stored predictions are not its weights' is refused, naming the file
    write_model(path, layers, layers, {"test": {"pred": pred + 0.1}}, "deer-model",
                {"arch": "deernet", "snr": 10.0}, 0, {})  # fmt: skip
    with pytest.raises(ValueError, match="stored test predictions differ"):
        evaluation_rows(data, base, [(str(path), read_h5(path))], n_tikhonov=2)


def _phase_analysis(arch, snr, seed, level):
    probe = {"limit_P": np.eye(4), "to_identity": np.array([level, level / 2]),
             "to_limit": np.array([0.3, 0.1]), "gap": np.zeros(2), "limit_to_identity": 0.0}
    return _art({"arch": arch, "snr": snr}, seed, noise=probe, data=probe, N=np.array([10, 100]),
                power=np.arange(3.0) + level, ordered_fraction=1.0, off_block=0.0,
                data_vs_noise_limit=0.0)  # fmt: skip


def test_phase_tables_match_analyses_models_and_data_by_provenance_not_order():
    from descramble.problems.phase.tables import spectra, tables

    analyses = [_phase_analysis("cnn", 10.0, 0, 0.9), _phase_analysis("fcnn", 10.0, 1, 0.5)]
    alpha = np.array([0.0, 1.0])
    exact = np.stack([np.cos(2 * np.pi * alpha / 4), np.sin(2 * np.pi * alpha / 4)], axis=1)
    models = [_art({"arch": "fcnn", "snr": 10.0}, 1, test={"pred": exact}),  # reversed order
              _art({"arch": "cnn", "snr": 10.0}, 0, test={"pred": -exact})]  # fmt: skip
    data = [_art({"snr": 10.0}, s, test={"alpha": alpha}) for s in (1, 0)]
    nets, sweep = tables(analyses, models, data)
    by = nets.set_index("arch")
    assert by.loc["fcnn", "test_error"] == pytest.approx(0.0)  # its own, exact predictions
    assert by.loc["cnn", "test_error"] == pytest.approx(2.0)  # -exact: half a period off
    assert by.loc["cnn", "to_identity_noise"] == pytest.approx(0.45)
    assert len(sweep) == 8 and set(sweep["seed"]) == {0, 1}
    np.testing.assert_array_equal(spectra(analyses)[("fcnn", 10.0, 1)], np.arange(3.0) + 0.5)


def test_mnist_tables_key_every_row_by_its_own_artefact():
    from descramble.problems.mnist.tables import tables

    def prov(net, seed):
        return {"net": net, "dataset": "digits8x8"}, seed

    models = [_art(*prov(n, 0), n_train=10, n_test=5, test={"accuracy": acc},
                   history={"train_accuracy": np.array([acc]), "test_accuracy": np.array([acc])})
              for n, acc in (("fcnn5", 0.9), ("fcnn1", 0.8))]  # fmt: skip
    layer = {"shape": np.array([3, 4]), "dims": {"row": 3}, "rank": 3,
             "energy_in": {"row": 0.5, "null": 0.5},
             "energy_out": {"column": 1.0, "left_null": 0.0},
             "S": np.ones(3), "condition": 1.0, "checks": {}}  # fmt: skip
    subspaces = [_art(*prov("fcnn1", 0), layers={"0": layer})]
    out = tables(models, subspaces, [])
    acc = out["accuracy"].set_index("net")["test_accuracy"]
    assert acc["fcnn1"] == pytest.approx(0.8) and acc["fcnn5"] == pytest.approx(0.9)
    assert out["subspaces"].loc[0, "net"] == "fcnn1" and len(out["inverse"]) == 0
