"""Figures of the DEER track. Each takes arrays (or a DataFrame) and a path, writes one PNG.

Axes carry units: time in us, time frequency in cycles per trace (``n_t``
samples; divide by the trace length in us for MHz), link-axis frequency in
cycles per ``n_out`` units, distance in nm; weights and magnitudes are in
arbitrary units (a.u.). Nothing here computes science beyond what a panel
needs to draw (fits come from the analysis modules).
"""

from __future__ import annotations

import numpy as np

from ...plots import plt, save
from .filters import cubic_overlay, filter_features, symmetrised_spectrum

__all__ = [
    "ensemble_figure",
    "error_vs_snr_figure",
    "jacobian_figure",
    "kernel_svd_figure",
    "second_layer_figure",
    "notch_width_figure",
    "w1_filter_figure",
]

F_TIME = "time frequency / (cycles per trace)"
F_LINK = "link-axis frequency / (cycles per {n} units)"


def _mat(A, name, ndim=2):
    A = np.asarray(A, dtype=float)
    if A.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D, got shape {A.shape}")
    if A.size == 0 or not np.all(np.isfinite(A)):
        raise ValueError(f"{name} must be non-empty and finite")
    return A


def _image(ax, fig, A, extent, xlabel, ylabel, clabel, title, cmap="RdBu_r", sym=True):
    vmax = float(np.max(np.abs(A))) or 1.0
    kw = {"vmin": -vmax, "vmax": vmax} if sym else {}
    im = ax.imshow(A, aspect="auto", origin="upper", extent=extent, cmap=cmap, **kw)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=9)
    cb = fig.colorbar(im, ax=ax)
    cb.set_label(clabel)
    return im


def _time_axis(t, n_t):
    if t is None:
        return np.arange(n_t, dtype=float), "time / samples"
    t = _mat(t, "t", 1)
    if t.size != n_t:
        raise ValueError(f"t must have {n_t} entries, got {t.size}")
    return t, "time / us"


def w1_filter_figure(W1, PW1, path, t=None, zoom=(40, 20), features=None):
    """PNAS Fig. 2 / Sule Fig. 1: raw W1, descrambled W1, |2-D FFT| and its zoom with the cubic.

    Parameters
    ----------
    W1, PW1 : array_like, shape (n_out, n_t)
        Raw and descrambled first-layer weights.
    path : str or Path
    t : array_like, shape (n_t,), optional
        Time grid in us (default: sample index).
    zoom : (int, int)
        Half-widths of the zoom window: time frequency, link-axis frequency.
    features : dict, optional
        :func:`.filters.filter_features` of ``PW1`` (computed if omitted).
    """
    W1, PW1 = _mat(W1, "W1"), _mat(PW1, "PW1")
    if W1.shape != PW1.shape:
        raise ValueError(f"W1 {W1.shape} and PW1 {PW1.shape} must have the same shape")
    n_out, n_t = W1.shape
    tt, tlabel = _time_axis(t, n_t)
    feat = filter_features(PW1) if features is None else features
    S, ko, kt = symmetrised_spectrum(PW1)
    fig, axes = plt.subplots(1, 4, figsize=(20, 4.6), constrained_layout=True)
    ext = [tt[0], tt[-1], n_out - 0.5, -0.5]
    _image(axes[0], fig, W1, ext, tlabel, "hidden unit (link index)", "weight / a.u.", "raw W1")
    _image(axes[1], fig, PW1, ext, tlabel, "descrambled link index", "weight / a.u.",
           "descrambled P W1")  # fmt: skip
    fext = [kt[0] - 0.5, kt[-1] + 0.5, ko[-1] + 0.5, ko[0] - 0.5]
    _image(axes[2], fig, S, fext, F_TIME, F_LINK.format(n=n_out), "|F| / a.u.",
           "symmetrised |2-D FFT| of P W1", cmap="magma", sym=False)  # fmt: skip
    zt, zo = int(zoom[0]), int(zoom[1])
    ci, cj = n_out // 2, n_t // 2
    Z = S[max(ci - zo, 0) : ci + zo + 1, max(cj - zt, 0) : cj + zt + 1]
    zko = ko[max(ci - zo, 0) : ci + zo + 1]
    zkt = kt[max(cj - zt, 0) : cj + zt + 1]
    zext = [zkt[0] - 0.5, zkt[-1] + 0.5, zko[-1] + 0.5, zko[0] - 0.5]
    _image(axes[3], fig, Z, zext, F_TIME, F_LINK.format(n=n_out), "|F| / a.u.",
           "zoom, cubic ridge fit (dashed)", cmap="magma", sym=False)  # fmt: skip
    rp = feat["ridge"]
    if rp["x"].size >= 4:
        x_o, x_t = cubic_overlay(rp)
        for so in (1, -1):
            for st in (1, -1):
                axes[3].plot(st * x_t, so * x_o, "--", color="cyan", lw=1)
        axes[3].set_xlim(zext[0], zext[1])
        axes[3].set_ylim(zext[2], zext[3])
    axes[3].set_title(
        "zoom; ridge R$^2$: cubic law {:.3f}, linear {:.3f}\nnotch ratio {:.2f}, cut-off {:.1f}"
        " cycles/trace".format(
            feat["ridge_r2_cubic_law"], feat["ridge_r2_linear_law"], feat["notch_ratio"],
            feat["cutoff"],
        ),
        fontsize=8,
    )  # fmt: skip
    save(fig, path)


