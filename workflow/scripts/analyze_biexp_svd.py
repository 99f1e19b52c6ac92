"""Rule analyze_biexp_svd: SVD of W1 (and of its training update) with biexponential fits."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_h5, write_h5  # noqa: E402
from descramble.problems.biexp.analysis import analyze_network  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "analyze_biexp_svd") as log:
    n_sv = int(snakemake.params.analysis["n_sv"])
    model = read_h5(snakemake.input.model, require=["layers/0/weight", "init/0/weight"])
    t = read_h5(snakemake.input.data, only=["t"])["t"]
    W1 = model["layers"]["0"]["weight"]  # (n_hidden, halves * m)
    W0 = model["init"]["0"]["weight"]  # the same layer at initialisation
    prov = model["_provenance"]
    write_h5(
        snakemake.output[0],
        analyze_network(W1, W0, t, n_sv, logger=log),
        "biexp-svd",
        {
            "analysis": dict(snakemake.params.analysis),
            "arch": prov["params"]["arch"],
            "snr": prov["params"]["snr"],
        },
        prov["seed"],
    )
