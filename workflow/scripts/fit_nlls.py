"""Rule fit_nlls: batched Tikhonov-regularised NLLS of every curve in every split."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parents[1] / "src"))

import numpy as np  # noqa: E402

from descramble.io import read_h5, write_h5  # noqa: E402
from descramble.nlls import nlls  # noqa: E402
from descramble.runtime import runtime  # noqa: E402
from descramble.synthesize import SPLITS  # noqa: E402

with runtime(snakemake, "fit_nlls") as log:
    p = dict(snakemake.params.nlls)
    c = tuple(snakemake.params.c)
    data = read_h5(snakemake.input.data, require=[f"{s}/signal" for s in SPLITS] + ["t"])
    out = {}
    for split in SPLITS:
        fit = nlls(data["t"], data[split]["signal"], c=c, lam=p["lam"], bounds=tuple(p["bounds"]),
                   starts=tuple(map(tuple, p["starts"])))
        rel = np.abs(fit["params"] - data[split]["params"]) / data[split]["params"]
        log.info("%s: %d curves, converged %.1f%%, mean rel error T21 %.4f T22 %.4f",
                 split, len(rel), 100 * np.mean(fit["converged"]), *rel.mean(axis=0))
        out[split] = {k: fit[k] for k in ("params", "curve", "objective", "converged",
                                          "start_index")}
    write_h5(snakemake.output[0], out, "biexp-nlls",
             {"nlls": p, "c": list(c), "snr": float(snakemake.wildcards.snr)},
             int(snakemake.wildcards.seed))
