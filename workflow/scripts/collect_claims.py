"""Rule collect_claims: every problem's claim rows in one table."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

import pandas as pd  # noqa: E402

from descramble.claims import COLUMNS, scorecard, validate  # noqa: E402
from descramble.io import read_tsv, write_tsv  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "collect_claims") as log:
    parts = []
    for path in snakemake.input:
        df = read_tsv(path)
        try:
            validate(df)
        except ValueError as exc:
            raise ValueError(f"{path}: {exc}; rerun the rule that wrote it") from None
        parts.append(df)
    df = pd.concat(parts, ignore_index=True)
    s = scorecard(df)
    # only empirical rows are paper claims that could fail on data; controls are ours,
    # consistency rows check the code
    log.info(
        "%d of %d paper claims reproduce (empirical rows); %d of %d controls and "
        "%d of %d consistency checks pass",
        s["reproduced"],
        s["empirical"],
        s["control_pass"],
        s["control"],
        s["consistency_pass"],
        s["consistency"],
    )
    if s["control_pass"] < s["control"]:
        log.warning("a control failed: the empirical rows it supports lose their meaning")
    if s["consistency_pass"] < s["consistency"]:
        log.warning("a consistency check failed: that is a bug in the code, not a finding")
    write_tsv(snakemake.output[0], df, COLUMNS)
