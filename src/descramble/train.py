"""Training loop: Adam on MSE, best-validation weights, checkpoints, NaN guard.

A straight-line loop in the nanoGPT spirit: build the network and the
optimizer, resume if a checkpoint says so, then per epoch one pass of steps
(:mod:`descramble.loops`: plain, fast or CUDA graph), one validation, keep
the best weights, maybe save (:mod:`descramble.checkpoint`). Inputs (N, d)
and targets (N, k) come in as numpy arrays; the network sees targets divided
by ``target_scale`` (1 = the anchors' raw T2 in ms) and predictions are
scaled back before any error is reported.
"""

from __future__ import annotations

import copy
import logging
import time

import numpy as np
import torch

from .checkpoint import load_checkpoint, save_checkpoint
from .loops import adam, choose_loop, epoch_runner
from .models import layer_arrays, mlp

log = logging.getLogger("descramble.train")


class DivergedError(FloatingPointError):
    """The training loss became NaN or infinite."""


def pick_device(device="auto"):
    """``"auto"`` -> CUDA when present, else CPU; otherwise as given."""
    if device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise RuntimeError(f"device {device!r} asked for, but CUDA is not available here")
    return torch.device(device)


def _diverged(value, epoch, lr, target_scale):
    return (
        f"training diverged: loss is {value} at epoch {epoch} "
        f"(lr={float(lr)}, target_scale={target_scale}); lower train.lr or check the inputs"
    )


