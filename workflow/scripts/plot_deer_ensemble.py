"""Rule plot_deer_ensemble: pairwise similarity of DEERNets trained from different seeds."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_h5  # noqa: E402
from descramble.problems.deer import plots  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "plot_deer_ensemble"):
    ens = read_h5(snakemake.input[0])
    plots.ensemble_figure(ens["aligned"]["matrix"], snakemake.output[0], summary=ens["aligned"],
                          labels=[f"seed {s}" for s in ens["seeds"]])  # fmt: skip
