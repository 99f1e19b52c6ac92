"""Rule train_linear_network: full-batch GD of one linear net, mode strengths per step."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_h5, write_h5  # noqa: E402
from descramble.problems.dynamics.gd import train  # noqa: E402
from descramble.rng import job_rng  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "train_linear_network") as log:
    w, prm = snakemake.wildcards, snakemake.params.train
    d = read_h5(snakemake.input[0])
    # keyed by dataset, not net: an aligned start gives both nets the same kernel draw
    rng = job_rng(int(w.seed), "dynamics-init", w.dataset)
    out = train(w.net, d["X"], d["Y"], int(d["size"]), d["structure"], prm["lr"], prm["steps"],
                prm["init"], prm["init_scale"], rng)  # fmt: skip
    log.info("%s on %s: loss %.3g -> %.3g; A(end)/s %s", w.net, w.dataset, out["loss"][0],
             out["loss"][-1], (out["modes"][-1] / d["structure"]["s"]).round(4))  # fmt: skip
    out.update(lr=prm["lr"], init=prm["init"], net=w.net)
    write_h5(snakemake.output[0], out, "dynamics-model", {**prm, "net": w.net}, int(w.seed))