def train(
    x_train,
    y_train,
    x_val,
    y_val,
    hidden=(32, 256, 256),
    activation="relu",
    output_activation="linear",
    lr=1e-4,
    weight_decay=0.0,
    lr_step=0,
    lr_gamma=0.5,
    loss="mse",
    batch_size=50,
    epochs=15,
    target_scale=1.0,
    seed=0,
    device="auto",
    checkpoint=None,
    checkpoint_every=0,
    loop="auto",
    logger=None,
    first_layer="dense",
):
    """Train an MLP, keeping the weights of the best validation epoch.

    Parameters
    ----------
    x_train, y_train : ndarray, shapes (N, d), (N, k)
    x_val, y_val : ndarray, shapes (M, d), (M, k)
    hidden : sequence of int
        Hidden widths; the network is d -> hidden... -> k.
    activation : str
        Hidden activation.
    output_activation : str
        ``linear`` (regression) or ``sigmoid_renorm`` (a distribution).
    lr : float
        Adam learning rate.
    weight_decay : float
        L2 penalty coefficient (Adam's ``weight_decay``; 0 = none).
    lr_step, lr_gamma : int, float
        Multiply the learning rate by ``lr_gamma`` every ``lr_step`` epochs
        (0 = constant rate).
    loss : {"mse", "sse"}
        ``mse``: squared error averaged over samples and outputs; ``sse``:
        summed over outputs, averaged over samples (MATLAB's regression loss
        up to a factor 2, which DEERNet's L2 penalty was set against).
    batch_size, epochs : int
    target_scale : float
        Targets are divided by this for training.
    seed : int
        Seeds the job's ``torch.Generator`` (init and shuffling).
    device : str
        ``"auto"``, ``"cpu"`` or ``"cuda[:i]"``.
    checkpoint : path, optional
        Where to save a resumable state every ``checkpoint_every`` epochs
        (0 = never). If the file exists when training starts and was made by
        the same settings, training resumes from it.
    checkpoint_every : int
    loop : {"auto", "plain", "fast", "graph"}
        How steps are run; all four compute the same updates from the same
        shuffles. ``plain``: the reference loop, which waits for the device
        every step (``.item()``, a finiteness check). ``fast``: data and
        shuffle on the device, fused Adam, losses summed on the device and
        checked once per epoch. ``graph`` (CUDA only, batch size dividing
        N): ``fast`` with each step (gather, forward, backward, Adam, loss
        sum) captured once as a CUDA graph and replayed, so a step costs one
        launch. ``auto``: ``graph`` where it applies, else ``fast``. See
        :mod:`descramble.loops`.
    logger : logging.Logger, optional
    first_layer : {"dense", "circulant"}
        ``circulant``: a 1-D CNN first layer (see :func:`descramble.models.mlp`).

    Returns
    -------
    dict
        ``model`` (best weights, on CPU), ``layers`` and ``init_layers``
        (arrays, trained and at initialisation), ``train_loss``
        and ``val_loss`` (per epoch, in scaled units), ``best_epoch``,
        ``device``, ``loop`` (the one run), ``seconds``, ``resumed_from``
        (epoch or 0).

    Raises
    ------
    DivergedError
        If a loss is NaN or infinite; nothing is returned.
    """
    logger = logger or log
    dev = pick_device(device)
    g = torch.Generator().manual_seed(int(seed))  # init, then every epoch's shuffle
    sizes = (x_train.shape[1], *hidden, y_train.shape[1])
    model = mlp(sizes, activation, generator=g, output_activation=output_activation,
                first_layer=first_layer).to(dev)  # fmt: skip
    # kept: W - W_init is what training learned
    init_layers = layer_arrays(model, activation, output_activation)
    n, bs = len(x_train), int(batch_size)
    loop = choose_loop(loop, dev, n, bs)
    opt = adam(loop, model, lr, weight_decay, dev)
    # step decay (DEERNet: halve every 5 epochs); stepped once per epoch
    sched = torch.optim.lr_scheduler.StepLR(opt, lr_step, lr_gamma) if lr_step else None
    xt = torch.as_tensor(x_train, dtype=torch.float32, device=dev)  # (N, d)
    yt = torch.as_tensor(y_train / target_scale, dtype=torch.float32, device=dev)  # (N, k)
    xv = torch.as_tensor(x_val, dtype=torch.float32, device=dev)
    yv = torch.as_tensor(y_val / target_scale, dtype=torch.float32, device=dev)
    if loss not in ("mse", "sse"):
        raise ValueError(f"unknown loss {loss!r}; use 'mse' or 'sse'")
    per_sample = float(y_train.shape[1]) if loss == "sse" else 1.0  # sse = mse * n_outputs

    # what a checkpoint must have been made by to be resumed
    settings = dict(
        loss=loss,
        sizes=list(sizes),
        activation=activation,
        output_activation=output_activation,
        lr=lr,
        weight_decay=weight_decay,
        lr_step=lr_step,
        lr_gamma=lr_gamma,
        batch_size=batch_size,
        target_scale=target_scale,
        seed=int(seed),
        n_train=len(x_train),
        first_layer=first_layer,
    )
    history = {"train_loss": [], "val_loss": []}
    best = (float("inf"), None, 0)  # (val loss, state dict, epoch)
    start = 0
    state = dict(model=model, opt=opt, generator=g, sched=sched)
    if checkpoint is not None:
        resumed = load_checkpoint(checkpoint, settings=settings, epochs=epochs, device=dev,
                                  logger=logger, **state)  # fmt: skip
        if resumed is not None:
            history, best, start = resumed

    run_epoch, loop, written_out = epoch_runner(
        loop, model, opt, xt, yt, bs, g, per_sample, activation=activation,
        output_activation=output_activation, first_layer=first_layer, logger=logger,
    )  # fmt: skip
    logger.info(
        "training loop: %s%s on %s (%d steps per epoch)",
        loop,
        " (gradients written out)" if written_out else "",
        dev,
        -(-n // bs),
    )

    t0 = time.perf_counter()
    for epoch in range(start + 1, epochs + 1):
        model.train()
        train_loss = run_epoch()
        if not np.isfinite(train_loss):
            raise DivergedError(_diverged(train_loss, epoch, lr, target_scale))
        model.eval()
        with torch.no_grad():
            pv = model(xv)
            val = per_sample * torch.mean((pv - yv) ** 2).item()
            rel = (torch.sum(torch.abs(pv - yv)) / torch.sum(torch.abs(yv))).item()
        if not np.isfinite(val):
            raise DivergedError(f"training diverged: validation loss is {val} at epoch {epoch}")
        if sched is not None:
            sched.step()
        history["train_loss"].append(train_loss)
        history["val_loss"].append(val)
        if val < best[0]:
            best = (val, copy.deepcopy(model.state_dict()), epoch)
        logger.info(
            "epoch %3d  train_loss %.6g  val_loss %.6g  val_rel_l1_error %.4f",
            epoch,
            train_loss,
            val,
            rel,
        )
        due = checkpoint is not None and checkpoint_every and epoch % checkpoint_every == 0
        if due and epoch < epochs:  # after the last epoch the result itself is written
            save_checkpoint(checkpoint, settings=settings, epoch=epoch, history=history,
                            best=best, **state)  # fmt: skip
            logger.info("checkpoint saved at epoch %d -> %s", epoch, checkpoint)

    model.load_state_dict(best[1])
    model = model.cpu().eval()
    return {
        "model": model,
        "layers": layer_arrays(model, activation, output_activation),
        "init_layers": init_layers,
        "train_loss": np.asarray(history["train_loss"]),
        "val_loss": np.asarray(history["val_loss"]),
        "best_epoch": best[2],
        "device": str(dev),
        "loop": loop,
        "seconds": time.perf_counter() - t0,
        "resumed_from": start,
    }


def predict(model, x, target_scale=1.0):
    """Predictions in the targets' own units, shape (N, k)."""
    with torch.no_grad():
        out = model(torch.as_tensor(x, dtype=torch.float32)).numpy()
    return out.astype(np.float64) * target_scale
