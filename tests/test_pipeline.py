"""Real Snakemake runs of the tiny config: end to end, stale-only reruns, determinism, failures."""

from __future__ import annotations

import json
import shutil

import h5py
import numpy as np
import pytest
import yaml
from conftest import ROOT, TINY, run_snakemake
from rounding import assert_close_to_rounding

from descramble.descramblers import certified
from descramble.io import read_h5, read_tsv

pytestmark = pytest.mark.pipeline

SNRS, ARCHS = ("1", "30"), ("nd_nd", "nd_reg", "nd_nd_scaled")
DEER_ARCHS = ("deernet", "deernet3", "deernet_r4", "deernet_sule", "deernet_relu")
DEER_NETS = [f"results/models/deer/{a}/snr10/seed{s}.h5" for a in DEER_ARCHS for s in (0, 1)]
PHASE_NETS = [f"results/models/phase/{a}/snr10/seed{s}.h5" for a in ("cnn", "fcnn") for s in (0, 1)]


def test_end_to_end_artefacts_follow_the_contract(tiny_run):
    r = tiny_run / "results"
    d = read_h5(r / "data/biexp/snr30/seed0.h5")
    assert d["t"].shape == (64,)
    for split, n in (("train", 600), ("val", 100), ("test", 100)):
        for k, shape in (("signal", (n, 64)), ("clean", (n, 64)), ("params", (n, 2))):
            assert d[split][k].shape == shape
    # noise level of the data matches sigma = 1/snr (600*64 draws: 1 % is ~3 standard errors)
    assert np.std(d["train"]["signal"] - d["train"]["clean"]) == pytest.approx(1 / 30, rel=0.03)
    n = read_h5(r / "nlls/biexp/snr30/seed0.h5")
    assert n["test"]["params"].shape == (100, 2) and n["test"]["curve"].shape == (100, 64)
    m = read_h5(r / "models/biexp/nd_reg/snr30/seed0.h5")
    shapes = [m["layers"][str(i)]["weight"].shape for i in range(3)]
    assert shapes == [(8, 128), (16, 8), (2, 16)]
    assert m["_attrs"]["layers/0"]["activation"] == "relu"
    assert m["_attrs"]["layers/2"]["activation"] == "linear"
    assert len(m["history"]["train_loss"]) == 3 and m["test"]["pred"].shape == (100, 2)
    prov = m["_provenance"]
    assert prov["params"]["train"]["epochs"] == 3 and prov["seed"] == 0
    assert prov["package_version"] and prov["created"]


def test_error_table_matches_an_independent_computation(tiny_run):
    r = tiny_run / "results"
    rows = read_tsv(r / "tables/biexp_errors.tsv").to_dict("records")
    assert len(rows) == 5 * 2 * 2  # (nlls, nlls_reg, nd_nd, nd_reg, nd_nd_scaled) x SNR x param
    for row in rows:
        truth = read_h5(r / f"data/biexp/snr{row['snr']}/seed0.h5")["test"]["params"]
        if row["arch"].startswith("nlls"):
            key = "baseline_params" if row["arch"] == "nlls" else "params"
            est = read_h5(r / f"nlls/biexp/snr{row['snr']}/seed0.h5")["test"][key]
        else:
            est = read_h5(r / f"models/biexp/{row['arch']}/snr{row['snr']}/seed0.h5")["test"][
                "pred"
            ]
        j = ("T21", "T22").index(row["param"])
        rel = np.abs(est[:, j] - truth[:, j]) / truth[:, j]
        assert float(row["mean_rel_error"]) == pytest.approx(rel.mean(), rel=1e-5)
        assert float(row["median_rel_error"]) == pytest.approx(np.median(rel), rel=1e-5)


def _net(table, arch, snr):
    return table[(table["arch"] == arch) & (table["snr"] == snr)]


def test_target_scale_table_joins_the_measured_tables(tiny_run):
    """Each row restates its network's error, learned share and SV fits, with its scale."""
    r = tiny_run / "results" / "tables"
    ts = read_tsv(r / "biexp_target_scale.tsv")
    errors, stats, fits = (
        read_tsv(r / f) for f in ("biexp_errors.tsv", "biexp_w1_stats.tsv", "biexp_sv_fits.tsv")
    )
    got = sorted(zip(ts["arch"], ts["snr"], strict=True))
    assert got == sorted((a, float(s)) for a in ("nd_nd", "nd_nd_scaled") for s in SNRS)
    for row in ts.to_dict("records"):
        arch, snr = row["arch"], row["snr"]
        assert row["target_scale"] == {"nd_nd": 100.0, "nd_nd_scaled": 10.0}[arch]
        e = _net(errors, arch, snr).set_index("param")["mean_rel_error"]
        assert row["rel_error_T21"] == e["T21"] and row["rel_error_T22"] == e["T22"]
        assert row["learned_fraction"] == _net(stats, arch, snr)["learned_fraction"].item()
        top = _net(fits, arch, snr)
        top = top[(top["matrix"] == "W1") & (top["sv"] <= 2)]  # tiny: n_sv 2
        assert len(top) == 2 * 2  # two SVs x two input halves
        # both tables hold 6 significant digits
        assert row["mean_r2_top"] == pytest.approx(top["r2"].mean(), rel=1e-5)
    # same (ND, ND) inputs and seed, other target scale: W1 learns a different share
    pair = ts.pivot_table(index="snr", columns="arch", values="learned_fraction")
    assert (pair["nd_nd"] != pair["nd_nd_scaled"]).all()


