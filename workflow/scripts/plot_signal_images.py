"""Rule plot_signal_images: first-layer signal images and digits split and reconstructed."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_h5  # noqa: E402
from descramble.problems.mnist.plots import signal_images  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "plot_signal_images"):
    w = snakemake.wildcards
    shape = tuple(int(v) for v in read_h5(snakemake.input.data, only=["shape"])["shape"])
    title = (f"{w.net} on {w.dataset}, seed {w.seed}: first-layer signal images; "
             "test digits split and reconstructed")  # fmt: skip
    sub, inv = read_h5(snakemake.input.subspaces), read_h5(snakemake.input.inverse)
    signal_images(sub, inv, shape, snakemake.output[0], title)