def kernel_svd_figure(images, likeness, path):
    """Sule Fig. 4: |FFT| of P W1, of Sigma1 V1^T and of Sigma_K U_K^T, likeness in the titles.

    Parameters
    ----------
    images : dict
        :func:`.kernel_svd.kernel_svd_images`.
    likeness : dict
        ``kernel_svd_analysis(...)["likeness"]``: floats ``descrambled_vs_w1_svd``,
        ``w1_svd_vs_kernel``, ``descrambled_vs_kernel`` and arrays ``null_*``.
    path : str or Path
    """
    need = ("descrambled", "w1_svd", "kernel_svd", "k_out", "k_time")
    missing = [k for k in need if k not in images]
    if missing:
        raise ValueError(f"images lacks {missing}")
    A, B, C = (_mat(images[k], k) for k in need[:3])
    kt, ko = np.asarray(images["k_time"]), np.asarray(images["k_out"])
    if not (A.shape[1] == B.shape[1] == C.shape[1] == kt.size) or A.shape[0] != ko.size:
        raise ValueError("image shapes do not match their frequency axes")

    def _l(name):
        null = np.asarray(likeness.get(f"null_{name}", [np.nan]))
        return f"{likeness[name]:.3f} (null max {np.nanmax(null):.3f})"

    fig, axes = plt.subplots(1, 3, figsize=(17, 4.8), constrained_layout=True)
    _image(axes[0], fig, A, [kt[0] - 0.5, kt[-1] + 0.5, ko[-1] + 0.5, ko[0] - 0.5], F_TIME,
           F_LINK.format(n=A.shape[0]), "|F| / a.u.",
           "|2-D FFT| of P W1\nlikeness to W1 SVD " + _l("descrambled_vs_w1_svd"),
           cmap="magma", sym=False)  # fmt: skip
    t1 = r"$|F_t|$ of $\Sigma_1 V_1^T$" + "\nlikeness to kernel " + _l("w1_svd_vs_kernel")
    t2 = r"$|F_t|$ of $\Sigma_K U_K^T$ (kernel)" + "\nlikeness to P W1 "
    t2 += _l("descrambled_vs_kernel")
    for ax, M, title in ((axes[1], B, t1), (axes[2], C, t2)):
        ext = [kt[0] - 0.5, kt[-1] + 0.5, M.shape[0] - 0.5, -0.5]
        _image(ax, fig, M, ext, F_TIME, "singular index (descending)", "|F| / a.u.", title,
               cmap="magma", sym=False)  # fmt: skip
    save(fig, path)


