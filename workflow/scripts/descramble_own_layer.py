"""Rule descramble_own_layer: one layer of an imported network, one criterion, one probe."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.problems.own.jobs import descramble_network_layer  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "descramble_own_layer") as log:
    w = snakemake.wildcards
    descramble_network_layer(snakemake.input.model, snakemake.input.get("probe"),
                             snakemake.output[0], w.net, int(w.layer), w.criterion,
                             dict(snakemake.params.settings), log)  # fmt: skip
