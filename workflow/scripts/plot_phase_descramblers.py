"""Rule plot_phase_descramblers: the Corollary 3 figure."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_h5, read_tsv  # noqa: E402
from descramble.problems.phase.plots import descrambler_figure  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "plot_phase_descramblers"):
    keys = [(a, float(s), int(d)) for a, s, d in snakemake.params.networks]
    spectra = {k: read_h5(p, only=["power"])["power"]
               for k, p in zip(keys, snakemake.input.analyses, strict=True)}  # fmt: skip
    descrambler_figure(read_tsv(snakemake.input.sweep), spectra, snakemake.output[0])