def second_layer_figure(B, analysis, path, r=None, n_show=4):
    """PNAS Figs. 3-4: descrambled W2, column Gram, singular vectors with their fits.

    Parameters
    ----------
    B : array_like, shape (n_r, n_link)
        Descrambled W2 (:func:`.second_layer.descrambled_w2`).
    analysis : dict
        :func:`.second_layer.analyse_second_layer` of ``B``.
    path : str or Path
    r : array_like, shape (n_r,), optional
        Distance grid in nm (default: index).
    n_show : int
        Singular vectors drawn per side.
    """
    B = _mat(B, "B")
    n_r, n_link = B.shape
    U, V = _mat(analysis["U"], "U"), _mat(analysis["V"], "V")
    if U.shape[0] != n_r or V.shape[0] != n_link:
        raise ValueError(f"analysis vectors {U.shape}, {V.shape} do not fit B {B.shape}")
    if r is None:
        rr, rlabel = np.arange(n_r, dtype=float), "distance / grid points"
    else:
        rr, rlabel = _mat(r, "r", 1), "distance / nm"
        if rr.size != n_r:
            raise ValueError(f"r must have {n_r} entries")
    k = min(int(n_show), U.shape[1], V.shape[1])
    fig, axes = plt.subplots(1, 4, figsize=(21, 4.8), constrained_layout=True)
    _image(axes[0], fig, B.T, [rr[0], rr[-1], n_link - 0.5, -0.5], rlabel,
           "descrambled link index", "weight / a.u.", "descrambled W2 (transposed)")  # fmt: skip
    Bn = B / np.linalg.norm(B, axis=0)
    orth = analysis["orthogonality"]["columns"]
    _image(axes[1], fig, Bn.T @ Bn, [-0.5, n_link - 0.5, n_link - 0.5, -0.5],
           "descrambled link index", "descrambled link index", "cosine / 1",
           f"column Gram (normalised); orthogonality score {orth['score']:.3f}\n"
           "(0 = orthogonal, 1 = random)")  # fmt: skip
    sin = analysis["sinusoid"]
    null = float(np.max(analysis["sinusoid_null"]))
    idx = np.arange(n_link)
    step = 2.2 * float(np.max(np.abs(V[:, :k])))
    for j in range(k):
        off = -j * step
        axes[2].plot(idx, V[:, j] + off, ".", ms=3, color="0.3")
        axes[2].plot(idx, sin["fit"][:, j] + off, "-", color="tab:red", lw=1,
                     label=f"v{j + 1}: energy captured {sin['score'][j]:.3f}")  # fmt: skip
    axes[2].set_xlabel("descrambled link index")
    axes[2].set_ylabel("component / a.u. (offset)")
    axes[2].set_title(f"input-side singular vectors, distorted-sinusoid fits\n(noise null max "
                      f"{null:.3f})", fontsize=9)  # fmt: skip
    axes[2].legend(fontsize=7, loc="lower left")
    cheb = analysis["chebyshev"]
    xs = np.linspace(-1.0, 1.0, n_r)
    step = 2.2 * float(np.max(np.abs(U[:, :k])))
    for j in range(k):
        off = -j * step
        d = int(cheb["match_index"]["chebyshev"][j])
        T = np.polynomial.chebyshev.chebval(xs, np.eye(d + 1)[d])
        T = T * (T @ U[:, j]) / (T @ T)  # least-squares amplitude (sign included)
        axes[3].plot(rr, U[:, j] + off, ".", ms=2, color="0.3")
        axes[3].plot(rr, T + off, "-", color="tab:blue", lw=1,
                     label=f"u{j + 1} ~ T{d}: |cos| {cheb['match']['chebyshev'][j]:.3f} "
                     f"(Legendre {cheb['match']['legendre'][j]:.2f}, cosine "
                     f"{cheb['match']['cosine'][j]:.2f})")  # fmt: skip
    axes[3].set_xlabel(rlabel)
    axes[3].set_ylabel("component / a.u. (offset)")
    axes[3].set_title("output-side singular vectors, best Chebyshev polynomial", fontsize=9)
    axes[3].legend(fontsize=6, loc="lower left")
    save(fig, path)


