"""A descrambling job on a real (small) network: signals, exact optimum, iterative, Jacobian."""

import numpy as np
import pytest
from rounding import assert_close_to_rounding

from descramble.descramblers import certified
from descramble.descramblers.job import descramble_job, operator
from descramble.probes import layer_signals, probes


def _layers(rng, sizes=(12, 10, 8, 2), act="relu"):
    out = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
        out.append({"weight": rng.standard_normal((b, a)).astype(np.float32),
                    "bias": rng.standard_normal(b).astype(np.float32),
                    "activation": act if i < len(sizes) - 2 else "linear"})  # fmt: skip
    return out


def test_layer_signals_match_an_independent_forward_pass():
    rng = np.random.default_rng(0)
    L = _layers(rng)
    X = rng.standard_normal((50, 12))
    Z0, H0 = layer_signals(L, X, 0)
    np.testing.assert_allclose(Z0, L[0]["weight"] @ X.T + L[0]["bias"][:, None], rtol=1e-6)
    np.testing.assert_array_equal(H0, X.T)
    h1 = np.maximum(L[0]["weight"].astype(float) @ X.T + L[0]["bias"][:, None], 0)
    Z1, _ = layer_signals(L, X, 1)
    assert_close_to_rounding(Z1, L[1]["weight"] @ h1 + L[1]["bias"][:, None], n_terms=12 * 10)
    with pytest.raises(ValueError, match="layer 3 out of range"):
        layer_signals(L, X, 3)


@pytest.mark.parametrize("criterion", ["fourier", "fd2"])
def test_exact_job_attains_the_bound_and_its_numbers_recompute(criterion):
    rng = np.random.default_rng(1)
    L = _layers(rng)
    X = rng.standard_normal((400, 12))
    r = descramble_job(L, X, 1, criterion)
    P, A, B = r["P"], r["operator_gram"], r["gram"]
    np.testing.assert_allclose(P @ P.T, np.eye(8), atol=1e-12)
    np.testing.assert_allclose(r["descrambled_weight"], P @ L[1]["weight"], rtol=1e-12)
    assert r["objective"] == pytest.approx(np.trace(A @ P @ B @ P.T), rel=1e-12)
    assert r["identity_objective"] == pytest.approx(np.trace(A @ B), rel=1e-12)
    assert certified(r)
    # A is the normalised D^T D of the named operator: n * D^T D / ||D^T D||_2
    D = operator(criterion, 8)
    DtD = D.T @ D
    np.testing.assert_allclose(A, 8 * DtD / np.linalg.norm(DtD, 2), atol=1e-12)


def test_iterative_job_reaches_the_exact_optimum():
    rng = np.random.default_rng(2)
    L = _layers(rng, sizes=(10, 6, 2))
    X = rng.standard_normal((300, 10))
    it = descramble_job(L, X, 0, "fourier_iter", gap_tol=1e-8)
    ex = descramble_job(L, X, 0, "fourier")
    assert it["objective"] == pytest.approx(ex["objective"], rel=1e-6)
    assert it["facts"]["method"] == "cayley-lbfgs"


def test_jacobian_probe_of_a_linear_network_is_the_centred_signal():
    rng = np.random.default_rng(3)
    L = _layers(rng, act="linear")
    X = rng.standard_normal((200, 12))
    jac = descramble_job(L, X, 1, "fourier_jac")
    Z, _ = layer_signals(L, X, 1)
    # for a linear network J(x_bar)(X - x_bar) is exactly the centred pre-activation
    Zc = Z - Z.mean(axis=1, keepdims=True)
    from descramble.descramblers import smoothness_grams

    _, B = smoothness_grams(operator("fourier", 8), Zc, normalise=True)
    np.testing.assert_allclose(jac["gram"], B, rtol=1e-8, atol=1e-10)


