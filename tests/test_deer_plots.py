"""The DEER figures are written, are not trivially small, and refuse wrong shapes."""

import numpy as np
import pandas as pd
import pytest

from descramble.operators import trig_basis
from descramble.problems.deer import ensemble, filters, kernel_svd, plots, second_layer

MIN_BYTES = 10_000


def _check(path):
    assert path.exists() and path.stat().st_size > MIN_BYTES


@pytest.fixture(scope="module")
def w1():
    rng = np.random.default_rng(0)
    m, n = 16, 64
    i = np.arange(m)[:, None]
    j = np.arange(n)[None, :]
    PW1 = np.cos(2 * np.pi * (2 * i / m + 0.0008 * j**2)) + 0.05 * rng.standard_normal((m, n))
    Q = ensemble.haar_orthogonal(m, rng)
    return Q @ PW1, PW1


def test_w1_filter_figure(tmp_path, w1):
    W1, PW1 = w1
    p = tmp_path / "fig2.png"
    plots.w1_filter_figure(W1, PW1, p, t=np.linspace(0, 2, W1.shape[1]), zoom=(20, 8))
    _check(p)
    with pytest.raises(ValueError):
        plots.w1_filter_figure(W1, PW1[:, :10], tmp_path / "x.png")
    with pytest.raises(ValueError):
        plots.w1_filter_figure(W1, PW1, tmp_path / "x.png", t=np.arange(3))


def test_kernel_svd_figure(tmp_path, w1):
    W1, PW1 = w1
    rng = np.random.default_rng(1)
    t = np.linspace(0, 2, W1.shape[1])
    r = np.linspace(1.5, 5, 40)
    K = np.cos(2 * np.pi * 52.04 / r[None, :] ** 3 * t[:, None])
    out = kernel_svd.kernel_svd_analysis(PW1, W1, K, rng, k_dln=4, n_null=3)
    p = tmp_path / "kernel_svd.png"
    plots.kernel_svd_figure(out["images"], out["likeness"], p)
    _check(p)
    bad = dict(out["images"])
    del bad["kernel_svd"]
    with pytest.raises(ValueError):
        plots.kernel_svd_figure(bad, out["likeness"], tmp_path / "x.png")


def test_second_layer_figure(tmp_path):
    rng = np.random.default_rng(2)
    n_r, n_link = 60, 20
    x = np.linspace(-1, 1, n_r)
    U = np.linalg.qr(np.polynomial.chebyshev.chebvander(x, n_link - 1))[0]
    V = trig_basis(n_link)
    B = U @ np.diag(np.linspace(4, 1, n_link)) @ V.T
    an = second_layer.analyse_second_layer(B, rng, n_vectors=3, n_null=3)
    p = tmp_path / "fig3.png"
    plots.second_layer_figure(B, an, p, r=np.linspace(1.5, 5, n_r), n_show=3)
    _check(p)
    with pytest.raises(ValueError):
        plots.second_layer_figure(B.T, an, tmp_path / "x.png")


def test_jacobian_figure(tmp_path):
    rng = np.random.default_rng(3)
    P = ensemble.haar_orthogonal(20, rng)
    Pj = P + 0.01 * rng.standard_normal(P.shape)
    entries = [{"k": k, "P_full": P, "P_jac": Pj, "rmae": 0.0125, "label": "raw"} for k in (2, 3)]
    p = tmp_path / "fig_jac.png"
    plots.jacobian_figure(entries, p)
    _check(p)
    with pytest.raises(ValueError):
        plots.jacobian_figure([{"k": 2, "P_full": P, "P_jac": P[:5], "rmae": 0.0}], p)
    with pytest.raises(ValueError):
        plots.jacobian_figure([], p)


def test_notch_width_figure(tmp_path):
    f = np.arange(65.0)
    prof = {
        f"r^{e} kernel": {"freqs": f, "profile": np.minimum(f / w, 1.0) * np.exp(-f / 30),
                          "notch_width": filters.notch_width(np.minimum(f / w, 1.0))}
        for e, w in ((3, 6.0), (4, 3.0))
    }  # fmt: skip
    p = tmp_path / "notch.png"
    plots.notch_width_figure(prof, p)
    _check(p)
    with pytest.raises(ValueError):
        plots.notch_width_figure({"a": {"freqs": f, "profile": f[:5], "notch_width": 1}}, p)


def test_ensemble_figure(tmp_path):
    rng = np.random.default_rng(4)
    Ms = [rng.standard_normal((8, 32)) for _ in range(12)]
    summ = ensemble.ensemble_summary(Ms, rng, n_null=4)
    p = tmp_path / "ens.png"
    plots.ensemble_figure(summ["aligned"]["matrix"], p, summary=summ["aligned"],
                          labels=[str(s) for s in range(12)])  # fmt: skip
    _check(p)
    with pytest.raises(ValueError):
        plots.ensemble_figure(np.ones((3, 4)), p)


def test_error_vs_snr_figure(tmp_path):
    rng = np.random.default_rng(5)
    rows = [
        {"arch": "fc80", "snr": snr, "seed": s, "method": m, "error": rng.uniform(0.1, 1) / snr,
         "seconds_per_trace": {"DEERNet": 1e-5, "DSP replica": 1e-4, "Tikhonov": 1e-2}[m]}
        for snr in (3, 10, 30, 100) for s in range(3)
        for m in ("DEERNet", "DSP replica", "Tikhonov")
    ]  # fmt: skip
    p = tmp_path / "err.png"
    plots.error_vs_snr_figure(pd.DataFrame(rows), p)
    _check(p)
    with pytest.raises(ValueError, match="columns"):
        plots.error_vs_snr_figure(pd.DataFrame(rows).drop(columns="seed"), p)
