"""Figures of the ILR track (Sule et al. Figs 5-7). They read artefacts only."""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from ...plots import plt, save

ARCH_LABEL = {
    "nd": "(ND)",
    "nd_nd": "(ND, ND)",
    "nd_reg": "(ND, Reg)",
    "nd_nd_scaled": "(ND, ND), targets / scale",
    "nlls": "NLLS (ordered start)",
    "nlls_reg": "NLLS (anchors' start, Reg)",
}


def sv_panel(analysis, snr, matrix="W1"):
    """Panel data for one network from its analysis artefact (as read by ``io.read_h5``).

    Returns
    -------
    dict
        ``snr``, ``t`` (m,), ``Vt`` (n_sv, halves*m), ``curves`` (n_sv, halves, m),
        ``r2`` (n_sv, halves).
    """
    a = analysis[matrix]
    n_sv = a["fit_curve"].shape[0]
    return {"snr": snr, "t": analysis["t"], "Vt": a["Vt"][:n_sv], "curves": a["fit_curve"],
            "r2": a["fits"]["r2"].reshape(n_sv, -1)}  # fmt: skip


def _sv_panel(ax, t, v, curves, r2, title):
    """One singular vector (halves*m,) over input index, each half's fit overlaid."""
    m, halves = len(t), len(curves)
    idx = np.arange(halves * m)
    ax.plot(idx, v, ".", ms=3, color="0.3", label="singular vector")
    for h in range(halves):
        seg = idx[h * m : (h + 1) * m]
        ax.plot(seg, curves[h], "-", color="tab:red", lw=1.2, label="fit" if h == 0 else None)
        if h:
            ax.axvline(h * m - 0.5, color="0.7", lw=0.8, ls="--")
    ax.set_title(f"{title}\nR$^2$ = " + " | ".join(f"{x:.3f}" for x in r2), fontsize=8)
    ax.set_xlabel(f"input index ({halves} x {m} samples, t = 0-{t[-1]:g} ms)", fontsize=7)
    ax.set_ylabel("component", fontsize=7)
    ax.tick_params(labelsize=6)


def _input_panel(ax, x, m, title):
    idx = np.arange(len(x))
    ax.plot(idx[:m], x[:m], color="tab:blue", lw=0.8, label="noisy decay (ND)")
    if len(x) > m:
        ax.plot(idx[m:], x[m:], color="tab:green", lw=0.8, label="second half")
        ax.axvline(m - 0.5, color="0.7", lw=0.8, ls="--")
    ax.set_title(title, fontsize=8)
    ax.set_xlabel("input index", fontsize=7)
    ax.set_ylabel("signal (S(0) = 1)", fontsize=7)
    ax.tick_params(labelsize=6)
    ax.legend(fontsize=6)


def singular_vectors(panels, sample_inputs, arch, path, matrix="W1"):
    """Figs 6/7 analogue: rows = SNR, columns = singular vector 1..n, last = a training input.

    Parameters
    ----------
    panels : list of dict
        Per SNR: ``snr``, ``t`` (m,), ``Vt`` (n_sv, halves*m), ``curves`` (n_sv, halves, m),
        ``r2`` (n_sv, 2).
    sample_inputs : list of ndarray, shape (2m,)
        One network input per SNR.
    arch : str
    path : str
    matrix : {"W1", "dW1"}
        Which matrix the vectors belong to (for the title): the trained
        weight, or its change from initialisation.
    """
    n_sv = panels[0]["Vt"].shape[0]
    fig, axes = plt.subplots(
        len(panels), n_sv + 1, figsize=(3.0 * (n_sv + 1), 2.6 * len(panels)), squeeze=False
    )
    for row, (p, x) in enumerate(zip(panels, sample_inputs, strict=True)):
        m = len(p["t"])
        for k in range(n_sv):
            _sv_panel(
                axes[row, k],
                p["t"],
                p["Vt"][k],
                p["curves"][k],
                p["r2"][k],
                f"SNR {p['snr']}: right singular vector {k + 1}",
            )
        _input_panel(axes[row, n_sv], x, m, f"SNR {p['snr']}: a training input")
    axes[0, 0].legend(fontsize=6)
    fig.suptitle(
        f"{ARCH_LABEL.get(arch, arch)}: top right singular vectors of "
        + ("W1" if matrix == "W1" else "the training update W1 - W1(init)")
        + " with biexponential fits per half",
        fontsize=10,
    )
    fig.tight_layout()
    save(fig, path)


def fig5_overview(rows, path):
    """Fig 5 analogue: per architecture, the leading singular vector at two SNRs and an input.

    Parameters
    ----------
    rows : list of dict
        One per architecture: ``arch``, ``panels`` (two dicts as in
        :func:`singular_vectors`), ``sample_input`` (2m,).
    path : str
    """
    fig, axes = plt.subplots(len(rows), 3, figsize=(10, 2.8 * len(rows)), squeeze=False)
    for r, row in enumerate(rows):
        for c, p in enumerate(row["panels"][:2]):
            _sv_panel(
                axes[r, c],
                p["t"],
                p["Vt"][0],
                p["curves"][0],
                p["r2"][0],
                f"{ARCH_LABEL[row['arch']]} SNR {p['snr']}: singular vector 1",
            )
        m = len(row["panels"][0]["t"])
        _input_panel(
            axes[r, 2], row["sample_input"], m, f"{ARCH_LABEL[row['arch']]}: a training input"
        )
    fig.tight_layout()
    save(fig, path)


def errors(rows, path):
    """Mean relative test error against SNR, per method and parameter.

    Parameters
    ----------
    rows : list of dict
        Rows of ``biexp_errors.tsv``.
    path : str
    """
    groups = defaultdict(list)
    for r in rows:
        groups[(r["arch"], r["param"], float(r["snr"]))].append(float(r["mean_rel_error"]))
    archs = sorted({k[0] for k in groups})
    params = sorted({k[1] for k in groups})
    fig, axes = plt.subplots(1, len(params), figsize=(5 * len(params), 4), squeeze=False)
    for ax, param in zip(axes[0], params, strict=True):
        for arch in archs:
            snrs = sorted(s for (a, p, s) in groups if a == arch and p == param)
            vals = [100 * np.mean(groups[(arch, param, s)]) for s in snrs]
            ax.plot(snrs, vals, "o-", label=ARCH_LABEL.get(arch, arch))
        ax.set_xscale("log")
        ax.set_xlabel(r"SNR $\sigma^{-1}$")
        ax.set_ylabel(f"mean relative error of {param} (%)")
        ax.set_title(f"Test error, {param}")
        ax.legend(fontsize=8)
    fig.tight_layout()
    save(fig, path)
