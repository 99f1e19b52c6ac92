"""Rule sweep_phase_descramblers: a phase network's first layer, descrambled over growing probes."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_h5, write_h5  # noqa: E402
from descramble.models import artefact_layers  # noqa: E402
from descramble.problems.phase.analysis import analysis  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "sweep_phase_descramblers") as log:
    w = snakemake.wildcards
    layers = artefact_layers(read_h5(snakemake.input.model))
    p = snakemake.params
    res = analysis(layers, p.Ns, dict(p.data), float(w.snr), int(w.seed))
    for probe in ("noise", "data"):
        log.info("%s probes: ||P_N - I|| %s (N = %s); limit ||P - I|| %.3g",
                 probe, res[probe]["to_identity"].round(3), res["N"],
                 res[probe]["limit_to_identity"])  # fmt: skip
    log.info("kernel power ordered share %.3f, off-block %.3g",
             res["ordered_fraction"], res["off_block"])  # fmt: skip
    write_h5(snakemake.output[0], res, "phase-analysis",
             {"Ns": list(snakemake.params.Ns), "data": snakemake.params.data, "arch": w.arch,
              "snr": float(w.snr)}, int(w.seed))  # fmt: skip
