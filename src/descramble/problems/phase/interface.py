"""Interface of the phase-recovery problem (Sule et al., Corollary 3) to the shared stages.

Two archs on the same inputs: ``cnn`` (first layer one circular convolution,
stride 1: a circulant n x n matrix) and ``fcnn`` (first layer dense n x n);
the rest of the network is the same. See :mod:`descramble.problems`.
"""

from __future__ import annotations

from ...io import read_h5
from .synthesize import SPLITS
from .synthesize import synthesize as _synthesize

ARCHS = ("cnn", "fcnn")
FIRST_LAYER = {"cnn": "circulant", "fcnn": "dense"}
LOSS_LABEL = "MSE of (cos, sin) of $2\\pi\\alpha/n$ [dimensionless]"


def extra_inputs(arch):
    """The inputs are the data's signals alone."""
    return {}


def synthesize(snr, seed, params):
    """The data artefact of one (snr, seed)."""
    return _synthesize(snr, seed, **params)


def inputs(arch, files, splits=SPLITS, rows=None):
    """The noisy oscillations, (N, n) float32 per split."""
    data = read_h5(files["data"], only=[f"{s}/signal" for s in splits], rows=rows)
    return {s: data[s]["signal"].astype("float32") for s in splits}


def targets(files, splits=SPLITS):
    """``(cos, sin)`` of ``2 pi alpha / n`` per split, (N, 2)."""
    data = read_h5(files["data"], only=[f"{s}/targets" for s in splits])
    return {s: data[s]["targets"] for s in splits}


def network(arch, train):
    """``train`` as :func:`descramble.train.train` keywords; the arch picks the first layer.

    ``train.hidden[0]`` is the first layer's width; for the CNN it must equal
    the number of samples (a circular convolution maps n -> n), which
    :func:`descramble.models.mlp` checks with a clear error.
    """
    return {**train, "first_layer": FIRST_LAYER[arch]}


def probe_settings(section, arch):
    """An ``snr<value>`` probe makes fresh oscillations from the ``data`` slice."""
    return {"data": section["data"]}


def fresh_inputs(snr, n, seed, arch, settings):
    """``n`` fresh noisy oscillations at ``snr`` (a stream apart from the training data's)."""
    p = dict(settings["data"])
    p.update(n_train=n, n_val=1, n_test=1)
    return _synthesize(snr, 10_000 + int(seed), **p)["train"]["signal"].astype("float32")


def theorem_signals(data):
    """Clean oscillations from the ``data`` slice: ``make_signals(N, rng) -> (n, N)``."""

    def make_signals(N, rng):
        p = dict(data)
        p.update(n_train=N, n_val=1, n_test=1)
        return _synthesize(1.0, int(rng.integers(2**31)), **p)["train"]["clean"].T

    return make_signals
