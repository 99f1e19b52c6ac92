"""Figures of the descrambling-theory checks (Sule, Spencer & Czaja, Figs 2 and 8).

Plot functions take arrays and result rows computed elsewhere; the only
arithmetic here is what a picture needs (an SVD of the matrix being shown,
a 2-D FFT magnitude, a fitted line drawn from its slope and intercept).
"""

from __future__ import annotations

import numpy as np

from .plots import plt, save
from .svd import fix_signs

__all__ = ["fig2", "fig8", "theorem_plots"]


def _stacked(ax, U, k, offset, title, reference=None):
    """First ``k`` columns of ``U`` as lines over node index, shifted by ``offset``."""
    n = U.shape[0]
    idx = np.arange(n)
    for j in range(min(k, U.shape[1])):
        base = -j * offset
        ax.axhline(base, color="0.85", lw=0.6)
        ax.plot(
            idx, U[:, j] + base, "o-", ms=2.5, lw=1.0, label="singular vector" if j == 0 else None
        )
        if reference is not None:
            ax.plot(
                idx,
                reference[:, j] + base,
                "--",
                color="k",
                lw=0.8,
                label="trigonometric projection" if j == 0 else None,
            )
    ax.set_yticks([-j * offset for j in range(min(k, U.shape[1]))])
    ax.set_yticklabels([f"u{j + 1}" for j in range(min(k, U.shape[1]))])
    ax.set_xlabel("hidden node index (first layer)")
    ax.set_ylabel(f"component (dimensionless; curves offset by {offset:.2g})")
    ax.set_title(title, fontsize=9)
    ax.set_xlim(-0.5, n - 0.5)


def fig2(U_before, U_after, path, n_vectors=6, reference=None, title=None):
    """Fig. 2: left singular vectors of W1 before and after descrambling.

    Parameters
    ----------
    U_before : array_like, shape (n, r)
        Left singular vectors of the raw first-layer weight, singular values
        descending.
    U_after : array_like, shape (n, r)
        Left singular vectors of the descrambled weight ``P W1`` (Gaussian
        noise probe); Theorem 1: trigonometric.
    path : str or Path
        Output PNG.
    n_vectors : int
        Vectors shown per panel.
    reference : array_like, shape (n, >= n_vectors), optional
        Drawn dashed over ``U_after``, e.g. each vector's projection onto its
        trigonometric (cos/sin pair) subspace.
    title : str, optional
        Figure title.
    """
    U_before = np.asarray(U_before, dtype=float)
    U_after = np.asarray(U_after, dtype=float)
    offset = 2.5 * float(max(np.abs(U_before[:, :n_vectors]).max(), 1e-12))
    fig, axes = plt.subplots(1, 2, figsize=(10, 5.5), sharey=True)
    _stacked(axes[0], U_before, n_vectors, offset, "raw $W_1$: left singular vectors")
    _stacked(
        axes[1],
        U_after,
        n_vectors,
        offset,
        "descrambled $\\hat P W_1$ (Gaussian probe): left singular vectors",
        reference=None if reference is None else np.asarray(reference, dtype=float),
    )
    axes[1].legend(fontsize=7, loc="lower right")
    fig.suptitle(title or "Fig. 2: descrambling with noise makes singular vectors trigonometric")
    fig.tight_layout()
    save(fig, path)


def _weights_image(ax, M, split, title):
    v = float(np.abs(M).max()) or 1.0
    im = ax.imshow(M, aspect="auto", cmap="RdBu_r", vmin=-v, vmax=v, interpolation="nearest")
    if split:
        ax.axvline(split - 0.5, color="k", lw=0.8, ls="--")
    ax.set_xlabel(f"input index (ND | Reg, {split} samples each)" if split else "input index")
    ax.set_ylabel("descrambled node index")
    ax.set_title(title, fontsize=9)
    plt.colorbar(im, ax=ax, label="weight (1 / signal unit)")


