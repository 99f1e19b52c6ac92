"""Known answers for the four fundamental subspaces and the energy split (MNIST track)."""

from __future__ import annotations

import numpy as np
import pytest

from descramble.problems.mnist.subspaces import analyze, checks, energy, four_subspaces


@pytest.fixture
def rank3():
    rng = np.random.default_rng(3)
    return rng.standard_normal((7, 3)) @ rng.standard_normal((3, 9))  # (7, 9), rank 3


def test_four_subspaces_of_a_rank_3_matrix(rank3):
    sub = four_subspaces(rank3, 1e-10)
    assert sub["rank"] == 3
    assert {k: sub[k].shape for k in ("row", "null", "column", "left_null")} == {
        "row": (9, 3), "null": (9, 6), "column": (7, 3), "left_null": (7, 4)}  # fmt: skip
    V = np.hstack([sub["row"], sub["null"]])
    U = np.hstack([sub["column"], sub["left_null"]])
    np.testing.assert_allclose(V.T @ V, np.eye(9), atol=1e-10)
    np.testing.assert_allclose(U.T @ U, np.eye(7), atol=1e-10)
    np.testing.assert_allclose(rank3 @ sub["null"], 0, atol=1e-10)
    np.testing.assert_allclose(sub["left_null"].T @ rank3, 0, atol=1e-10)
    # projectors: row space = pinv(A) A, column space = A pinv(A); complements sum to identity
    pinv = np.linalg.pinv(rank3)
    np.testing.assert_allclose(sub["row"] @ sub["row"].T, pinv @ rank3, atol=1e-10)
    np.testing.assert_allclose(sub["column"] @ sub["column"].T, rank3 @ pinv, atol=1e-10)
    p_in = sub["row"] @ sub["row"].T + sub["null"] @ sub["null"].T
    np.testing.assert_allclose(p_in, np.eye(9), atol=1e-10)
    c = checks(rank3, sub)
    assert max(c.values()) < 1e-10


def test_rank_tolerance_counts_only_large_singular_values():
    W = np.diag([4.0, 2.0, 1e-9]) @ np.eye(3, 5)  # (3, 5), singular values 4, 2, 1e-9
    assert four_subspaces(W, 1e-6)["rank"] == 2
    assert four_subspaces(W, 1e-12)["rank"] == 3
    assert four_subspaces(W, 1e-6)["null"].shape == (5, 3)


def test_energy_of_a_constructed_input_splits_as_constructed(rank3):
    sub = four_subspaces(rank3, 1e-10)
    a, b = np.array([3.0, 1.0]), np.array([4.0, 2.0])
    # row i: a_i * (unit row-space vector) + b_i * (unit null-space vector)
    x = a[:, None] * sub["row"][:, 0] + b[:, None] * sub["null"][:, 2]  # (2, 9)
    expect = (a @ a) / (a @ a + b @ b)  # pooled: (9 + 1) / (9 + 1 + 16 + 4) = 1/3
    assert energy(x, sub["row"]) == pytest.approx(expect, abs=1e-12)
    assert energy(x, sub["null"]) == pytest.approx(1 - expect, abs=1e-12)
    assert energy(x, sub["row"]) == pytest.approx(1 / 3, abs=1e-12)


def test_signs_are_fixed_and_signal_images_are_scaled_right_vectors(rank3):
    sub = four_subspaces(rank3, 1e-10)
    idx = np.argmax(np.abs(sub["row"]), axis=0)
    assert np.all(sub["row"][idx, np.arange(3)] > 0)
    np.testing.assert_allclose(sub["column"] * sub["S"][:3] @ sub["row"].T, rank3, atol=1e-10)
    layers = [{"weight": rank3, "bias": np.zeros(7), "activation": "linear"}]
    x = np.random.default_rng(0).standard_normal((5, 9))
    init = [{"weight": 2 * rank3}]
    out = analyze(layers, x, 1e-10, n_signal=10, n_examples=2, init=init)
    assert out["layers"]["0"]["weight_change"] == pytest.approx(0.5, abs=1e-12)
    assert out["signal_images"].shape == (3, 9)  # capped at the rank
    np.testing.assert_allclose(out["signal_images"], sub["S"][:3, None] * sub["row"].T, atol=1e-12)
    L = out["layers"]["0"]
    assert L["dims"] == {"row": 3, "null": 6, "column": 3, "left_null": 4}
    # W x lies in the column space: the bias-free output has no left-null energy
    assert L["energy_out"]["left_null"] < 1e-20
    np.testing.assert_allclose(out["examples"]["row"] + out["examples"]["null"], x[:2], atol=1e-12)