def test_svd_analysis_matches_numpy(tiny_run):
    r = tiny_run / "results"
    for arch in ARCHS:
        for snr in SNRS:
            W = read_h5(r / f"models/biexp/{arch}/snr{snr}/seed0.h5")["layers"]["0"]["weight"]
            a = read_h5(r / f"analysis/biexp/{arch}/snr{snr}/seed0.h5")
            np.testing.assert_allclose(
                a["W1"]["S"], np.linalg.svd(W.astype(float), compute_uv=False), rtol=1e-10
            )
            np.testing.assert_allclose((a["W1"]["U"] * a["W1"]["S"]) @ a["W1"]["Vt"], W, atol=1e-6)
            # (ND, ND): both halves of W1 get identical gradients, so W_a - W_b keeps its
            # initial value through training (Adam included) up to float32 rounding
            if arch in ("nd_nd", "nd_nd_scaled"):  # same [x, x] inputs, other target scale
                assert a["stats"]["half_diff_drift"] < 1e-5
            else:
                assert a["stats"]["half_diff_drift"] > 1e-3
    fits = read_tsv(r / "tables/biexp_sv_fits.tsv").to_dict("records")
    assert len(fits) == 3 * 2 * 2 * 2 * 2  # arch x SNR x matrix (W1, dW1) x n_sv(2) x halves
    assert {(f["sv"], f["half"]) for f in fits} == {(1, 1), (1, 2), (2, 1), (2, 2)}
    claims = read_tsv(r / "tables/claims.tsv")
    cols = ["claim", "source", "kind", "expected", "measured", "holds", "note"]
    assert len(claims) and list(claims) == cols
    assert claims["holds"].dtype == bool
    for fig in ("fig2_trigonometric", "fig8_biexp_descrambled", "theorems"):
        assert (r / f"figures/descrambling/{fig}.png").stat().st_size > 10_000
    figs = ["training_curves", "errors", "fig5_overview"]
    figs += [f"singular_vectors_{a}_{m}" for a in ARCHS for m in ("W1", "dW1")]
    for fig in figs:
        assert (r / f"figures/biexp/{fig}.png").stat().st_size > 10_000


def _pending(workdir, configfile):
    res = run_snakemake(workdir, "--summary", configfile=configfile)
    lines = [ln.split("\t") for ln in res.stdout.splitlines() if "\t" in ln]
    head = lines[0]
    col_out, col_plan = head.index("output_file"), head.index("plan")
    return {ln[col_out] for ln in lines[1:] if ln[col_plan] == "update pending"}


def _edited(tmp_path, edit):
    cfg = yaml.safe_load(TINY.read_text())
    edit(cfg)
    path = tmp_path / "edited.yaml"
    path.write_text(yaml.safe_dump(cfg))
    return path


DOWNSTREAM = {
    "results/tables/biexp_errors.tsv",
    "results/tables/biexp_sv_fits.tsv",
    "results/tables/biexp_w1_stats.tsv",
    "results/tables/biexp_target_scale.tsv",
    "results/claims/biexp.tsv",
    "results/tables/claims.tsv",
    "results/figures/biexp/training_curves.png",
    "results/figures/biexp/errors.png",
    *[f"results/figures/biexp/singular_vectors_{a}_{m}.png" for a in ARCHS for m in ("W1", "dW1")],
    "results/figures/biexp/fig5_overview.png",
}


PROBES = ("train", "noise", "snr10")
DESC_DOWN = {
    "results/tables/descramblers.tsv",
    "results/claims/descrambling.tsv",
    "results/tables/theorems.tsv",
    "results/figures/descrambling/fig2_trigonometric.png",
    "results/figures/descrambling/fig8_biexp_descrambled.png",
    "results/figures/descrambling/theorems.png",
}


def _descramblers(archs):
    return {
        f"results/descramblers/biexp/{a}/snr{s}/seed0/layer0/fourier/{p}.h5"
        for a in archs
        for s in SNRS
        for p in PROBES
    }


def test_nothing_pending_after_a_complete_run(tiny_run):
    assert _pending(tiny_run, TINY) == set()


