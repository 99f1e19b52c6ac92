"""Rule analyze_subspaces: the four fundamental subspaces of every layer of one classifier."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_h5, write_h5  # noqa: E402
from descramble.models import artefact_layers  # noqa: E402
from descramble.problems.mnist.subspaces import analyze  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "analyze_subspaces") as log:
    w = snakemake.wildcards
    p = snakemake.params.analysis
    model = read_h5(snakemake.input.model)
    layers = artefact_layers(model)
    init = [model["init"][str(i)] for i in range(len(layers))]
    x = read_h5(snakemake.input.data, only=["test/x"])["test"]["x"]
    out = analyze(layers, x, p["rank_tol"], p["n_signal_images"], p["n_examples"], init)
    for i, L in out["layers"].items():
        log.info("layer %s: dims %s, test energy in row space %.4f, condition %.3g, weight "
                 "change from init %.3f", i, L["dims"], L["energy_in"]["row"], L["condition"],
                 L["weight_change"])  # fmt: skip
    write_h5(snakemake.output[0], out, "mnist-subspaces",
             {"net": w.net, "dataset": w.dataset, "analysis": p}, int(w.seed))  # fmt: skip
