"""Known answers for SELU's inverse and the inverse maps (MNIST track)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from descramble.problems.mnist import inverse
from descramble.problems.mnist.classifier import forward
from descramble.problems.mnist.selu import ALPHA, FLOOR, LAMBDA, selu, selu_inverse


def test_selu_matches_torch_and_its_inverse_the_closed_form(one_torch_thread):
    z = np.linspace(-6, 6, 241)
    t = torch.nn.functional.selu(torch.as_tensor(z, dtype=torch.float64)).numpy()
    np.testing.assert_allclose(selu(z), t, rtol=1e-12, atol=1e-14)
    # closed form: y > 0 -> y / lambda; y <= 0 -> log(1 + y / (lambda alpha))
    assert selu_inverse(LAMBDA * 2.5) == pytest.approx(2.5, abs=1e-14)
    assert selu_inverse(LAMBDA * ALPHA * (np.exp(-1.0) - 1)) == pytest.approx(-1.0, abs=1e-14)
    np.testing.assert_allclose(selu_inverse(selu(z)), z, atol=1e-10)
    with pytest.raises(ValueError, match="at or below"):
        selu_inverse(np.array([0.0, FLOOR - 0.1]))
    # with a margin, out-of-range values are raised to FLOOR * (1 - margin) = log(margin)
    assert selu_inverse(np.array([FLOOR - 1.0]), margin=1e-3)[0] == pytest.approx(np.log(1e-3))
    # values inside the range are inverted exactly whatever the margin
    assert selu_inverse(selu(-12.0), margin=1e-3) == pytest.approx(-12.0, abs=1e-6)


def _square_net(n, depth, seed):
    rng = np.random.default_rng(seed)
    layers = []
    for _ in range(depth):
        q, _ = np.linalg.qr(rng.standard_normal((n, n)))
        W = q * np.linspace(0.5, 2.0, n)  # (n, n), singular values 0.5..2: full rank
        layers.append({"weight": W, "bias": 0.1 * rng.standard_normal(n), "activation": "selu"})
    return layers


def test_inverse_map_recovers_inputs_of_an_invertible_network():
    layers = _square_net(12, 4, 0)
    x = np.random.default_rng(1).standard_normal((20, 12))
    acts = forward(layers, x)
    for k in range(4):
        x_hat, clamped = inverse.invert_from(layers, acts[k + 1], k, 1e-12)
        assert clamped == 0
        np.testing.assert_allclose(x_hat, x, atol=1e-8)
    out = inverse.analyze(layers, x, 1e-12, n_examples=3)
    for L in out["layers"].values():
        assert L["local"]["error_input"] < 1e-8
        assert L["chain"]["error_input"] < 1e-8
    np.testing.assert_allclose(out["examples"]["3"], x[:3], atol=1e-8)


def test_a_narrowing_layer_returns_the_row_space_projection_only():
    rng = np.random.default_rng(2)
    W = rng.standard_normal((3, 8))  # (3, 8): a 5-dimensional null space
    layer = {"weight": W, "bias": rng.standard_normal(3), "activation": "selu"}
    x = rng.standard_normal((50, 8))
    y = forward([layer], x)[-1]
    x_hat, _ = inverse.invert_layer(layer, y, 1e-12)
    proj = x @ (np.linalg.pinv(W) @ W).T
    assert inverse.rel_error(x_hat, proj) < 1e-10
    # the null-space part (5 of 8 dimensions of a white input) is lost
    assert inverse.rel_error(x_hat, x) == pytest.approx(np.sqrt(5 / 8), abs=0.1)
    out = inverse.analyze([layer], x, 1e-12, n_examples=1)["layers"]["0"]
    assert out["local"]["error_projection"] < 1e-10
    assert out["local"]["error_input"] > 0.5
