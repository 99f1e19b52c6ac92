"""The notch of a descrambled DEERNet against training size: a scale curve (issue 16).

"Descrambled W1 holds a notch filter" moves with the training set's size
and its noise. This trains the 2-layer DEERNet of ``config/paper.yaml`` at
smaller sizes (each with its epoch count), reads the notch ratio of its
descrambled W1 exactly as ``analyze_deer_network`` does (the exact Fourier
descrambler on the first ``n_probe`` training inputs, the full-layer ratio
and the ratio in W1's significant singular subspace), adds the paper-scale
networks of a finished run of ``docs/paper-scale/deer/config.yaml``, and
writes one table and one figure.

    python tools/deer_notch_scale.py --run /work/paper-run --out docs/paper-scale/deer

Noise settings: ``fixed`` (the config's snr, noise RMS depth / snr on every
trace), ``random`` (depth * U[0, 1) / snr per trace: the ``dn`` variant
before it had ``noise_max``) and ``deernet`` (the DEERNet generator's own,
depth * U[0, 5 %) per trace: ``random_noise: true, noise_max: 0.05``, the
``dn`` variant of ``config/paper.yaml`` now). ``--keep`` adds new points to
an earlier table. One thread; about 6 ms per training step here.
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
from descramble.io import read_h5, read_tsv, write_tsv  # noqa: E402
from descramble.models import artefact_layers  # noqa: E402
from descramble.plots import save  # noqa: E402
from descramble.problems.deer.analysis import ENERGY_KEPT, significant_notch  # noqa: E402
from descramble.problems.deer.filters import aggregated_profile, notch_ratio  # noqa: E402
from descramble.problems.deer.interface import PROBLEM  # noqa: E402
from descramble.problems.deer.synthesize import read_split, render, synthesize  # noqa: E402
from descramble.runtime import limit_threads  # noqa: E402
from descramble.train import train  # noqa: E402

# noise setting -> data overrides
NOISE = {"fixed": {"random_noise": False}, "random": {"random_noise": True},
         "deernet": {"random_noise": True, "noise_max": 0.05}}  # fmt: skip
COLUMNS = ["n_train", "epochs", "seed", "noise", "source", "notch_ratio", "rank_kept",
           "notch_ratio_kept", "best_val_loss", "train_seconds"]  # fmt: skip


def _notch(layers, X):
    """Full-layer and significant-subspace notch ratios of descrambled W1 (train probe X)."""
    d = descramble_job(layers, X, 0, "fourier")
    kept, ratio_kept = significant_notch(layers[0]["weight"])
    full = notch_ratio(aggregated_profile(d["descrambled_weight"]))
    return float(full), kept, ratio_kept


def trained_point(cfg, n_train, epochs, seed, noise, n_probe, log):
    """Train one DEERNet at ``n_train`` x ``epochs`` and read its notch."""
    snr = float(cfg["snr"][0])
    data = {**cfg["data"], "n_train": n_train, "n_val": cfg["data"]["n_val"], "n_test": 1,
            "store": "compact", **NOISE[noise]}  # fmt: skip
    d = synthesize(snr, seed, **data)
    # the compact train split rendered in float32: the same bytes as the full store's cast
    tr = d["train"]
    regime = data.get("regime", "pnas")
    train_arrays = render(d["t"], d["r"], d["kernel"], regime, tr["params"], tr["noise_state"],
                          names=["signal", "p"], dtype=np.float32)  # fmt: skip
    x = {"train": train_arrays["signal"], "val": d["val"]["signal"].astype(np.float32)}
    spec = PROBLEM.network("deernet", {**cfg["train"], "epochs": epochs})
    spec.pop("checkpoint_every", None)
    res = train(x["train"], train_arrays["p"], x["val"], d["val"]["p"], **spec, seed=seed,
                device="cpu")  # fmt: skip
    full, kept, ratio_kept = _notch(res["layers"], x["train"][:n_probe])
    log(f"n_train {n_train} x {epochs} epochs, seed {seed}, {noise} noise: notch {full:.3f} "
        f"(top {kept}: {ratio_kept:.3f}), {res['seconds']:.0f} s")  # fmt: skip
    return {"n_train": n_train, "epochs": epochs, "seed": seed, "noise": noise,
            "source": "this tool", "notch_ratio": full, "rank_kept": kept,
            "notch_ratio_kept": ratio_kept, "best_val_loss": float(np.min(res["val_loss"])),
            "train_seconds": round(float(res["seconds"]), 1)}  # fmt: skip


def run_points(run, cfg, seeds, n_probe, log):
    """The paper-scale networks of a finished run (deernet: fixed noise; deernet_dn: random)."""
    rows = []
    for arch, noise, sub in (("deernet", "fixed", ""), ("deernet_dn", "random", "dn/")):
        for seed in seeds:
            snr = cfg["snr"][0]
            model = Path(run) / f"results/models/deer/{arch}/snr{snr}/seed{seed}.h5"
            data = Path(run) / f"results/data/deer/{sub}snr{snr}/seed{seed}.h5"
            if not (model.exists() and data.exists()):
                log(f"skipped {model}: not in the run")
                continue
            m = read_h5(str(model), require=["layers/0/weight"])
            layers = artefact_layers(m)
            X = read_split(str(data), "train", ["signal"], n_probe, np.float32)["signal"]
            full, kept, ratio_kept = _notch(layers, X)
            hist = m["history"]["val_loss"]
            rows.append({"n_train": int(cfg["data"]["n_train"]),
                         "epochs": int(cfg["train"]["epochs"]), "seed": seed, "noise": noise,
                         "source": str(run), "notch_ratio": full,
                         "rank_kept": kept, "notch_ratio_kept": ratio_kept,
                         "best_val_loss": float(np.min(hist)),
                         "train_seconds": float(m["_provenance"].get("execution", {})
                                                .get("seconds", np.nan))})  # fmt: skip
            log(f"{arch} seed {seed} (paper scale): notch {full:.3f} "
                f"(top {kept}: {ratio_kept:.3f})")
    return rows


def figure(rows, path):
    """Notch ratio against training size, one panel per reading, both noise settings."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
    for ax, col, title in ((axes[0], "notch_ratio", "full layer (ours)"),
                           (axes[1], "notch_ratio_kept",
                            f"W1's top singular subspace ({ENERGY_KEPT:.0%} of energy; PNAS)")):
        for noise, marker in (("fixed", "o"), ("random", "s"), ("deernet", "^")):
            sel = [r for r in rows if r["noise"] == noise]
            if not sel:
                continue
            n = np.array([r["n_train"] for r in sel], dtype=float)
            v = np.array([r[col] for r in sel])
            name = {"fixed": "fixed noise (depth / snr)", "random": "random noise, U[0, 1/snr)",
                    "deernet": "DEERNet's noise, U[0, 5 %)"}[noise]  # fmt: skip
            ax.plot(n, v, marker, alpha=0.6, label=f"{name}, each seed")
            sizes = np.unique(n)
            ax.plot(sizes, [v[n == s].mean() for s in sizes], "-", color=ax.lines[-1].get_color(),
                    label=f"{name}, mean")  # fmt: skip
        ax.axhline(0.5, ls="--", color="k", lw=0.8, label="claim threshold 0.5")
        ax.set_xscale("log")
        ax.set_xlabel("training traces (log scale)")
        ax.set_title(title, fontsize=10)
    axes[0].set_ylabel("notch ratio |F|(f=0) / mean |F|(f=1..3)")
    axes[0].legend(fontsize=8)
    fig.suptitle("DEERNet: the notch of descrambled W1 against training size")
    save(fig, path)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--config", default=str(ROOT / "docs/paper-scale/deer/config.yaml"))
    ap.add_argument("--run", help="a finished run of the config (its results/ hold the 1e6 nets)")
    ap.add_argument("--out", required=True, help="folder for notch_scale.tsv and notch_scale.png")
    ap.add_argument("--sizes", default="50000:30,150000:40,300000:50",
                    help="n_train:epochs pairs trained here")
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1])
    ap.add_argument("--noise", nargs="+", default=["fixed", "random"], choices=list(NOISE))
    ap.add_argument("--keep", help="an earlier notch_scale.tsv: keep its rows, add points")
    ap.add_argument("--trained", help="notch_scale.tsv of an earlier call: reuse, not retrain")
    args = ap.parse_args(argv)
    limit_threads(1)
    cfg = yaml.safe_load(Path(args.config).read_text())
    deer = cfg["deer"]
    n_probe = int(cfg["descramble"]["n_probe"])
    t0 = time.time()

    def log(msg):
        print(f"[{time.time() - t0:6.0f} s] {msg}", flush=True)

    rows = []
    if args.keep:
        rows = read_tsv(args.keep).to_dict("records")
        log(f"{len(rows)} networks kept from {args.keep}")
    if args.trained:
        old = read_tsv(args.trained)
        rows = [r for r in old.to_dict("records") if r["source"] == "this tool"]
        log(f"{len(rows)} networks from {args.trained}")
    for pair in [] if args.trained else args.sizes.split(","):
        n, e = (int(v) for v in pair.split(":"))
        for noise in args.noise:
            for seed in args.seeds:
                rows.append(trained_point(deer, n, e, seed, noise, n_probe, log))
    if args.run:
        rows += [r for r in run_points(args.run, deer, args.seeds, n_probe, log)
                 if r["noise"] in args.noise]  # fmt: skip
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    write_tsv(str(out / "notch_scale.tsv"), rows, COLUMNS)
    figure(rows, str(out / "notch_scale.png"))
    log(f"wrote {out / 'notch_scale.tsv'} ({len(rows)} networks) and notch_scale.png")


if __name__ == "__main__":
    main()
