"""An untrained DEERNet fails every "the trained layer has structure X" row.

Two freshly initialised 256-80-256 tanh networks stand for "trained" and "its
initialisation": neither learned anything, so a structure claim must not hold.
Before the initial-weights null, the W2 sinusoid row passed such a network
(its score sits far above the white-noise null, because the stacked
descrambler's Gram holds W2^T W2 and puts W2's input-side vectors on the
trigonometric basis by itself); the test checks that too, so that it shows what
the null changes. About 30 s on one core.
"""

import numpy as np
import pandas as pd
import pytest
import torch

from descramble.models import layer_arrays, mlp
from descramble.probes import probes
from descramble.problems.deer import claims as dc
from descramble.problems.deer.analysis import INIT_KEYS, init_null
from descramble.problems.deer.synthesize import synthesize

STRUCTURE = (
    "|FFT| of descrambled W1 resembles the kernel's singular vectors",
    "DLN prediction",
    "input-side singular vectors of descrambled W2 are distorted sinusoids",
    "output-side singular vectors of descrambled W2 are Chebyshev polynomials",
)


def _fresh(seed):
    g = torch.Generator().manual_seed(seed)
    net = mlp((256, 80, 256), "tanh", generator=g, output_activation="sigmoid_renorm")
    return layer_arrays(net, "tanh", "sigmoid_renorm")


@pytest.mark.slow
def test_an_untrained_network_fails_the_structure_rows(one_torch_thread):
    d = synthesize(10, 0, n_train=4000, n_val=10, n_test=10)
    data = {"t": d["t"], "r": d["r"], "kernel": d["kernel"], "train": {"p": d["train"]["p"]}}
    X = {"train": d["train"]["signal"].astype(np.float32),
         "noise": probes("noise", "deer", "deernet", 4000, 0, n_inputs=256)}  # fmt: skip
    # the "trained" readings of one fresh net, and the init readings of another
    a = init_null(_fresh(1), data, X, np.random.default_rng(1))
    b = init_null(_fresh(2), data, X, np.random.default_rng(2))
    row = {**dc_good(), "arch": "deernet", "snr": 10, "seed": 0, "probe": "train",
           **{k: a[k] for k in INIT_KEYS}, **{f"{k}_init": b[k] for k in INIT_KEYS}}  # fmt: skip
    rows = {r["claim"]: r for r in dc.filter_claims(pd.DataFrame([row]))}
    for key in STRUCTURE:
        (r,) = [r for c, r in rows.items() if c.startswith(key)]
        assert not r["holds"], (key, r["measured"])
    # without the init null the sinusoid row would have passed this untrained network
    assert a["w2_sinusoid_score"] > 0.5 > dc_good()["w2_sinusoid_null_max"]


def dc_good():
    """Null columns a trained net would clear (only the init null may fail it)."""
    return {"notch_ratio": 0.9, "cutoff_normalised": 0.1, "ridge_r2_linear_law": 0.5,
            "ridge_r2_cubic_law": 0.4, "ridge_aic_poly1": 10.0, "ridge_aic_poly2": 9.0,
            "ridge_aic_poly3": 11.0, "likeness_null_max": 0.0, "dln_overlap_random": 0.0,
            "dln_p_value": 0.001, "dln_first_angle_deg": 5.0, "w2_columns_orthogonality": 0.1,
            "w2_rows_orthogonality": 0.1, "w2_sinusoid_null_max": 0.32,
            "w2_sinusoid_plain_score": 0.8, "w2_match_legendre": 0.0, "w2_match_cosine": 0.0,
            "w2_match_chebyshev_null_smooth": 0.0, "notch_width": 0.6}  # fmt: skip
