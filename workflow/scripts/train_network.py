"""Rule train_network: ILR inputs -> MLP -> best-validation weights + test predictions."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parents[1] / "src"))

import contextlib  # noqa: E402

from descramble.io import read_h5, write_h5  # noqa: E402
from descramble.runtime import runtime  # noqa: E402
from descramble.train import ilr_inputs, predict, train  # noqa: E402

with runtime(snakemake, "train_network") as log:
    p = dict(snakemake.params.train)
    arch, seed = snakemake.wildcards.arch, int(snakemake.wildcards.seed)
    data = read_h5(snakemake.input.data, require=["train/signal", "val/signal", "test/signal"])
    reg = read_h5(snakemake.input.nlls, require=["train/curve"]) if arch == "nd_reg" else None
    x = {
        s: ilr_inputs(data[s]["signal"], arch, reg[s]["curve"] if reg else None)
        for s in ("train", "val", "test")
    }
    y = {s: data[s]["params"] for s in ("train", "val", "test")}
    res = train(
        x["train"],
        y["train"],
        x["val"],
        y["val"],
        hidden=p["hidden"],
        activation=p["activation"],
        lr=p["lr"],
        batch_size=p["batch_size"],
        epochs=p["epochs"],
        target_scale=p["target_scale"],
        seed=seed,
        device=snakemake.params.device,
        checkpoint=snakemake.params.checkpoint,
        checkpoint_every=p.get("checkpoint_every", 0),
        logger=log,
    )
    pred = predict(res["model"], x["test"], p["target_scale"])
    log.info(
        "best epoch %d of %d on %s in %.1f s",
        res["best_epoch"],
        p["epochs"],
        res["device"],
        res["seconds"],
    )
    layers = {
        str(i): {"weight": L["weight"], "bias": L["bias"]} for i, L in enumerate(res["layers"])
    }
    init = {
        str(i): {"weight": L["weight"], "bias": L["bias"]} for i, L in enumerate(res["init_layers"])
    }
    write_h5(
        snakemake.output[0],
        {
            "layers": layers,
            "init": init,
            "history": {"train_loss": res["train_loss"], "val_loss": res["val_loss"]},
            "test": {"pred": pred},
        },
        "biexp-model",
        {
            "train": p,
            "arch": arch,
            "snr": float(snakemake.wildcards.snr),
            "device": res["device"],
            "best_epoch": res["best_epoch"],
        },
        seed,
        attrs={f"layers/{i}": {"activation": L["activation"]} for i, L in enumerate(res["layers"])},
    )
    with contextlib.suppress(FileNotFoundError):
        Path(snakemake.params.checkpoint).unlink()
