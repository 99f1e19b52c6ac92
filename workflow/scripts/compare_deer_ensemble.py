"""Rule compare_deer_ensemble: do DEERNets of different seeds agree up to shifts and signs?"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_h5, write_h5  # noqa: E402
from descramble.problems.deer.ensemble import ensemble_summary  # noqa: E402
from descramble.rng import job_rng  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "compare_deer_ensemble") as log:
    w = snakemake.wildcards
    nets = [read_h5(p, only=["PW1", "W1"]) for p in snakemake.input]
    seeds = [n["_provenance"]["seed"] for n in nets]
    if len(nets) < 2:
        raise ValueError(f"ensemble invariance needs >= 2 seeds in deer.seeds, got {seeds}")
    res = ensemble_summary([n["PW1"] for n in nets], job_rng(0, "deer-ensemble", w.arch, w.snr),
                           raw=[n["W1"] for n in nets])  # fmt: skip
    for m in ("aligned", "spectral"):
        log.info("%s similarity over seeds %s: mean %.3f, min %.3f; null max random %.3f, "
                 "rescrambled %.3f, raw %.3f", m, seeds, res[m]["mean"], res[m]["min"],
                 res[m]["null_random"]["max"], res[m]["null_rescrambled"]["max"],
                 res[m]["null_raw"]["max"])  # fmt: skip
    write_h5(snakemake.output[0], {**res, "seeds": seeds}, "deer-ensemble",
             {"arch": w.arch, "snr": float(w.snr), "seeds": seeds})  # fmt: skip
