"""The default problem interface, and the problems that inherit it."""

import types

import numpy as np
import pytest

from descramble.io import write_h5
from descramble.problems import NAMES, problem
from descramble.problems.base import FRESH_SEED_OFFSET, Problem, fresh_seed


def _make(snr, seed, n_train, n_val, n_test, m=5):
    """A toy synthesize: rows of seed-dependent clean curves plus noise / snr."""
    rng = np.random.default_rng(seed)
    out = {}
    for split, n in (("train", n_train), ("val", n_val), ("test", n_test)):
        theta = rng.standard_normal((n, 2))
        clean = theta @ np.ones((2, m)) * np.arange(1, m + 1)  # (n, m)
        out[split] = {"signal": clean + rng.standard_normal(clean.shape) / snr, "clean": clean,
                      "answer": theta}  # fmt: skip
    return out


class Toy(Problem):
    ARCHS = ("a",)
    TARGET = "answer"
    make = staticmethod(_make)


@pytest.fixture
def toy_data(tmp_path):
    path = tmp_path / "data.h5"
    write_h5(path, _make(10.0, 3, 6, 2, 2), "toy-data", {})
    return {"data": str(path)}


def test_default_inputs_and_targets_read_the_named_datasets(toy_data):
    P, ref = Toy(), _make(10.0, 3, 6, 2, 2)
    x, y = P.inputs("a", toy_data), P.targets(toy_data)
    assert set(x) == set(y) == {"train", "val", "test"}
    assert x["train"].dtype == np.float32 and x["train"].shape == (6, 5)
    np.testing.assert_array_equal(x["val"], ref["val"]["signal"].astype(np.float32))
    np.testing.assert_array_equal(y["test"], ref["test"]["answer"])
    assert P.inputs("a", toy_data, ("train",), rows=4)["train"].shape == (4, 5)


def test_fresh_inputs_are_a_stream_apart_from_the_training_seed():
    P = Toy()
    settings = P.probe_settings({"data": {"m": 5}, "train": {}}, "a")
    assert settings == {"data": {"m": 5}}
    fresh = P.fresh_inputs(10.0, 4, 2, "a", settings)
    assert fresh.dtype == np.float32 and fresh.shape == (4, 5)
    assert fresh_seed(2) == FRESH_SEED_OFFSET + 2
    np.testing.assert_array_equal(fresh, _make(10.0, fresh_seed(2), 4, 1, 1)["train"]["signal"]
                                  .astype(np.float32))  # fmt: skip
    # not the training data of seed 2 (the same draw with the same seed would be)
    assert not np.allclose(fresh, _make(10.0, 2, 4, 1, 1)["train"]["signal"])


def test_theorem_signals_are_clean_columns():
    make_signals = Toy().theorem_signals({"m": 5})
    S = make_signals(7, np.random.default_rng(0))
    assert S.shape == (5, 7)
    # clean rows of the toy are multiples of (1, ..., m): noise would break the ratio
    np.testing.assert_allclose(S / S[:1], np.tile(np.arange(1.0, 6.0)[:, None], (1, 7)))


def test_network_default_is_a_copy_of_the_train_slice():
    train = {"hidden": [4], "lr": 0.1}
    net = Toy().network("a", train)
    assert net == train and net is not train


def test_make_must_be_set():
    with pytest.raises(NotImplementedError, match="make = staticmethod"):
        Problem().synthesize(1.0, 0, {})


def test_every_problem_is_a_problem_or_opts_out():
    for name in NAMES:
        P = problem(name)
        if getattr(P, "SHARED_STAGES", True):
            assert isinstance(P, Problem), name
            assert P.ARCHS and P.LOSS_LABEL != Problem.LOSS_LABEL, name
        else:
            assert isinstance(P, types.ModuleType), name  # the module is the interface


def test_problems_inherit_what_they_share():
    # phase differs from the default only in its targets' name and its networks; deer also reads
    # its train split through the compact store (inputs, targets) and makes fresh rows in full
    for name, target, own in (("deer", "p", {"inputs", "targets", "fresh", "clean"}),
                              ("phase", "targets", set())):  # fmt: skip
        P = type(problem(name))
        assert P.TARGET == target
        for method in ("inputs", "targets", "fresh", "clean", "fresh_inputs", "theorem_signals",
                       "synthesize"):  # fmt: skip
            inherited = getattr(P, method) is getattr(Problem, method)
            assert inherited == (method not in own), (name, method)
