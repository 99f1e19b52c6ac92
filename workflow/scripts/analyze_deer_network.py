"""Rule analyze_deer_network: descrambled W1 (filters, kernel SVD) and W2 of one DEERNet."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_h5, write_h5  # noqa: E402
from descramble.models import artefact_layers  # noqa: E402
from descramble.probes import probes  # noqa: E402
from descramble.problems.deer.analysis import (  # noqa: E402
    analyze_network,
    init_layers,
    init_null,
)
from descramble.problems.deer.synthesize import read_split  # noqa: E402
from descramble.rng import job_rng  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "analyze_deer_network") as log:
    w = snakemake.wildcards
    model = read_h5(snakemake.input.model, require=["layers/0/weight", "layers/1/weight", "init"])
    data = read_h5(snakemake.input.data, only=["t", "r", "kernel"])
    data["train"] = read_split(snakemake.input.data, "train", ["p"], rows=20_000)
    need = ["P", "descrambled_weight"]
    P = {k: read_h5(snakemake.input[k], only=need) for k in ("train", "noise", "stacked")}
    out = analyze_network(model["layers"], data, P, job_rng(int(w.seed), "deer-analysis", w.arch,
                          w.snr), k_dln=snakemake.params.k_dln)  # fmt: skip
    # the null: the same readings on this network at its initialisation, same probes
    trained = artefact_layers(model)
    n_in = trained[0]["weight"].shape[1]
    X = {p: probes(p, "deer", w.arch, snakemake.params.n_probe, int(w.seed),
                   files={"data": snakemake.input.data}, n_inputs=n_in)
         for p in ("train", "noise")}  # fmt: skip
    out["init"] = init_null(init_layers(trained, model["init"]), data, X,
                            job_rng(int(w.seed), "deer-analysis-init", w.arch, w.snr),
                            k_dln=snakemake.params.k_dln)  # fmt: skip
    log.info("at initialisation: %s", {k: round(v, 3) for k, v in out["init"].items()})
    for probe in ("train", "noise"):
        f = out["w1"][probe]
        log.info("W1 (%s probe): notch ratio %.3f, notch width %.2f, cut-off %.2f cycles/trace, "
                 "ridge R2 cubic law %.3f vs linear law %.3f", probe, f["notch_ratio"],
                 f["notch_width"], f["cutoff"], f["ridge_r2_cubic_law"],
                 f["ridge_r2_linear_law"])  # fmt: skip
    log.info("Fig 4 likeness %s; DLN overlap %.3f (random %.3f, p %.3g)",
             {k: round(float(v), 3) for k, v in out["kernel_svd"]["likeness"].items()
              if not k.startswith("null")},
             out["kernel_svd"]["dln"]["overlap"], out["kernel_svd"]["dln"]["overlap_random"],
             out["kernel_svd"]["dln"]["p_value"])  # fmt: skip
    write_h5(
        snakemake.output[0],
        out,
        "deer-analysis",
        {"arch": w.arch, "snr": float(w.snr), "k_dln": snakemake.params.k_dln,
         "n_probe": snakemake.params.n_probe},  # fmt: skip
        int(w.seed),
    )