def jacobian_figure(entries, path):
    """Sule Fig. 3: full vs Jacobian descramblers and their difference, RMAE in the titles.

    Parameters
    ----------
    entries : sequence of dict
        One per layer: ``k`` (int), ``P_full`` and ``P_jac`` (n, n), ``rmae``
        (float, fraction) and optionally ``label`` (e.g. "raw" or
        "commutant-aligned") saying which RMAE it is.
    path : str or Path
    """
    if not entries:
        raise ValueError("no entries")
    fig, axes = plt.subplots(len(entries), 3, figsize=(15, 4.4 * len(entries)),
                             constrained_layout=True, squeeze=False)  # fmt: skip
    for row, e in zip(axes, entries, strict=True):
        Pf, Pj = _mat(e["P_full"], "P_full"), _mat(e["P_jac"], "P_jac")
        if Pf.shape != Pj.shape or Pf.shape[0] != Pf.shape[1]:
            raise ValueError(f"P_full {Pf.shape} and P_jac {Pj.shape} must be equal and square")
        n = Pf.shape[0]
        ext = [-0.5, n - 0.5, n - 0.5, -0.5]
        lab = f" ({e['label']})" if e.get("label") else ""
        for ax, M, title in (
            (row[0], Pf, f"full descrambler, layer k = {e['k']}"),
            (row[1], Pj, f"Jacobian descrambler, layer k = {e['k']}"),
        ):
            _image(ax, fig, M, ext, "input index (layer-k signal)", "output index",
                   "entry / 1", title)  # fmt: skip
        _image(row[2], fig, np.abs(Pf - Pj), ext, "input index (layer-k signal)", "output index",
               "|difference| / 1", f"|P_full - P_jac|, RMAE = {100 * e['rmae']:.2f} %{lab}",
               cmap="viridis", sym=False)  # fmt: skip
    save(fig, path)


def notch_width_figure(profiles, path, f_max=40):
    """Sule et al.: aggregated spectra of the cubic- and quartic-kernel networks, notch widths.

    Parameters
    ----------
    profiles : dict
        Label (e.g. "r^3 kernel") -> dict with ``freqs`` (n_f,) in cycles per
        trace, ``profile`` (n_f,) (:func:`.filters.aggregated_profile`) and
        ``notch_width`` (float, cycles per trace).
    path : str or Path
    f_max : float
        Upper end of the frequency axis.
    """
    if len(profiles) < 1:
        raise ValueError("no profiles")
    fig, ax = plt.subplots(figsize=(7, 4.5), constrained_layout=True)
    for (label, p), color in zip(profiles.items(), plt.cm.tab10.colors, strict=False):
        f, y = _mat(p["freqs"], "freqs", 1), _mat(p["profile"], "profile", 1)
        if f.shape != y.shape:
            raise ValueError(f"{label}: freqs {f.shape} and profile {y.shape} differ")
        w = float(p["notch_width"])
        ax.plot(f, y / np.max(y), "-o", ms=2.5, color=color,
                label=f"{label}: notch half-width {w:.2f} cycles/trace")  # fmt: skip
        ax.axvline(w, color=color, ls="--", lw=0.8)
    ax.axhline(0.5, color="0.6", lw=0.8, ls=":")
    ax.set_xlim(0, f_max)
    ax.set_xlabel(F_TIME)
    ax.set_ylabel("aggregated |F| / peak (1)")
    ax.set_title("zero-frequency notch of the first layer: cubic vs quartic kernel")
    ax.legend(fontsize=8)
    save(fig, path)


