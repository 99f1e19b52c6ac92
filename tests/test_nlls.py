"""Tests for the forward model's known answers and the batched NLLS."""

import math

import numpy as np
import pytest
from scipy.optimize import least_squares

from descramble.problems.biexp import nlls as nlls_module
from descramble.problems.biexp.nlls import _Grid, _pairs, nlls
from descramble.problems.biexp.signals import biexp, biexp_jacobian

T_AXIS = np.linspace(0.0, 800.0, 64)
LAM = 1.6e-4
BOUNDS = (50.0, 500.0)
C = (0.6, 0.4)


def _ordered_pairs(rng, n, lo=75.0, hi=475.0):
    return np.sort(rng.uniform(lo, hi, size=(n, 2)), axis=1)


def _objective(t, d, p, lam):
    r = biexp(t, p) - d
    return np.sum(r * r, axis=-1) + lam**2 * np.sum(p * p, axis=-1)


def _scipy_fit(t, d, x0, lam=LAM):
    """Per-curve reference: least_squares 'trf' on [G(p) - d; lam p]."""
    eye = lam * np.eye(2)

    def fun(p):
        return np.concatenate([biexp(t, p) - d, lam * p])

    def jac(p):
        return np.vstack([biexp_jacobian(t, p), eye])

    sol = least_squares(
        fun,
        np.asarray(x0, dtype=float),
        jac=jac,
        bounds=BOUNDS,
        method="trf",
        ftol=1e-15,
        xtol=1e-15,
        gtol=1e-15,
        max_nfev=5000,
    )
    return sol.x, float(sol.fun @ sol.fun)


# --- forward model known answers -------------------------------------------


def test_biexp_hand_values():
    t = np.array([0.0, 100.0, 250.0, 800.0])
    T2 = np.array([100.0, 400.0])
    expected = [0.6 * math.exp(-ti / 100.0) + 0.4 * math.exp(-ti / 400.0) for ti in t]
    np.testing.assert_allclose(biexp(t, T2), expected, rtol=0, atol=1e-12)
    # literal values: 1, 0.6/e + 0.4 e^(-1/4)
    assert biexp(t, T2)[0] == pytest.approx(1.0, abs=1e-12)
    assert biexp(t, T2)[1] == pytest.approx(0.5322479779314274, abs=1e-12)
    # batch axes and other fractions
    T = np.array([[[50.0, 500.0]], [[80.0, 80.0]]])  # (2, 1, 2)
    out = biexp(t, T, c=(0.3, 0.7))
    assert out.shape == (2, 1, 4)
    assert out[1, 0, 2] == pytest.approx(math.exp(-250.0 / 80.0), abs=1e-12)


def test_biexp_jacobian_central_differences():
    rng = np.random.default_rng(0)
    T = rng.uniform(50.0, 500.0, size=(20, 2))
    J = biexp_jacobian(T_AXIS, T)  # (20, 64, 2)
    assert J.shape == (20, 64, 2)
    for k in range(2):
        h = np.zeros(2)
        h[k] = 1e-5
        step = h * T  # relative step 1e-5: truncation ~1e-10, rounding ~1e-11 of max|J|
        fd = (biexp(T_AXIS, T + step) - biexp(T_AXIS, T - step)) / (2.0 * step[:, k : k + 1])
        np.testing.assert_allclose(J[..., k], fd, rtol=1e-6, atol=1e-10 * np.abs(J).max())


def _decays(grid, T, c=(1.0, 1.0)):
    """The solver's exponentials ``c_i exp(-t/T_i)``, (n, 2) -> two (n, m)."""
    n = T.shape[0]
    ws = grid.workspace(n)
    R = ws.view("R", (3, grid.m_pad, n))
    E, _ = grid.decays(np.ascontiguousarray(T.T), np.asarray(c, float), R, ws)
    return E[0].T, E[1].T


