"""Rule plot_deer_summary: Jacobian vs full descramblers, cubic vs quartic notch, ensemble, errors."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parents[1] / "src"))

from descramble.io import read_h5, read_tsv  # noqa: E402
from descramble.problems.deer import plots  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "plot_deer_summary"):
    jac = read_h5(snakemake.input.jacobian[0])
    plots.jacobian_figure(
        [{"k": k, "P_full": jac[f"k{k}"]["P_full"], "P_jac": jac[f"k{k}"]["P_jac"],
          "rmae": float(jac[f"k{k}"]["rmae"]), "label": "raw"} for k in (2, 3)],
        snakemake.output.jacobian,
    )  # fmt: skip
    profiles = {}
    for label, path in (("r^-3 kernel", snakemake.input.cubic[0]),
                        ("r^-4 kernel", snakemake.input.quartic[0])):  # fmt: skip
        f = read_h5(path, only=["w1/train/freqs", "w1/train/profile", "w1/train/notch_width"])
        profiles[label] = {k: f["w1"]["train"][k] for k in ("freqs", "profile", "notch_width")}
    plots.notch_width_figure(profiles, snakemake.output.quartic)
    ens = read_h5(snakemake.input.ensemble[0])
    plots.ensemble_figure(ens["aligned"]["matrix"], snakemake.output.ensemble,
                          summary=ens["aligned"], labels=[f"seed {s}" for s in ens["seeds"]])  # fmt: skip
    err = read_tsv(snakemake.input.errors)
    # whole test split where a method covers it; Tikhonov on its subset of first traces
    err = err[(err["subset"] == "all") | (err["method"] == "tikhonov")]
    plots.error_vs_snr_figure(err, snakemake.output.errors,
                              error_label="mean relative L2 error of P(r)")  # fmt: skip