def ensemble_figure(S, path, summary=None, labels=None):
    """Ensemble similarity heatmap.

    Parameters
    ----------
    S : array_like, shape (n, n)
        :func:`.ensemble.similarity_matrix`.
    path : str or Path
    summary : dict, optional
        The measure's entry of :func:`.ensemble.ensemble_summary`; its mean,
        min and null maxima go into the title.
    labels : sequence of str, optional
        Tick labels (network seeds).
    """
    S = _mat(S, "S")
    if S.shape[0] != S.shape[1]:
        raise ValueError(f"S must be square, got {S.shape}")
    n = S.shape[0]
    fig, ax = plt.subplots(figsize=(6.5, 5.5), constrained_layout=True)
    im = ax.imshow(S, vmin=min(0.0, float(S.min())), vmax=1.0, cmap="viridis")
    cb = fig.colorbar(im, ax=ax)
    cb.set_label("similarity / (Pearson r)")
    ax.set_xlabel("network index")
    ax.set_ylabel("network index")
    if labels is not None:
        if len(labels) != n:
            raise ValueError("one label per network")
        ax.set_xticks(range(n), labels, rotation=90, fontsize=6)
        ax.set_yticks(range(n), labels, fontsize=6)
    title = "descrambled W1 agreement"
    if summary is not None:
        nulls = ", ".join(
            f"{k[5:]} {v['max']:.2f}" for k, v in summary.items() if k.startswith("null_")
        )
        title += f"\nmean {summary['mean']:.3f}, min {summary['min']:.3f}; null max: {nulls}"
    ax.set_title(title, fontsize=9)
    save(fig, path)


# the columns of deer_errors.tsv (descramble.problems.deer.evaluate.ERROR_COLUMNS) it reads
FIGURE_COLUMNS = ("arch", "snr", "seed", "method", "error", "seconds_per_trace")


def error_vs_snr_figure(df, path, error_label="error / a.u."):
    """Reconstruction error and cost per method against SNR.

    Parameters
    ----------
    df : pandas.DataFrame
        Columns ``arch snr seed method error seconds_per_trace``; one row per
        (arch, snr, seed, method).
    path : str or Path
    error_label : str
        Y label of the error panel (name the metric and its unit).
    """
    missing = [c for c in FIGURE_COLUMNS if c not in getattr(df, "columns", [])]
    if missing:
        raise ValueError(f"DataFrame lacks columns {missing}")
    if len(df) == 0:
        raise ValueError("empty DataFrame")
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(13, 4.8), constrained_layout=True)
    groups = df.groupby(["method", "arch"], sort=True)
    for (method, arch), g in groups:
        st = g.groupby("snr")["error"].agg(["mean", "std", "count"]).reset_index()
        ax.errorbar(st["snr"], st["mean"], yerr=st["std"].fillna(0.0), marker="o", ms=4,
                    capsize=3, label=f"{method} ({arch})")  # fmt: skip
    ax.set_xscale("log")
    ax.set_xlabel("SNR / (signal / noise RMS)")
    ax.set_ylabel(error_label)
    ax.set_title("error vs SNR (mean +- sd over seeds)")
    ax.legend(fontsize=7)
    cost = df.groupby("method")["seconds_per_trace"].agg(["mean", "min", "max"])
    pos = np.arange(len(cost))
    ax2.bar(pos, cost["mean"], color="tab:gray")
    ax2.errorbar(pos, cost["mean"], yerr=[cost["mean"] - cost["min"], cost["max"] - cost["mean"]],
                 fmt="none", color="k", capsize=4)  # fmt: skip
    ax2.set_xticks(pos, cost.index, rotation=20)
    ax2.set_yscale("log")
    ax2.set_xlabel("method")
    ax2.set_ylabel("time per trace / s")
    ax2.set_title("cost per trace (mean, range)")
    save(fig, path)
