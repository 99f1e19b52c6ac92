"""Runs on a real single-node SLURM cluster (tests/slurm/cluster.sh) via profiles/slurm.

The session fixture installs (apt-get, only if missing) and starts the cluster, and
stops it at the end unless it was already running. Needs root and apt-get; without
them the tests are skipped with that reason. Every Snakemake call is wrapped in
``timeout -k 10 N``: a Snakemake waiting on SLURM ignores SIGTERM alone.

    .venv/bin/python -m pytest -q tests/test_slurm.py -m slurm

Set DESCRAMBLE_KEEP_SLURM=1 to leave the cluster running afterwards.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.slurm

ROOT = Path(__file__).resolve().parents[1]
CLUSTER_SH = ROOT / "tests" / "slurm" / "cluster.sh"
PROFILE = ROOT / "profiles" / "slurm"
SNAKEFILE = ROOT / "Snakefile"
TINY = ROOT / "tests" / "data" / "tiny.yaml"
# Poll SLURM every second in tests (the profile's defaults suit real clusters).
# The plugin adds 10 s to the interval after each round in which no job finished.
FAST_POLL = (
    "--slurm-init-seconds-before-status-checks",
    "1",
    "--seconds-between-status-checks",
    "1",
)
SUBMITTED_RE = re.compile(r"submitted with SLURM jobid (\d+)")
TIMED_OUT = (124, 137)


def _bin_dir() -> Path:
    venv = ROOT / ".venv" / "bin"
    return venv if (venv / "snakemake").exists() else Path(sys.executable).parent


def _env() -> dict:
    """Environment for Snakemake: the venv first on PATH (sbatch --export=ALL hands it to
    every job), and no SLURM variables from an enclosing allocation."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLURM_", "SBATCH_", "SRUN_"))}
    env["PATH"] = f"{_bin_dir()}:{env.get('PATH', '')}"
    return env


@dataclass
class Run:
    returncode: int
    output: str
    seconds: float
    log: Path

    def tail(self, n=6000) -> str:
        return (
            f"snakemake exit {self.returncode} after {self.seconds:.0f}s, log {self.log}:\n"
            f"{self.output[-n:]}"
        )

    @property
    def slurm_ids(self) -> list[str]:
        return SUBMITTED_RE.findall(self.output)


def snakemake(workdir, *args, snakefile, timeout=600, log_name="snakemake.out") -> Run:
    """Run Snakemake in ``workdir`` under ``timeout -k 10 <timeout>``; output goes to a file."""
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    log = workdir.parent / f"{workdir.name}.{log_name}"
    cmd = [
        "timeout",
        "-k",
        "10",
        str(timeout),
        str(_bin_dir() / "snakemake"),
        "-s",
        str(snakefile),
        "--directory",
        str(workdir),
        *map(str, args),
    ]
    t0 = time.monotonic()
    with open(log, "w") as fh:
        fh.write(" ".join(cmd) + "\n")
        fh.flush()
        proc = subprocess.run(
            cmd, stdout=fh, stderr=subprocess.STDOUT, env=_env(), cwd=workdir, timeout=timeout + 30
        )
    return Run(proc.returncode, log.read_text(), time.monotonic() - t0, log)


def _tiny_biexp(workdir) -> Path:
    """The tiny config with its biexp section only.

    The cluster path is the same for every problem (the shared rules and the profile); the
    DEER grid would add ~60 jobs of the same kinds and triple this test's time, and the
    phase, dynamics and MNIST sections ~30 more.
    """
    import yaml

    cfg = yaml.safe_load(TINY.read_text())
    for name in ("deer", "phase", "dynamics", "mnist"):
        cfg.pop(name, None)
    path = Path(workdir).parent / f"{Path(workdir).name}-tiny-biexp.yaml"
    path.write_text(yaml.safe_dump(cfg))
    return path


def run_snakemake(workdir, *args, timeout=900) -> Run:
    """Run the project's workflow with the tiny config (biexp only) in ``workdir``."""
    if not SNAKEFILE.exists():
        pytest.skip(f"{SNAKEFILE} missing")
    if not TINY.exists():
        pytest.skip("tests/data/tiny.yaml missing")
    config = _tiny_biexp(workdir)
    return snakemake(workdir, "--configfile", config, *args, snakefile=SNAKEFILE, timeout=timeout)


def _cluster(action, timeout):
    return subprocess.run(
        ["bash", str(CLUSTER_SH), action], capture_output=True, text=True, timeout=timeout
    )


def _squeue_states(ids) -> dict:
    out = subprocess.run(
        ["squeue", "--states=all", "--noheader", "--format=%i|%T", "--jobs", ",".join(ids)],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    ).stdout
    return dict(line.split("|", 1) for line in out.split())


