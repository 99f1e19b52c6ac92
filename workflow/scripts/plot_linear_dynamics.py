"""Rule plot_linear_dynamics: mode strengths vs theory and the CNN kernel's spectrum."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_h5  # noqa: E402
from descramble.problems.dynamics.plots import plot_dynamics  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "plot_linear_dynamics") as log:
    d = read_h5(snakemake.input.data)
    th = read_h5(snakemake.input.theory)
    nets = [k for k in ("fcnn", "cnn") if k in snakemake.input.keys()]
    models = {k: read_h5(snakemake.input[k]) for k in nets}
    cnn = models.get("cnn", {})
    plot_dynamics(
        snakemake.wildcards.dataset,
        d["structure"],
        {k: models[k]["modes"] for k in nets},
        {k: th[k]["modes"] for k in nets},
        {k: float(models[k]["lr"]) for k in nets},
        cnn.get("snapshot_steps"),
        cnn.get("kernel_spectrum"),
        snakemake.output[0],
    )
