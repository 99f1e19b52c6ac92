"""Rule evaluate_deer_errors: error and time per trace of DEERNets, the DSP replica, Tikhonov."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_h5, write_tsv  # noqa: E402
from descramble.problems.deer.evaluate import (  # noqa: E402
    ERROR_COLUMNS,
    TRACE_COLUMNS,
    evaluation_rows,
)
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "evaluate_deer_errors") as log:
    inp = snakemake.input
    traces = []
    rows = evaluation_rows(
        # one (snr, seed) at a time: data and baselines are read as they are scored
        (read_h5(path, only=["test/signal", "test/p"]) for path in inp.data),
        (read_h5(path) for path in inp.baselines),
        [(path, read_h5(path)) for path in inp.models],
        snakemake.params.n_tikhonov,
        per_trace=traces,
    )
    for r in rows:
        log.info("%s", r)
    write_tsv(snakemake.output.errors, rows, ERROR_COLUMNS)
    write_tsv(snakemake.output.traces, traces, TRACE_COLUMNS)
