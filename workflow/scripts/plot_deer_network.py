"""Rule plot_deer_network: filters (PNAS Fig 2), kernel SVD (SVD Fig 4) and W2 of a DEERNet."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_h5  # noqa: E402
from descramble.problems.deer import plots  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "plot_deer_network"):
    a = read_h5(snakemake.input[0])
    plots.w1_filter_figure(a["W1"], a["PW1"], snakemake.output.filters, t=a["t"])
    ksvd = a["kernel_svd"]
    plots.kernel_svd_figure(ksvd["images"], ksvd["likeness"], snakemake.output.kernel_svd)
    plots.second_layer_figure(a["B"], a["w2"], snakemake.output.second_layer, r=a["r"])
