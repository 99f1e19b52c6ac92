"""Own networks end to end: the offline example runs, and a model edit reruns exactly its jobs."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from conftest import ROOT, run_snakemake

from descramble.io import read_h5, read_tsv

pytestmark = pytest.mark.pipeline


def _outputs(wd):
    return {p: p.stat().st_mtime_ns for p in (wd / "results").rglob("*")
            if p.is_file() and "logs" not in p.parts and "benchmarks" not in p.parts}  # fmt: skip


def test_example_runs_and_a_model_edit_reruns_only_its_network(tmp_path):
    wd = tmp_path / "wd"
    shutil.copytree(ROOT / "config" / "own-example", wd / "config" / "own-example")
    cfg = ROOT / "config" / "own-example.yaml"
    run_snakemake(wd, "--cores", "2", configfile=cfg)
    table = read_tsv(wd / "results/tables/own_layers.tsv")
    assert set(table["network"]) == {"phase_onnx", "phase_matlab", "phase_pt2", "phase_safetensors"}
    assert table["certified"].all()
    # every copy of the same trained network gives the same descramblers on the same probe
    train = table[table["probe"] == "train"].sort_values(["layer", "network"])
    for _, rows in train.groupby("layer"):
        assert np.allclose(rows["smoothness_descrambled"], rows["smoothness_descrambled"].iloc[0],
                           rtol=1e-5)  # fmt: skip
    m = read_h5(wd / "results/models/own/phase_matlab.h5")
    assert "folded into layer 0" in " ".join(m["_provenance"]["params"]["notes"])
    assert m["verify"]["max_rel_diff"] < 1e-5
    assert (wd / "results/figures/own/phase_pt2/layer1_fourier_test.png").stat().st_size > 10_000
    before = _outputs(wd)
    # edit one model file (same weights, new bytes: Snakemake skips a newer file whose checksum
    # is unchanged): only that network's jobs and the tables rerun
    from safetensors.numpy import load_file, save_file

    model = wd / "config/own-example/phase_fcnn.safetensors"
    save_file(load_file(str(model)), str(model), metadata={"edited": "yes"})
    run_snakemake(wd, "--cores", "2", configfile=cfg)
    after = _outputs(wd)
    changed = {p.relative_to(wd).as_posix() for p in before if after[p] != before[p]}
    assert changed, "nothing reran"
    for p in changed:
        assert "phase_safetensors" in p or p in ("results/tables/own_layers.tsv",
                                                 "results/figures/own/index.tsv"), p  # fmt: skip
    assert "results/models/own/phase_safetensors.h5" in changed
    assert "results/data/own/train.h5" not in changed  # the probe is not reimported
