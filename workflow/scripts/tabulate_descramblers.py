"""Rule tabulate_descramblers: one row per descrambler artefact."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_h5, write_tsv  # noqa: E402
from descramble.runtime import runtime  # noqa: E402
from descramble.tables import DESCRAMBLER_COLUMNS, descrambler_row  # noqa: E402

with runtime(snakemake, "tabulate_descramblers") as log:
    need = ["P", "objective", "bound"]
    rows = [descrambler_row(read_h5(path, require=need)) for path in snakemake.input]
    log.info("%d descramblers", len(rows))
    write_tsv(snakemake.output[0], rows, DESCRAMBLER_COLUMNS)