def test_execution_settings_do_not_mark_anything_stale(tiny_run, tmp_path):
    """device, threads and GPU requests say where a job runs, not what it computes."""

    def move(c):
        c.update(device="cpu" if c.get("device", "auto") != "cpu" else "auto", threads=2, gpu=True)

    assert _pending(tiny_run, _edited(tmp_path, move)) == set()
    # ... and the artefact records where it ran
    with h5py.File(tiny_run / "results/models/biexp/nd_nd/snr30/seed0.h5") as f:
        prov = json.loads(f.attrs["provenance"])
    assert prov["execution"]["device"] == "cpu" and prov["execution"]["loop"] == "fast"
    assert "device" not in prov["params"]


def test_editing_epochs_reruns_exactly_training_and_downstream(tiny_run, tmp_path):
    cfg = _edited(tmp_path, lambda c: c["biexp"]["train"].__setitem__("epochs", 4))
    models = {f"results/models/biexp/{a}/snr{s}/seed0.h5" for a in ARCHS for s in SNRS}
    analysis = {m.replace("models", "analysis") for m in models}
    expected = models | analysis | DOWNSTREAM | _descramblers(ARCHS) | DESC_DOWN
    assert _pending(tiny_run, cfg) == expected


def test_editing_nlls_lambda_spares_data_and_nd_nd_networks(tiny_run, tmp_path):
    cfg = _edited(tmp_path, lambda c: c["biexp"]["nlls"].__setitem__("lam", 2e-4))
    nlls = {f"results/nlls/biexp/snr{s}/seed0.h5" for s in SNRS}
    models = {f"results/models/biexp/nd_reg/snr{s}/seed0.h5" for s in SNRS}
    analysis = {m.replace("models", "analysis") for m in models}
    expected = nlls | models | analysis | DOWNSTREAM | _descramblers(["nd_reg"]) | DESC_DOWN
    assert _pending(tiny_run, cfg) == expected


def test_editing_the_probe_size_reruns_only_descrambling(tiny_run, tmp_path):
    cfg = _edited(tmp_path, lambda c: c["descramble"].__setitem__("n_probe", 1500))
    expected = _descramblers(ARCHS) | DESC_DOWN | {"results/tables/claims.tsv"}
    pending = _pending(tiny_run, cfg)
    # the solver settings are shared: DEER's descramblers (and what reads them) rerun too
    assert {p for p in pending if "/deer" not in p and "deer_" not in p} == expected
    assert not {p for p in pending if p.split("/")[1] in ("data", "models", "nlls", "baselines")}
    assert "results/descramblers/deer/deernet3/snr10/seed0/layer2/fourier_jac/train.h5" in pending


def test_descrambler_artefacts_recompute_independently(tiny_run):
    r = tiny_run / "results"
    rows = read_tsv(r / "tables/descramblers.tsv").to_dict("records")
    biexp = [row for row in rows if row["problem"] == "biexp"]
    assert len(biexp) == len(_descramblers(ARCHS))
    # the DEER analyses' descramblers: 3 per 2-layer net (8); deernet and deernet_relu (4) also 7
    # for the 2-layer Jacobian reading; 8 for each deernet3 (2): full, centred Jacobian, eq. 10
    # with offset, and the resampling floor (full, fresh snr10 probe) at layers 1 and 2
    assert len(rows) - len(biexp) == 8 * 3 + 4 * 7 + 2 * 8
    assert {(row["layer"], row["criterion"], row["probe"]) for row in rows
            if row["arch"] == "deernet3"} == {
        (k, c, p) for k in (1, 2) for c, p in (("fourier", "train"), ("fourier_jac", "train"),
                                               ("fourier_jac_offset", "train"),
                                               ("fourier", "snr10"))
    }  # fmt: skip
    eps = np.finfo(float).eps
    for row in rows:
        path = (
            r / f"descramblers/{row['problem']}/{row['arch']}/snr{row['snr']:g}/seed{row['seed']}"
            f"/layer{row['layer']}/{row['criterion']}/{row['probe']}.h5"
        )
        d = read_h5(path)
        P, A, B = d["P"], d["operator_gram"], d["gram"]
        model = read_h5(
            r / f"models/{row['problem']}/{row['arch']}/snr{row['snr']:g}/seed{row['seed']}.h5"
        )
        W = model["layers"][str(row["layer"])]["weight"]
        np.testing.assert_array_equal(d["weight"], W.astype(float))
        np.testing.assert_allclose(P @ P.T, np.eye(len(P)), atol=1e-10)
        np.testing.assert_allclose(d["descrambled_weight"], P @ d["weight"], atol=1e-12)
        obj = np.trace(A @ P @ B @ P.T)
        assert float(d["objective"]) == pytest.approx(obj, rel=1e-10)
        # von Neumann: ascending eigenvalues of A against descending of B. The job takes A's
        # spectrum in closed form, eigvalsh computes it: each eigenvalue agrees to ~n eps of its
        # matrix's norm, so the sums agree to rounding of that size (not to 1e-10 relative: on a
        # 256-wide output layer the products cancel, 5e-9 relative was measured on one CPU)
        a, b = np.linalg.eigvalsh(A), np.linalg.eigvalsh(B)[::-1]
        scale = np.abs(a).max() * np.abs(b).sum() + np.abs(b).max() * np.abs(a).sum()
        assert_close_to_rounding(float(d["bound"]), float(a @ b), len(a), scale=scale)
        assert float(d["objective"]) <= float(d["identity_objective"]) + 1e-12
        # the certificate on every layer, second layers' rank-deficient Grams included: the
        # objective is at the bound up to 1e-10 of its scale plus the rounding floor of
        # tr(A P B P^T) itself (about sqrt(n) eps ||A|| ||B||)
        scale = float(np.abs(a) @ np.abs(b))
        floor = 4 * np.sqrt(len(P)) * eps * np.linalg.norm(A, 2) * np.linalg.norm(B, 2)
        assert obj - float(a @ b) <= 1e-10 * scale + floor, (path, obj, float(a @ b))
        assert certified(d)  # the artefact's own certificate says the same


