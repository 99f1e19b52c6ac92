"""Figures of the MNIST track. They read artefacts only and never recompute science."""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

from ...plots import plt, save


def _show(ax, img, shape, vmax, cmap="RdBu_r"):
    im = ax.imshow(np.reshape(img, shape), cmap=cmap, vmin=-vmax, vmax=vmax)
    ax.set_xticks([])
    ax.set_yticks([])
    return im


def signal_images(sub, inv, shape, path, title):
    """First-layer signal images and a few test digits split and reconstructed.

    Top rows: signal images ``S_i v_i`` (largest first). Then one row per
    test digit: the digit, its signal (row-space) part, its rejected
    (null-space) part and its reconstruction from each layer's output.

    Parameters
    ----------
    sub : dict
        Subspace artefact (``signal_images`` (k, n), ``examples``, ``layers/0/S``).
    inv : dict
        Inverse-map artefact (``examples/{layer}`` (n_ex, n)).
    shape : tuple of int
        Image height and width.
    path : str
    title : str
    """
    sig = sub["signal_images"]  # (k, n)
    ex = sub["examples"]
    n_layers = len(inv["examples"])
    n_ex = ex["x"].shape[0]
    ncol = max(3 + n_layers, 8)
    nsig_rows = int(np.ceil(sig.shape[0] / ncol))
    nrow = nsig_rows + n_ex
    fig, axes = plt.subplots(nrow, ncol, figsize=(1.3 * ncol, 1.45 * nrow), squeeze=False)
    for ax in axes.ravel():
        ax.axis("off")
    vs = np.abs(sig).max() if sig.size else 1.0
    for i in range(sig.shape[0]):
        ax = axes[i // ncol, i % ncol]
        ax.axis("on")
        im_sig = _show(ax, sig[i], shape, vs)
        s_i = sub["layers"]["0"]["S"][i]
        ax.set_title(f"$\\sigma_{{{i + 1}}} v_{{{i + 1}}}$, $\\sigma$={s_i:.2g}", fontsize=6)
    for r in range(n_ex):
        row = nsig_rows + r
        panels = [
            ("digit", ex["x"][r]),
            ("signal part", ex["row"][r]),
            ("rejected part", ex["null"][r]),
        ]
        panels += [(f"from layer {k}", inv["examples"][str(k)][r]) for k in range(n_layers)]
        for c, (label, img) in enumerate(panels):
            ax = axes[row, c]
            ax.axis("on")
            im_px = _show(ax, img, shape, 1.0)
            if r == 0:
                ax.set_title(label, fontsize=7)
            if c == 0:
                ax.set_ylabel(f"test digit {r + 1}", fontsize=7)
    fig.suptitle(title, fontsize=9)
    fig.tight_layout(rect=(0, 0, 0.9, 0.97))
    if sig.size:
        cax = fig.add_axes((0.91, 0.55, 0.015, 0.35))
        fig.colorbar(im_sig, cax=cax).set_label("signal image value (a.u.)", fontsize=7)
    cax = fig.add_axes((0.91, 0.08, 0.015, 0.35))
    fig.colorbar(im_px, cax=cax).set_label("pixel intensity (fraction of full scale)", fontsize=7)
    save(fig, path)


def subspace_energy(sub, inv, path):
    """Energy of each layer's test inputs in its signal space, and reconstruction errors.

    Parameters
    ----------
    sub : pandas.DataFrame
        ``mnist_subspaces.tsv``.
    inv : pandas.DataFrame
        ``mnist_inverse.tsv``.
    path : str
    """
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 4.2))
    for i, ((dataset, net, seed), g) in enumerate(
        sub.groupby(["dataset", "net", "seed"], sort=True)
    ):
        col, label = f"C{i % 10}", f"{net} {dataset} seed {seed}"
        a1.plot(g["layer"], 100 * g["energy_row"], "o-", color=col, label=label)
        h = inv[(inv["dataset"] == dataset) & (inv["net"] == net) & (inv["seed"] == seed)]
        a2.semilogy(h["layer"], h["chain_error_input"], "o-", color=col, label=f"{label}: vs input")
        a2.semilogy(h["layer"], np.maximum(h["chain_error_projection"], 1e-16), "s--", color=col,
                    label=f"{label}: vs row-space part")  # fmt: skip
    a1.set_xlabel("layer (0 = first)")
    a1.set_ylabel("test-input energy in signal (row) space (%)")
    a1.set_ylim(0, 105)
    a1.set_title("Energy kept by each layer's signal space")
    a1.legend(fontsize=6)
    for ax in (a1, a2):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    a2.set_xlabel("layer whose output is inverted (0 = first)")
    a2.set_ylabel("relative L2 reconstruction error of the input")
    a2.set_title("Inverse maps: input reconstructed from a layer's output")
    a2.legend(fontsize=5)
    fig.tight_layout()
    save(fig, path)
