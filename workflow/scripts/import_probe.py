"""Rule import_probe: a probe file (.h5/.npy/.csv/.mat) -> /signal (N, d)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.problems.own.jobs import import_probe  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "import_probe") as log:
    import_probe(snakemake.input.probe, snakemake.output[0], list(snakemake.input.models),
                 snakemake.params.key, snakemake.wildcards.oprobe, log)  # fmt: skip
