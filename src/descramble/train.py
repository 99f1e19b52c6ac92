"""Training loop: Adam on MSE, best-validation weights, checkpoints, NaN guard.

A straight-line loop in the nanoGPT spirit. Inputs (N, d) and targets (N, k)
come in as numpy arrays; the network sees targets divided by
``target_scale`` (1 = the anchors' raw T2 in ms) and predictions are scaled
back before any error is reported.
"""

from __future__ import annotations

import copy
import logging
import os
import time
from pathlib import Path

import numpy as np
import torch

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


def _mse(model, x, y, idx):
    """Mean squared error of ``model`` on rows ``idx`` of ``x`` (N, d) against ``y`` (N, k)."""
    return torch.mean((model(x[idx]) - y[idx]) ** 2)


def _diverged(value, epoch, lr, target_scale):
    return (
        f"training diverged: loss is {value} at epoch {epoch} "
        f"(lr={float(lr)}, target_scale={target_scale}); lower train.lr or check the inputs"
    )


def _capture_step(model, opt, loss_of, static_idx, total, batch_size):
    """One training step on rows ``static_idx``, captured as a CUDA graph.

    Capture needs the optimizer's state and autograd's buffers to exist, so
    three warm-up steps run first on a side stream (PyTorch's whole-network
    capture recipe); their effect on the weights and on Adam's moments is
    then undone, so the replayed steps start from exactly the state the
    caller had (fresh, or resumed from a checkpoint). Replaying the graph
    reads ``static_idx``, updates the weights and Adam's state in place and
    adds ``loss * batch_size`` to ``total``.
    """
    params = [p for group in opt.param_groups for p in group["params"]]
    saved_params = [p.detach().clone() for p in params]
    saved_state = {p: {k: v.clone() for k, v in opt.state[p].items()} for p in params}
    side = torch.cuda.Stream()
    side.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(side):
        for _ in range(3):
            opt.zero_grad(set_to_none=True)
            loss_of(static_idx).backward()
            opt.step()
    torch.cuda.current_stream().wait_stream(side)
    with torch.no_grad():
        for p, v in zip(params, saved_params, strict=True):
            p.copy_(v)
        for p in params:
            for k, v in opt.state[p].items():
                if k in saved_state[p]:
                    v.copy_(saved_state[p][k])
                else:  # created by the warm-up: a fresh optimizer's zeros (step 0 included)
                    v.zero_()
    opt.zero_grad(set_to_none=True)  # gradients are then allocated inside the graph's pool
    graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(graph):
        loss = loss_of(static_idx)
        loss.backward()
        opt.step()
        total.add_(loss.detach(), alpha=batch_size)
    return graph


def _written_out_step(model, activation, per_sample):
    """Forward and backward of an MLP step without autograd, for the CPU ``fast`` loop.

    For a net this small (the ILR net's batch is 50 x 128) autograd's
    bookkeeping costs on a CPU about as much as the arithmetic, so the
    gradient of ``per_sample * mean((f(x) - y)^2)`` is written out here for
    ``relu``/``tanh`` hidden layers and a linear output. It fills each
    parameter's ``.grad`` in place (what Adam then reads) and returns the loss.
    """
    lins = [m for m in model if isinstance(m, torch.nn.Linear)]
    weights, biases = [m.weight for m in lins], [m.bias for m in lins]
    for prm in (*weights, *biases):
        prm.grad = torch.zeros_like(prm)
    last = len(lins) - 1
    relu = activation == "relu"

    @torch.no_grad()
    def step(x, y):  # x (B, d), y (B, k)
        acts = [x]  # input of each layer
        h = x
        for i, (w, b) in enumerate(zip(weights, biases, strict=True)):
            h = torch.addmm(b, h, w.t())  # (B, n_out)
            if i < last:
                h = h.relu() if relu else h.tanh()
            acts.append(h)
        r = h - y  # (B, k)
        loss = per_sample * torch.mean(r * r)
        delta = r * (2.0 * per_sample / r.numel())  # dloss/d(output), (B, k)
        for i in range(last, -1, -1):
            torch.mm(delta.t(), acts[i], out=weights[i].grad)  # (n_out, n_in)
            torch.sum(delta, 0, out=biases[i].grad)
            if i:
                delta = delta @ weights[i]  # (B, n_in)
                # relu'(z) = [out > 0] (autograd's choice at 0 too); tanh'(z) = 1 - out^2
                delta.mul_(acts[i] > 0) if relu else delta.mul_(1.0 - acts[i] * acts[i])
        return loss

    return step


