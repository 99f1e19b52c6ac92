import numpy as np
import pytest
import torch

from descramble.models import model_from_arrays
from descramble.problems.biexp.inputs import ilr_inputs
from descramble.train import DivergedError, predict, train


def _toy(n, rng):
    x = rng.standard_normal((n, 6)).astype(np.float32)
    w = np.array([[1.0, -2.0, 0.5, 0, 0, 1.0], [0.3, 0.0, 1.0, -1.0, 2.0, 0]])
    return x, x @ w.T


def test_training_learns_a_linear_map_and_is_deterministic():
    rng = np.random.default_rng(0)
    x, y = _toy(2000, rng)
    xv, yv = _toy(300, rng)
    r1 = train(x, y, xv, yv, hidden=(16,), lr=1e-2, batch_size=50, epochs=15, seed=3, device="cpu")
    r2 = train(x, y, xv, yv, hidden=(16,), lr=1e-2, batch_size=50, epochs=15, seed=3, device="cpu")
    # a linear target is within reach of a ReLU net: validation MSE far below var(y) ~ 4
    assert r1["val_loss"].min() < 0.05 * yv.var()
    for a, b in zip(r1["layers"], r2["layers"], strict=True):
        assert a["weight"].tobytes() == b["weight"].tobytes()
    assert r1["val_loss"][r1["best_epoch"] - 1] == r1["val_loss"].min()
    # arrays round trip to an identical network
    m = model_from_arrays(r1["layers"])
    np.testing.assert_array_equal(predict(m, xv), predict(r1["model"], xv))


@pytest.mark.parametrize("loop", ["plain", "fast"])
def test_nan_loss_fails_clearly(loop):
    rng = np.random.default_rng(1)
    x, y = _toy(200, rng)
    x[5, 2] = np.nan
    with pytest.raises(DivergedError, match="training diverged: loss is nan at epoch 1"):
        train(x, y, x, y, hidden=(4,), epochs=2, device="cpu", loop=loop)


@pytest.mark.parametrize(
    "opts",
    [{}, {"lr_step": 1, "weight_decay": 1e-3, "loss": "sse", "activation": "tanh"}],
    ids=["relu", "tanh-decay-l2-sse"],
)
def test_fast_loop_follows_the_plain_loop(opts):
    """Same shuffles, same updates: only float32 rounding differs (fused Adam, and the
    written-out backward pass the CPU fast loop uses for relu/tanh nets).

    Over 120 steps the two drift apart by ~2e-7 relative (measured); 1e-5
    leaves room for BLAS differences between machines yet would catch a
    skipped, repeated or reordered step (those change the loss at 1e-2).
    """
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2000, 6)).astype(np.float32)
    y = np.tanh(x @ rng.standard_normal((2, 6)).T)
    kw = dict(hidden=(16, 16), lr=1e-2, epochs=3, seed=1, device="cpu", **opts)
    plain = train(x, y, x[:300], y[:300], loop="plain", **kw)
    fast = train(x, y, x[:300], y[:300], loop="fast", **kw)
    assert plain["loop"] == "plain" and fast["loop"] == "fast"
    np.testing.assert_allclose(fast["train_loss"], plain["train_loss"], rtol=1e-5)
    np.testing.assert_allclose(fast["val_loss"], plain["val_loss"], rtol=1e-5)
    for a, b in zip(fast["layers"], plain["layers"], strict=True):
        np.testing.assert_allclose(a["weight"], b["weight"], rtol=0, atol=1e-5)


def test_fast_loop_with_autograd_follows_the_plain_loop():
    """A head the written-out pass does not cover (DEERNet's) goes through autograd."""
    rng = np.random.default_rng(4)
    x = rng.standard_normal((1000, 8)).astype(np.float32)
    y = np.exp(x[:, :4])
    y /= y.sum(1, keepdims=True)
    kw = dict(hidden=(8,), activation="tanh", output_activation="sigmoid_renorm", loss="sse",
              lr=1e-2, epochs=2, seed=2, device="cpu")  # fmt: skip
    plain = train(x, y, x, y, loop="plain", **kw)
    fast = train(x, y, x, y, loop="fast", **kw)
    np.testing.assert_allclose(fast["train_loss"], plain["train_loss"], rtol=1e-5)


def test_auto_loop_on_cpu_is_fast_and_graph_needs_cuda():
    rng = np.random.default_rng(3)
    x, y = _toy(100, rng)
    res = train(x, y, x, y, hidden=(4,), epochs=1, device="cpu")
    assert res["loop"] == "fast"
    with pytest.raises(ValueError, match="loop='graph' needs CUDA"):
        train(x, y, x, y, hidden=(4,), epochs=1, device="cpu", loop="graph")
    with pytest.raises(ValueError, match="unknown loop 'turbo'"):
        train(x, y, x, y, hidden=(4,), epochs=1, device="cpu", loop="turbo")


def test_resume_from_checkpoint_matches_uninterrupted(tmp_path):
    rng = np.random.default_rng(2)
    x, y = _toy(500, rng)
    full = train(x, y, x, y, hidden=(8,), lr=1e-2, epochs=4, seed=1, device="cpu")
    ck = tmp_path / "ck.pt"
    train(
        x,
        y,
        x,
        y,
        hidden=(8,),
        lr=1e-2,
        epochs=2,
        seed=1,
        device="cpu",
        checkpoint=ck,
        checkpoint_every=1,
    )
    # an interrupted 4-epoch run leaves its epoch-2 checkpoint behind; emulate it
    state = torch.load(ck, weights_only=False)
    assert state["epoch"] == 1  # the last epoch is never checkpointed (the artefact follows)
    resumed = train(
        x,
        y,
        x,
        y,
        hidden=(8,),
        lr=1e-2,
        epochs=4,
        seed=1,
        device="cpu",
        checkpoint=ck,
        checkpoint_every=1,
    )
    assert resumed["resumed_from"] == 1
    np.testing.assert_array_equal(resumed["val_loss"], full["val_loss"])
    for a, b in zip(resumed["layers"], full["layers"], strict=True):
        np.testing.assert_array_equal(a["weight"], b["weight"])


def test_ilr_inputs():
    s = np.ones((3, 4))
    r = np.zeros((3, 4))
    np.testing.assert_array_equal(ilr_inputs(s, "nd_nd"), np.ones((3, 8)))
    np.testing.assert_array_equal(ilr_inputs(s, "nd_reg", r)[:, 4:], r)
    with pytest.raises(ValueError, match="needs the NLLS"):
        ilr_inputs(s, "nd_reg")
