"""Rule evaluate_errors: relative test errors per parameter, networks and NLLS baseline."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_h5, write_tsv  # noqa: E402
from descramble.problems.biexp.evaluate import evaluate  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

COLUMNS = ("arch", "snr", "seed", "param", "mean_rel_error", "median_rel_error")

with runtime(snakemake, "evaluate_errors") as log:
    truth = {}
    rows = []
    for path in snakemake.input.data:
        d = read_h5(path, only=["test/params"])
        key = (d["_provenance"]["params"]["snr"], d["_provenance"]["seed"])
        truth[key] = d["test"]["params"]
    for path in snakemake.input.nlls:
        d = read_h5(path, only=["test/params", "test/baseline_params"])
        key = (d["_provenance"]["params"]["snr"], d["_provenance"]["seed"])
        rows += evaluate(d["test"]["baseline_params"], truth[key], "nlls", *key)
        rows += evaluate(d["test"]["params"], truth[key], "nlls_reg", *key)
    for path in snakemake.input.models:
        d = read_h5(path, only=["test/pred"])
        prov = d["_provenance"]
        key = (prov["params"]["snr"], prov["seed"])
        rows += evaluate(d["test"]["pred"], truth[key], prov["params"]["arch"], *key)
    for r in rows:
        log.info("%s", r)
    write_tsv(snakemake.output[0], rows, COLUMNS)