def _batches(n, batch_size, generator):
    perm = torch.randperm(n, generator=generator)
    return [perm[i : i + batch_size] for i in range(0, n, batch_size)]


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
        launch. ``auto``: ``graph`` where it applies, else ``fast``.
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
    g = torch.Generator().manual_seed(int(seed))
    sizes = (x_train.shape[1], *hidden, y_train.shape[1])
    model = mlp(sizes, activation, generator=g, output_activation=output_activation,
                first_layer=first_layer).to(dev)  # fmt: skip
    # kept: W - W_init is what training learned
    init_layers = layer_arrays(model, activation, output_activation)
    if loop not in ("auto", "plain", "fast", "graph"):
        raise ValueError(f"unknown loop {loop!r}; use 'auto', 'plain', 'fast' or 'graph'")
    n, bs = len(x_train), int(batch_size)
    if loop == "auto":
        loop = "graph" if dev.type == "cuda" and n % bs == 0 else "fast"
    if loop == "graph" and (dev.type != "cuda" or n % bs):
        raise ValueError(
            f"loop='graph' needs CUDA and a batch size that divides n_train "
            f"(device {dev}, n_train {n}, batch_size {bs})"
        )
    if loop == "plain":
        opt = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay)
    elif loop == "fast":
        # one fused kernel for all parameters instead of a loop over them
        opt = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay, fused=True)
    else:
        # a replayed graph reads lr from device memory: a tensor the scheduler fills in place
        opt = torch.optim.Adam(
            model.parameters(),
            lr=torch.tensor(float(lr), device=dev),
            weight_decay=weight_decay,
            fused=True,
            capturable=True,
        )
    # step decay (DEERNet: halve every 5 epochs); stepped once per epoch
    sched = torch.optim.lr_scheduler.StepLR(opt, lr_step, lr_gamma) if lr_step else None
    xt = torch.as_tensor(x_train, dtype=torch.float32, device=dev)  # (N, d)
    yt = torch.as_tensor(y_train / target_scale, dtype=torch.float32, device=dev)  # (N, k)
    xv = torch.as_tensor(x_val, dtype=torch.float32, device=dev)
    yv = torch.as_tensor(y_val / target_scale, dtype=torch.float32, device=dev)
    if loss not in ("mse", "sse"):
        raise ValueError(f"unknown loss {loss!r}; use 'mse' or 'sse'")
    per_sample = float(y_train.shape[1]) if loss == "sse" else 1.0  # sse = mse * n_outputs

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

    if checkpoint is not None and Path(checkpoint).exists():
        state = torch.load(checkpoint, map_location=dev, weights_only=False)
        if state.get("settings") == settings and state["epoch"] <= epochs:
            model.load_state_dict(state["model"])
            opt.load_state_dict(state["opt"])
            g.set_state(state["generator"])
            if sched is not None:
                sched.load_state_dict(state["sched"])
            history = state["history"]
            best = (state["best"][0], state["best"][1], state["best"][2])
            start = state["epoch"]
            logger.info("resumed from checkpoint %s at epoch %d", checkpoint, start)
        else:
            logger.info("ignoring checkpoint %s: made by other settings", checkpoint)

    if loop == "graph":
        static_idx = torch.zeros(bs, dtype=torch.long, device=dev)  # (B,) rows of this step
        step_total = torch.zeros((), device=dev)  # sum of batch losses x B, this epoch
        # a capture that fails (driver, memory) must not end the job: undo and go eager
        snapshot = copy.deepcopy(model.state_dict()), copy.deepcopy(opt.state_dict())
        try:
            graph = _capture_step(model, opt, lambda i: per_sample * _mse(model, xt, yt, i),
                                  static_idx, step_total, bs)  # fmt: skip
        except RuntimeError as exc:
            logger.warning("CUDA graph capture failed (%s); using the fast loop", exc)
            model.load_state_dict(snapshot[0])
            opt.load_state_dict(snapshot[1])
            opt.zero_grad(set_to_none=True)
            loop = "fast"
    written_out = None
    if (
        loop == "fast"
        and dev.type == "cpu"
        and activation in ("relu", "tanh")
        and output_activation == "linear"
        and first_layer == "dense"  # the written-out backward knows Linear layers only
    ):
        written_out = _written_out_step(model, activation, per_sample)
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
        if loop == "plain":
            # the reference loop: host-side indices, a host sync per step (.item(), isfinite)
            total, count = 0.0, 0
            for idx in _batches(n, bs, g):
                idx = idx.to(dev)
                batch_loss = per_sample * _mse(model, xt, yt, idx)
                if not torch.isfinite(batch_loss):
                    raise DivergedError(_diverged(batch_loss.item(), epoch, lr, target_scale))
                opt.zero_grad(set_to_none=True)
                batch_loss.backward()
                opt.step()
                total += batch_loss.item() * len(idx)
                count += len(idx)
            train_loss = total / count
        else:
            # same shuffle as the plain loop (CPU generator), moved to the device once
            perm = torch.randperm(n, generator=g).to(dev, non_blocking=True)  # (N,)
            if loop == "graph":
                step_total.zero_()
                for i in range(0, n, bs):
                    static_idx.copy_(perm[i : i + bs])
                    graph.replay()
                total = step_total
            elif written_out is not None:
                total = torch.zeros((), device=dev)
                for i in range(0, n, bs):
                    idx = perm[i : i + bs]
                    batch_loss = written_out(xt[idx], yt[idx])  # fills .grad
                    opt.step()
                    total.add_(batch_loss, alpha=len(idx))
            else:
                total = torch.zeros((), device=dev)
                for i in range(0, n, bs):
                    idx = perm[i : i + bs]
                    batch_loss = per_sample * _mse(model, xt, yt, idx)
                    opt.zero_grad(set_to_none=True)
                    batch_loss.backward()
                    opt.step()
                    total.add_(batch_loss.detach(), alpha=len(idx))
            # one host sync per epoch: a NaN or inf in any step's loss reaches the sum
            train_loss = total.item() / n
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
        if (
            checkpoint is not None
            and checkpoint_every
            and epoch % checkpoint_every == 0
            and epoch < epochs
        ):
            tmp = Path(str(checkpoint) + ".tmp")
            Path(checkpoint).parent.mkdir(parents=True, exist_ok=True)
            torch.save(
                {
                    "settings": settings,
                    "epoch": epoch,
                    "model": model.state_dict(),
                    "opt": opt.state_dict(),
                    "generator": g.get_state(),
                    "sched": sched.state_dict() if sched is not None else None,
                    "history": history,
                    "best": best,
                },
                tmp,
            )
            os.replace(tmp, checkpoint)
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
