"""DEER data that scale: the compact store renders the same traces as the full one.

A compact train split keeps the per-trace draws and the noise stream's state;
``read_split`` renders its arrays. These tests hold it to the full store's
bytes (same code path, so exactly), to an independent all-at-once generator
(the pre-store code's arithmetic: one GEMM, one noise draw; equal to
rounding), and check that it is deterministic per seed and small on disk.
"""

import numpy as np
import pytest

from descramble.io import write_h5
from descramble.problems.deer.background import stretched_exponential
from descramble.problems.deer.interface import PROBLEM
from descramble.problems.deer.kernel import DIPOLAR, grids, kernel
from descramble.problems.deer.prior import draw_mixtures
from descramble.problems.deer.synthesize import (
    BLOCK_ROWS,
    DEFAULTS,
    read_split,
    split_is_compact,
    synthesize,
)
from descramble.rng import job_rng

# more rows than one render block, and not a multiple of it
N = BLOCK_ROWS + 1234
SETTINGS = {"n_train": N, "n_val": 30, "n_test": 30}


def _write(path, d, params, snr=10.0, seed=3):
    write_h5(path, d, "deer-data", {"data": params, "snr": snr}, seed)
    return str(path)


@pytest.fixture(scope="module", params=[{}, {"random_noise": True}, {"regime": "sule"}],
                ids=["pnas", "random_noise", "sule"])  # fmt: skip
