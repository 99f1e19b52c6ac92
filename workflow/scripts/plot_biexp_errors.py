"""Rule plot_biexp_errors: test error against SNR per method."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_tsv  # noqa: E402
from descramble.problems.biexp.plots import errors  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "plot_biexp_errors"):
    errors(read_tsv(snakemake.input[0]).to_dict("records"), snakemake.output[0])