@pytest.mark.parametrize("t", [T_AXIS, np.linspace(10.0, 500.0, 33), np.geomspace(1.0, 800.0, 40)])
def test_decays_match_exp(t):
    rng = np.random.default_rng(1)
    T = rng.uniform(20.0, 3000.0, size=(50, 2))
    e1, e2 = _decays(_Grid(t), T)
    np.testing.assert_allclose(e1, np.exp(-t / T[:, :1]), rtol=1e-14, atol=0)
    np.testing.assert_allclose(e2, np.exp(-t / T[:, 1:]), rtol=1e-14, atol=0)


@pytest.mark.parametrize(
    "t", [T_AXIS, np.linspace(10.0, 500.0, 33), np.linspace(5.0, 800.0, 9), np.linspace(0, 800, 2)]
)
def test_closed_form_sums_match_direct_sums(t):
    """The arithmetic-grid path (powers, geometric sums) against explicit sums."""
    rng = np.random.default_rng(8)
    n = 300
    P = np.exp(rng.uniform(np.log(20.0), np.log(3000.0), size=(2, n)))  # (2, n)
    dT = rng.normal(0.3, 0.2, size=(t.size, n))
    c = np.array(C)
    out = []
    for generic in (False, True):
        grid = _Grid(t, generic=generic)
        assert grid.uniform is not generic
        fu, W1, W2 = grid.evaluate(P, c, _pairs(c[:, None]), dT, dT * t[:, None], grid.workspace(n))
        out.append((fu.copy(), W1, W2))
    (fu, W1, W2), (fu_ref, W1_ref, W2_ref) = out
    np.testing.assert_allclose(fu, fu_ref, rtol=1e-13)
    # T up to ~4x the record length: the geometric moments cancel a little
    np.testing.assert_allclose(W1, W1_ref, rtol=1e-12)
    np.testing.assert_allclose(W2, W2_ref, rtol=5e-12)


# --- batched NLLS -----------------------------------------------------------


@pytest.mark.parametrize("snr", [30.0, 100.0])
@pytest.mark.parametrize("start", [(275.0, 275.0), (100.0, 400.0)])
def test_agrees_with_scipy_reference(snr, start):
    rng = np.random.default_rng(int(snr))
    T = _ordered_pairs(rng, 200)
    d = biexp(T_AXIS, T) + rng.normal(0.0, 1.0 / snr, size=(200, 64))
    res = nlls(T_AXIS, d, lam=LAM, bounds=BOUNDS, starts=(start,))
    ref = [_scipy_fit(T_AXIS, di, start) for di in d]
    p_ref = np.array([r[0] for r in ref])
    f_ref = np.array([r[1] for r in ref])

    assert res.converged.all()
    # reported objective is what it says
    np.testing.assert_allclose(res.objective, _objective(T_AXIS, d, res.params, LAM), rtol=1e-12)
    rel_f = (res.objective - f_ref) / f_ref
    same = np.abs(rel_f) <= 1e-9  # both at the same optimum
    assert same.mean() >= 0.9
    rel_p = np.abs(res.params - p_ref) / p_ref
    assert rel_p[same].max() <= 1e-3
    # where they differ, the batched fit is not (meaningfully) worse
    assert rel_f.max() <= 1e-9


@pytest.mark.parametrize(
    "t",
    [np.linspace(10.0, 800.0, 50), np.geomspace(5.0, 800.0, 40)],
    ids=["offset-grid", "log-grid"],
)
def test_agrees_with_scipy_on_other_grids(t):
    """t_0 != 0 and m not a square (closed forms), and a non-uniform grid (direct sums)."""
    rng = np.random.default_rng(9)
    T = _ordered_pairs(rng, 80)
    d = biexp(t, T) + rng.normal(0.0, 0.02, size=(80, t.size))
    start = (100.0, 400.0)
    res = nlls(t, d, lam=LAM, bounds=BOUNDS, starts=(start,))
    f_ref = np.array([_scipy_fit(t, di, start)[1] for di in d])
    assert res.converged.all()
    np.testing.assert_allclose(res.objective, _objective(t, d, res.params, LAM), rtol=1e-12)
    rel_f = (res.objective - f_ref) / f_ref
    assert np.mean(np.abs(rel_f) <= 1e-9) >= 0.9
    assert rel_f.max() <= 1e-9


