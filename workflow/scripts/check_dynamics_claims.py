"""Rule check_dynamics_claims: Saxe's and Pinson's findings on linear dynamics, measured."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.claims import table  # noqa: E402
from descramble.io import read_tsv, write_tsv  # noqa: E402
from descramble.problems.dynamics.claims import dynamics_claims  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "check_dynamics_claims") as log:
    rows = dynamics_claims(read_tsv(snakemake.input.modes), read_tsv(snakemake.input.kernel))
    for r in rows:
        log.info("[%s] %s | %s | holds: %s", r["kind"], r["claim"], r["measured"], r["holds"])
    write_tsv(snakemake.output[0], table(rows))