def test_jacobian_probe_with_offset_of_a_linear_network_is_the_full_descrambler():
    rng = np.random.default_rng(3)
    L = _layers(rng, act="linear")
    X = rng.standard_normal((200, 12))
    # Sule eq. 10 as written: f(x_bar) + J(x_bar)(X - x_bar) is exact for an affine network, so
    # the criterion sees the layer's own signals (its mean included) and gives the full P
    full, jaco = descramble_job(L, X, 1, "fourier"), descramble_job(L, X, 1, "fourier_jac_offset")
    np.testing.assert_allclose(jaco["gram"], full["gram"], rtol=1e-8, atol=1e-10)
    # not P itself: the exact P follows eigenvector pairings that last bits can move (the
    # Jacobian runs through float32 weights); the optimum's value is what the Grams fix
    assert jaco["objective"] == pytest.approx(full["objective"], rel=1e-6)
    # the centred probe drops the mean: a different Gram, unless the signals had none
    centred = descramble_job(L, X, 1, "fourier_jac")
    assert np.abs(centred["gram"] - full["gram"]).max() > 1e-3


def test_post_activation_criteria_read_the_layer_after_its_activation():
    rng = np.random.default_rng(4)
    L = _layers(rng, act="tanh")
    X = rng.standard_normal((300, 12))
    Z, _ = layer_signals(L, X, 0)
    from descramble.descramblers import smoothness_grams

    _, B = smoothness_grams(operator("fourier", Z.shape[0]), np.tanh(Z), normalise=True)
    post = descramble_job(L, X, 0, "fourier_post")
    np.testing.assert_allclose(post["gram"], B, rtol=1e-8, atol=1e-10)
    # eq. 10 after the activation: f(x_bar) + J (X - x_bar) with f = tanh(W x + b) differs from
    # tanh(Z) at second order in the inputs' spread (tanh is curved): half the spread, a quarter
    # of the error in the (normalised) Gram
    def gap(spread):
        Xs = X.mean(axis=0) + spread * (X - X.mean(axis=0))
        Zs, _ = layer_signals(L, Xs, 0)
        _, Bs = smoothness_grams(operator("fourier", Z.shape[0]), np.tanh(Zs), normalise=True)
        return np.abs(descramble_job(L, Xs, 0, "fourier_jac_offset_post")["gram"] - Bs).max()

    assert 3.0 < gap(0.04) / gap(0.02) < 5.0


def test_probes_are_seeded_and_named():
    a = probes("noise", "biexp", "nd_nd", 100, 0, n_inputs=128)
    b = probes("noise", "biexp", "nd_nd", 100, 0, n_inputs=128)
    assert a.shape == (100, 128) and a.tobytes() == b.tobytes()
    assert probes("noise", "biexp", "nd", 10, 0, n_inputs=64).shape == (10, 64)
    dp = {"n_t": 64, "t_max": 800.0, "c": [0.6, 0.4], "prior": "uniform",
          "T2_range": [50.0, 500.0], "eval_T2_range": None, "grid_size": 50,
          "n_train": 5, "n_val": 5, "n_test": 5}  # fmt: skip
    npar = {"lam": 1.6e-4, "bounds": [50.0, 500.0], "starts": [[275.0, 275.0]]}
    x = probes("snr10", "biexp", "nd_reg", 50, 0, settings={"data": dp, "nlls": npar})
    assert x.shape == (50, 128)
    # the noisy half has noise std 1/10 around a decay; the Reg half is smooth
    assert np.std(np.diff(x[:, :64], axis=1)) > 5 * np.std(np.diff(x[:, 64:], axis=1))
    with pytest.raises(ValueError, match="unknown probe"):
        probes("gauss", "biexp", "nd", 10, 0, n_inputs=64)
    with pytest.raises(ValueError, match="unknown problem 'nmr'"):
        probes("snr10", "nmr", "nd", 10, 0)


def test_stacked_criterion_is_the_pnas_second_layer_gram():
    rng = np.random.default_rng(4)
    L = _layers(rng, sizes=(12, 10, 8, 2), act="tanh")
    X = rng.standard_normal((300, 12))
    r = descramble_job(L, X, 0, "fourier_stacked", stack_weight=2.0)
    Z, _ = layer_signals(L, X, 0)
    H = np.tanh(Z)  # (10, N)
    Wn = L[1]["weight"].astype(float).T  # (10, 8)
    B = 2.0 * Wn @ Wn.T / np.linalg.norm(Wn, 2) ** 2 + H @ H.T / np.linalg.norm(H, 2) ** 2
    B = 10 * B / np.linalg.eigvalsh(B)[-1]
    assert_close_to_rounding(r["gram"], B, n_terms=300)
    assert certified(r)
    with pytest.raises(ValueError, match="needs a next layer"):
        descramble_job(L, X, 2, "fourier_stacked")
