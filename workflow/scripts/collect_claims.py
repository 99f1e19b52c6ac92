"""Rule collect_claims: concatenate claim fragments into results/tables/claims.tsv."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parents[1] / "src"))

from descramble.claims import COLUMNS  # noqa: E402
from descramble.io import read_tsv, write_tsv  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "collect_claims") as log:
    rows = [r for path in snakemake.input for r in read_tsv(path)]
    log.info("%d claims, %d hold", len(rows), sum(r["holds"] == "yes" for r in rows))
    write_tsv(snakemake.output[0], rows, COLUMNS)
