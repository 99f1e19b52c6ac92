"""Rule plot_deer_errors: error vs SNR and time per trace of every DEER method."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_tsv  # noqa: E402
from descramble.problems.deer import plots  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "plot_deer_errors"):
    err = read_tsv(snakemake.input[0])
    # whole test split where a method covers it; Tikhonov on its subset of first traces
    err = err[((err["subset"] == "all") | (err["method"] == "tikhonov"))
              & (err["method"] != "prior_mean")]  # fmt: skip
    plots.error_vs_snr_figure(err, snakemake.output[0],
                              error_label="mean relative L2 error of P(r)")  # fmt: skip