def test_fast_path_matches_direct_reference(monkeypatch):
    """Same optima from the closed-form path and from the direct one (m exps, explicit sums).

    The two differ only in rounding (~1e-13 in the sums), so their paths
    agree to within the stopping tolerance: objectives to 1e-9 relative
    (tol = 1e-10), parameters to 1e-4 relative (flat valleys).
    """
    rng = np.random.default_rng(10)
    T = _ordered_pairs(rng, 400)
    d = biexp(T_AXIS, T) + rng.normal(0.0, 1.0 / 30.0, size=(400, 64))
    starts = ((275.0, 275.0), (100.0, 400.0))
    fast = nlls(T_AXIS, d, starts=starts)
    monkeypatch.setattr(nlls_module, "_Grid", lambda t: _Grid(t, generic=True))
    ref = nlls(T_AXIS, d, starts=starts)
    assert fast.converged.all() and ref.converged.all()
    rel_f = np.abs(fast.objective_per_start / ref.objective_per_start - 1.0)
    assert rel_f.max() <= 1e-9
    np.testing.assert_allclose(fast.params_per_start, ref.params_per_start, rtol=1e-4)
    assert np.abs(fast.iterations - ref.iterations).max() <= 2


def test_converged_points_are_stationary():
    """Where a run reports convergence, the (projected) Newton decrement is ~tol * f."""
    rng = np.random.default_rng(11)
    T = np.vstack([_ordered_pairs(rng, 200), rng.uniform(20.0, 900.0, size=(40, 2))])
    d = biexp(T_AXIS, T) + rng.normal(0.0, 0.03, size=(T.shape[0], 64))
    res = nlls(T_AXIS, d, starts=((275.0, 275.0), (100.0, 400.0)))
    p = res.params_per_start.reshape(-1, 2)
    f = res.objective_per_start.ravel()
    dd = np.repeat(d, 2, axis=0)
    J = biexp_jacobian(T_AXIS, p)  # (n, 64, 2)
    g = np.einsum("nmi,nm->ni", J, biexp(T_AXIS, p) - dd) + LAM**2 * p
    H = np.einsum("nmi,nmj->nij", J, J) + LAM**2 * np.eye(2)
    # held at a bound with the gradient pointing out: drop that variable
    free = ~(((p <= BOUNDS[0]) & (g > 0)) | ((p >= BOUNDS[1]) & (g < 0)))
    assert (~free).any()  # some fits end on a bound
    gf = g * free
    Hf = np.where(free[:, :, None] & free[:, None, :], H, np.eye(2))
    decrement = np.einsum("ni,ni->n", gf, np.linalg.solve(Hf, gf[..., None])[..., 0])
    assert res.converged.all()
    assert np.all(decrement <= 1e-8 * f)


def test_iteration_cap():
    rng = np.random.default_rng(12)
    T = _ordered_pairs(rng, 200)
    d = biexp(T_AXIS, T) + rng.normal(0.0, 1.0 / 30.0, size=(200, 64))
    full = nlls(T_AXIS, d, starts=((100.0, 400.0),))
    capped = nlls(T_AXIS, d, starts=((100.0, 400.0),), max_iter=5)
    assert capped.iterations.max() == 5 and full.iterations.max() > 5
    # a run that converged within the cap is the same run
    early = full.iterations <= 5
    assert early.any() and (~early).any()
    np.testing.assert_array_equal(capped.converged, early)
    np.testing.assert_array_equal(capped.params[early], full.params[early])
    np.testing.assert_array_equal(capped.iterations[~early], 5)
    # the others stop where the capped run was: no better than the full fit
    assert np.all(capped.objective[~early] >= full.objective[~early])
    start = nlls(T_AXIS, d[:3], starts=((100.0, 400.0),), max_iter=0)
    assert not start.converged.any() and (start.iterations == 0).all()
    np.testing.assert_array_equal(start.params, np.tile([100.0, 400.0], (3, 1)))


