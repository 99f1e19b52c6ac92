"""Keep a finished run's headline results in the repository, with their provenance.

    python tools/keep_run.py RUN_DIR DEST [--problem biexp|deer] [--config CONFIG] [--note TEXT]

Copies from RUN_DIR/results the problem's tables (biexp: claims, ILR errors,
SV fits, W1 stats, target-scale comparison, descramblers, theorems; deer:
claims, errors, per-trace errors, filters, descramblers) and the figures of
the papers' analogues (biexp: Figs 5-7, errors, training curves; deer: PNAS
Figs 2-4 and SVD paper Figs 1, 3, 4 of seed 0, Jacobian, quartic notch,
ensemble, errors, training curves) into DEST; for deer also the trained
networks' weights (``/layers`` and ``/init`` of every model, no predictions)
under DEST/models/. Writes DEST/PROVENANCE.md: the commit(s) and package version that
made the artefacts, the devices and training loops the networks ran on,
their training seconds, and the run's wall time from the first artefact
to the last table. Nothing is recomputed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

import h5py

TABLES = {
    "biexp": ("claims.tsv", "biexp_errors.tsv", "biexp_sv_fits.tsv", "biexp_w1_stats.tsv",
              "biexp_target_scale.tsv", "descramblers.tsv", "theorems.tsv"),
    "deer": ("claims.tsv", "deer_errors.tsv", "deer_trace_errors.tsv", "deer_filters.tsv",
             "descramblers.tsv"),
}  # fmt: skip
FIGURES = {
    "biexp": ("biexp/fig5_overview.png", "biexp/errors.png", "biexp/training_curves.png",
              "biexp/singular_vectors_*_W1.png", "biexp/singular_vectors_*_dW1.png"),
    "deer": ("deer/errors.png", "deer/training_curves.png", "deer/jacobian.png",
             "deer/quartic_notch.png", "deer/ensemble_*.png"),
}  # fmt: skip
# per-network figures kept for seed 0 (PNAS Figs 2-4, SVD paper Figs 1 and 4), named by arch
NET_FIGURES = {"deer": "deer/{arch}/snr*/seed0/*.png"}


def keep_weights(model, dest):
    """``/layers`` and ``/init`` of a model artefact (no predictions), with its provenance."""
    with h5py.File(model, "r") as src, h5py.File(dest, "w") as out:
        for group in ("layers", "init"):
            src.copy(src[group], out, name=group)
        out.attrs["provenance"] = src.attrs["provenance"]


def _provenance(path):
    with h5py.File(path, "r") as f:
        return json.loads(f.attrs["provenance"])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("run", type=Path)
    ap.add_argument("dest", type=Path)
    ap.add_argument("--problem", choices=sorted(TABLES), default="biexp")
    ap.add_argument("--config", type=Path, help="the config file the run used (copied)")
    ap.add_argument("--note", default="", help="a sentence on how the run was made")
    a = ap.parse_args(argv)
    res = a.run / "results"
    if not (res / "tables" / "claims.tsv").exists():
        sys.exit(f"{res / 'tables' / 'claims.tsv'} is missing: is {a.run} a finished run?")
    a.dest.mkdir(parents=True, exist_ok=True)
    kept = []
    for name in TABLES[a.problem]:
        src = res / "tables" / name
        if src.exists():
            shutil.copy2(src, a.dest / name)
            kept.append(name)
    for pattern in FIGURES[a.problem]:
        for src in sorted((res / "figures").glob(pattern)):
            shutil.copy2(src, a.dest / src.name)
            kept.append(src.name)
    if a.problem in NET_FIGURES:
        archs = sorted(p.name for p in (res / "figures" / a.problem).iterdir() if p.is_dir())
        for arch in archs:
            for src in sorted((res / "figures").glob(NET_FIGURES[a.problem].format(arch=arch))):
                shutil.copy2(src, a.dest / f"{arch}_{src.name}")
                kept.append(f"{arch}_{src.name}")
        (a.dest / "models").mkdir(exist_ok=True)
        for m in sorted((res / "models" / a.problem).rglob("*.h5")):
            arch, seed = m.parts[-3], m.stem
            keep_weights(m, a.dest / "models" / f"{arch}_{seed}.h5")
        kept.append("models/")
    if a.config:
        shutil.copy2(a.config, a.dest / "config.yaml")
        kept.append("config.yaml")

    models = sorted((res / "models" / a.problem).rglob("*.h5"))
    provs = [_provenance(m) for m in models]
    commits = Counter(p.get("git_commit") for p in provs)
    versions = Counter(p.get("package_version") for p in provs)
    ex = [p.get("execution", {}) for p in provs]
    where = Counter(f"{e.get('device_name', e.get('device', '?'))} ({e.get('loop', '?')} loop, "
                    f"{e.get('threads', '?')} thread(s), torch {e.get('torch', '?')})"
                    for e in ex)  # fmt: skip
    secs = [e["seconds"] for e in ex if "seconds" in e]
    stamps = [datetime.fromisoformat(p["created"]) for p in provs]
    first = min(f.stat().st_mtime for f in (res / "data").rglob("*.h5"))
    last = (res / "tables" / "claims.tsv").stat().st_mtime
    lines = [
        "# Provenance of this run",
        "",
        a.note,
        "",
        f"- networks: {len(models)}",
        f"- commit(s) that trained them: {dict(commits)}",
        f"- package version(s): {dict(versions)}",
        f"- where they trained: {dict(where)}",
        f"- training seconds per network: min {min(secs):.0f}, median "
        f"{sorted(secs)[len(secs) // 2]:.0f}, max {max(secs):.0f}, total {sum(secs):.0f}"
        if secs
        else "- training seconds: not recorded",
        f"- networks written between {min(stamps):%Y-%m-%d %H:%M} and {max(stamps):%H:%M} UTC",
        f"- wall time, first data artefact to the claims table: {(last - first) / 60:.1f} min",
        "",
        "Files: " + ", ".join(f"`{k}`" for k in kept),
        "",
    ]
    (a.dest / "PROVENANCE.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