@pytest.fixture(scope="session")
def slurm_cluster():
    if os.geteuid() != 0:
        pytest.skip("SLURM tests need root: cluster.sh installs packages and starts daemons")
    if shutil.which("apt-get") is None and shutil.which("slurmctld") is None:
        pytest.skip("SLURM tests need apt-get to install slurmctld/slurmd/munge (Debian)")
    was_up = _cluster("status", 60).returncode == 0
    t0 = time.monotonic()
    up = _cluster("up", 1200)
    bringup = time.monotonic() - t0
    if up.returncode != 0:
        pytest.fail(
            f"tests/slurm/cluster.sh up failed ({up.returncode}):\n"
            f"{up.stdout[-3000:]}\n{up.stderr[-6000:]}"
        )
    print(f"\n[slurm] cluster up in {bringup:.1f}s (was already up: {was_up})")
    yield {"bringup_s": bringup, "was_up": was_up}
    if not was_up and not os.environ.get("DESCRAMBLE_KEEP_SLURM"):
        down = _cluster("down", 180)
        assert down.returncode == 0, f"cluster.sh down failed:\n{down.stderr}"


def test_cluster_up_is_idempotent_and_has_no_gpus(slurm_cluster):
    t0 = time.monotonic()
    again = _cluster("up", 120)
    assert again.returncode == 0, again.stderr
    assert time.monotonic() - t0 < 30
    status = _cluster("status", 60)
    assert status.returncode == 0, status.stdout + status.stderr
    assert re.search(r"node:\s+(idle|mixed|allocated|completing)", status.stdout)
    info = subprocess.run(
        ["sinfo", "--noheader", "--format=%P|%G|%c"],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    ).stdout.split()
    assert info == [f"debug*|(null)|{os.cpu_count()}"]
    config = subprocess.run(
        ["scontrol", "show", "config"], capture_output=True, text=True, timeout=30, check=True
    ).stdout
    # squeue-based status polling needs finished jobs to stay visible for a while
    assert re.search(r"MinJobAge\s+=\s+600", config)


TOY = r"""
rule all:
    input: "c.txt"

rule a:
    output: "a.txt"
    shell: "echo ${{SLURM_JOB_ID:?not run under SLURM}} > {output}; command -v python >> {output}"

rule b:
    output: "b.txt"
    shell: "echo ${{SLURM_JOB_ID:?not run under SLURM}} > {output}"

rule c:
    input: "a.txt", "b.txt"
    output: "c.txt"
    threads: 2
    shell: "echo ${{SLURM_JOB_ID:?not run under SLURM}} $SLURM_CPUS_PER_TASK > {output}"
"""


def test_toy_workflow_runs_every_job_through_slurm(slurm_cluster, tmp_path):
    (tmp_path / "Snakefile").write_text(TOY)
    wd = tmp_path / "wd"
    run = snakemake(
        wd, "--profile", PROFILE, *FAST_POLL, snakefile=tmp_path / "Snakefile", timeout=300
    )
    assert run.returncode == 0, run.tail()
    job_ids = {r: (wd / f"{r}.txt").read_text().split()[0] for r in "abc"}
    assert all(j.isdigit() for j in job_ids.values()), job_ids
    assert len(set(job_ids.values())) == 3, job_ids
    assert sorted(run.slurm_ids) == sorted(job_ids.values()), run.tail()
    assert (wd / "a.txt").read_text().split()[1] == str(_bin_dir() / "python")  # PATH got there
    assert (wd / "c.txt").read_text().split()[1] == "2"  # threads -> --cpus-per-task
    states = _squeue_states(job_ids.values())
    assert set(states.values()) == {"COMPLETED"}, states
    print(f"\n[slurm] toy workflow (3 SLURM jobs, 2 levels): {run.seconds:.1f}s")


FAILING = r"""
rule bad:
    output: "bad.txt"
    shell: "echo job ${{SLURM_JOB_ID:?}}; exit 3"
"""


def test_failing_job_makes_snakemake_fail(slurm_cluster, tmp_path):
    (tmp_path / "Snakefile").write_text(FAILING)
    wd = tmp_path / "wd"
    run = snakemake(
        wd,
        "--profile",
        PROFILE,
        *FAST_POLL,
        "--retries",
        "0",
        snakefile=tmp_path / "Snakefile",
        timeout=240,
    )
    assert run.returncode not in TIMED_OUT, run.tail()
    assert run.returncode != 0, run.tail()
    assert "FAILED" in run.output, run.tail()
    assert len(run.slurm_ids) == 1, run.tail()
    assert not (wd / "bad.txt").exists()
    # the failed job's SLURM log is kept
    logs = list((wd / ".snakemake" / "slurm_logs" / "rule_bad").glob("*.log"))
    assert [p.stem for p in logs] == run.slurm_ids
    assert f"job {run.slurm_ids[0]}" in logs[0].read_text()
    print(f"\n[slurm] failing job reported in {run.seconds:.1f}s")


