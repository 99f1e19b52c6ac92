"""Faults: a training job killed with SIGKILL resumes from its checkpoint on the rerun."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import h5py
import pytest
import yaml
from conftest import ROOT, TINY, run_snakemake, snakemake_cmd

pytestmark = pytest.mark.pipeline

TARGET = "results/models/biexp/nd_nd/snr30/seed0.h5"
LOG = "results/logs/train_network/biexp/nd_nd/snr30/seed0.log"


def _config(tmp_path):
    cfg = yaml.safe_load(TINY.read_text())
    cfg["biexp"]["data"]["n_train"] = 6000
    cfg["biexp"]["train"].update(epochs=12, checkpoint_every=1)
    path = tmp_path / "long.yaml"
    path.write_text(yaml.safe_dump(cfg))
    return path


def _descendants(pid):
    """All processes below ``pid`` (from /proc), as (pid, cmdline)."""
    children = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
                cmd = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append((int(d.name), cmd))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child[0])
    return out


def _arrays(path):
    with h5py.File(path) as f:
        names = []
        f.visit(lambda k: names.append(k) if isinstance(f[k], h5py.Dataset) else None)
        return {k: f[k][()].tobytes() for k in names}


def test_sigkilled_training_resumes_from_checkpoint(tmp_path):
    cfg = _config(tmp_path)
    wd = tmp_path / "killed"
    cmd = [
        *snakemake_cmd(),
        "-s",
        str(ROOT / "Snakefile"),
        "--directory",
        str(wd),
        "--configfile",
        str(cfg),
        "--cores",
        "1",
        TARGET,
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    log = wd / LOG
    deadline = time.time() + 300
    try:
        while time.time() < deadline:
            if log.exists() and log.read_text().count("checkpoint saved at epoch") >= 3:
                break
            assert proc.poll() is None, "the run ended before it could be killed"
            time.sleep(0.2)
        else:
            pytest.fail("no checkpoint written within 300 s")
        victims = [p for p, c in _descendants(proc.pid) if "train_network" in c]
        assert victims, "training process not found"
        for p in victims:
            os.kill(p, signal.SIGKILL)
        assert proc.wait(timeout=120) != 0
    finally:
        if proc.poll() is None:
            proc.kill()
    assert not (wd / TARGET).exists()
    ckpt = wd / "results/checkpoints/biexp/nd_nd/snr30/seed0.pt"
    assert ckpt.exists()
    # the rerun needs no manual cleanup and resumes instead of starting over
    run_snakemake(wd, "--cores", "1", TARGET, configfile=cfg)
    text = log.read_text()
    assert "resumed from checkpoint" in text
    resumed_at = int(text.split("resumed from checkpoint")[1].split("at epoch")[1].split()[0])
    assert resumed_at >= 3
    assert f"epoch {resumed_at:3d} " not in text.split("resumed from checkpoint")[1]
    assert not ckpt.exists()
    # and the resumed model is the uninterrupted model, bit for bit
    ref = tmp_path / "reference"
    run_snakemake(ref, "--cores", "1", TARGET, configfile=cfg)
    assert _arrays(wd / TARGET) == _arrays(ref / TARGET)
