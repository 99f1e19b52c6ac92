"""Sule et al.'s 2-layer Jacobian reading with ReLU and with tanh hidden units (issue 16).

Their Fig 3 caption says ReLU; their Methods say the 2-layer DEERNet
(256-80-256); the pipeline's DEERNets are tanh. This trains the 2-layer
DEERNet of a config with each hidden activation, reads Sule Fig 3 on it the
way ``compare_deer_jacobian_two_layer`` does (k = 2 the hidden layer after
its activation, k = 3 the output layer before its activation; eq. 10 with
its offset, read through the signals, with the resampling floor and the
fixed-budget solves from Q = 0) and writes one table.

    python tools/deer_jacobian_relu.py --out docs/paper-scale/deer --n-train 300000 --epochs 50

One thread; about 6 ms per training step here.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from descramble.descramblers.job import descramble_job  # noqa: E402
from descramble.io import write_tsv  # noqa: E402
from descramble.problems.deer.interface import PROBLEM  # noqa: E402
from descramble.problems.deer.readings import ITER_BUDGETS, jacobian_readings  # noqa: E402
from descramble.problems.deer.synthesize import synthesize  # noqa: E402
from descramble.runtime import limit_threads  # noqa: E402
from descramble.train import train  # noqa: E402

# the paper's layer number k, our layer index, signals after the activation, the criteria
READINGS = ((2, 0, True, "fourier_post", "fourier_jac_offset_post"),
            (3, 1, False, "fourier", "fourier_jac_offset"))  # fmt: skip
KEYS = ("energy_rmae_offset", "rmae_offset", "floor_energy_rmae", "floor_rmae",
        *(f"iter{b}_{m}" for b in ITER_BUDGETS for m in ("rmae", "energy_rmae")))  # fmt: skip
COLUMNS = ["activation", "seed", "n_train", "epochs", "k", "best_val_loss", *KEYS]


def reading_rows(cfg, activation, seed, n_train, epochs, n_probe, log):
    """Train one 2-layer DEERNet and read Sule Fig 3 on it at k = 2 and 3."""
    snr = float(cfg["snr"][0])
    data = {**cfg["data"], "n_train": n_train, "n_test": 1, "store": "full"}
    d = synthesize(snr, seed, **data)
    x = {s: d[s]["signal"].astype(np.float32) for s in ("train", "val")}
    spec = PROBLEM.network("deernet", {**cfg["train"], "epochs": epochs})
    spec.pop("checkpoint_every", None)
    spec["activation"] = activation
    res = train(x["train"], d["train"]["p"], x["val"], d["val"]["p"], **spec, seed=seed,
                device="cpu")  # fmt: skip
    layers = res["layers"]
    X = x["train"][:n_probe]  # the train probe, as the pipeline's
    fresh = PROBLEM.fresh_inputs(snr, n_probe, seed, "deernet", {"data": cfg["data"]})
    rows = []
    for k, layer, post, full_c, jaco_c in READINGS:
        full = descramble_job(layers, X, layer, full_c)
        jaco = descramble_job(layers, X, layer, jaco_c)
        floor = descramble_job(layers, fresh, layer, full_c)
        r = jacobian_readings(layers, X, layer, full["P"], None, jaco["P"], floor["P"],
                              A=full["operator_gram"], post=post,
                              grams={"full": full["gram"], "jac_offset": jaco["gram"]})  # fmt: skip
        rows.append({"activation": activation, "seed": seed, "n_train": n_train, "epochs": epochs,
                     "k": k, "best_val_loss": float(np.min(res["val_loss"])),
                     **{key: float(r[key]) for key in KEYS}})  # fmt: skip
        log(f"{activation} seed {seed} k={k}: energy RMAE {100 * r['energy_rmae_offset']:.2f} % "
            f"(floor {100 * r['floor_energy_rmae']:.2f} %), raw {100 * r['rmae_offset']:.1f} % "
            f"(floor {100 * r['floor_rmae']:.1f} %), 30 iterations "
            f"{100 * r['iter30_rmae']:.2f} %")  # fmt: skip
    return rows


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--config", default=str(ROOT / "docs/paper-scale/deer/config.yaml"))
    ap.add_argument("--out", required=True, help="folder for jacobian_relu.tsv")
    ap.add_argument("--n-train", type=int, default=300_000)
    ap.add_argument("--epochs", type=int, default=50)
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1])
    ap.add_argument("--activations", nargs="+", default=["tanh", "relu"])
    args = ap.parse_args(argv)
    limit_threads(1)
    cfg = yaml.safe_load(Path(args.config).read_text())
    n_probe = int(cfg["descramble"]["n_probe"])
    t0 = time.time()

    def log(msg):
        print(f"[{time.time() - t0:6.0f} s] {msg}", flush=True)

    rows = []
    for act in args.activations:
        for seed in args.seeds:
            rows += reading_rows(cfg["deer"], act, seed, args.n_train, args.epochs, n_probe, log)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    write_tsv(str(out / "jacobian_relu.tsv"), rows, COLUMNS)
    log(f"wrote {out / 'jacobian_relu.tsv'} ({len(rows)} rows)")


if __name__ == "__main__":
    main()
