"""Training throughput: the plain loop against the fast one, same device.

    python benchmarks/train.py [--device auto|cpu|cuda] [--n 20000] [--epochs 2] [--threads 1]

Trains the papers' ILR network (128-32-256-256-2, ReLU, Adam 1e-4, batch 50,
raw-ms targets) with ``descramble.train.train`` twice on the same data and
seed: ``loop="plain"`` (the reference: a host sync per step) and
``loop="auto"`` (``fast`` on CPU, the captured CUDA graph on a GPU). Prints
steps per second of each, the agreement of their losses, and the projected
training time of config/paper.yaml's grid one network after another. The
last line is ``speedup: X`` = new steps/s / plain steps/s (one run each).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # before benchmarks/, which holds descramble.py

import numpy as np  # noqa: E402
import torch  # noqa: E402
import yaml  # noqa: E402

from descramble.problems.biexp.inputs import ilr_inputs  # noqa: E402
from descramble.problems.biexp.synthesize import synthesize  # noqa: E402
from descramble.train import pick_device, train  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--device", default="auto")
    ap.add_argument("--n", type=int, default=20_000, help="training curves (multiple of 50)")
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    dev = pick_device(a.device)
    d = synthesize(100.0, 0, n_train=a.n, n_val=2000, n_test=10)
    x = ilr_inputs(d["train"]["signal"], "nd_nd")  # (n, 128)
    xv = ilr_inputs(d["val"]["signal"], "nd_nd")
    steps = a.epochs * -(-a.n // 50)
    name = torch.cuda.get_device_name(dev) if dev.type == "cuda" else f"cpu, {a.threads} thread(s)"
    print(f"device: {name}; cores on host: {os.cpu_count()}; torch {torch.__version__}")
    print(f"ILR net 128-32-256-256-2, batch 50, {a.n} curves x {a.epochs} epochs = {steps} steps")

    runs = {}
    for loop in ("plain", "auto"):
        if dev.type == "cuda":  # a first call pays for CUDA context and cuBLAS setup
            train(x[:500], d["train"]["params"][:500], xv, d["val"]["params"], epochs=1,
                  device=a.device, loop=loop)  # fmt: skip
        res = train(x, d["train"]["params"], xv, d["val"]["params"], epochs=a.epochs,
                    target_scale=1.0, device=a.device, loop=loop)  # fmt: skip
        runs[loop] = res
        # res["seconds"] covers the epochs only (graph capture included), not data transfer
        rate = steps / res["seconds"]
        print(f"{res['loop']:>6} loop: {res['seconds']:.2f} s, {rate:.0f} steps/s, "
              f"{1e3 * res['seconds'] / steps:.3f} ms/step, final train loss "
              f"{res['train_loss'][-1]:.6g}")  # fmt: skip
    rel = np.abs(runs["auto"]["train_loss"] / runs["plain"]["train_loss"] - 1).max()
    print(f"largest relative difference of per-epoch train loss, new vs plain: {rel:.2e}")

    paper = yaml.safe_load((ROOT / "config" / "paper.yaml").read_text())["biexp"]
    nets = len(paper["snr"]) * len(paper["seeds"]) * len(paper["archs"])
    paper_steps = paper["train"]["epochs"] * paper["data"]["n_train"] // 50
    for res in runs.values():
        hours = res["seconds"] / steps * paper_steps * nets / 3600
        print(f"paper.yaml biexp: {nets} networks x {paper_steps} steps with the {res['loop']} "
              f"loop = {hours:.2f} h one after another on this device")  # fmt: skip
    print(f"speedup: {runs['plain']['seconds'] / runs['auto']['seconds']:.2f}")


if __name__ == "__main__":
    main()
