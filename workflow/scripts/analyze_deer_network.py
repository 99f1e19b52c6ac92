"""Rule analyze_deer_network: descrambled W1 (filters, kernel SVD) and W2 of one DEERNet."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_h5, write_h5  # noqa: E402
from descramble.problems.deer.analysis import analyze_network  # noqa: E402
from descramble.rng import job_rng  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "analyze_deer_network") as log:
    w = snakemake.wildcards
    model = read_h5(snakemake.input.model, require=["layers/0/weight", "layers/1/weight"])
    data = read_h5(snakemake.input.data, only=["t", "r", "kernel", "train/p"], rows=20_000)
    need = ["P", "descrambled_weight"]
    P = {k: read_h5(snakemake.input[k], only=need) for k in ("train", "noise", "stacked")}
    out = analyze_network(model["layers"], data, P, job_rng(int(w.seed), "deer-analysis", w.arch,
                          w.snr), k_dln=snakemake.params.k_dln)  # fmt: skip
    for probe in ("train", "noise"):
        f = out["w1"][probe]
        log.info("W1 (%s probe): notch ratio %.3f, notch width %.2f, cut-off %.2f cycles/trace, "
                 "ridge R2 cubic law %.3f vs linear law %.3f", probe, f["notch_ratio"],
                 f["notch_width"], f["cutoff"], f["ridge_r2_cubic_law"],
                 f["ridge_r2_linear_law"])  # fmt: skip
    log.info("Fig 4 likeness %s; DLN overlap %.3f (random %.3f, p %.3g)",
             {k: round(float(v), 3) for k, v in out["fig4"]["likeness"].items()
              if not k.startswith("null")},
             out["fig4"]["dln"]["overlap"], out["fig4"]["dln"]["overlap_random"],
             out["fig4"]["dln"]["p_value"])  # fmt: skip
    write_h5(
        snakemake.output[0],
        out,
        "deer-analysis",
        {"arch": w.arch, "snr": float(w.snr), "k_dln": snakemake.params.k_dln},
        int(w.seed),
    )
