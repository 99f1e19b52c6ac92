"""Shared fixtures: the repository root and a Snakemake runner for pipeline tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "tests" / "data" / "tiny.yaml"
sys.path.insert(0, str(ROOT / "src"))


def snakemake_cmd():
    exe = Path(sys.executable).with_name("snakemake")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "snakemake"]


def run_snakemake(workdir, *args, configfile=TINY, timeout=900, check=True):
    """Run the project's workflow in ``workdir`` with the tiny config; return the result."""
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}:{env.get('PATH', '')}"
    cmd = [
        *snakemake_cmd(),
        "-s",
        str(ROOT / "Snakefile"),
        "--directory",
        str(workdir),
        "--configfile",
        str(configfile),
        *args,
    ]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    if check and res.returncode != 0:
        raise AssertionError(
            f"snakemake failed ({res.returncode}):\n{res.stdout[-3000:]}\n{res.stderr[-6000:]}"
        )
    return res


@pytest.fixture(scope="session")
def tiny_run(tmp_path_factory):
    """One complete run of the tiny config, shared by the pipeline tests."""
    wd = tmp_path_factory.mktemp("tiny_run")
    run_snakemake(wd, "--cores", "2")
    return wd