def test_same_config_and_seed_give_identical_arrays(tiny_run, tmp_path):
    targets = [f"results/models/biexp/{a}/snr{s}/seed0.h5" for a in ARCHS for s in SNRS]
    targets += [f"results/models/dynamics/{n}/pure_cosines/seed0.h5" for n in ("fcnn", "cnn")]
    targets += ["results/models/mnist/fcnn5/digits8x8/seed0.h5"]
    run_snakemake(tmp_path, "--cores", "2", *targets, *DEER_NETS, *PHASE_NETS)
    n = 0
    for kind in ("data", "nlls", "models"):
        for p in sorted((tiny_run / "results" / kind).rglob("*.h5")):
            q = tmp_path / p.relative_to(tiny_run)
            with h5py.File(p) as f, h5py.File(q) as g:
                names = []
                f.visit(
                    lambda k, names=names, f=f: (
                        names.append(k) if isinstance(f[k], h5py.Dataset) else None
                    )
                )
                assert names
                for k in names:
                    assert f[k][()].tobytes() == g[k][()].tobytes(), f"{p}:{k} differs"
                    n += 1
    assert n > 30


def test_diverging_training_fails_clearly_and_writes_no_model(tmp_path):
    cfg = _edited(tmp_path, lambda c: c["biexp"]["train"].__setitem__("lr", 1e12))
    target = "results/models/biexp/nd_nd/snr30/seed0.h5"
    res = run_snakemake(tmp_path, "--cores", "1", target, configfile=cfg, check=False)
    assert res.returncode != 0
    log = (tmp_path / "results/logs/train_network/biexp/nd_nd/snr30/seed0.log").read_text()
    assert "training diverged: loss is" in log
    assert not (tmp_path / target).exists()
    assert not list((tmp_path / "results/models").rglob("*.h5*"))


def test_corrupt_input_artefact_is_named_and_nothing_downstream_written(tiny_run, tmp_path):
    wd = tmp_path / "wd"
    shutil.copytree(tiny_run / "results" / "data", wd / "results" / "data")
    bad = wd / "results/data/biexp/snr30/seed0.h5"
    bad.write_bytes(bad.read_bytes()[:2048])
    target = "results/models/biexp/nd_nd/snr30/seed0.h5"
    res = run_snakemake(wd, "--cores", "1", target, check=False)
    assert res.returncode != 0
    log = (wd / "results/logs/train_network/biexp/nd_nd/snr30/seed0.log").read_text()
    assert "results/data/biexp/snr30/seed0.h5 is unreadable" in log
    assert not (wd / target).exists()


def test_html_report_holds_every_figure_and_the_claims(tiny_run, tmp_path):
    report = tmp_path / "report.html"
    run_snakemake(tiny_run, "--report", str(report))
    html = report.read_text(errors="replace")
    assert len(html) > 100_000
    for fig in ("fig5_overview.png", "singular_vectors_nd_reg_dW1.png", "errors.png"):
        assert fig in html
    for text in ("ILR singular vectors", "Claims", "Training", "Accuracy"):
        assert text in html


def test_config_errors_stop_the_workflow_naming_the_key(tmp_path):
    bad = _edited(tmp_path, lambda c: c["biexp"].__setitem__("snr", [30, 0]))
    res = run_snakemake(tmp_path, "-n", configfile=bad, check=False)
    assert res.returncode != 0
    assert "config key biexp.snr[1]" in res.stdout + res.stderr
    odd = _edited(tmp_path, lambda c: c["descramble"]["theory"].__setitem__("snr", 55))
    res = run_snakemake(tmp_path, "-n", configfile=odd, check=False)
    assert res.returncode != 0
    assert "config key descramble.theory" in res.stdout + res.stderr
    assert not (tmp_path / "results").exists()


