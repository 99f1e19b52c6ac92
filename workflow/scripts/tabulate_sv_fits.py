"""Rule tabulate_sv_fits: gather the per-network singular-vector fits into one table."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parents[1] / "src"))

from descramble.io import read_h5, write_tsv  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

COLUMNS = ("arch", "snr", "seed", "sv", "half", "r2", "a1", "tau1", "a2", "tau2", "halves_diff")

with runtime(snakemake, "tabulate_sv_fits") as log:
    rows = []
    for path in snakemake.input:
        d = read_h5(path, require=["fits/r2", "halves_diff"])
        prov, f = d["_provenance"], d["fits"]
        for i in range(len(f["r2"])):
            sv = int(f["sv"][i])
            rows.append(
                {
                    "arch": prov["params"]["arch"],
                    "snr": f"{prov['params']['snr']:g}",
                    "seed": prov["seed"],
                    "sv": sv,
                    "half": int(f["half"][i]),
                    **{k: float(f[k][i]) for k in ("r2", "a1", "tau1", "a2", "tau2")},
                    "halves_diff": float(d["halves_diff"][sv - 1]),
                }
            )
    log.info("%d rows", len(rows))
    write_tsv(snakemake.output[0], rows, COLUMNS)
