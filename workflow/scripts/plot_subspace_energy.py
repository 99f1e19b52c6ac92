"""Rule plot_subspace_energy: signal-space energy and reconstruction error per layer."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_tsv  # noqa: E402
from descramble.problems.mnist.plots import subspace_energy  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "plot_subspace_energy"):
    subspace_energy(read_tsv(snakemake.input.subspaces), read_tsv(snakemake.input.inverse),
                    snakemake.output[0])  # fmt: skip
