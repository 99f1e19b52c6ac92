"""Rule fit_nlls: batched Tikhonov-regularised NLLS of every curve in every split."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

import numpy as np  # noqa: E402

from descramble.io import read_h5, write_h5  # noqa: E402
from descramble.problems.biexp.nlls import nlls  # noqa: E402
from descramble.problems.biexp.synthesize import SPLITS  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

KEYS = ("params", "curve", "objective", "converged", "start_index")

with runtime(snakemake, "fit_nlls") as log:
    p = dict(snakemake.params.nlls)
    c = tuple(snakemake.params.c)
    data = read_h5(snakemake.input.data, require=[f"{s}/signal" for s in SPLITS] + ["t"])
    common = dict(c=c, lam=p["lam"], bounds=tuple(p["bounds"]), workers=snakemake.threads)
    out = {}
    for split in SPLITS:
        # Reg curves: the anchors' recipe (their start), for every split
        fit = nlls(
            data["t"], data[split]["signal"], starts=tuple(map(tuple, p["starts"])), **common
        )
        truth = data[split]["params"]
        rel = np.abs(fit["params"] - truth) / truth
        log.info(
            "%s: %d curves from starts %s: converged %.1f%%, swapped (T21>T22) %.1f%%, "
            "mean rel error T21 %.4f T22 %.4f",
            split,
            len(rel),
            p["starts"],
            100 * np.mean(fit["converged"]),
            100 * np.mean(fit["params"][:, 0] > fit["params"][:, 1]),
            *rel.mean(axis=0),
        )
        out[split] = {k: np.asarray(fit[k]) for k in KEYS}
    # the NLLS baseline estimates on the test split, from the ordered start(s)
    base = nlls(
        data["t"], data["test"]["signal"], starts=tuple(map(tuple, p["baseline_starts"])), **common
    )
    rel = np.abs(base["params"] - data["test"]["params"]) / data["test"]["params"]
    log.info(
        "test baseline from starts %s: mean rel error T21 %.4f T22 %.4f",
        p["baseline_starts"],
        *rel.mean(axis=0),
    )
    out["test"]["baseline_params"] = np.asarray(base["params"])
    out["test"]["baseline_objective"] = np.asarray(base["objective"])
    write_h5(
        snakemake.output[0],
        out,
        "biexp-nlls",
        {"nlls": p, "c": list(c), "snr": float(snakemake.wildcards.snr)},
        int(snakemake.wildcards.seed),
    )