def _repo_copy(tmp_path):
    """The workflow and library copied, so a test can edit library code."""
    repo = tmp_path / "repo"
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for part in ("src", "workflow", "config", "envs"):
        shutil.copytree(ROOT / part, repo / part, ignore=ignore)
    shutil.copy(ROOT / "Snakefile", repo / "Snakefile")
    return repo


def _pending_with(workdir, snakefile):
    res = run_snakemake(workdir, "--summary", snakefile=snakefile)
    lines = [ln.split("\t") for ln in res.stdout.splitlines() if "\t" in ln]
    col_out, col_plan = lines[0].index("output_file"), lines[0].index("plan")
    return {ln[col_out] for ln in lines[1:] if ln[col_plan] == "update pending"}


def test_a_library_edit_reruns_exactly_the_jobs_whose_code_changed(tiny_run, tmp_path):
    repo = _repo_copy(tmp_path)
    snakefile = repo / "Snakefile"
    # the unedited copy: same code, nothing pending
    assert _pending_with(tiny_run, snakefile) == set()
    fits = repo / "src/descramble/problems/biexp/fits.py"
    # comments and docstrings are not code
    fits.write_text(fits.read_text().replace('"""', '"""Edited docstring. ', 1) + "# note\n")
    assert _pending_with(tiny_run, snakefile) == set()
    # a code change: only analyze_biexp_svd imports the fits, so its jobs and what reads them rerun
    fits.write_text(fits.read_text() + "EDITED = True\n")
    analyses = {f"results/analysis/biexp/{a}/snr{s}/seed0.h5" for a in ARCHS for s in SNRS}
    expected = analyses | {
        "results/tables/biexp_sv_fits.tsv",
        "results/tables/biexp_w1_stats.tsv",
        "results/tables/biexp_target_scale.tsv",
        "results/claims/biexp.tsv",
        "results/tables/claims.tsv",
        "results/figures/biexp/fig5_overview.png",
        *[f"results/figures/biexp/singular_vectors_{a}_{m}.png" for a in ARCHS
          for m in ("W1", "dW1")],
    }  # fmt: skip
    assert _pending_with(tiny_run, snakefile) == expected


def test_deer_artefacts_follow_the_contract(tiny_run):
    from descramble.problems.deer.kernel import kernel

    r = tiny_run / "results"
    d = read_h5(r / "data/deer/snr10/seed0.h5")
    assert d["t"].shape == (64,) and d["r"].shape == (64,) and d["kernel"].shape == (64, 64)
    np.testing.assert_allclose(d["kernel"], kernel(d["t"], d["r"]), rtol=0, atol=1e-12)
    for split, n in (("train", 1000), ("val", 100), ("test", 100)):
        for k in ("signal", "clean", "p"):
            assert d[split][k].shape == (n, 64)
        np.testing.assert_allclose(d[split]["p"].sum(axis=1), 1.0, atol=1e-12)
        assert d[split]["signal"].min() == 0.0 and d[split]["signal"].max() == 1.0  # min-max
    q = read_h5(r / "data/deer/r4/snr10/seed0.h5")  # the quartic variant: r^-4 kernel
    np.testing.assert_allclose(q["kernel"], kernel(q["t"], q["r"], exponent=4), atol=1e-12)
    m = read_h5(r / "models/deer/deernet3/snr10/seed0.h5")
    shapes = [m["layers"][str(i)]["weight"].shape for i in range(3)]
    assert shapes == [(16, 64), (16, 16), (64, 16)]
    assert m["_attrs"]["layers/2"]["activation"] == "sigmoid_renorm"
    np.testing.assert_allclose(m["test"]["pred"].sum(axis=1), 1.0, atol=1e-5)
    # deernet_relu: the 2-layer DEERNet with a ReLU hidden layer, on the main data
    for arch, act in (("deernet", "tanh"), ("deernet_relu", "relu")):
        m = read_h5(r / f"models/deer/{arch}/snr10/seed0.h5")
        assert m["_attrs"]["layers/0"]["activation"] == act
    claims = read_tsv(r / "claims/deer.tsv")
    two_layer = claims[claims["claim"].str.contains("of the 2-layer")]["claim"]
    assert sorted(c.split("2-layer ")[1].split(" ")[0] for c in two_layer) == ["ReLU", "tanh"]


def test_deer_error_table_matches_an_independent_computation(tiny_run):
    r = tiny_run / "results"
    df = read_tsv(r / "tables/deer_errors.tsv")
    assert set(df["method"]) == {"network", "dsp_replica", "tikhonov", "prior_mean"}
    for row in df.to_dict("records"):
        p = read_h5(r / f"data/deer/snr{row['snr']:g}/seed{row['seed']}.h5")["test"]["p"]
        if row["method"] == "network":
            est = read_h5(r / f"models/deer/{row['arch']}/snr{row['snr']:g}/seed{row['seed']}.h5")
            est = est["test"]["pred"]
        elif row["method"] == "prior_mean":  # the mean validation distribution, every trace
            val = read_h5(r / f"data/deer/snr{row['snr']:g}/seed{row['seed']}.h5")["val"]["p"]
            est = np.broadcast_to(val.mean(axis=0), p.shape)
        else:
            b = read_h5(r / f"baselines/deer/snr{row['snr']:g}/seed{row['seed']}.h5")
            est = b["dsp" if row["method"] == "dsp_replica" else "tikhonov"]["p"]
        n = int(row["n_traces"])
        rel = np.linalg.norm(est[:n] - p[:n], axis=1) / np.linalg.norm(p[:n], axis=1)
        assert row["error"] == pytest.approx(rel.mean(), rel=1e-5)
    claims = read_tsv(r / "claims/deer.tsv")
    assert len(claims) >= 10 and claims["holds"].dtype == bool


