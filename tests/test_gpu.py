"""GPU paths (skipped with a reason where CUDA is absent, e.g. CI)."""

import numpy as np
import pytest
import torch

from descramble.descramblers import exact, iterative, smoothness_criterion, smoothness_grams
from descramble.operators import fourier_second_derivative
from descramble.train import DivergedError, train

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


@pytest.mark.parametrize("opts", [{}, {"lr_step": 1, "weight_decay": 1e-3}], ids=["adam", "decay"])
def test_graph_loop_matches_the_plain_loop_on_cuda(opts):
    """The captured step replays the same updates: warm-up undone, lr schedule seen."""
    rng = np.random.default_rng(2)
    x = rng.standard_normal((2000, 8)).astype(np.float32)
    y = np.tanh(x[:, :2] * 3.0)
    kw = dict(hidden=(32, 32), lr=1e-2, epochs=3, seed=4, device="cuda", **opts)
    plain = train(x, y, x, y, loop="plain", **kw)
    graph = train(x, y, x, y, loop="graph", **kw)
    auto = train(x, y, x, y, **kw)
    assert graph["loop"] == "graph" and auto["loop"] == "graph"
    np.testing.assert_allclose(graph["train_loss"], plain["train_loss"], rtol=1e-4)
    np.testing.assert_allclose(graph["val_loss"], plain["val_loss"], rtol=1e-4)
    # a ragged last batch cannot be replayed: auto falls back to the fast loop
    ragged = train(x[:1990], y[:1990], x, y, **kw)
    assert ragged["loop"] == "fast"


def test_graph_loop_catches_divergence_on_cuda():
    x = np.ones((200, 4), np.float32)
    x[7, 1] = np.nan
    with pytest.raises(DivergedError, match="training diverged: loss is nan at epoch 1"):
        train(x, x[:, :2], x, x[:, :2], hidden=(4,), epochs=2, device="cuda", loop="graph")


def test_graph_loop_resumes_from_a_checkpoint_on_cuda(tmp_path):
    rng = np.random.default_rng(5)
    x = rng.standard_normal((1000, 6)).astype(np.float32)
    y = x[:, :2] ** 2
    kw = dict(hidden=(8,), lr=1e-2, seed=1, device="cuda", loop="graph")
    full = train(x, y, x, y, epochs=4, **kw)
    ck = tmp_path / "ck.pt"
    train(x, y, x, y, epochs=2, checkpoint=ck, checkpoint_every=1, **kw)
    resumed = train(x, y, x, y, epochs=4, checkpoint=ck, checkpoint_every=1, **kw)
    assert resumed["resumed_from"] == 1
    np.testing.assert_allclose(resumed["val_loss"], full["val_loss"], rtol=1e-5)


def test_iterative_descrambler_reaches_the_bound_on_cuda():
    rng = np.random.default_rng(1)
    n = 24
    Z = rng.standard_normal((n, 5)) @ rng.standard_normal((5, 3000))
    A, B = smoothness_grams(fourier_second_derivative(n), Z)
    res = iterative(smoothness_criterion(A, B), n, A=A, B=B, device="cuda", gap_tol=1e-8)
    assert res.device.startswith("cuda")
    assert res.objective == pytest.approx(exact(A, B).bound, rel=1e-6)
