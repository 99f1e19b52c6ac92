"""Rule train_classifier: a SELU FCNN on one digit set, SGD with momentum; weights and accuracy."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

import numpy as np  # noqa: E402

from descramble.io import read_h5  # noqa: E402
from descramble.models import write_model  # noqa: E402
from descramble.problems.mnist.classifier import accuracy, forward, train  # noqa: E402
from descramble.rng import job_rng  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "train_classifier") as log:
    w = snakemake.wildcards
    p = dict(snakemake.params.network)
    seed = int(w.seed)
    d = read_h5(snakemake.input[0], only=["train/x", "train/y", "test/x", "test/y"])
    torch_seed = int(job_rng(seed, "mnist-train", w.net, w.dataset).integers(2**62))
    res = train(d["train"]["x"], d["train"]["y"], d["test"]["x"], d["test"]["y"], seed=torch_seed,
                logger=log, **p)  # fmt: skip
    logits = forward(res["layers"], d["test"]["x"])[-1]  # (N_test, 10), float64
    acc = accuracy(logits, d["test"]["y"])
    log.info("%s on %s: test accuracy %.4f after %d epochs (%.1f s)", w.net, w.dataset, acc,
             p["epochs"], res["seconds"])  # fmt: skip
    write_model(
        snakemake.output[0],
        res["layers"],
        res["init"],
        {
            "history": {k: res[k] for k in ("train_loss", "train_accuracy", "test_accuracy")},
            "test": {"accuracy": acc, "pred": np.argmax(logits, axis=1)},
            "n_train": len(d["train"]["y"]),
            "n_test": len(d["test"]["y"]),
        },
        "mnist-model",
        {"net": w.net, "dataset": w.dataset, "train": p, "torch_seed": torch_seed},
        seed,
        {"device": "cpu", "threads": int(snakemake.threads), "seconds": round(res["seconds"], 1)},
    )
