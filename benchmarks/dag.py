"""DAG scale: dry-run planning of a big grid, and a no-op rerun of a finished default run.

    python benchmarks/dag.py [--keep]

X: seconds for `snakemake -n` of 3 architectures x 10 SNRs x 5 seeds (150
networks, ~800 jobs) in an empty directory. Y: seconds for `snakemake --cores 2`
on the repository after `make run` finished (nothing to do). Last line:
`seconds: X Y` (Y is nan when the default run has not finished). Goal: X <= 10, Y <= 5.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SMK = [str(Path(sys.executable).with_name("snakemake"))]


def timed(args, cwd):
    t0 = time.perf_counter()
    res = subprocess.run(SMK + args, cwd=cwd, capture_output=True, text=True)
    dt = time.perf_counter() - t0
    if res.returncode != 0:
        sys.exit(f"snakemake {' '.join(args)} failed:\n{res.stderr[-3000:]}")
    return dt, res


def main():
    cfg = yaml.safe_load((ROOT / "config" / "config.yaml").read_text())
    cfg["biexp"]["archs"] = ["nd", "nd_nd", "nd_reg"]
    cfg["biexp"]["snr"] = [1, 2, 3, 5, 10, 20, 30, 50, 100, 300]
    cfg["biexp"]["seeds"] = [0, 1, 2, 3, 4]
    with tempfile.TemporaryDirectory() as tmp:
        cfgfile = Path(tmp) / "grid.yaml"
        cfgfile.write_text(yaml.safe_dump(cfg))
        args = ["-s", str(ROOT / "Snakefile"), "--directory", tmp, "--configfile", str(cfgfile)]
        x, res = timed([*args, "-n", "--quiet", "rules"], ROOT)
        print(f"dry run of 3 archs x 10 SNRs x 5 seeds: {x:.2f} s")
        print(res.stdout.strip()[-800:])
    done = ROOT / "results" / "tables" / "claims.tsv"
    if done.exists():
        _, res = timed(["-n", "--quiet", "rules"], ROOT)
        pending = "Nothing to be done" not in (res.stdout + res.stderr)
        y, _ = timed(["--cores", "2"], ROOT)
        note = " (the default run had pending jobs: it was not a no-op)" if pending else ""
        print(f"no-op rerun of the finished default run: {y:.2f} s{note}")
    else:
        y = float("nan")
        print("no finished default run under results/: run `make run` first for Y")
    print(f"cores: {os.cpu_count()}")
    print(f"seconds: {x:.2f} {y:.2f}")


if __name__ == "__main__":
    main()
