"""Rule train_network: a problem's inputs -> MLP -> best-validation weights + test predictions."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

import contextlib  # noqa: E402

import torch  # noqa: E402

from descramble.models import write_model  # noqa: E402
from descramble.problems import problem  # noqa: E402
from descramble.runtime import runtime  # noqa: E402
from descramble.train import predict, train  # noqa: E402

with runtime(snakemake, "train_network") as log:
    w = snakemake.wildcards
    p = dict(snakemake.params.network)
    seed = int(w.seed)
    prob = problem(w.problem)
    files = dict(snakemake.input.items())
    x = prob.inputs(w.arch, files)
    y = prob.targets(files)
    log.info("inputs %s, targets %s", {s: v.shape for s, v in x.items()}, y["train"].shape[1:])
    res = train(
        x["train"],
        y["train"],
        x["val"],
        y["val"],
        **{k: v for k, v in p.items() if k != "checkpoint_every"},
        seed=seed,
        # execution settings come from the config, not params: a run moved to another
        # device is the same science and must not mark the network stale
        device=snakemake.config.get("device", "auto"),
        checkpoint=snakemake.params.checkpoint,
        checkpoint_every=p.get("checkpoint_every", 0),
        logger=log,
    )
    pred = predict(res["model"], x["test"], p.get("target_scale", 1.0))
    log.info(
        "best epoch %d of %d on %s (%s loop) in %.1f s",
        res["best_epoch"],
        p["epochs"],
        res["device"],
        res["loop"],
        res["seconds"],
    )
    cuda = res["device"].startswith("cuda")
    write_model(
        snakemake.output[0],
        res["layers"],
        res["init_layers"],
        {
            "history": {"train_loss": res["train_loss"], "val_loss": res["val_loss"]},
            "test": {"pred": pred},
        },
        f"{w.problem}-model",
        {"train": p, "arch": w.arch, "snr": float(w.snr), "best_epoch": res["best_epoch"]},
        seed,
        {
            "device": res["device"],
            "device_name": torch.cuda.get_device_name() if cuda else "cpu",
            "loop": res["loop"],
            "threads": int(snakemake.threads),
            "seconds": round(res["seconds"], 1),
        },
    )
    with contextlib.suppress(FileNotFoundError):
        Path(snakemake.params.checkpoint).unlink()
