"""Rule predict_linear_dynamics: closed-form mode trajectories on the models' step grids."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_h5, write_h5  # noqa: E402
from descramble.problems.dynamics.theory import predict_trajectories  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "predict_linear_dynamics") as log:
    d = read_h5(snakemake.input.data)
    nets = [k for k in ("fcnn", "cnn") if k in snakemake.input.keys()]
    models = {k: read_h5(snakemake.input[k], only=["modes", "lr", "init"]) for k in nets}
    out = predict_trajectories(d["structure"], int(d["size"]), models)
    for k in nets:
        log.info("%s: A0 %s (%s start)", k, out[k]["a0"], out[k]["a0_source"])
    write_h5(snakemake.output[0], out, "dynamics-theory", {}, int(snakemake.wildcards.seed))
