"""Rule tabulate_own_layers: one row per descrambler of an imported network."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import write_tsv  # noqa: E402
from descramble.problems.own.jobs import TABLE_COLUMNS, table_row  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "tabulate_own_layers") as log:
    rows = [table_row(p) for p in snakemake.input]
    log.info("%d descramblers", len(rows))
    write_tsv(snakemake.output[0], rows, TABLE_COLUMNS)
