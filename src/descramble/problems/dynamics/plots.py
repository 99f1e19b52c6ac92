"""Figures of the linear-dynamics track (matplotlib, Agg): they read artefacts only."""

from __future__ import annotations

import numpy as np

from ...plots import plt, save

NET_LABEL = {"fcnn": "FCNN", "cnn": "CNN"}


def plot_dynamics(dataset, st, models, theories, lrs, kernel_steps, kernel_spectrum, path):
    """Mode strengths (simulation vs theory) of each net, and the CNN kernel's spectrum.

    Parameters
    ----------
    dataset : str
    st : dict
        ``s`` (p,), ``spectra`` (p, N).
    models, theories : dict
        ``{net: (T, p)}`` simulated and theoretical mode strengths.
    lrs : dict
        ``{net: lr}``.
    kernel_steps : ndarray, shape (k,) or None
    kernel_spectrum : ndarray, shape (k, N) or None
        |2D DFT| of the CNN kernel at ``kernel_steps``.
    path : str
    """
    nets = list(models)
    ncol = len(nets) + (kernel_spectrum is not None)
    fig, axes = plt.subplots(1, ncol, figsize=(4.2 * ncol, 3.4), squeeze=False)
    colors = plt.cm.viridis(np.linspace(0, 0.85, len(st["s"])))
    for ax, net in zip(axes[0], nets, strict=False):
        A, th = models[net], theories[net]
        t = np.arange(len(A))
        for a, c in enumerate(colors):
            ax.plot(t, A[:, a], color=c, lw=1.6, label=f"mode {a} (s={st['s'][a]:.2f})")
            ax.plot(t, th[:, a], color="k", lw=0.8, ls="--")
        ax.set_xlabel("gradient step")
        ax.set_ylabel("mode strength A (effective singular value)")
        ax.set_title(f"{NET_LABEL[net]}, lr {lrs[net]:g} (dashed: theory)", fontsize=9)
        ax.legend(fontsize=7)
    if kernel_spectrum is not None:
        ax = axes[0][-1]
        E = kernel_spectrum[-1] ** 2
        data = (st["spectra"] ** 2).mean(axis=0)
        order = np.argsort(-data)
        ax.semilogy(E[order] / E.sum(), "o", ms=3, label=f"kernel, step {kernel_steps[-1]}")
        ax.semilogy(data[order] / data.sum(), "k.", ms=3, label="singular vectors (mean)")
        ax.set_ylim(1e-8, 1.5)
        ax.set_xlabel("vec-2D frequency, by singular-vector energy (rank)")
        ax.set_ylabel("fraction of Fourier energy")
        ax.set_title("CNN kernel spectrum vs dataset", fontsize=9)
        ax.legend(fontsize=7)
    fig.suptitle(dataset.replace("_", " "), fontsize=10)
    fig.tight_layout()
    save(fig, path)