def test_editing_a_deer_setting_reruns_no_biexp_job(tiny_run, tmp_path):
    cfg = _edited(tmp_path, lambda c: c["deer"]["train"].__setitem__("epochs", 4))
    pending = _pending(tiny_run, cfg)
    assert set(DEER_NETS) <= pending
    assert not {p for p in pending if "biexp" in p or "results/data/" in p}
    shared = {"results/tables/claims.tsv", "results/tables/descramblers.tsv"}
    biexp_tables = {"biexp_errors", "biexp_sv_fits", "biexp_w1_stats", "theorems"}
    assert not {p for p in pending - shared if any(t in p for t in biexp_tables)}
    assert not pending & {"results/claims/descrambling.tsv", "results/claims/biexp.tsv"}


TOY_INTERFACE = '''"""A toy linear problem: signals theta @ M + noise; the net recovers theta."""

import numpy as np

from ...io import read_h5
from ...rng import job_rng

ARCHS = ("lin",)
LOSS_LABEL = "MSE of theta"
SPLITS = ("train", "val", "test")


def _basis(k, m):
    t = np.linspace(0.0, 1.0, m)
    return np.stack([np.cos(np.pi * (j + 1) * t) for j in range(k)])  # (k, m), smooth rows


def extra_inputs(arch):
    return {}


def synthesize(snr, seed, params):
    rng = job_rng(seed, "toy", f"snr{snr:g}")
    M = _basis(params["k"], params["m"])
    out = {}
    for split in SPLITS:
        theta = rng.standard_normal((params[f"n_{split}"], params["k"]))
        clean = theta @ M
        out[split] = {"signal": clean + rng.standard_normal(clean.shape) / snr,
                      "clean": clean, "params": theta}
    return out


def inputs(arch, files, splits=SPLITS, rows=None):
    d = read_h5(files["data"], only=[f"{s}/signal" for s in splits], rows=rows)
    return {s: d[s]["signal"].astype("float32") for s in splits}


def targets(files, splits=SPLITS):
    d = read_h5(files["data"], only=[f"{s}/params" for s in splits])
    return {s: d[s]["params"] for s in splits}


def network(arch, train):
    return dict(train)


def probe_settings(section, arch):
    return {"data": section["data"]}


def fresh_inputs(snr, n, seed, arch, settings):
    p = {**settings["data"], "n_train": n, "n_val": 1, "n_test": 1}
    return synthesize(snr, 10_000 + seed, p)["train"]["signal"].astype("float32")


def theorem_signals(data):
    def make_signals(N, rng):
        return (rng.standard_normal((N, data["k"])) @ _basis(data["k"], data["m"])).T

    return make_signals
'''


def test_a_new_problem_needs_no_shared_code(tmp_path):
    """A third problem: a package, a config section (with its schema), nothing shared edited."""
    repo = _repo_copy(tmp_path)
    pkg = repo / "src/descramble/problems/toy"
    pkg.mkdir()
    (pkg / "__init__.py").write_text('"""A toy problem."""\n')
    (pkg / "interface.py").write_text(TOY_INTERFACE)
    schema = yaml.safe_load((repo / "config/schema.yaml").read_text())
    schema["properties"]["toy"] = {"type": "object", "description": "A toy linear problem."}
    (repo / "config/schema.yaml").write_text(yaml.safe_dump(schema))
    cfg = yaml.safe_load(TINY.read_text())
    cfg["toy"] = {
        "snr": [10], "seeds": [0], "archs": ["lin"],
        "data": {"k": 3, "m": 32, "n_train": 400, "n_val": 50, "n_test": 50},
        "train": {"hidden": [8], "activation": "tanh", "lr": 0.01, "batch_size": 50,
                  "epochs": 5},
        "descramble": {"layers": [0], "criteria": ["fourier"], "probes": ["train", "noise"]},
    }  # fmt: skip
    cfgfile = tmp_path / "toy.yaml"
    cfgfile.write_text(yaml.safe_dump(cfg))
    wd = tmp_path / "wd"
    desc = "results/descramblers/toy/lin/snr10/seed0/layer0/fourier/{}.h5"
    targets = [desc.format(p) for p in ("train", "noise")]
    targets.append("results/figures/toy/training_curves.png")
    run_snakemake(wd, "--cores", "2", *targets, configfile=cfgfile, snakefile=repo / "Snakefile")
    m = read_h5(wd / "results/models/toy/lin/snr10/seed0.h5")
    assert m["layers"]["0"]["weight"].shape == (8, 32) and m["test"]["pred"].shape == (50, 3)
    assert m["history"]["val_loss"][-1] < m["history"]["val_loss"][0]  # it learned
    theta = read_h5(wd / "results/data/toy/snr10/seed0.h5")["test"]["params"]
    assert np.mean((m["test"]["pred"] - theta) ** 2) < np.mean(theta**2)  # beats predicting 0
    for probe in ("train", "noise"):
        d = read_h5(wd / desc.format(probe))
        assert d["_provenance"]["params"]["problem"] == "toy"
        assert certified(d)


