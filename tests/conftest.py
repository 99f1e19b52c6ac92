"""Shared fixtures: the repository root and a Snakemake runner for pipeline tests."""

from __future__ import annotations

import os

# one BLAS thread per test process: on a loaded 2-core machine a threaded OpenBLAS stalls small
# SVDs by orders of magnitude (0.4-1 s against 2 ms for 128 x 96)
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "tests" / "data" / "tiny.yaml"
sys.path.insert(0, str(ROOT / "src"))


def snakemake_cmd():
    exe = Path(sys.executable).with_name("snakemake")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "snakemake"]


def run_snakemake(workdir, *args, configfile=TINY, timeout=900, check=True, snakefile=None):
    """Run the project's workflow in ``workdir`` with the tiny config; return the result."""
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}:{env.get('PATH', '')}"
    cmd = [
        *snakemake_cmd(),
        "-s",
        str(snakefile or ROOT / "Snakefile"),
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


@pytest.fixture(scope="module")
def one_torch_thread():
    """One torch intra-op thread for a module's small problems: faster and far steadier on a
    shared 2-core machine than two."""
    import torch

    old = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(old)
