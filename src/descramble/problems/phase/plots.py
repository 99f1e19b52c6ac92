"""Figure of the phase track: descramblers against probe size, and the CNN's spectrum."""

from __future__ import annotations

import numpy as np

from ...plots import plt, save

STYLE = {"cnn": ("Blues", "CNN (circular convolution)"), "fcnn": ("Reds", "FCNN (dense)")}


def _colour(arch, snr, snrs):
    """One hue per arch, darker for higher SNR."""
    cmap, _ = STYLE.get(arch, ("Greys", arch))
    rank = sorted(snrs).index(snr) / max(len(snrs) - 1, 1)
    return plt.get_cmap(cmap)(0.55 + 0.4 * rank)


def descrambler_figure(sweep, spectra, path):
    """Three panels: ``||P_N - I||``, distance to the large-N limit, and the CNN's power.

    Parameters
    ----------
    sweep : pandas.DataFrame
        ``phase_sweep.tsv`` (one SNR or several: each SNR is drawn).
    spectra : dict
        ``{(arch, snr, seed): power (n_freq,)}`` per network (only CNNs drawn).
    path : path
    """
    fig, ax = plt.subplots(1, 3, figsize=(15, 4.2))
    snrs = sorted(sweep["snr"].unique())
    for (arch, snr, probe), g in sweep.groupby(["arch", "snr", "probe"]):
        colour, label = _colour(arch, snr, snrs), STYLE.get(arch, ("Greys", arch))[1]
        ls = "-" if probe == "noise" else "--"
        for c, col in enumerate(("to_identity", "to_limit")):
            m = g.groupby("N")[col].agg(["mean", "min", "max"])
            ax[c].plot(m.index, m["mean"], ls, color=colour, marker="o", ms=3,
                       label=f"{label}, {probe} probe, SNR {snr:g}")  # fmt: skip
            ax[c].fill_between(m.index, m["min"], m["max"], color=colour, alpha=0.12)
    ax[0].set_ylabel(r"$\|P_N - I\|_F / \sqrt{2n}$")
    ax[0].set_title("Corollary 3: does the descrambler tend to I?")
    ax[1].set_ylabel("frequency-transport distance to the large-N limit")
    ax[1].set_title("Theorem 1: convergence to the closed-form limit")
    for a in ax[:2]:
        a.set_xscale("log")
        a.set_xlabel("probe size N (signals)")
        a.set_ylim(bottom=0)
    ax[0].legend(fontsize=7)
    for (arch, snr, seed), power in sorted(spectra.items()):
        if arch == "cnn":
            ax[2].plot(np.arange(len(power)), power / power.max(), marker=".",
                       label=f"SNR {snr:g}, seed {seed}")  # fmt: skip
    ax[2].set_xlabel("frequency k (cycles per n samples)")
    ax[2].set_ylabel("power of the CNN's first layer (max = 1)")
    ax[2].set_title("P_inf = I needs this non-increasing")
    ax[2].legend(fontsize=7)
    fig.tight_layout()
    save(fig, path)