def test_phase_artefacts_follow_the_contract(tiny_run):
    """Corollary 3's networks: a circulant CNN layer; tables recomputed from the artefacts."""
    from descramble.descramblers import von_neumann_bound
    from descramble.descramblers.grams import _normalise
    from descramble.operators import fourier_second_derivative

    r = tiny_run / "results"
    cnn = read_h5(r / "models/phase/cnn/snr10/seed0.h5")
    W = cnn["layers"]["0"]["weight"].astype(float)  # (16, 16)
    assert W.shape == (16, 16)
    for i in range(16):  # every row is the kernel rolled: a circular convolution
        assert np.array_equal(W[i], np.roll(W[0], i))
    assert np.ptp(cnn["layers"]["0"]["bias"]) == 0.0
    fc = read_h5(r / "models/phase/fcnn/snr10/seed0.h5")["layers"]["0"]["weight"]
    assert not np.allclose(fc[1], np.roll(fc[0], 1))
    nets = read_tsv(r / "tables/phase_networks.tsv")
    assert len(nets) == 4
    for _, row in nets.iterrows():
        key = f"{row['arch']}/snr10/seed{row['seed']}.h5"
        a = read_h5(r / "analysis/phase" / key)
        # the limit descrambler attains von Neumann's bound for the closed-form limit Gram,
        # which is recomputed here from the weights alone (noise probe: B = W W^T + b b^T)
        layer = read_h5(r / "models/phase" / key)["layers"]["0"]
        Wk, b = layer["weight"].astype(float), layer["bias"].astype(float)
        D = fourier_second_derivative(16)
        A, B = _normalise(D.T @ D), _normalise(Wk @ Wk.T + np.outer(b, b))
        P = a["noise"]["limit_P"]
        assert np.trace(A @ P @ B @ P.T) == pytest.approx(von_neumann_bound(A, B), rel=1e-9)
        dist = np.linalg.norm(P - np.eye(16)) / np.sqrt(32)
        assert row["limit_to_identity"] == pytest.approx(dist, rel=1e-5)
        assert row["to_identity_noise"] == pytest.approx(a["noise"]["to_identity"][-1], rel=1e-5)
        # test error: circular distance of atan2 estimates, computed here with numpy alone
        pred = read_h5(r / "models/phase" / key)["test"]["pred"]
        alpha = read_h5(r / f"data/phase/snr10/seed{row['seed']}.h5")["test"]["alpha"]
        est = np.mod(np.arctan2(pred[:, 1], pred[:, 0]) * 16 / (2 * np.pi), 16)
        d = np.abs(est - np.mod(alpha, 16))
        assert row["test_error"] == pytest.approx(np.minimum(d, 16 - d).mean(), rel=1e-5)
    claims = read_tsv(r / "claims/phase.tsv")
    assert len(claims) >= 8 and set(claims["kind"]) == {"empirical", "control", "consistency"}
    assert claims[claims["kind"] == "consistency"]["holds"].all()


def test_editing_a_phase_setting_reruns_no_other_problem(tiny_run, tmp_path):
    cfg = _edited(tmp_path, lambda c: c["phase"]["analysis"].__setitem__("Ns", [100, 2000]))
    analyses = {p.replace("models", "analysis") for p in PHASE_NETS}
    expected = analyses | {
        "results/tables/phase_networks.tsv",
        "results/tables/phase_sweep.tsv",
        "results/figures/phase/descramblers.png",
        "results/claims/phase.tsv",
        "results/tables/claims.tsv",
    }
    assert _pending(tiny_run, cfg) == expected
    cfg = _edited(tmp_path, lambda c: c["phase"]["train"].__setitem__("epochs", 4))
    pending = _pending(tiny_run, cfg)
    assert set(PHASE_NETS) <= pending
    assert {p for p in pending if "phase" not in p} == {"results/tables/claims.tsv"}


