"""Rule plot_biexp_fig5_overview: Fig 5 analogue, both architectures at the extreme SNRs."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_h5  # noqa: E402
from descramble.problems.biexp.inputs import ilr_inputs  # noqa: E402
from descramble.problems.biexp.plots import fig5_overview, sv_panel  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "plot_biexp_fig5_overview"):
    d = read_h5(snakemake.input.data, only=["train/signal"], rows=1)
    reg = read_h5(snakemake.input.nlls, only=["train/curve"], rows=1)["train"]["curve"]
    rows = []
    for arch in ("nd_nd", "nd_reg"):
        panels = []
        for path, snr in zip(snakemake.input[arch], snakemake.params.snrs, strict=True):
            an = read_h5(path, require=["t", "W1/Vt", "W1/fit_curve", "W1/fits/r2"])
            panels.append(sv_panel(an, snr))
        x = ilr_inputs(d["train"]["signal"][:1], arch, reg if arch == "nd_reg" else None)[0]
        rows.append({"arch": arch, "panels": panels, "sample_input": x})
    fig5_overview(rows, snakemake.output[0])