def test_recovers_noiseless_parameters_without_penalty():
    rng = np.random.default_rng(2)
    T = _ordered_pairs(rng, 300)
    res = nlls(T_AXIS, biexp(T_AXIS, T), lam=0.0, starts=((100.0, 400.0),))
    assert res.converged.all()
    np.testing.assert_allclose(res.params, T, rtol=1e-8)
    np.testing.assert_allclose(res.curve, biexp(T_AXIS, T), atol=1e-12)


def test_noiseless_bias_matches_linearised_penalty_bias():
    """With lam > 0 the optimum moves by about -(J^T J + lam^2 I)^-1 lam^2 p."""
    rng = np.random.default_rng(3)
    T = np.column_stack([rng.uniform(60.0, 150.0, 100), rng.uniform(250.0, 450.0, 100)])
    res = nlls(T_AXIS, biexp(T_AXIS, T), lam=LAM, starts=((100.0, 400.0),))
    J = biexp_jacobian(T_AXIS, T)  # (n, 64, 2)
    H = np.einsum("nmi,nmj->nij", J, J) + LAM**2 * np.eye(2)
    bias = -np.linalg.solve(H, LAM**2 * T[..., None])[..., 0]  # (n, 2)
    # the penalty bias is not negligible (up to ~1% here) ...
    assert np.abs(bias / T).max() > 1e-3
    # ... and the fit lands on the linearised prediction to 10% of it
    err = np.linalg.norm(res.params - T - bias, axis=1)
    assert np.all(err <= 0.1 * np.linalg.norm(bias, axis=1))


def test_respects_bounds():
    T = np.array([[20.0, 900.0], [20.0, 200.0], [100.0, 900.0], [30.0, 40.0], [700.0, 900.0]])
    rng = np.random.default_rng(4)
    d = biexp(T_AXIS, T) + rng.normal(0.0, 0.01, size=(5, 64))
    res = nlls(T_AXIS, d, bounds=BOUNDS, starts=((275.0, 275.0), (100.0, 400.0)))
    assert np.all(res.params_per_start >= BOUNDS[0])
    assert np.all(res.params_per_start <= BOUNDS[1])
    assert res.converged.all()
    # truths beyond a bound end on it
    assert res.params[0, 0] == BOUNDS[0]
    assert res.params[4, 1] == BOUNDS[1]
    # bounded optima are as good as the reference's from the same start
    for i in range(5):
        _, f_ref = _scipy_fit(T_AXIS, d[i], (100.0, 400.0))
        assert res.objective_per_start[i, 1] <= f_ref * (1 + 1e-9)


def test_multistart_keeps_lowest_objective():
    rng = np.random.default_rng(5)
    T = _ordered_pairs(rng, 300)
    d = biexp(T_AXIS, T) + rng.normal(0.0, 1.0 / 30.0, size=(300, 64))
    starts = ((275.0, 275.0), (100.0, 400.0), (60.0, 480.0))
    res = nlls(T_AXIS, d, starts=starts)
    single = [nlls(T_AXIS, d, starts=(s,)) for s in starts]
    f = np.column_stack([r.objective for r in single])  # (n, S)
    np.testing.assert_array_equal(res.objective_per_start, f)
    np.testing.assert_array_equal(res.start_index, np.argmin(f, axis=1))
    np.testing.assert_array_equal(res.objective, f.min(axis=1))
    for k, r in enumerate(single):
        won = res.start_index == k
        np.testing.assert_array_equal(res.params[won], r.params[won])
        np.testing.assert_array_equal(res.iterations[won], r.iterations[won])
    assert len(np.unique(res.start_index)) > 1  # the starts do matter