def pair(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("store")
    kw = {**SETTINGS, **request.param}
    full = synthesize(10.0, 3, **kw)
    compact = synthesize(10.0, 3, store="compact", **kw)
    return (kw, full, compact, _write(tmp / "full.h5", full, kw),
            _write(tmp / "compact.h5", compact, {**kw, "store": "compact"}))  # fmt: skip


def _reference(snr, seed, n, regime="pnas", random_noise=False):
    """The train split as one block: density, one GEMM, one noise draw (independent arithmetic)."""
    c = DEFAULTS
    t, r = grids(c["n_t"], c["t_max"], c["n_r"], None, None, dipolar=DIPOLAR)
    K = kernel(t, r, exponent=3, dipolar=DIPOLAR)
    rng = job_rng(seed, "deer", f"snr{float(snr):g}", "train")
    peaks = draw_mixtures(r, n, rng, n_gauss=c["n_gauss"], width=c["width"])
    sd = np.nan_to_num(peaks["fwhm"], nan=1.0) / (2 * np.sqrt(2 * np.log(2)))  # (n, 4)
    z = (r[None, None, :] - np.nan_to_num(peaks["centre"])[:, :, None]) / sd[:, :, None]
    amp = np.nan_to_num(peaks["amplitude"])  # unused slots weigh 0
    p = (amp[:, :, None] * np.exp(-0.5 * z**2) / sd[:, :, None]).sum(axis=1)
    p /= p.sum(axis=1, keepdims=True)  # (n, n_r)
    form = p @ K.T  # (n, n_t)
    if regime == "sule":
        return {"p": p, "signal": form + rng.standard_normal(form.shape) / snr, "clean": form}
    lam = rng.uniform(*c["depth"], size=n)
    k = rng.uniform(0.0, c["k_max"], size=n)
    d = rng.uniform(*c["d"], size=n)
    frac = rng.random(n) if random_noise else np.ones(n)
    raw = ((1 - lam)[:, None] + lam[:, None] * form) * stretched_exponential(t, k, d)
    noisy = raw + (lam * frac / snr)[:, None] * rng.standard_normal(form.shape)
    lo, hi = noisy.min(axis=1, keepdims=True), noisy.max(axis=1, keepdims=True)
    return {"p": p, "signal": (noisy - lo) / (hi - lo), "clean": (raw - lo) / (hi - lo)}


def test_compact_renders_the_full_stores_bytes(pair):
    kw, full, compact, full_path, compact_path = pair
    assert not split_is_compact(full_path, "train") and split_is_compact(compact_path, "train")
    assert "signal" not in compact["train"] and "signal" in compact["val"]
    got = read_split(compact_path, "train")
    for name in ("signal", "clean", "p"):
        assert got[name].shape == full["train"][name].shape
        assert np.array_equal(got[name], full["train"][name]), name
    # the draws (including offset and scale, made while rendering) are the same
    for key, value in full["train"]["params"].items():
        assert np.array_equal(compact["train"]["params"][key], value, equal_nan=True), key
    # p alone is rendered without the traces or their noise: the same bytes
    only_p = read_split(compact_path, "train", ["p"])["p"]
    assert np.array_equal(only_p, full["train"]["p"])
    assert np.array_equal(read_split(compact_path, "train", ["p"], rows=BLOCK_ROWS + 7)["p"],
                          full["train"]["p"][: BLOCK_ROWS + 7])  # fmt: skip
    # a prefix of rows is the same bytes as the head of the whole
    head = read_split(compact_path, "train", ["signal"], rows=BLOCK_ROWS + 7)["signal"]
    assert np.array_equal(head, full["train"]["signal"][: BLOCK_ROWS + 7])


def test_rendered_traces_equal_an_all_at_once_generator(pair):
    kw, full, *_ = pair
    ref = _reference(10.0, 3, N, kw.get("regime", "pnas"), kw.get("random_noise", False))
    for name in ("signal", "clean", "p"):
        # blocks vs one GEMM: equal up to the rounding of a 256-term dot product
        np.testing.assert_allclose(full["train"][name], ref[name], rtol=0, atol=1e-12)


def test_network_reads_compact_data_as_the_full_store(pair):
    kw, full, compact, full_path, compact_path = pair
    x_full = PROBLEM.inputs("deernet", {"data": full_path}, ("train", "val"))
    x_comp = PROBLEM.inputs("deernet", {"data": compact_path}, ("train", "val"))
    for s in ("train", "val"):
        assert x_comp[s].dtype == np.float32 and np.array_equal(x_comp[s], x_full[s])
    y_full = PROBLEM.targets({"data": full_path}, ("train",))["train"]
    y_comp = PROBLEM.targets({"data": compact_path}, ("train",))["train"]
    assert y_full.dtype == np.float64 and y_comp.dtype == np.float32
    assert np.array_equal(y_comp, y_full.astype(np.float32))
    # the train probe reads a prefix of rows
    assert np.array_equal(PROBLEM.inputs("deernet", {"data": compact_path}, ("train",), rows=50)
                          ["train"], x_full["train"][:50])  # fmt: skip


def test_compact_store_is_deterministic_and_small(tmp_path):
    kw = {"n_train": 20_000, "n_val": 10, "n_test": 10}
    a = synthesize(10.0, 5, store="compact", **kw)
    b = synthesize(10.0, 5, store="compact", **kw)
    pa = _write(tmp_path / "a.h5", a, kw, seed=5)
    pb = _write(tmp_path / "b.h5", b, kw, seed=5)
    ra, rb = read_split(pa, "train"), read_split(pb, "train")
    assert all(np.array_equal(ra[k], rb[k]) for k in ra)
    other = read_split(_write(tmp_path / "c.h5", synthesize(10.0, 6, store="compact", **kw),
                              kw, seed=6), "train", ["signal"])["signal"]  # fmt: skip
    assert not np.allclose(other, ra["signal"])
    full = _write(tmp_path / "full.h5", synthesize(10.0, 5, **kw), kw, seed=5)
    size = {p: __import__("os").path.getsize(p) for p in (pa, full)}
    # three (N, 256) float64 arrays (6 KiB a trace) against 24 draws a trace (~0.19 KiB)
    assert size[pa] < 0.05 * size[full], size


def test_fresh_probes_always_carry_arrays():
    settings = {"data": {**SETTINGS, "store": "compact"}}
    x = PROBLEM.fresh_inputs(10.0, 40, 0, "deernet", settings)
    assert x.shape == (40, 256) and np.all(np.isfinite(x))


def test_bad_store_is_named():
    with pytest.raises(ValueError, match="store must be one of"):
        synthesize(10.0, 0, store="zip", **SETTINGS)
    with pytest.raises(ValueError, match="cannot render"):
        from descramble.problems.deer.synthesize import render

        render(np.zeros(2), np.zeros(2), np.zeros((2, 2)), "pnas", {"depth": []}, None, ["x"])