def _fft_image(ax, M, title):
    n, d = M.shape
    F = np.abs(np.fft.fftshift(np.fft.fft2(M)))
    logF = np.log10(F + 1e-12 * max(F.max(), 1e-300))
    extent = (-d // 2 - 0.5, d - d // 2 - 0.5, n - n // 2 - 0.5, -n // 2 - 0.5)
    im = ax.imshow(logF, aspect="auto", cmap="viridis", extent=extent, interpolation="nearest")
    ax.set_xlabel(f"input frequency (cycles / {d} inputs)")
    ax.set_ylabel(f"node frequency (cycles / {n} nodes)")
    ax.set_title(title, fontsize=9)
    plt.colorbar(im, ax=ax, label="log10 |2-D DFT| (weight units)")


def _left_vectors(ax, M, k, title):
    U, s, _ = np.linalg.svd(M, full_matrices=False)
    U = fix_signs(U)
    n = M.shape[0]
    offset = 2.5 * float(np.abs(U[:, :k]).max())
    for j in range(min(k, U.shape[1])):
        u = U[:, j]
        ax.axhline(-j * offset, color="0.85", lw=0.6)
        ax.plot(np.arange(n), u - j * offset, "o-", ms=2, lw=0.9)
    ax.set_yticks([-j * offset for j in range(min(k, U.shape[1]))])
    ax.set_yticklabels([f"u{j + 1} (s={s[j]:.2g})" for j in range(min(k, U.shape[1]))], fontsize=7)
    ax.set_xlabel("descrambled node index")
    ax.set_ylabel("component (dimensionless, offset)")
    ax.set_title(title, fontsize=9)


def fig8(descrambled_signal, descrambled_noise, path, n_vectors=4, split=64, title=None):
    """Fig. 8: (ND, Reg) first layer descrambled with SNR-10 data versus noise only.

    Parameters
    ----------
    descrambled_signal : array_like, shape (n, d)
        ``P W1`` with ``P`` from an SNR-10 data probe.
    descrambled_noise : array_like, shape (n, d)
        ``P W1`` with ``P`` from a Gaussian-noise probe.
    path : str or Path
        Output PNG.
    n_vectors : int
        Leading left singular vectors shown.
    split : int or None
        Input index where the second half (Reg) starts; a dashed line.
    title : str, optional
    """
    rows = [
        ("SNR-10 data probe", np.asarray(descrambled_signal, dtype=float)),
        ("Gaussian-noise probe", np.asarray(descrambled_noise, dtype=float)),
    ]
    fig, axes = plt.subplots(2, 3, figsize=(15, 8.5))
    for i, (label, M) in enumerate(rows):
        _weights_image(axes[i, 0], M, split, f"{label}: descrambled $W_1$")
        _fft_image(axes[i, 1], M, f"{label}: 2-D Fourier magnitude (fftshift)")
        _left_vectors(axes[i, 2], M, n_vectors, f"{label}: top left singular vectors")
    fig.suptitle(title or "Fig. 8: (ND, Reg) first layer descrambled with data vs noise")
    fig.tight_layout()
    save(fig, path)


def theorem_plots(t1_rows, t2_rows, path, t1_limit=None, fit=None):
    """Theorem 1 convergence in N and Theorem 2 scaling in SNR, log-log.

    Parameters
    ----------
    t1_rows : list of dict
        ``N``, ``distance``, ``max_angle_deg`` per probe size.
    t2_rows : list of dict
        ``snr``, ``distance`` (expected-Gram form) and optionally
        ``distance_sampled``.
    path : str or Path
        Output PNG.
    t1_limit : dict, optional
        Large-data-limit row (``distance``), quoted in the legend.
    fit : dict, optional
        ``slope``, ``intercept`` (of ``log distance`` on ``log snr``), ``lo``,
        ``hi`` (SNR range of the fit); drawn as a line.
    """
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 4.5))
    N = np.array([r["N"] for r in t1_rows], dtype=float)
    dist = np.array([r["distance"] for r in t1_rows])
    ang = np.array([r["max_angle_deg"] for r in t1_rows])
    lab = "distance $\\|\\hat U R - T_r\\|_F$"
    if t1_limit is not None:
        lab += f" (limit N=inf: {t1_limit['distance']:.1e})"
    a1.loglog(N, dist, "o-", color="tab:blue", label=lab)
    a1.loglog(N, dist[-1] * np.sqrt(N[-1] / N), ":", color="0.5", label="$\\propto N^{-1/2}$")
    reps = t1_rows[0].get("repeats", 1) if t1_rows else 1
    a1.set_xlabel(f"probe size N (Gaussian samples; mean of {reps} probes)")
    a1.set_ylabel("distance to trigonometric basis (dimensionless)")
    a1b = a1.twinx()
    a1b.semilogx(N, ang, "s--", color="tab:orange", label="largest principal angle")
    a1b.set_ylim(0, 90)
    a1b.set_ylabel("largest principal angle (degrees)", color="tab:orange")
    h1, l1 = a1.get_legend_handles_labels()
    h2, l2 = a1b.get_legend_handles_labels()
    a1.legend(h1 + h2, l1 + l2, fontsize=7, loc="lower left")
    a1.set_title("Theorem 1: Gaussian probe, N -> infinity", fontsize=10)

    snr = np.array([r["snr"] for r in t2_rows], dtype=float)
    a2.loglog(
        snr, [r["distance"] for r in t2_rows], "o-", label="expected Gram, E[ss^T] + sigma^2 I"
    )
    if all("distance_sampled" in r for r in t2_rows):
        a2.loglog(
            snr, [r["distance_sampled"] for r in t2_rows], "s--", label="sampled probe (finite N)"
        )
    if fit is not None and np.isfinite(fit.get("slope", np.nan)):
        x = np.geomspace(fit["lo"], fit["hi"], 20)
        a2.loglog(
            x,
            np.exp(fit["intercept"]) * x ** fit["slope"],
            "--",
            color="tab:red",
            lw=1.5,
            label=f"fit: slope {fit['slope']:.2f} (theory 2)",
        )
    a2.set_xlabel("SNR = 1 / sigma (signal S(0) = 1)")
    a2.set_ylabel("$\\|\\hat U(\\sigma) R - T_r\\|_F$ (dimensionless)")
    a2.legend(fontsize=7)
    a2.set_title("Theorem 2: distance = O(SNR^2) as SNR -> 0", fontsize=10)
    fig.tight_layout()
    save(fig, path)
