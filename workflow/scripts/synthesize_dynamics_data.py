"""Rule synthesize_dynamics_data: class images, labels and their correlation SVD."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import write_h5  # noqa: E402
from descramble.problems.dynamics.datasets import make_dataset  # noqa: E402
from descramble.problems.dynamics.structure import io_structure  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "synthesize_dynamics_data") as log:
    name, prm = snakemake.wildcards.dataset, snakemake.params.data
    d = make_dataset(name, prm)
    st = io_structure(d["X"], d["Y"], d["size"])
    log.info("%s: %d classes of %dx%d; s %s; lambda %s; gamma %s; off-diagonal %.2g",
             name, len(d["Y"]), d["size"], d["size"], st["s"].round(4), st["lam"].round(4),
             st["gamma"].round(4), st["offdiag"])  # fmt: skip
    write_h5(snakemake.output[0], {**d, "structure": st}, "dynamics-data", prm)
