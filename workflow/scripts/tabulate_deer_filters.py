"""Rule tabulate_deer_filters: one row per descrambled DEERNet W1 (and probe)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_h5, write_tsv  # noqa: E402
from descramble.problems.deer.tables import filter_rows  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "tabulate_deer_filters") as log:
    rows = [row for path in snakemake.input for row in filter_rows(read_h5(path))]
    log.info("%d rows from %d networks", len(rows), len(snakemake.input))
    write_tsv(snakemake.output[0], rows)
