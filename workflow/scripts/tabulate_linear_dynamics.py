"""Rule tabulate_linear_dynamics: per-mode and per-kernel rows of every dataset and seed."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_h5, write_tsv  # noqa: E402
from descramble.problems.dynamics.analysis import table_rows  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "tabulate_linear_dynamics") as log:
    modes, kernel = [], []
    for path in snakemake.input:
        r = read_h5(path)
        meta = r.pop("meta")
        seed = int(r.pop("_provenance")["seed"])
        r.pop("_attrs", None)
        st = r.pop("structure")
        m, k = table_rows(meta["dataset"].decode(), seed, st, meta["init"].decode(), meta["lr"], r)
        modes += m
        kernel += k
    log.info("%d mode rows, %d kernel rows", len(modes), len(kernel))
    write_tsv(snakemake.output.modes, modes)
    write_tsv(snakemake.output.kernel, kernel)
