"""Rule evaluate_biexp_errors: relative test errors per parameter, networks and NLLS baseline."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_h5, write_tsv  # noqa: E402
from descramble.problems.biexp.evaluate import (  # noqa: E402
    DATA_NEEDS,
    ERROR_COLUMNS,
    MODEL_NEEDS,
    NLLS_NEEDS,
    error_rows,
)
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "evaluate_biexp_errors") as log:
    inp = snakemake.input
    rows = error_rows(
        [read_h5(path, only=DATA_NEEDS) for path in inp.data],
        [read_h5(path, only=NLLS_NEEDS) for path in inp.nlls],
        [read_h5(path, only=MODEL_NEEDS) for path in inp.models],
    )
    for r in rows:
        log.info("%s", r)
    write_tsv(snakemake.output[0], rows, ERROR_COLUMNS)
