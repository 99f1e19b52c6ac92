"""Rule tabulate_biexp_sv_fits: gather per-network singular-vector fits and first-layer stats."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_h5, write_tsv  # noqa: E402
from descramble.problems.biexp.tables import (  # noqa: E402
    STATS_COLUMNS,
    SV_FIT_COLUMNS,
    SV_FIT_NEEDS,
    stats_row,
    sv_fit_rows,
)
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "tabulate_biexp_sv_fits") as log:
    rows, stats = [], []
    for path in snakemake.input:
        d = read_h5(path, require=SV_FIT_NEEDS)
        rows += sv_fit_rows(d)
        stats.append(stats_row(d))
    log.info("%d fit rows, %d networks", len(rows), len(stats))
    write_tsv(snakemake.output.fits, rows, SV_FIT_COLUMNS)
    write_tsv(snakemake.output.stats, stats, STATS_COLUMNS)
