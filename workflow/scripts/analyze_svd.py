"""Rule analyze_svd: SVD of W1 and biexponential fits of its top right singular vectors."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parents[1] / "src"))

import numpy as np  # noqa: E402

from descramble.fits import fit_singular_vectors  # noqa: E402
from descramble.io import read_h5, write_h5  # noqa: E402
from descramble.runtime import runtime  # noqa: E402
from descramble.signals import biexp_free  # noqa: E402
from descramble.svd import halves_difference, svd  # noqa: E402

FIELDS = ("sv", "half", "a1", "a2", "tau1", "tau2", "r2")

with runtime(snakemake, "analyze_svd") as log:
    n_sv = int(snakemake.params.analysis["n_sv"])
    model = read_h5(snakemake.input.model, require=["layers/0/weight"])
    t = read_h5(snakemake.input.data, require=["t"])["t"]
    W1 = model["layers"]["0"]["weight"]  # (n_hidden, 2m)
    U, S, Vt = svd(W1)
    halves = W1.shape[1] // len(t)  # 1 for nd, 2 for the concatenated inputs
    rows = fit_singular_vectors(Vt[:n_sv].T, t, n_sv=n_sv, halves=halves)
    hd = np.array([halves_difference(Vt[k]) if halves == 2 else np.nan for k in range(n_sv)])
    curves = np.zeros((n_sv, halves, len(t)))
    for r in rows:
        curves[r["sv"] - 1, r["half"] - 1] = biexp_free(
            t, (r["a1"], r["a2"]), (r["tau1"], r["tau2"])
        )
    for r in rows:
        log.info(
            "sv %d half %d: a=(%.3g, %.3g) tau=(%.3g, %.3g) ms R2=%.4f", *(r[k] for k in FIELDS)
        )
    log.info("halves difference per sv: %s", np.round(hd, 4).tolist())
    prov = model["_provenance"]
    write_h5(
        snakemake.output[0],
        {
            "U": U,
            "S": S,
            "Vt": Vt,
            "t": t,
            "halves_diff": hd,
            "fit_curve": curves,
            "fits": {k: np.array([r[k] for r in rows]) for k in FIELDS},
        },
        "biexp-svd",
        {
            "analysis": dict(snakemake.params.analysis),
            "arch": prov["params"]["arch"],
            "snr": prov["params"]["snr"],
        },
        prov["seed"],
    )
