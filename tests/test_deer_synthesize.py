"""DEER data synthesis: shapes, seeding, noise levels and the two regimes."""

from __future__ import annotations

import numpy as np
import pytest

from descramble.problems.deer.background import stretched_exponential
from descramble.problems.deer.kernel import kernel
from descramble.problems.deer.synthesize import DEFAULTS, SPLITS, synthesize, unscale

SMALL = {"n_train": 300, "n_val": 40, "n_test": 50}


@pytest.fixture(scope="module")
def pnas():
    return synthesize(20, 7, regime="pnas", **SMALL)


@pytest.fixture(scope="module")
def sule():
    return synthesize(10, 7, regime="sule", **SMALL)


@pytest.mark.parametrize("name", ["pnas", "sule"])
def test_shapes(name, request):
    out = request.getfixturevalue(name)
    assert out["t"].shape == (256,) and out["r"].shape == (256,)
    assert out["kernel"].shape == (256, 256)
    for split in SPLITS:
        n = SMALL[f"n_{split}"]
        d = out[split]
        assert d["signal"].shape == d["clean"].shape == (n, 256)
        assert d["p"].shape == (n, 256)
        assert d["signal"].dtype == np.float64
        for key in ("depth", "k", "d", "sigma", "sigma_scaled", "offset", "scale", "n_gauss"):
            assert d["params"][key].shape == (n,), key
        np.testing.assert_allclose(d["p"].sum(axis=1), 1.0, atol=1e-12)
        assert np.all(d["p"] >= 0)


def test_determinism_and_snr_streams():
    a = synthesize(10, 3, **SMALL)
    b = synthesize(10, 3, **SMALL)
    c = synthesize(30, 3, **SMALL)
    d = synthesize(10, 4, **SMALL)
    for split in SPLITS:
        for key in ("signal", "clean", "p"):
            assert a[split][key].tobytes() == b[split][key].tobytes()
        assert not np.allclose(a[split]["p"], c[split]["p"])
        assert not np.allclose(a[split]["p"], d[split]["p"])
    # 10 and 10.0 name the same stream.
    assert synthesize(10.0, 3, **SMALL)["test"]["signal"].tobytes() == a["test"]["signal"].tobytes()
    # Splits have their own streams: the test set does not depend on n_train.
    e = synthesize(10, 3, n_train=5, n_val=40, n_test=50)
    assert e["test"]["signal"].tobytes() == a["test"]["signal"].tobytes()


def test_sule_clean_is_kernel_times_p_and_noise_is_one_over_snr(sule):
    K = sule["kernel"]
    tr = sule["train"]
    np.testing.assert_array_equal(tr["clean"], tr["p"] @ K.T)
    np.testing.assert_allclose(tr["clean"][:, 0], 1.0, atol=1e-12)
    np.testing.assert_array_equal(tr["params"]["sigma"], 0.1)
    noise = tr["signal"] - tr["clean"]  # 300 * 256 = 76800 draws
    # std of the sample std ~ sigma / sqrt(2 n) = 2.6e-4: a 1 % band is > 3 sd.
    assert abs(noise.std() - 0.1) < 1e-3
    assert abs(noise.mean()) < 1e-3
    np.testing.assert_array_equal(tr["params"]["scale"], 1.0)
    np.testing.assert_array_equal(tr["params"]["offset"], 0.0)


def test_pnas_min_max_scaling_and_noise_level(pnas):
    tr = pnas["train"]
    par = tr["params"]
    sig = tr["signal"]
    np.testing.assert_allclose(sig.min(axis=1), 0.0, atol=1e-15)
    np.testing.assert_allclose(sig.max(axis=1), 1.0, atol=1e-15)
    # Noise relative to the modulation depth: sigma = depth / snr.
    np.testing.assert_allclose(par["sigma"], par["depth"] / 20, rtol=1e-15)
    np.testing.assert_allclose(par["sigma_scaled"], par["sigma"] / par["scale"], rtol=1e-15)
    z = (sig - tr["clean"]) / par["sigma_scaled"][:, None]
    assert abs(z.std() - 1.0) < 0.01 and abs(z.mean()) < 0.01
    # Parameters within their configured ranges.
    assert np.all((par["depth"] >= 0.01) & (par["depth"] <= 1.0))
    assert np.all((par["k"] >= 0) & (par["k"] <= 0.5))
    assert np.all((par["d"] >= 2.0) & (par["d"] <= 3.5))
    assert set(np.unique(par["n_gauss"])) <= {1, 2, 3, 4}


