"""Rule check_biexp_claims: the ILR claims, checked against the measured tables."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.claims import table  # noqa: E402
from descramble.io import read_tsv, write_tsv  # noqa: E402
from descramble.problems.biexp.claims import claims  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "check_biexp_claims") as log:
    rows = claims(
        read_tsv(snakemake.input.errors),
        read_tsv(snakemake.input.fits),
        read_tsv(snakemake.input.stats),
        r2_good=snakemake.params.r2_good,
    )
    for r in rows:
        log.info("[%s] %s | %s | holds: %s", r["kind"], r["claim"], r["measured"], r["holds"])
    write_tsv(snakemake.output[0], table(rows))
