"""Rule invert_layers: inputs reconstructed from every layer's output of one classifier."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_h5, write_h5  # noqa: E402
from descramble.models import artefact_layers  # noqa: E402
from descramble.problems.mnist.inverse import analyze  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "invert_layers") as log:
    w = snakemake.wildcards
    p = snakemake.params.analysis
    layers = artefact_layers(read_h5(snakemake.input.model))
    x = read_h5(snakemake.input.data, only=["test/x"])["test"]["x"]
    out = analyze(layers, x, p["rank_tol"], p["n_examples"], p["clamp_margin"])
    for i, L in out["layers"].items():
        log.info("layer %s: local error %.3g (vs projection %.3g), chain error %.3g, clamped %.3f",
                 i, L["local"]["error_input"], L["local"]["error_projection"],
                 L["chain"]["error_input"], L["chain"]["clamped_fraction"])  # fmt: skip
    write_h5(snakemake.output[0], out, "mnist-inverse",
             {"net": w.net, "dataset": w.dataset, "analysis": p}, int(w.seed))  # fmt: skip
