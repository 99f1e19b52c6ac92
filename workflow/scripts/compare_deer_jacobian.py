"""Rules compare_deer_jacobian(_two_layer): Jacobian vs full descramblers (SVD paper Fig 3)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_h5, write_h5  # noqa: E402
from descramble.models import artefact_layers  # noqa: E402
from descramble.probes import probes  # noqa: E402
from descramble.problems.deer.analysis import init_layers  # noqa: E402
from descramble.problems.deer.readings import jacobian_init_null, jacobian_readings  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "compare_deer_jacobian") as log:
    w, inp = snakemake.wildcards, snakemake.input
    model = read_h5(inp.model, require=["layers/0/weight", "init/0/weight"])
    layers = artefact_layers(model)
    init = init_layers(layers, model["init"])  # the same net untrained: the rows' null
    X = probes("train", "deer", w.arch, snakemake.params.n_probe, int(w.seed),
               files={"data": inp.data}, n_inputs=layers[0]["weight"].shape[1])  # fmt: skip
    out = {}
    # the paper's layer number k, our layer index, and whether the signals are post-activation
    for k, layer, post in snakemake.params.readings:
        full = read_h5(inp[f"full{k}"], only=["P", "operator_gram", "gram"])
        P = {name: read_h5(inp[f"{name}{k}"], only=["P"])["P"] if f"{name}{k}" in inp.keys()
             else None for name in ("jac", "jaco", "floor")}  # fmt: skip
        jaco_gram = read_h5(inp[f"jaco{k}"], only=["gram"])["gram"]
        grams = {"full": full["gram"], "jac_offset": jaco_gram}
        cmp = jacobian_readings(layers, X, layer, full["P"], P["jac"], P["jaco"], P["floor"],
                                A=full["operator_gram"], grams=grams, post=post)  # fmt: skip
        cmp.update(jacobian_init_null(init, X, layer, post=post))
        log.info("k=%d (layer %d%s): RMAE raw %.4f (eq. 10 with offset %.4f), commutant-aligned "
                 "%.4f; energy RMAE %.4f (offset %.4f, aligned %.4f); resampling floor RMAE "
                 "%.4f, energy %.4f (aligned %.4f); budget solves from Q = 0 %s; at "
                 "initialisation energy RMAE with offset %.4f (aligned %.4f)",
                 k, layer, ", after its activation" if post else "",
                 cmp["rmae"], cmp["rmae_offset"], cmp["rmae_commutant"], cmp["energy_rmae"],
                 cmp["energy_rmae_offset"], cmp["energy_rmae_offset_aligned"],
                 cmp["floor_rmae"], cmp["floor_energy_rmae"], cmp["floor_energy_rmae_aligned"],
                 {a: round(v, 4) for a, v in cmp.items() if a.startswith("iter")},
                 cmp["init_energy_rmae_offset"],
                 cmp["init_energy_rmae_offset_aligned"])  # fmt: skip
        out[f"k{k}"] = {**cmp, "P_full": full["P"], "P_jac_offset": P["jaco"],
                        "P_floor": P["floor"], "layer": layer, "post": post,
                        **({"P_jac": P["jac"]} if P["jac"] is not None else {})}  # fmt: skip
    write_h5(snakemake.output[0], out, "deer-jacobian", {"arch": w.arch,
             "snr": float(w.snr)}, int(w.seed))  # fmt: skip
