"""Rule tabulate_mnist: accuracy, subspace and inverse-map tables of every MNIST classifier."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_h5, write_tsv  # noqa: E402
from descramble.problems.mnist.tables import ACCURACY_NEEDS, tables  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "tabulate_mnist") as log:
    inp = snakemake.input
    frames = tables(
        [read_h5(path, only=ACCURACY_NEEDS) for path in inp.models],
        [read_h5(path) for path in inp.subspaces],
        [read_h5(path) for path in inp.inverse],
    )
    for name, df in frames.items():
        write_tsv(snakemake.output[name], df)
        log.info("%s: %d rows", name, len(df))
