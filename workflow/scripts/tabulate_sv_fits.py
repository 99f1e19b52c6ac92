"""Rule tabulate_sv_fits: gather per-network singular-vector fits and first-layer stats."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_h5, write_tsv  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

COLUMNS = (
    "arch", "snr", "seed", "matrix", "sv", "half", "r2", "a1", "tau1", "a2", "tau2", "halves_diff",
)  # fmt: skip
STATS = ("arch", "snr", "seed", "learned_fraction", "half_diff_drift")

with runtime(snakemake, "tabulate_sv_fits") as log:
    rows, stats = [], []
    for path in snakemake.input:
        d = read_h5(path, require=["W1/fits/r2", "dW1/fits/r2", "stats/learned_fraction"])
        prov = d["_provenance"]
        key = {"arch": prov["params"]["arch"], "snr": f"{prov['params']['snr']:g}",
               "seed": prov["seed"]}  # fmt: skip
        for matrix in ("W1", "dW1"):
            f = d[matrix]["fits"]
            for i in range(len(f["r2"])):
                sv = int(f["sv"][i])
                rows.append(
                    {
                        **key,
                        "matrix": matrix,
                        "sv": sv,
                        "half": int(f["half"][i]),
                        **{k: float(f[k][i]) for k in ("r2", "a1", "tau1", "a2", "tau2")},
                        "halves_diff": float(d[matrix]["halves_diff"][sv - 1]),
                    }
                )
        stats.append({**key, **{k: float(v) for k, v in d["stats"].items()}})
    log.info("%d fit rows, %d networks", len(rows), len(stats))
    write_tsv(snakemake.output.fits, rows, COLUMNS)
    write_tsv(snakemake.output.stats, stats, STATS)
