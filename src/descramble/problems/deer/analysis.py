"""All analyses of one trained 2-layer DEERNet, gathered for its analysis artefact.

Descrambled W1 (PNAS Fig 2, SVD paper Fig 1): filter features for the train
and noise probes. SVD paper Fig 4: |FFT| of P W1, of Sigma1 V1^T and of the
kernel's singular vectors, their likeness, and the DLN prediction. PNAS
Figs 3-4: the descrambled W2 (link axis descrambled with the stacked
criterion).

:func:`init_null` repeats the structure readings on the same network at its
initialisation (the stored ``/init`` weights, descrambled with the same
criteria on the same probes): a reading that an untrained network also
shows is no evidence that training put the structure there.
"""

from __future__ import annotations

import numpy as np

from ...descramblers.job import descramble_job
from .filters import filter_features, folded_spectrum
from .kernel_svd import kernel_svd_analysis, prior_covariance
from .readings import notch_ratio_curve, pnas_w2_reading, ridge_laws_both
from .second_layer import analyse_second_layer, descrambled_w2

# PNAS keep the "significant" singular values of the link: here the fewest carrying this
# fraction of ||W1||_F^2 (fixed before any run, not tuned), plus a fixed curve of ranks
ENERGY_KEPT = 0.99
NOTCH_RANKS = (5, 10, 20, 40)


def significant_notch(W1):
    """PNAS's notch reading: the fewest singular values of W1 carrying :data:`ENERGY_KEPT` of
    its energy, and the notch ratio of W1 truncated to them. Returns ``(rank, ratio)``."""
    s = np.linalg.svd(np.asarray(W1, dtype=float), compute_uv=False)
    kept = int(np.searchsorted(np.cumsum(s**2) / np.sum(s**2), ENERGY_KEPT) + 1)
    return kept, float(notch_ratio_curve(W1, [kept])[0])


def paper_readings(W1, PW1, B, rng, n_null=100):
    """The papers' own readings of the first and second layer, next to ours.

    Parameters
    ----------
    W1 : ndarray, shape (n_link, n_t)
        First-layer weights (the notch profile ignores the row order).
    PW1 : ndarray, shape (n_link, n_t)
        Descrambled W1 (train probe).
    B : ndarray, shape (n_r, n_link)
        Descrambled W2.
    rng : numpy.random.Generator
        For the W2 families' smooth null.
    n_null : int
        Draws of that null.

    Returns
    -------
    dict
        ``notch``: ``rank_kept`` (fewest singular values carrying
        :data:`ENERGY_KEPT` of the energy), ``ratio_kept`` (notch ratio of that
        truncation), ``ranks`` and ``ratios`` (the curve over
        :data:`NOTCH_RANKS` that fit); ``ridge``:
        :func:`.readings.ridge_laws_both` of the folded spectrum of ``PW1``;
        ``w2``: :func:`.readings.pnas_w2_reading` of B's left singular vectors.
    """
    kept, ratio_kept = significant_notch(W1)
    ranks = [r for r in NOTCH_RANKS if r <= min(np.shape(W1))]
    Q, _, _ = folded_spectrum(PW1)
    U = np.linalg.svd(B, full_matrices=False)[0]  # (n_r, n_link) output-side vectors
    return {
        "notch": {"rank_kept": kept, "ratio_kept": ratio_kept, "ranks": np.array(ranks),
                  "ratios": notch_ratio_curve(W1, ranks)},
        "ridge": ridge_laws_both(Q),
        "w2": pnas_w2_reading(U, rng, n_draws=n_null),
    }  # fmt: skip


