"""First-layer analysis of the ILR networks: SVD and biexponential fits (Sule et al. Figs 5-7)."""

from __future__ import annotations

import numpy as np

from ...svd import svd
from .fits import fit_singular_vectors
from .signals import biexp_free


def halves_difference(v):
    """How different the two halves of a concatenated-input singular vector are.

    Parameters
    ----------
    v : ndarray, shape (2m,)

    Returns
    -------
    float
        ``||v[:m] - v[m:]|| / ||v||``: 0 when the halves coincide, sqrt(2)
        when they are orthogonal with equal norms, up to 2 when opposite.
    """
    v = np.asarray(v, dtype=float)
    m = len(v) // 2
    return float(np.linalg.norm(v[:m] - v[m:]) / np.linalg.norm(v))


def analyze_first_layer(W, t, n_sv):
    """SVD of a first-layer weight and biexponential fits of its top right singular vectors.

    Parameters
    ----------
    W : ndarray, shape (n_hidden, halves * m)
        First-layer weight whose input is ``halves`` concatenated decays.
    t : ndarray, shape (m,)
        Sample times (ms) of one decay.
    n_sv : int

    Returns
    -------
    dict
        ``U``, ``S``, ``Vt`` (from :func:`svd`), ``fits`` (dict of arrays
        ``sv, half, a1, a2, tau1, tau2, r2``, one entry per (sv, half)),
        ``fit_curve`` (n_sv, halves, m), ``halves_diff`` (n_sv,; NaN when
        halves != 2) and ``halves``.
    """
    W = np.asarray(W, dtype=float)
    halves = W.shape[1] // len(t)
    U, S, Vt = svd(W)
    rows = fit_singular_vectors(Vt[:n_sv].T, t, n_sv=n_sv, halves=halves)
    curves = np.zeros((n_sv, halves, len(t)))
    for r in rows:
        curves[r["sv"] - 1, r["half"] - 1] = biexp_free(
            t, (r["a1"], r["a2"]), (r["tau1"], r["tau2"])
        )
    keys = ("sv", "half", "a1", "a2", "tau1", "tau2", "r2")
    return {
        "U": U,
        "S": S,
        "Vt": Vt,
        "fits": {k: np.array([r[k] for r in rows]) for k in keys},
        "fit_curve": curves,
        "halves_diff": np.array(
            [halves_difference(Vt[k]) if halves == 2 else np.nan for k in range(n_sv)]
        ),
        "halves": halves,
    }


def analyze_network(W1, W0, t, n_sv, logger=None):
    """The ``analyze_biexp_svd`` artefact of one network: its first layer and what training changed.

    Parameters
    ----------
    W1, W0 : ndarray, shape (n_hidden, halves * m)
        First-layer weights after training and at initialisation.
    t : ndarray, shape (m,)
        Sample times (ms).
    n_sv : int
        Singular vectors fitted per matrix.
    logger : logging.Logger, optional
        Gets the fit quality per singular vector and the first-layer stats.

    Returns
    -------
    dict
        ``t``; ``W1`` and ``dW1 = W1 - W0``, each :func:`analyze_first_layer`
        (without ``halves``); ``stats``: ``learned_fraction`` =
        ||W1 - W0||^2 / ||W1||^2 and, for two-half inputs,
        ``half_diff_drift`` (how far training moved the difference of the
        two halves, relative to its initial size).
    """
    out = {"t": t}
    for name, M in (("W1", W1), ("dW1", W1.astype(float) - W0)):
        res = analyze_first_layer(M, t, n_sv)
        out[name] = res
        h = res["halves"]
        for k in range(n_sv if logger else 0):
            r2 = res["fits"]["r2"][k * h : (k + 1) * h].round(4).tolist()  # one R2 per half
            logger.info("%s sv %d: R2 per half %s, halves difference %.4f", name, k + 1, r2,
                        res["halves_diff"][k])  # fmt: skip
    stats = {"learned_fraction": float(((W1 - W0) ** 2).sum() / (W1.astype(float) ** 2).sum())}
    if out["W1"]["halves"] == 2:
        m = len(t)
        d, d0 = W1[:, :m] - W1[:, m:], W0[:, :m] - W0[:, m:]  # (n_hidden, m) each
        stats["half_diff_drift"] = float(((d - d0) ** 2).sum() ** 0.5 / (d0**2).sum() ** 0.5)
    if logger:
        logger.info("first-layer stats: %s", stats)
    out["stats"] = stats
    for name in ("W1", "dW1"):
        out[name].pop("halves")
    return out
