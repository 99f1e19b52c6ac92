"""The zero-frequency notch of DEERNet's first layer comes from the baseline in its training data.

A small DEERNet (256-80-256, tanh, logistic renormalised output) trained on
``pnas``-regime traces (modulation depth, stretched-exponential background,
min-max scaling) must remove a baseline; one trained on ``sule``-regime
traces (K p + noise) need not. The notch ratio |F|(0) / mean |F|(1..3) of the
descrambled W1 should therefore be clearly lower for the first. Measured
here (30k traces x 30 epochs, seed 0, SNR 10): 0.80 against 0.98; at 100k x
40 it is 0.68 against 0.98. About 40 s on one CPU core.
"""

import numpy as np
import pytest
import torch

from descramble.descramblers import certified
from descramble.descramblers.job import descramble_job
from descramble.problems.deer.filters import filter_features
from descramble.problems.deer.synthesize import synthesize
from descramble.train import train


def _notch(regime):
    d = synthesize(10, 0, regime=regime, n_train=30_000, n_val=1000, n_test=1)
    res = train(d["train"]["signal"], d["train"]["p"], d["val"]["signal"], d["val"]["p"],
                hidden=[80], activation="tanh", output_activation="sigmoid_renorm", lr=0.01,
                weight_decay=1e-6, lr_step=5, lr_gamma=0.5, loss="sse", batch_size=250,
                epochs=30, seed=0, device="cpu")  # fmt: skip
    P = descramble_job(res["layers"], d["train"]["signal"][:20_000], 0, "fourier")
    assert certified(P)  # the exact solver's certificate, allowing for this CPU's rounding
    return filter_features(P["descrambled_weight"])["notch_ratio"]


@pytest.mark.slow
def test_baseline_removal_makes_a_deeper_notch():
    torch.set_num_threads(1)
    pnas, sule = _notch("pnas"), _notch("sule")
    assert np.isfinite(pnas) and np.isfinite(sule)
    assert pnas < 0.9 and sule > pnas + 0.1, (pnas, sule)
