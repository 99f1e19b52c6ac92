"""Rule analyze_linear_dynamics: simulation vs theory, learning order, kernel spectrum."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_h5, write_h5  # noqa: E402
from descramble.problems.dynamics.analysis import analyze  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "analyze_linear_dynamics") as log:
    w = snakemake.wildcards
    d = read_h5(snakemake.input.data)
    th = read_h5(snakemake.input.theory)
    nets = [k for k in ("fcnn", "cnn") if k in snakemake.input.keys()]
    models = {k: read_h5(snakemake.input[k]) for k in nets}
    lrs = {k: float(models[k]["lr"]) for k in nets}
    res = analyze(d["structure"], int(d["size"]), models, {k: th[k]["modes"] for k in nets}, lrs)
    for k in nets:
        log.info("%s: max dev/s %s; half-times %s; speed %s (theory %s)", k,
                 res[k]["max_dev"].round(4), res[k]["t_half_sim"].round(1),
                 res[k]["speed"].round(3), res[k]["speed_theory"].round(3))  # fmt: skip
    if "kernel" in res:
        log.info("kernel: %.3f of its energy in the dominant frequencies (singular vectors %.3f)",
                 res["kernel"]["frac_dominant"], res["kernel"]["frac_dominant_data"])  # fmt: skip
    init = models[nets[0]]["init"].decode()
    res["meta"] = {"dataset": w.dataset, "init": init, "lr": lrs}
    st = d["structure"]
    res["structure"] = {k: st[k] for k in ("s", "lam", "gamma", "offdiag")}
    write_h5(snakemake.output[0], res, "dynamics-analysis", {"dataset": w.dataset}, int(w.seed))
