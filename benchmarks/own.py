"""Benchmark: import and analyse every layer of a 6-layer, 256-wide MLP with 1e5 probe signals.

Run: ``.venv/bin/python benchmarks/own.py`` (goal: under 60 s in all on 2 cores). Prints the
seconds of the import (ONNX written by the export tool, read back and checked against
onnx.reference) and of each layer's descrambler (fourier, with the Jacobian one past layer 0).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from descramble.problems import own  # noqa: E402
from descramble.problems.own.export import export  # noqa: E402


def main(n_layers=6, width=256, n=100_000, seed=0):
    import torch

    torch.set_num_threads(2)
    rng = np.random.default_rng(seed)
    sizes = [width] * n_layers + [2]
    layers = [{"weight": (rng.standard_normal((o, i)) / np.sqrt(i)).astype(np.float32),
               "bias": (0.1 * rng.standard_normal(o)).astype(np.float32),
               "activation": "tanh" if k < n_layers - 1 else "linear"}
              for k, (i, o) in enumerate(zip(sizes[:-1], sizes[1:], strict=True))]  # fmt: skip
    X = rng.standard_normal((n, width))
    with tempfile.TemporaryDirectory() as tmp:
        path = export(layers, Path(tmp) / "mlp.onnx", "onnx")
        t0 = time.perf_counter()
        net = own.load_network(path)
        t_import = time.perf_counter() - t0
    print(f"import (ONNX, {n_layers} layers, checked): {t_import:.2f} s")
    total = t_import
    for k in range(n_layers):
        t0 = time.perf_counter()
        res = own.descramble(net, X, k, "fourier")
        dt = time.perf_counter() - t0
        total += dt
        print(f"layer {k}: {dt:.2f} s (certified {res['certified']}, "
              f"jacobian {'yes' if 'jacobian' in res else 'no'})")  # fmt: skip
    print(f"total: {total:.2f} s for {n} probe signals")


if __name__ == "__main__":
    main()
