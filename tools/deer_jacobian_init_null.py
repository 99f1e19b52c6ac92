"""The init null of the eq.-10 Jacobian rows, on a kept run's networks (issue 16).

An untrained DEERNet is nearly linear on its inputs, and eq. 10 is exact for
an affine map, so a Jacobian row that the initial weights already pass says
nothing about training. The pipeline's ``compare_deer_jacobian`` rules now
measure this null themselves (:func:`descramble.problems.deer.readings.
jacobian_init_null`); a run kept before they did has the networks' ``/init``
weights under ``models/``, and this tool reads the null from them: the
train probe is re-rendered from the run's config (same seed, same draws),
and each network is read at its trained and at its initial weights, the way
the rules read it (eq. 10 with its offset, energy-weighted RMAE of ``P Z``).

    python tools/deer_jacobian_init_null.py --run docs/paper-scale/deer

One thread; about a minute per seed at 1e6 traces (the draws), seconds per network.
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

from descramble.io import read_h5, write_tsv  # noqa: E402
from descramble.models import artefact_layers  # noqa: E402
from descramble.problems.deer.analysis import init_layers  # noqa: E402
from descramble.problems.deer.readings import jacobian_init_null  # noqa: E402
from descramble.problems.deer.synthesize import render, synthesize  # noqa: E402
from descramble.runtime import limit_threads  # noqa: E402

# arch: (the paper's layer number k, our layer index, signals after the activation), as the rules
READINGS = {"deernet3": ((2, 1, False), (3, 2, False)),  # compare_deer_jacobian
            "deernet": ((2, 0, True), (3, 1, False))}  # compare_deer_jacobian_two_layer
COLUMNS = ["arch", "seed", "k", "layer", "post", "trained_energy_rmae_offset",
           "trained_energy_rmae_offset_aligned", "trained_rmae_offset", "init_energy_rmae_offset",
           "init_energy_rmae_offset_aligned", "init_rmae_offset"]  # fmt: skip


def train_probe(cfg, seed, n_probe):
    """The first ``n_probe`` training inputs of a (snr, seed), as ``probes("train", ...)`` reads."""
    deer = cfg["deer"]
    d = synthesize(float(deer["snr"][0]), seed, **{**deer["data"], "store": "compact"})
    regime = deer["data"].get("regime", "pnas")
    tr = d["train"]
    return render(d["t"], d["r"], d["kernel"], regime, tr["params"], tr["noise_state"],
                  names=["signal"], rows=n_probe, dtype=np.float32)["signal"]  # fmt: skip


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--run", default=str(ROOT / "docs/paper-scale/deer"),
                    help="kept run folder (config.yaml, models/)")  # fmt: skip
    ap.add_argument("--out", default=None, help="TSV path (default: RUN/jacobian_init_null.tsv)")
    args = ap.parse_args(argv)
    limit_threads(1)
    run = Path(args.run)
    cfg = yaml.safe_load((run / "config.yaml").read_text())
    n_probe = int(cfg["descramble"]["n_probe"])
    t0 = time.time()
    rows = []
    for seed in cfg["deer"]["seeds"]:
        X = train_probe(cfg, int(seed), n_probe)  # (n_probe, n_t) float32
        print(f"[{time.time() - t0:5.0f} s] seed {seed}: probe {X.shape}", flush=True)
        for arch, readings in READINGS.items():
            path = run / "models" / f"{arch}_seed{seed}.h5"
            if not path.exists():
                print(f"  {path} missing: skipped", flush=True)
                continue
            model = read_h5(str(path), require=["layers/0/weight", "init/0/weight"])
            layers = artefact_layers(model)
            init = init_layers(layers, model["init"])
            for k, layer, post in readings:
                # the same reading on both weight sets: the trained one reproduces claims.tsv
                trained = jacobian_init_null(layers, X, layer, post=post)
                row = {"arch": arch, "seed": int(seed), "k": k, "layer": layer, "post": post,
                       "trained_energy_rmae_offset": trained["init_energy_rmae_offset"],
                       "trained_rmae_offset": trained["init_rmae_offset"],
                       "trained_energy_rmae_offset_aligned":
                           trained["init_energy_rmae_offset_aligned"],
                       **jacobian_init_null(init, X, layer, post=post)}  # fmt: skip
                rows.append({c: row[c] for c in COLUMNS})
                print(f"  {arch} seed {seed} k={k}: energy RMAE trained "
                      f"{100 * row['trained_energy_rmae_offset']:.2f} % (aligned "
                      f"{100 * row['trained_energy_rmae_offset_aligned']:.2f} %), at init "
                      f"{100 * row['init_energy_rmae_offset']:.2f} % (aligned "
                      f"{100 * row['init_energy_rmae_offset_aligned']:.2f} %)",
                      flush=True)  # fmt: skip
    out = Path(args.out) if args.out else run / "jacobian_init_null.tsv"
    write_tsv(str(out), rows, COLUMNS)
    print(f"[{time.time() - t0:5.0f} s] wrote {out} ({len(rows)} rows)", flush=True)


if __name__ == "__main__":
    main()
