"""Rule fit_biexp_nlls: batched Tikhonov-regularised NLLS of every curve in every split."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_h5, write_h5  # noqa: E402
from descramble.problems.biexp.nlls import fit_data  # noqa: E402
from descramble.problems.biexp.synthesize import SPLITS  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "fit_biexp_nlls") as log:
    p = dict(snakemake.params.nlls)
    c = tuple(snakemake.params.c)
    data = read_h5(snakemake.input.data, require=[f"{s}/signal" for s in SPLITS] + ["t"])
    write_h5(
        snakemake.output[0],
        fit_data(data, p, c, workers=snakemake.threads, logger=log, splits=SPLITS),
        "biexp-nlls",
        {"nlls": p, "c": list(c), "snr": float(snakemake.wildcards.snr)},
        int(snakemake.wildcards.seed),
    )
