"""Keep a finished run's headline results in the repository, with their provenance.

    python tools/keep_run.py RUN_DIR DEST [--config CONFIG] [--note TEXT]

Copies from RUN_DIR/results the tables (claims, ILR errors, SV fits, W1
stats, target-scale comparison, descramblers, theorems where present) and
the figures of the Figs 5-7 analogues (plus errors and training curves) into
DEST, and writes DEST/PROVENANCE.md: the commit(s) and package version that
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

TABLES = ("claims.tsv", "biexp_errors.tsv", "biexp_sv_fits.tsv", "biexp_w1_stats.tsv",
          "biexp_target_scale.tsv", "descramblers.tsv", "theorems.tsv")  # fmt: skip
FIGURES = ("biexp/fig5_overview.png", "biexp/errors.png", "biexp/training_curves.png",
           "biexp/singular_vectors_*_W1.png", "biexp/singular_vectors_*_dW1.png")  # fmt: skip


def _provenance(path):
    with h5py.File(path, "r") as f:
        return json.loads(f.attrs["provenance"])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("run", type=Path)
    ap.add_argument("dest", type=Path)
    ap.add_argument("--config", type=Path, help="the config file the run used (copied)")
    ap.add_argument("--note", default="", help="a sentence on how the run was made")
    a = ap.parse_args(argv)
    res = a.run / "results"
    if not (res / "tables" / "claims.tsv").exists():
        sys.exit(f"{res / 'tables' / 'claims.tsv'} is missing: is {a.run} a finished run?")
    a.dest.mkdir(parents=True, exist_ok=True)
    kept = []
    for name in TABLES:
        src = res / "tables" / name
        if src.exists():
            shutil.copy2(src, a.dest / name)
            kept.append(name)
    for pattern in FIGURES:
        for src in sorted((res / "figures").glob(pattern)):
            shutil.copy2(src, a.dest / src.name)
            kept.append(src.name)
    if a.config:
        shutil.copy2(a.config, a.dest / "config.yaml")
        kept.append("config.yaml")

    models = sorted((res / "models").rglob("*.h5"))
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
