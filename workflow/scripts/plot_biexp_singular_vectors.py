"""Rule plot_biexp_singular_vectors: Figs 6/7 analogue for one architecture."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_h5  # noqa: E402
from descramble.problems.biexp.inputs import ilr_inputs  # noqa: E402
from descramble.problems.biexp.interface import base_arch  # noqa: E402
from descramble.problems.biexp.plots import singular_vectors, sv_panel  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "plot_biexp_singular_vectors"):
    arch, matrix = snakemake.wildcards.arch, snakemake.wildcards.matrix
    panels, inputs = [], []
    for a, dpath, npath, snr in zip(
        snakemake.input.analysis,
        snakemake.input.data,
        snakemake.input.nlls,
        snakemake.params.snrs,
        strict=True,
    ):
        an = read_h5(a, require=[f"{matrix}/Vt", f"{matrix}/fit_curve", f"{matrix}/fits/r2"])
        panels.append(sv_panel(an, snr, matrix))
        d = read_h5(dpath, only=["train/signal"], rows=1)
        reg = (
            read_h5(npath, only=["train/curve"], rows=1)["train"]["curve"]
            if arch == "nd_reg"
            else None
        )
        inputs.append(ilr_inputs(d["train"]["signal"][:1], base_arch(arch), reg)[0])
    singular_vectors(panels, inputs, arch, snakemake.output[0], matrix)
