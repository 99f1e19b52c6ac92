"""How one epoch of training steps runs: the plain loop, the fast loop, the CUDA-graph loop.

:func:`descramble.train.train` asks :func:`epoch_runner` for a function that
runs one epoch and returns its mean training loss; the three loops compute
the same updates from the same shuffles (tests/test_train.py and
tests/test_gpu.py check), and differ only in how often they wait for the
device:

- ``plain``: the reference loop; host-side batch indices, a host sync per
  step (``.item()``, a finiteness check).
- ``fast``: data and shuffle on the device, fused Adam, losses summed on the
  device and checked once per epoch; on a CPU, for small ReLU/tanh MLPs, the
  gradient is written out (:func:`written_out_step`) instead of autograd.
- ``graph`` (CUDA only, batch size dividing N): ``fast`` with each step
  captured once as a CUDA graph (:func:`capture_step`) and replayed.
"""

from __future__ import annotations

import copy

import torch

LOOPS = ("auto", "plain", "fast", "graph")


def choose_loop(loop, device, n, batch_size):
    """The loop to run: ``auto`` resolved, and ``graph`` checked to apply.

    Parameters
    ----------
    loop : {"auto", "plain", "fast", "graph"}
    device : torch.device
    n, batch_size : int
        Training rows and rows per step.

    Returns
    -------
    str
        ``plain``, ``fast`` or ``graph``.
    """
    if loop not in LOOPS:
        raise ValueError(f"unknown loop {loop!r}; use 'auto', 'plain', 'fast' or 'graph'")
    if loop == "auto":
        loop = "graph" if device.type == "cuda" and n % batch_size == 0 else "fast"
    if loop == "graph" and (device.type != "cuda" or n % batch_size):
        raise ValueError(
            f"loop='graph' needs CUDA and a batch size that divides n_train "
            f"(device {device}, n_train {n}, batch_size {batch_size})"
        )
    return loop


def adam(loop, model, lr, weight_decay, device):
    """Adam as the loop needs it: plain; fused (``fast``); fused, capturable (``graph``)."""
    if loop == "plain":
        return torch.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay)
    if loop == "fast":
        # one fused kernel for all parameters instead of a loop over them
        return torch.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay, fused=True)
    # a replayed graph reads lr from device memory: a tensor the scheduler fills in place
    return torch.optim.Adam(
        model.parameters(),
        lr=torch.tensor(float(lr), device=device),
        weight_decay=weight_decay,
        fused=True,
        capturable=True,
    )


def mse(model, x, y, idx):
    """Mean squared error of ``model`` on rows ``idx`` of ``x`` (N, d) against ``y`` (N, k)."""
    return torch.mean((model(x[idx]) - y[idx]) ** 2)


def batches(n, batch_size, generator):
    """Row indices of one epoch's steps: a shuffle of ``range(n)`` cut into batches."""
    perm = torch.randperm(n, generator=generator)
    return [perm[i : i + batch_size] for i in range(0, n, batch_size)]


def capture_step(model, opt, loss_of, static_idx, total, batch_size):
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


def written_out_step(model, activation, per_sample):
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


def epoch_runner(loop, model, opt, xt, yt, batch_size, generator, per_sample, *, activation,
                 output_activation, first_layer, logger):  # fmt: skip
    """A function that runs one epoch of steps and returns its mean training loss.

    Parameters
    ----------
    loop : {"plain", "fast", "graph"}
        As resolved by :func:`choose_loop`.
    model : torch.nn.Sequential
    opt : torch.optim.Adam
        Made by :func:`adam` for this loop.
    xt, yt : torch.Tensor, shapes (N, d), (N, k)
        Training inputs and (scaled) targets, on the model's device.
    batch_size : int
    generator : torch.Generator
        CPU generator of the shuffles (the same in every loop).
    per_sample : float
        Loss factor: 1 (``mse``) or the number of outputs (``sse``).
    activation, output_activation, first_layer : str
        The network's, to decide whether the gradient can be written out.
    logger : logging.Logger

    Returns
    -------
    run : callable
        ``run() -> float``: the epoch's mean loss per row; ``plain`` returns
        the first non-finite batch loss at once, before that step is taken,
        the others a non-finite sum at the end of the epoch.
    loop : str
        The loop that runs (``graph`` falls back to ``fast`` if capture fails).
    written_out : bool
        Whether the gradient is written out (:func:`written_out_step`).
    """
    dev = xt.device
    n, bs = len(xt), int(batch_size)
    if loop == "plain":

        def run_plain():
            # host-side indices, a host sync per step (.item(), isfinite)
            total, count = 0.0, 0
            for idx in batches(n, bs, generator):
                idx = idx.to(dev)
                batch_loss = per_sample * mse(model, xt, yt, idx)
                if not torch.isfinite(batch_loss):
                    return batch_loss.item()
                opt.zero_grad(set_to_none=True)
                batch_loss.backward()
                opt.step()
                total += batch_loss.item() * len(idx)
                count += len(idx)
            return total / count

        return run_plain, loop, False

    def shuffle():
        # same shuffle as the plain loop (CPU generator), moved to the device once
        return torch.randperm(n, generator=generator).to(dev, non_blocking=True)  # (N,)

    if loop == "graph":
        static_idx = torch.zeros(bs, dtype=torch.long, device=dev)  # (B,) rows of this step
        step_total = torch.zeros((), device=dev)  # sum of batch losses x B, this epoch
        # a capture that fails (driver, memory) must not end the job: undo and go eager
        snapshot = copy.deepcopy(model.state_dict()), copy.deepcopy(opt.state_dict())
        try:
            graph = capture_step(model, opt, lambda i: per_sample * mse(model, xt, yt, i),
                                 static_idx, step_total, bs)  # fmt: skip
        except RuntimeError as exc:
            logger.warning("CUDA graph capture failed (%s); using the fast loop", exc)
            model.load_state_dict(snapshot[0])
            opt.load_state_dict(snapshot[1])
            opt.zero_grad(set_to_none=True)
            loop = "fast"
        else:

            def run_graph():
                perm = shuffle()
                step_total.zero_()
                for i in range(0, n, bs):
                    static_idx.copy_(perm[i : i + bs])
                    graph.replay()
                return step_total.item() / n  # one host sync per epoch

            return run_graph, loop, False

    written_out = None
    if (
        dev.type == "cpu"
        and activation in ("relu", "tanh")
        and output_activation == "linear"
        and first_layer == "dense"  # the written-out backward knows Linear layers only
    ):
        written_out = written_out_step(model, activation, per_sample)

    def run_fast():
        perm = shuffle()
        total = torch.zeros((), device=dev)
        for i in range(0, n, bs):
            idx = perm[i : i + bs]
            if written_out is not None:
                batch_loss = written_out(xt[idx], yt[idx])  # fills .grad
            else:
                batch_loss = per_sample * mse(model, xt, yt, idx)
                opt.zero_grad(set_to_none=True)
                batch_loss.backward()
            opt.step()
            total.add_(batch_loss.detach(), alpha=len(idx))
        # one host sync per epoch: a NaN or inf in any step's loss reaches the sum
        return total.item() / n

    return run_fast, loop, written_out is not None
