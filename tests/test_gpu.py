"""GPU paths (skipped with a reason where CUDA is absent, e.g. CI)."""

import numpy as np
import pytest
import torch

from descramble.descramblers import exact, iterative, smoothness_criterion, smoothness_grams
from descramble.operators import fourier_second_derivative
from descramble.train import train

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device here")


def test_training_runs_on_cuda_and_matches_cpu_closely():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((1000, 8)).astype(np.float32)
    y = x[:, :2] * 3.0
    cpu = train(x, y, x, y, hidden=(16,), lr=1e-2, epochs=3, seed=1, device="cpu")
    gpu = train(x, y, x, y, hidden=(16,), lr=1e-2, epochs=3, seed=1, device="cuda")
    assert gpu["device"].startswith("cuda")
    # same init and batches; only float32 reduction order differs
    np.testing.assert_allclose(gpu["val_loss"], cpu["val_loss"], rtol=1e-3)


def test_iterative_descrambler_reaches_the_bound_on_cuda():
    rng = np.random.default_rng(1)
    n = 24
    Z = rng.standard_normal((n, 5)) @ rng.standard_normal((5, 3000))
    A, B = smoothness_grams(fourier_second_derivative(n), Z)
    res = iterative(smoothness_criterion(A, B), n, A=A, B=B, device="cuda", gap_tol=1e-8)
    assert res.device.startswith("cuda")
    assert res.objective == pytest.approx(exact(A, B).bound, rel=1e-6)