def analyze_network(layers, data, P, rng, k_dln=10, n_null=20, papers=True):
    """Filters, kernel-SVD likeness and layer-2 structure of a 2-layer DEERNet.

    Parameters
    ----------
    layers : dict
        The model artefact's ``/layers`` group: ``{"0": {"weight" (80, n_t)},
        "1": {"weight" (n_r, 80)}}``.
    data : dict
        ``t`` (n_t,), ``r`` (n_r,), ``kernel`` (n_t, n_r) and ``train/p``
        (N, n_r) samples of the prior (for its covariance).
    P : dict
        Descrambler artefacts (``P``, ``descrambled_weight``) of layer 0:
        ``train`` and ``noise`` (smoothness of the layer's output) and
        ``stacked`` (the PNAS second-layer criterion on the same link axis).
    rng : numpy.random.Generator
        For the null distributions.
    k_dln : int
        Singular vectors in the DLN prediction.
    n_null : int
        Draws of each null distribution.
    papers : bool
        Also the papers' own readings (:func:`paper_readings`, under ``papers``).

    Returns
    -------
    dict
        ``w1/{train,noise}`` (:func:`.filters.filter_features`), ``kernel_svd``
        (:func:`.kernel_svd.kernel_svd_analysis`), ``w2``
        (:func:`.second_layer.analyse_second_layer` of ``W2 P^T``) and the matrices ``W1``,
        ``W2``, ``PW1`` (train probe), ``PW1_noise``, ``B`` (descrambled W2), ``t``, ``r``.
    """
    W1 = np.asarray(layers["0"]["weight"], dtype=float)  # (80, n_t)
    W2 = np.asarray(layers["1"]["weight"], dtype=float)  # (n_r, 80)
    K = np.asarray(data["kernel"], dtype=float)  # (n_t, n_r)
    PW1 = {k: np.asarray(P[k]["descrambled_weight"], dtype=float) for k in ("train", "noise")}
    w1 = {k: filter_features(M) for k, M in PW1.items()}
    cov = prior_covariance(np.asarray(data["train"]["p"], dtype=float))  # (n_r, n_r)
    ksvd = kernel_svd_analysis(PW1["train"], W1, K, rng, k_dln=k_dln, prior_cov=cov, n_null=n_null)
    B = descrambled_w2(W2, np.asarray(P["stacked"]["P"], dtype=float))  # (n_r, 80)
    w2 = analyse_second_layer(B, rng, r=np.asarray(data["r"]), n_null=n_null)
    out = {
        "w1": w1, "kernel_svd": ksvd, "w2": w2, "W1": W1, "W2": W2, "PW1": PW1["train"],
        "PW1_noise": PW1["noise"], "B": B, "t": data["t"], "r": data["r"],
    }  # fmt: skip
    if papers:
        out["papers"] = paper_readings(W1, PW1["train"], B, rng)
    return out


# the structure readings an untrained network is held against (trained minus init)
INIT_KEYS = ("notch_ratio", "likeness_descrambled_vs_kernel", "dln_overlap",
             "w2_sinusoid_score", "w2_match_chebyshev")  # fmt: skip


def init_layers(layers, init):
    """The network at its initialisation: ``init`` weights with ``layers``' activations.

    Parameters
    ----------
    layers : list of dict
        The trained layers (``models.artefact_layers``): their activations are kept.
    init : dict
        The model artefact's ``/init`` group (``{"0": {"weight", "bias"}, ...}``).

    Returns
    -------
    list of dict
        ``weight`` (out, in), ``bias``, ``activation`` per layer, as ``descramble_job`` takes.
    """
    return [{"weight": np.asarray(init[str(i)]["weight"]), "bias": np.asarray(init[str(i)]["bias"]),
             "activation": L["activation"]} for i, L in enumerate(layers)]  # fmt: skip


def init_null(layers, data, X, rng, k_dln=10):
    """The structure readings of :func:`analyze_network` on the untrained network.

    Parameters
    ----------
    layers : list of dict
        :func:`init_layers` (the initial weights).
    data : dict
        As :func:`analyze_network`.
    X : dict
        Probe inputs ``train`` and ``noise`` (N, n_t): the same probes the trained
        network's descramblers used.
    rng : numpy.random.Generator
    k_dln : int

    Returns
    -------
    dict
        The keys of :data:`INIT_KEYS` (floats), measured as the trained network's.
    """
    P = {"train": descramble_job(layers, X["train"], 0, "fourier"),
         "noise": descramble_job(layers, X["noise"], 0, "fourier"),
         "stacked": descramble_job(layers, X["train"], 0, "fourier_stacked")}  # fmt: skip
    named = {str(i): L for i, L in enumerate(layers)}
    # the readings kept here use no null draws: one draw each keeps the cost to the solves
    a = analyze_network(named, data, P, rng, k_dln=k_dln, n_null=1, papers=False)
    ksvd = a["kernel_svd"]
    return {
        "notch_ratio": float(a["w1"]["train"]["notch_ratio"]),
        "likeness_descrambled_vs_kernel": float(ksvd["likeness"]["descrambled_vs_kernel"]),
        "dln_overlap": float(ksvd["dln"]["overlap"]),
        "w2_sinusoid_score": float(np.mean(a["w2"]["sinusoid"]["score"])),
        "w2_match_chebyshev": float(np.mean(a["w2"]["chebyshev"]["match"]["chebyshev"])),
    }
