"""Rule descramble_layer: one layer of one network, one criterion, one probe -> P and friends."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.descramblers.job import descramble_job  # noqa: E402
from descramble.io import read_h5, write_h5  # noqa: E402
from descramble.models import artefact_layers  # noqa: E402
from descramble.probes import probes  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "descramble_layer") as log:
    w = snakemake.wildcards
    p = dict(snakemake.params.descramble)
    model = read_h5(snakemake.input.model, require=["layers/0/weight"])
    layers = artefact_layers(model)
    files = {k: v for k, v in snakemake.input.items() if k != "model"}
    X = probes(w.probe, w.problem, w.arch, p["n_probe"], int(w.seed), files=files,
               n_inputs=layers[0]["weight"].shape[1], settings=snakemake.params.probe)  # fmt: skip
    log.info("probe %s: %d inputs of size %d", w.probe, *X.shape)
    # the device is an execution setting (config, not params): moving it reruns nothing
    device = snakemake.config.get("device", "auto")
    res = descramble_job(layers, X, int(w.layer), w.criterion, device=device,
                         max_iter=p["max_iter"], gap_tol=p["gap_tol"],
                         stack_weight=p["stack_weight"])  # fmt: skip
    facts = res.pop("facts")
    gap = (res["objective"] - res["bound"]) / abs(res["bound"])
    log.info("objective %.6g, bound %.6g (gap %.2e), identity %.6g; %s", res["objective"],
             res["bound"], gap, res["identity_objective"], facts)  # fmt: skip
    write_h5(
        snakemake.output[0],
        res,
        "descrambler",
        {
            "descramble": p,
            "problem": w.problem,
            "arch": w.arch,
            "snr": float(w.snr),
            "layer": int(w.layer),
            "criterion": w.criterion,
            "probe": w.probe,
        },  # fmt: skip
        int(w.seed),
        attrs={"": facts},
        execution={"device": facts["device"], "threads": int(snakemake.threads)},
    )
