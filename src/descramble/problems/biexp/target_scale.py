"""What dividing the targets by a scale does to an ILR network: error, W1 learned, SV fits.

The papers' code trains on raw T2 in ms (``target_scale`` 1). Dividing the
targets by 100 shrinks the loss, and with it Adam's effective step on the
first layer relative to its initialisation; this table measures the effect
by comparing ``nd_nd`` with ``nd_nd_scaled`` (same inputs, same seeds) in the
pipeline's own tables.
"""

from __future__ import annotations

COLUMNS = (
    "arch", "target_scale", "snr", "seed", "rel_error_T21", "rel_error_T22",
    "learned_fraction", "mean_r2_top",
)  # fmt: skip


def target_scale(errors, fits, stats, scales, n_sv=3):
    """One row per network of the compared archs.

    Parameters
    ----------
    errors : pandas.DataFrame
        ``biexp_errors.tsv`` (arch, snr, seed, param, mean_rel_error, ...).
    fits : pandas.DataFrame
        ``biexp_sv_fits.tsv`` (arch, snr, seed, matrix, sv, half, r2, ...).
    stats : pandas.DataFrame
        ``biexp_w1_stats.tsv`` (arch, snr, seed, learned_fraction, ...).
    scales : dict
        ``{arch: target_scale}`` of the archs to compare.
    n_sv : int
        ``mean_r2_top`` averages the biexponential-fit R^2 of the top
        ``n_sv`` right singular vectors of W1 over both input halves.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`, sorted by snr, seed, target_scale.
        ``learned_fraction`` is ``||W1 - W1_init||_F^2 / ||W1||_F^2``.
    """
    key = ["arch", "snr", "seed"]
    err = errors[errors["arch"].isin(scales)].pivot_table(
        index=key, columns="param", values="mean_rel_error"
    )
    err.columns = [f"rel_error_{c}" for c in err.columns]
    top = fits[(fits["matrix"] == "W1") & (fits["sv"] <= n_sv) & fits["arch"].isin(scales)]
    r2 = top.groupby(key)["r2"].mean().rename("mean_r2_top")
    learned = stats[stats["arch"].isin(scales)].set_index(key)["learned_fraction"]
    out = err.join(learned, how="inner").join(r2, how="inner").reset_index()
    out["target_scale"] = out["arch"].map(scales).astype(float)
    return out[list(COLUMNS)].sort_values(["snr", "seed", "target_scale"]).reset_index(drop=True)
