"""Rule prepare_digits: a shipped digit set, scaled and split (stratified, seeded)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import write_h5  # noqa: E402
from descramble.problems.mnist.digits import prepare  # noqa: E402
from descramble.rng import job_rng  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "prepare_digits") as log:
    w = snakemake.wildcards
    p = snakemake.params.data
    out = prepare(w.dataset, p["test_fraction"], job_rng(int(w.seed), "mnist-split", w.dataset))
    log.info("%s: %d train, %d test images of %s pixels", w.dataset, len(out["train"]["y"]),
             len(out["test"]["y"]), tuple(out["shape"]))  # fmt: skip
    params = {"dataset": w.dataset, "data": p}
    write_h5(snakemake.output[0], out, "mnist-data", params, int(w.seed))
