"""Rule plot_phase_descramblers: the Corollary 3 figure."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_h5, read_tsv  # noqa: E402
from descramble.problems.phase.plots import descrambler_figure  # noqa: E402
from descramble.problems.phase.tables import spectra  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "plot_phase_descramblers"):
    power = spectra(read_h5(path, only=["power"]) for path in snakemake.input.analyses)
    descrambler_figure(read_tsv(snakemake.input.sweep), power, snakemake.output[0])
