"""Rule compare_deer_jacobian: Jacobian vs full descramblers, k = 2 and 3 (SVD paper Fig 3)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_h5, write_h5  # noqa: E402
from descramble.problems.deer.jacobian_compare import compare_descramblers  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "compare_deer_jacobian") as log:
    w = snakemake.wildcards
    out = {}
    for k in (2, 3):  # the paper's layer numbers: 2 = our layer 1 (link), 3 = layer 2 (output)
        full = read_h5(snakemake.input[f"full{k}"], only=["P", "operator_gram"])
        jac = read_h5(snakemake.input[f"jac{k}"], only=["P"])
        cmp = compare_descramblers(full["P"], jac["P"], A=full["operator_gram"])
        log.info("k=%d: RMAE raw %.4f, sign-aligned %.4f, commutant-aligned %.4f", k,
                 cmp["rmae"], cmp["rmae_sign"], cmp["rmae_commutant"])  # fmt: skip
        out[f"k{k}"] = {**cmp, "P_full": full["P"], "P_jac": jac["P"]}
    write_h5(snakemake.output[0], out, "deer-jacobian", {"arch": w.arch,
             "snr": float(w.snr)}, int(w.seed))  # fmt: skip
