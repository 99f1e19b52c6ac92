"""Rule plot_deer_jacobian: Jacobian vs full descramblers of layers k = 2, 3 (SVD paper Fig 3)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_h5  # noqa: E402
from descramble.problems.deer import plots  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "plot_deer_jacobian"):
    jac = read_h5(snakemake.input[0])
    plots.jacobian_figure(
        [{"k": k, "P_full": jac[f"k{k}"]["P_full"], "P_jac": jac[f"k{k}"]["P_jac"],
          "rmae": float(jac[f"k{k}"]["rmae"]), "label": "raw"} for k in (2, 3)],
        snakemake.output[0],
    )  # fmt: skip