def test_dynamics_artefacts_follow_the_contract(tiny_run):
    """Saxe / Pinson on pure cosines: the tables recomputed against the closed forms' numbers."""
    r = tiny_run / "results"
    modes = read_tsv(r / "tables/dynamics_modes.tsv")
    assert len(modes) == 8  # 2 nets x 4 modes
    for net in ("fcnn", "cnn"):
        m = modes[modes["net"] == net].sort_values("mode")
        assert m["s"].to_numpy() == pytest.approx([3.0, 2**0.5, 0.5**0.5, 0.4], rel=1e-5)
        assert (m["max_dev"] <= 0.03).all()
        assert np.all(np.diff(m["t_half_sim"].to_numpy()) > 0)  # learned in order of s
    cnn = modes[modes["net"] == "cnn"].sort_values("mode")
    fcnn = modes[modes["net"] == "fcnn"].sort_values("mode")
    assert (cnn["speed"] / cnn["speed_theory"]).to_numpy() == pytest.approx(1.0, abs=0.05)
    ratio = cnn["t_half_sim"].to_numpy() / fcnn["t_half_sim"].to_numpy()
    # no extra delay for the constant and the Nyquist image, sqrt(2) for the cosine pairs
    assert ratio == pytest.approx([1.0, 2**0.5, 2**0.5, 1.0], rel=0.03)
    kernel = read_tsv(r / "tables/dynamics_kernel.tsv")
    assert len(kernel) == 1 and kernel["frac_dominant"].iloc[0] >= 0.99
    claims = read_tsv(r / "claims/dynamics.tsv")
    assert len(claims) >= 5 and claims["holds"].all()
    # the model artefact logs every step's mode strengths, and they end at s
    model = read_h5(r / "models/dynamics/fcnn/pure_cosines/seed0.h5")
    assert model["modes"].shape[1] == 4
    assert model["modes"][-1][0] == pytest.approx(3.0, rel=0.02)


def test_mnist_artefacts_follow_the_contract(tiny_run):
    """Pattichis: subspace dimensions and energies, inverse maps, recomputed from the weights."""
    r = tiny_run / "results"
    acc = read_tsv(r / "tables/mnist_accuracy.tsv")
    assert len(acc) == 1
    row = acc.iloc[0]
    assert (row["n_train"], row["n_test"], row["epochs"]) == (1438, 359, 3)
    assert row["test_accuracy"] > 0.5
    sub = read_tsv(r / "tables/mnist_subspaces.tsv").sort_values("layer")
    assert sub["n_in"].tolist() == [64, 256, 256, 128, 32]
    assert sub["dim_null"].tolist() == [0, 0, 128, 96, 22]
    assert (sub["dim_row"] + sub["dim_null"] == sub["n_in"]).all()
    assert np.allclose(sub["energy_row"] + sub["energy_null"], 1.0, atol=1e-8)
    assert sub["dim_left_null"].iloc[0] == 192
    # the ranks recomputed here with numpy from the model's weights
    model = read_h5(r / "models/mnist/fcnn5/digits8x8/seed0.h5")
    for i, dim_row in enumerate(sub["dim_row"]):
        W = model["layers"][str(i)]["weight"].astype(float)
        assert np.linalg.matrix_rank(W) == dim_row
    inv = read_tsv(r / "tables/mnist_inverse.tsv").sort_values("layer")
    assert (inv["local_error_projection"] < 1e-8).all()
    assert (inv["local_error_input"].iloc[:2] < 1e-8).all()  # widening / square layers
    assert (inv["local_error_input"].iloc[2:] > 0.3).all()  # narrowing layers reject a null space
    claims = read_tsv(r / "claims/mnist.tsv")
    assert len(claims) >= 5 and claims["holds"].all()


def test_editing_a_dynamics_setting_reruns_no_other_problem(tiny_run, tmp_path):
    def edit(c):
        c["dynamics"]["datasets"]["pure_cosines"]["train"]["lr"]["cnn"] = 0.0004

    pending = _pending(tiny_run, _edited(tmp_path, edit))
    assert "results/models/dynamics/cnn/pure_cosines/seed0.h5" in pending
    assert "results/models/dynamics/fcnn/pure_cosines/seed0.h5" not in pending
    assert not {p for p in pending if p.startswith("results/data/")}
    assert {p for p in pending if "dynamics" not in p} == {"results/tables/claims.tsv"}


def test_editing_an_mnist_setting_reruns_no_other_problem(tiny_run, tmp_path):
    cfg = _edited(tmp_path, lambda c: c["mnist"]["train"].__setitem__("epochs", 2))
    pending = _pending(tiny_run, cfg)
    assert "results/models/mnist/fcnn5/digits8x8/seed0.h5" in pending
    assert not {p for p in pending if p.startswith("results/data/")}
    assert {p for p in pending if "mnist" not in p} == {"results/tables/claims.tsv"}
    cfg = _edited(tmp_path, lambda c: c["mnist"]["claims"].__setitem__("tolerance", 0.02))
    assert _pending(tiny_run, cfg) == {"results/claims/mnist.tsv", "results/tables/claims.tsv"}
