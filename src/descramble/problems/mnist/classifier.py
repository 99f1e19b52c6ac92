"""SELU fully connected classifiers and their SGD training loop.

Networks are ``Linear -> SELU`` blocks, e.g. 784-10 (one layer) or
784-256-256-128-32-10 (five). The last block's activation is
``output_activation`` (``selu``: every layer is a SELU layer, as the paper's
"SELU FCNN"; ``linear``: plain logits); its outputs are the logits of a
softmax cross-entropy. Weights start LeCun-normal (N(0, 1/n_in), the
self-normalising init of SELU), biases at zero, drawn from a seeded
``torch.Generator``; minibatches are shuffled by another. On CPU the same
settings give the same bytes.
"""

from __future__ import annotations

import math
import time

import numpy as np
import torch
from torch import nn

from .selu import selu

ACTIVATIONS = ("selu", "linear")


def network(sizes, output_activation, generator):
    """A SELU network with seeded initial weights.

    Parameters
    ----------
    sizes : sequence of int
        Widths including input and output, e.g. (784, 256, 10).
    output_activation : {"selu", "linear"}
    generator : torch.Generator

    Returns
    -------
    torch.nn.Sequential
    """
    if output_activation not in ACTIVATIONS:
        raise ValueError(
            f"output_activation must be one of {ACTIVATIONS}, got {output_activation!r}"
        )
    mods = []
    n = len(sizes) - 1
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
        lin = nn.Linear(n_in, n_out)
        with torch.no_grad():
            lin.weight.normal_(0.0, 1.0 / math.sqrt(n_in), generator=generator)  # (n_out, n_in)
            lin.bias.zero_()
        mods.append(lin)
        if i < n - 1 or output_activation == "selu":
            mods.append(nn.SELU())
    return nn.Sequential(*mods)


def layers_of(model, output_activation):
    """Weights, biases and activations of every Linear layer, as numpy arrays.

    Returns
    -------
    list of dict
        ``weight`` (out, in) float32, ``bias`` (out,) float32, ``activation``.
    """
    lins = [m for m in model if isinstance(m, nn.Linear)]
    return [{"weight": lin.weight.detach().cpu().numpy().copy(),
             "bias": lin.bias.detach().cpu().numpy().copy(),
             "activation": "selu" if i < len(lins) - 1 else output_activation}
            for i, lin in enumerate(lins)]  # fmt: skip


def forward(layers, x):
    """Every layer's input and output, in float64 numpy.

    Parameters
    ----------
    layers : list of dict
        ``weight`` (out, in), ``bias`` (out,), ``activation``.
    x : ndarray, shape (N, n_in)

    Returns
    -------
    list of ndarray
        ``acts[0] = x``, ``acts[i + 1]`` = output of layer ``i`` (N, out_i).
    """
    acts = [np.asarray(x, dtype=np.float64)]
    for L in layers:
        z = acts[-1] @ np.asarray(L["weight"], np.float64).T + np.asarray(L["bias"], np.float64)
        acts.append(selu(z) if L["activation"] == "selu" else z)
    return acts


def accuracy(logits, y):
    """Fraction of rows whose largest logit is the label."""
    return float(np.mean(np.argmax(logits, axis=1) == y))


def train(x, y, x_test, y_test, hidden, output_activation, lr, momentum, batch_size, epochs, seed,
          logger=None):  # fmt: skip
    """Train a SELU classifier by minibatch SGD with momentum on cross-entropy.

    Parameters
    ----------
    x : ndarray, shape (N, d)
    y : ndarray, shape (N,)
        Labels 0..9.
    x_test, y_test : ndarray
        Scored after every epoch (never used for fitting).
    hidden : sequence of int
        Hidden widths ([] for the 1-layer network).
    output_activation : {"selu", "linear"}
    lr, momentum : float
    batch_size, epochs : int
    seed : int
        Seeds the init and the shuffling generators.
    logger : logging.Logger, optional

    Returns
    -------
    dict
        ``layers`` (final, :func:`layers_of`), ``init`` (at initialisation),
        ``train_loss``, ``train_accuracy``, ``test_accuracy`` (epochs,),
        ``seconds``.

    Raises
    ------
    FloatingPointError
        If the loss becomes NaN or infinite (nothing is returned to write).
    """
    n_class = 10
    sizes = [x.shape[1], *hidden, n_class]
    g_init = torch.Generator().manual_seed(int(seed))
    g_shuffle = torch.Generator().manual_seed(int(seed) + 1)
    model = network(sizes, output_activation, g_init)
    init = layers_of(model, output_activation)
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum)
    xt = torch.as_tensor(x, dtype=torch.float32)  # (N, d)
    yt = torch.as_tensor(y, dtype=torch.long)  # (N,)
    xe = torch.as_tensor(x_test, dtype=torch.float32)
    hist = {"train_loss": [], "train_accuracy": [], "test_accuracy": []}
    t0 = time.perf_counter()
    for epoch in range(epochs):
        perm = torch.randperm(xt.shape[0], generator=g_shuffle)
        total, correct = 0.0, 0
        for start in range(0, xt.shape[0], batch_size):
            idx = perm[start : start + batch_size]
            logits = model(xt[idx])  # (B, 10)
            loss = nn.functional.cross_entropy(logits, yt[idx])
            if not torch.isfinite(loss):
                raise FloatingPointError(
                    f"loss became {loss.item()} in epoch {epoch + 1} (lr {lr}, momentum "
                    f"{momentum}): lower mnist.train.lr; no model was written"
                )
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * idx.numel()
            correct += int((logits.argmax(1) == yt[idx]).sum())
        with torch.no_grad():
            test_acc = float((model(xe).argmax(1).numpy() == y_test).mean())
        hist["train_loss"].append(total / xt.shape[0])
        hist["train_accuracy"].append(correct / xt.shape[0])
        hist["test_accuracy"].append(test_acc)
        if logger:
            logger.info("epoch %d: train loss %.4f, train acc %.4f, test acc %.4f", epoch + 1,
                        hist["train_loss"][-1], hist["train_accuracy"][-1], test_acc)  # fmt: skip
    return {
        "layers": layers_of(model, output_activation),
        "init": init,
        **{k: np.array(v) for k, v in hist.items()},
        "seconds": time.perf_counter() - t0,
    }
