"""Rule check_phase_claims: Corollary 3 (Sule et al.) measured on the phase networks."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.claims import table  # noqa: E402
from descramble.io import read_tsv, write_tsv  # noqa: E402
from descramble.problems.phase.claims import phase_claims  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "check_phase_claims") as log:
    rows = phase_claims(read_tsv(snakemake.input.networks), float(snakemake.params.tol))
    for r in rows:
        log.info("[%s] %s | %s | holds: %s", r["kind"], r["claim"], r["measured"], r["holds"])
    write_tsv(snakemake.output[0], table(rows))