def test_deterministic_and_independent_of_chunking():
    rng = np.random.default_rng(6)
    T = _ordered_pairs(rng, 500)
    d = biexp(T_AXIS, T) + rng.normal(0.0, 0.05, size=(500, 64))
    starts = ((275.0, 275.0), (100.0, 400.0))
    a = nlls(T_AXIS, d, starts=starts)
    # a misaligned copy of the same values
    buf = np.empty(d.size + 1)
    d2 = buf[1:].reshape(d.shape)
    d2[...] = d
    b = nlls(T_AXIS, d2, starts=starts, chunk_size=64, workers=2)
    c = nlls(T_AXIS, d[7], starts=starts)
    for key in a:
        assert a[key].tobytes() == b[key].tobytes(), key
        assert c[key].tobytes() == a[key][7].tobytes(), key


def test_shapes_and_attributes():
    rng = np.random.default_rng(7)
    T = _ordered_pairs(rng, 12).reshape(3, 4, 2)
    res = nlls(T_AXIS, biexp(T_AXIS, T), starts=((275.0, 275.0), (100.0, 400.0)))
    assert res.params.shape == (3, 4, 2)
    assert res.curve.shape == (3, 4, 64)
    assert res.objective.shape == res.converged.shape == (3, 4)
    assert res.start_index.shape == res.iterations.shape == (3, 4)
    assert res.params_per_start.shape == (3, 4, 2, 2)
    assert res.objective_per_start.shape == (3, 4, 2)
    assert res.converged.dtype == bool
    assert res["params"] is res.params
    np.testing.assert_allclose(res.curve, biexp(T_AXIS, res.params), rtol=1e-14, atol=0)
    t = np.geomspace(1.0, 800.0, 64)  # direct exponentials: exactly biexp
    res = nlls(t, biexp(t, T), starts=((275.0, 275.0), (100.0, 400.0)))
    np.testing.assert_array_equal(res.curve, biexp(t, res.params))
    one = nlls(T_AXIS, biexp(T_AXIS, T[0, 0]))
    assert one.params.shape == (2,) and one.curve.shape == (64,) and one.objective.shape == ()


def test_rejects_bad_input():
    with pytest.raises(ValueError):
        nlls(T_AXIS, np.zeros((3, 63)))
    with pytest.raises(ValueError):
        nlls(T_AXIS, np.zeros((3, 64)), starts=())
    with pytest.raises(ValueError):
        nlls(T_AXIS, np.zeros((3, 64)), bounds=(500.0, 50.0))
    d = np.zeros((3, 64))
    d[1, 5] = np.nan
    with pytest.raises(ValueError):
        nlls(T_AXIS, d)


def test_fit_data_is_the_fit_nlls_artefact(caplog):
    """Reg curves of every split from the anchors' start; the baseline from ordered starts."""
    import logging

    from descramble.problems.biexp.nlls import NLLS_KEYS, fit_data
    from descramble.problems.biexp.synthesize import synthesize

    data = synthesize(30.0, 0, n_train=5, n_val=3, n_test=4)
    settings = {"lam": LAM, "bounds": list(BOUNDS), "starts": [[275.0, 275.0]],
                "baseline_starts": [[100.0, 400.0]]}  # fmt: skip
    with caplog.at_level(logging.INFO, logger="t"):
        out = fit_data(data, settings, C, logger=logging.getLogger("t"))
    assert set(out) == {"train", "val", "test"}
    for split, n in (("train", 5), ("val", 3), ("test", 4)):
        assert set(NLLS_KEYS) <= set(out[split])
        assert out[split]["params"].shape == (n, 2) and out[split]["curve"].shape == (n, 64)
    direct = nlls(data["t"], data["test"]["signal"], c=C, lam=LAM, bounds=BOUNDS,
                  starts=((100.0, 400.0),))  # fmt: skip
    np.testing.assert_array_equal(out["test"]["baseline_params"], direct["params"])
    reg = nlls(data["t"], data["val"]["signal"], c=C, lam=LAM, bounds=BOUNDS,
               starts=((275.0, 275.0),))  # fmt: skip
    np.testing.assert_array_equal(out["val"]["curve"], reg["curve"])
    assert "test baseline from starts" in caplog.text and "val: 3 curves" in caplog.text
