"""Rule analyze_svd: SVD of W1 (and of its training update) with biexponential fits."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_h5, write_h5  # noqa: E402
from descramble.problems.biexp.analysis import analyze_first_layer  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "analyze_svd") as log:
    n_sv = int(snakemake.params.analysis["n_sv"])
    model = read_h5(snakemake.input.model, require=["layers/0/weight", "init/0/weight"])
    t = read_h5(snakemake.input.data, only=["t"])["t"]
    W1 = model["layers"]["0"]["weight"]  # (n_hidden, halves * m)
    W0 = model["init"]["0"]["weight"]  # the same layer at initialisation
    out = {"t": t}
    for name, M in (("W1", W1), ("dW1", W1.astype(float) - W0)):
        res = analyze_first_layer(M, t, n_sv)
        out[name] = res
        for k in range(n_sv):
            log.info(
                "%s sv %d: R2 per half %s, halves difference %.4f",
                name,
                k + 1,
                res["fits"]["r2"][k * res["halves"] : (k + 1) * res["halves"]].round(4).tolist(),
                res["halves_diff"][k],
            )
    stats = {"learned_fraction": float(((W1 - W0) ** 2).sum() / (W1.astype(float) ** 2).sum())}
    if out["W1"]["halves"] == 2:
        m = len(t)
        d, d0 = W1[:, :m] - W1[:, m:], W0[:, :m] - W0[:, m:]
        stats["half_diff_drift"] = float(((d - d0) ** 2).sum() ** 0.5 / (d0**2).sum() ** 0.5)
    log.info("first-layer stats: %s", stats)
    prov = model["_provenance"]
    out["stats"] = stats
    for name in ("W1", "dW1"):
        out[name].pop("halves")
    write_h5(
        snakemake.output[0],
        out,
        "biexp-svd",
        {
            "analysis": dict(snakemake.params.analysis),
            "arch": prov["params"]["arch"],
            "snr": prov["params"]["snr"],
        },
        prov["seed"],
    )
