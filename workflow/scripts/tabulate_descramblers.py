"""Rule tabulate_descramblers: one row per descrambler artefact."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_h5, write_tsv  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

COLUMNS = ("problem", "arch", "snr", "seed", "layer", "criterion", "probe", "objective", "bound",
           "gap", "identity_objective", "seconds", "method", "iterations", "device")  # fmt: skip

with runtime(snakemake, "tabulate_descramblers") as log:
    rows = []
    for path in snakemake.input:
        d = read_h5(path, require=["P", "objective", "bound"])
        pp, facts = d["_provenance"]["params"], d["_attrs"][""]
        obj, bound = float(d["objective"]), float(d["bound"])
        rows.append({
            "problem": pp.get("problem", "biexp"), "arch": pp["arch"], "snr": f"{pp['snr']:g}",
            "seed": d["_provenance"]["seed"], "layer": pp["layer"], "criterion": pp["criterion"],
            "probe": pp["probe"], "objective": obj, "bound": bound,
            "gap": (obj - bound) / abs(bound), "identity_objective": float(d["identity_objective"]),
            "seconds": float(facts["seconds"]), "method": facts["method"],
            "iterations": int(facts["iterations"]), "device": facts["device"],
        })  # fmt: skip
    log.info("%d descramblers", len(rows))
    write_tsv(snakemake.output[0], rows, COLUMNS)