def test_pnas_clean_is_the_forward_model(pnas):
    tr = pnas["test"]
    par = tr["params"]
    lam = par["depth"][:, None]
    B = stretched_exponential(pnas["t"], par["k"], par["d"])
    raw = ((1 - lam) + lam * (tr["p"] @ pnas["kernel"].T)) * B
    np.testing.assert_allclose(unscale(tr["clean"], par), raw, atol=1e-12)
    # Before scaling the clean trace starts at V(0) = 1.
    np.testing.assert_allclose(raw[:, 0], 1.0, atol=1e-12)


def test_random_noise_level_like_deernet():
    out = synthesize(20, 1, random_noise=True, n_train=400, n_val=0, n_test=0)
    par = out["train"]["params"]
    ratio = par["sigma"] / (par["depth"] / 20)  # U[0, 1) per trace
    assert ratio.min() >= 0 and ratio.max() < 1
    assert abs(ratio.mean() - 0.5) < 0.05  # sd of the mean of 400 uniforms is 0.014


def test_noise_max_is_deernets_ceiling_at_any_snr_label():
    # DEERNet: per-trace noise RMS U[0, 5 %) of the depth, here inside a grid labelled SNR 10
    kw = {"random_noise": True, "n_train": 400, "n_val": 0, "n_test": 0}
    dn = synthesize(10, 1, noise_max=0.05, **kw)["train"]
    snr20 = synthesize(20, 1, **kw)["train"]  # the same noise law under its own label
    label = synthesize(10, 1, **kw)["train"]  # same streams, ceiling 1 / 10
    ratio = dn["params"]["sigma"] / dn["params"]["depth"]
    assert ratio.min() >= 0 and ratio.max() < 0.05 and abs(ratio.mean() - 0.025) < 0.0025
    # the snr label names the streams: every draw equals the label's, only sigma is halved
    np.testing.assert_array_equal(dn["params"]["depth"], label["params"]["depth"])
    np.testing.assert_allclose(dn["params"]["sigma"], label["params"]["sigma"] / 2, rtol=1e-15)
    assert not np.array_equal(dn["params"]["depth"], snr20["params"]["depth"])
    with pytest.raises(ValueError, match="noise_max"):
        synthesize(10, 1, noise_max=-0.1, **kw)
    with pytest.raises(ValueError, match="noise_max"):
        synthesize(10, 1, noise_max=float("nan"), **kw)


def test_noise_free_and_quartic():
    quartic = synthesize(np.inf, 0, regime="sule", exponent=4, n_train=20, n_val=0, n_test=0)
    cubic = synthesize(np.inf, 0, regime="sule", n_train=20, n_val=0, n_test=0)
    tr = quartic["train"]
    np.testing.assert_array_equal(tr["signal"], tr["clean"])
    np.testing.assert_array_equal(tr["params"]["sigma"], 0.0)
    # Both kernels live on one distance grid; the quartic one is the r^4 law there.
    np.testing.assert_array_equal(quartic["r"], cubic["r"])
    np.testing.assert_array_equal(quartic["kernel"], kernel(quartic["t"], quartic["r"], exponent=4))
    assert np.abs(quartic["kernel"] - cubic["kernel"]).max() > 0.5


def test_defaults_are_the_signature():
    assert set(DEFAULTS) >= {"regime", "n_t", "t_max", "n_r", "exponent", "dipolar"}
    assert DEFAULTS["n_t"] == 256 and DEFAULTS["t_max"] == 2.0 and DEFAULTS["dipolar"] == 52.04
    with pytest.raises(TypeError):
        synthesize(10, 0, n_trian=5)


@pytest.mark.parametrize(
    "bad",
    [
        {"regime": "other"},
        {"depth": (0.0, 1.0)},
        {"depth": (0.5, 1.2)},
        {"d": (3.0, 2.0)},
        {"k_max": -0.1},
        {"n_gauss": (0, 4)},
        {"n_gauss": (3, 2)},
        {"width": (0.6, 0.1)},
        {"n_t": 1},
        {"t_max": 0.0},
        {"n_train": -1},
        {"n_train": 2.5},
        {"r_min": 4.0, "r_max": 3.0},
        {"exponent": 0},
    ],
)
def test_out_of_range_parameters_raise(bad):
    with pytest.raises(ValueError):
        synthesize(10, 0, **{**SMALL, **bad})


@pytest.mark.parametrize("snr", [0, -5, float("nan")])
def test_bad_snr_raises(snr):
    with pytest.raises(ValueError):
        synthesize(snr, 0, n_train=1)
