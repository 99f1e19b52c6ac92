"""Rule check_deer_claims: the DEER findings of Amey et al. and Sule et al., measured."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.claims import table  # noqa: E402
from descramble.io import read_h5, read_tsv, write_tsv  # noqa: E402
from descramble.problems.deer import claims as dc  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "check_deer_claims") as log:
    rows = dc.filter_claims(read_tsv(snakemake.input.filters))
    rows += dc.jacobian_claims([read_h5(p) for p in snakemake.input.jacobian])
    rows += dc.jacobian_two_layer_claims([read_h5(p) for p in snakemake.input.jacobian_two_layer])
    rows += dc.jacobian_two_layer_claims(
        [read_h5(p) for p in snakemake.input.jacobian_relu], activation="ReLU"
    )
    rows += dc.ensemble_claims([read_h5(p) for p in snakemake.input.ensemble])
    rows += dc.error_claims(read_tsv(snakemake.input.errors))
    rows += dc.tikhonov_claims(read_tsv(snakemake.input.traces))
    for r in rows:
        log.info("[%s] %s | %s | holds: %s", r["kind"], r["claim"], r["measured"], r["holds"])
    write_tsv(snakemake.output[0], table(rows))