FLAKY = r"""
rule flaky:
    output: "flaky.txt"
    shell:
        "if [ -e first_attempt_done ]; then echo $SLURM_JOB_ID > {output}; "
        "else touch first_attempt_done; exit 1; fi"
"""


def test_profile_retries_a_failed_job(slurm_cluster, tmp_path):
    (tmp_path / "Snakefile").write_text(FLAKY)
    wd = tmp_path / "wd"
    run = snakemake(
        wd, "--profile", PROFILE, *FAST_POLL, snakefile=tmp_path / "Snakefile", timeout=300
    )
    assert run.returncode == 0, run.tail()
    assert len(run.slurm_ids) == 2, run.tail()
    assert (wd / "flaky.txt").read_text().split() == [run.slurm_ids[1]]
    print(f"\n[slurm] job failed once and was retried: {run.seconds:.1f}s")


# --- the project's workflow ---------------------------------------------------------

COMPARED = ("data", "nlls", "models")


def _h5_datasets(path) -> dict:
    import h5py

    out = {}
    with h5py.File(path, "r") as f:
        f.visititems(
            lambda name, obj: (
                out.__setitem__(name, obj[()]) if isinstance(obj, h5py.Dataset) else None
            )
        )
    return out


def _provenance(path) -> dict:
    import h5py

    with h5py.File(path, "r") as f:
        assert "provenance" in f.attrs, f"{path} has no provenance attribute"
        return json.loads(f.attrs["provenance"])


def _same_array(a, b) -> bool:
    import numpy as np

    a, b = np.asarray(a), np.asarray(b)
    if a.dtype != b.dtype or a.shape != b.shape:
        return False
    try:
        return bool(np.array_equal(a, b, equal_nan=True))
    except TypeError:  # strings / objects
        return bool(np.array_equal(a, b))


@pytest.mark.pipeline
def test_tiny_config_on_slurm_matches_a_local_run(slurm_cluster, tmp_path):
    pytest.importorskip("h5py")
    wd_slurm, wd_local = tmp_path / "slurm", tmp_path / "local"
    run = run_snakemake(wd_slurm, "--profile", PROFILE, *FAST_POLL, timeout=1500)
    assert run.returncode == 0, run.tail()
    submitted = run.slurm_ids
    assert submitted, f"no 'submitted with SLURM jobid' in the log\n{run.tail()}"
    assert len(set(submitted)) == len(submitted)

    artefacts = sorted((wd_slurm / "results").rglob("*.h5"))
    assert artefacts, "no HDF5 artefacts under results/"
    owner = {}  # slurm job id -> kind of artefact (schema) that job wrote
    for p in artefacts:
        prov = _provenance(p)
        jid = prov.get("slurm_job_id")
        assert isinstance(jid, str) and jid, f"{p}: provenance slurm_job_id = {jid!r}"
        assert jid in submitted, f"{p}: job {jid} is not among the submitted jobs"
        kind = prov.get("rule") or prov.get("schema") or p.relative_to(wd_slurm).parts[1]
        assert owner.setdefault(jid, kind) == kind, (
            f"SLURM job {jid} wrote both {owner[jid]} and {kind} artefacts"
        )
    assert len(owner) > 1, "all artefacts came from one SLURM job"
    states = _squeue_states(owner)
    assert set(states.values()) == {"COMPLETED"}, states
    print(f"\n[slurm] tiny config: {len(submitted)} SLURM jobs in {run.seconds:.1f}s")

    targets = [
        str(p.relative_to(wd_slurm))
        for p in artefacts
        if p.relative_to(wd_slurm / "results").parts[0] in COMPARED
    ]
    assert targets, f"no artefacts under results/{{{','.join(COMPARED)}}}"
    local = run_snakemake(wd_local, "--cores", "2", *targets, timeout=900)
    assert local.returncode == 0, local.tail()
    print(f"[slurm] same artefacts locally: {local.seconds:.1f}s")

    for rel in targets:
        a, b = wd_slurm / rel, wd_local / rel
        assert _provenance(b).get("slurm_job_id") is None, f"local {rel} claims a SLURM job"
        da, db = _h5_datasets(a), _h5_datasets(b)
        assert da and sorted(da) == sorted(db), f"{rel}: datasets differ: {sorted(da)} {sorted(db)}"
        for name in da:
            assert _same_array(da[name], db[name]), f"{rel}:{name} differs between SLURM and local"
