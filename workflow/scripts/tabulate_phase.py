"""Rule tabulate_phase: one row per phase network, and the long descrambler sweep table."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_h5, write_tsv  # noqa: E402
from descramble.problems.phase.tables import tables  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "tabulate_phase") as log:
    inp = snakemake.input
    nets, sweep = tables(
        [read_h5(path) for path in inp.analyses],
        [read_h5(path, only=["test/pred"]) for path in inp.models],
        [read_h5(path, only=["test/alpha"]) for path in inp.data],  # each (snr, seed) once
    )
    log.info("%d networks, %d sweep rows", len(nets), len(sweep))
    write_tsv(snakemake.output.networks, nets)
    write_tsv(snakemake.output.sweep, sweep)
