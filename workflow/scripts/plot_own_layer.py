"""Rule plot_own_layer: the figure of one descrambled layer of an imported network."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_h5  # noqa: E402
from descramble.problems.own.plots import layer_figure  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "plot_own_layer"):
    layer_figure(read_h5(snakemake.input[0]), snakemake.output[0])
