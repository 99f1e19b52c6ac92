"""The per-layer figure of an imported network: weights, spectra, singular vectors.

Reads a descrambler artefact only; recomputes nothing but the |2-D FFT| it shows.
"""

from __future__ import annotations

import numpy as np

from ...plots import plt, save


def _image(ax, M, title, cmap="RdBu_r", label="weight (input units per unit)"):
    M = np.asarray(M, dtype=float)
    if cmap == "RdBu_r":
        v = float(np.max(np.abs(M))) or 1.0
        im = ax.imshow(M, aspect="auto", cmap=cmap, vmin=-v, vmax=v, interpolation="nearest")
    else:
        im = ax.imshow(M, aspect="auto", cmap=cmap, interpolation="nearest")
    ax.set_title(title, fontsize=9)
    ax.set_xlabel("input index j")
    ax.set_ylabel("unit index i")
    plt.colorbar(im, ax=ax, fraction=0.046, label=label)


def layer_figure(d, path, n_vectors=3):
    """Raw and descrambled weights, their |2-D FFT|, singular values, leading singular vectors.

    Parameters
    ----------
    d : dict
        A descrambler artefact as read by :func:`descramble.io.read_h5`.
    path : str or Path
        PNG written atomically (temporary name, then rename).
    n_vectors : int
        Leading singular vectors shown.
    """
    pp = d["_provenance"]["params"]
    W, PW = np.asarray(d["weight"], float), np.asarray(d["descrambled_weight"], float)
    S = np.asarray(d["svd"]["S"], float)
    fig, axes = plt.subplots(2, 3, figsize=(14, 8))
    _image(axes[0, 0], W, f"raw weight W (layer {pp['layer']}, {W.shape[0]} x {W.shape[1]})")
    _image(axes[0, 1], PW, f"descrambled weight P W ({pp['criterion']}, probe {pp['probe']})")
    for ax, M, what in ((axes[1, 0], W, "W"), (axes[1, 1], PW, "P W")):
        F = np.log10(np.abs(np.fft.fftshift(np.fft.fft2(M))) + 1e-12)
        _image(ax, F, f"log10 |2-D FFT of {what}|", cmap="viridis", label="log10 |FFT| (a.u.)")
        ax.set_xlabel("input frequency (cycles per input length, shifted)")
        ax.set_ylabel("unit frequency (shifted)")
    ax = axes[0, 2]
    ax.semilogy(np.arange(1, len(S) + 1), S, "o-", ms=3)
    ax.set_xlabel("index")
    ax.set_ylabel("singular value of W")
    ax.set_title(f"singular values; top {int(pp['settings']['n_sv'])} hold "
                 f"{100 * float(d['energy_top']):.1f} % of ||W||_F^2", fontsize=9)  # fmt: skip
    ax = axes[1, 2]
    U = np.linalg.svd(PW, full_matrices=False)[0]  # descrambled left singular vectors
    for i in range(min(n_vectors, U.shape[1])):
        ax.plot(U[:, i], label=f"u{i + 1} (s = {S[i]:.3g})")
    ax.set_xlabel("unit index i (descrambled order)")
    ax.set_ylabel("component (unit-norm vector)")
    ax.set_title("leading left singular vectors of P W", fontsize=9)
    ax.legend(fontsize=8)
    gain = float(d["identity_objective"]) / max(float(d["objective"]), 1e-300)
    fig.suptitle(f"{pp['network']}: layer {pp['layer']}, {pp['criterion']}, probe {pp['probe']} "
                 f"({pp['n_signals']} signals): smoothness gain {gain:.3g}")  # fmt: skip
    fig.tight_layout()
    save(fig, path)
