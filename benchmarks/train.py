"""Training throughput, and the projected cost of config/paper.yaml.

    python benchmarks/train.py [--device auto|cpu|cuda] [--n 50000] [--epochs 2] [--threads 1]

Times `descramble.train.train` on ILR inputs (128-32-256-256-2, batch 50, Adam)
and projects config/paper.yaml: 625k curves x 15 epochs per network, times the
number of networks in its grid. Last line: `seconds_per_epoch_625k: X`.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # before benchmarks/, which holds descramble.py

import torch  # noqa: E402
import yaml  # noqa: E402

from descramble.problems.biexp.inputs import ilr_inputs  # noqa: E402
from descramble.problems.biexp.synthesize import synthesize  # noqa: E402
from descramble.train import pick_device, train  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--device", default="auto")
    ap.add_argument("--n", type=int, default=50_000)
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    dev = pick_device(a.device)
    d = synthesize(100.0, 0, n_train=a.n, n_val=2000, n_test=10)
    x = ilr_inputs(d["train"]["signal"], "nd_nd")
    xv = ilr_inputs(d["val"]["signal"], "nd_nd")
    t0 = time.perf_counter()
    res = train(
        x,
        d["train"]["params"],
        xv,
        d["val"]["params"],
        epochs=a.epochs,
        target_scale=1.0,
        device=a.device,
    )
    dt = time.perf_counter() - t0
    per_epoch = dt / a.epochs * 625_000 / a.n
    paper = yaml.safe_load((ROOT / "config" / "paper.yaml").read_text())["biexp"]
    nets = len(paper["snr"]) * len(paper["seeds"]) * len(paper["archs"])
    total_h = per_epoch * paper["train"]["epochs"] * nets / 3600
    name = torch.cuda.get_device_name(0) if dev.type == "cuda" else f"cpu, {a.threads} thread(s)"
    print(f"device: {name}; cores on host: {os.cpu_count()}")
    print(
        f"{a.n} curves x {a.epochs} epochs (batch 50): {dt:.1f} s, "
        f"{dt / (a.epochs * a.n / 50) * 1e3:.3f} ms per step; best epoch {res['best_epoch']}"
    )
    print(
        f"paper.yaml: {nets} networks x {paper['train']['epochs']} epochs x 625k curves "
        f"= {total_h:.1f} h of training one after another on this device"
    )
    print(f"seconds_per_epoch_625k: {per_epoch:.1f}")


if __name__ == "__main__":
    main()
