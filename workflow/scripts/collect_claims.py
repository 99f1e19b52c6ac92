"""Rule collect_claims: every problem's claim rows in one table."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

import pandas as pd  # noqa: E402

from descramble.claims import COLUMNS  # noqa: E402
from descramble.io import read_tsv, write_tsv  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "collect_claims") as log:
    df = pd.concat([read_tsv(path) for path in snakemake.input], ignore_index=True)
    log.info("%d claims, %d hold", len(df), int(df["holds"].sum()))
    write_tsv(snakemake.output[0], df, COLUMNS)
