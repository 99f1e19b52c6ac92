"""Rule index_own_figures: which figure shows which (network, layer, criterion, probe)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import write_tsv  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "index_own_figures"):
    rows = []
    for p in map(Path, snakemake.input):
        rows.append({"network": p.parent.name, "figure": str(p)})
    write_tsv(snakemake.output[0], rows, ["network", "figure"])
