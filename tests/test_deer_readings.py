"""Known-answer and null tests of the papers' readings (descramble.problems.deer.readings)."""

from __future__ import annotations

import numpy as np
import pytest

from descramble.descramblers.closed_form import exact
from descramble.descramblers.grams import smoothness_grams
from descramble.descramblers.jacobian import jacobian_probe
from descramble.operators import fourier_second_derivative
from descramble.probes import forward_to, layer_signals
from descramble.problems.deer import readings as rd
from descramble.problems.deer.filters import aggregated_profile, notch_ratio
from descramble.problems.deer.jacobian_compare import rmae
from descramble.problems.deer.second_layer import smooth_factor


def _haar(n, rng):
    Q, R = np.linalg.qr(rng.standard_normal((n, n)))
    return Q * np.sign(np.diag(R))


# --- energy RMAE and resampling floor --------------------------------------------------


def test_energy_rmae_self_zero_and_random_large():
    rng = np.random.default_rng(0)
    n, N = 40, 1000
    Z = rng.standard_normal((n, N))
    P = _haar(n, rng)
    assert rd.energy_rmae(P, P, Z) == 0.0
    e = rd.energy_rmae(np.eye(n), P, Z)
    assert e > 0.5
    assert e == pytest.approx(np.sqrt(2), abs=0.1)  # P Z - Z has entry variance ~ 2


def test_energy_rmae_blind_outside_range_of_signals():
    # Z of rank r: P Z sees P only on range(Z); a P changed on the complement scores 0
    rng = np.random.default_rng(1)
    n, r, N = 10, 4, 300
    Qr = np.linalg.qr(rng.standard_normal((n, r)))[0]  # (n, r) orthonormal basis of range(Z)
    Z = Qr @ rng.standard_normal((r, N))
    P1 = _haar(n, rng)
    P2 = P1 + rng.standard_normal((n, n)) @ (np.eye(n) - Qr @ Qr.T)
    assert rmae(P1, P2) > 0.5
    assert rd.energy_rmae(P1, P2, Z) < 1e-12


def _commutant_element(A, rng):
    """A random orthogonal R commuting with A: a sign per simple eigenvector, a pair rotation."""
    a, E = np.linalg.eigh(A)
    G = np.zeros_like(A)
    i = 0
    while i < a.size:
        j = i + 1
        while j < a.size and abs(a[j] - a[i]) <= 1e-9 * np.max(np.abs(a)):
            j += 1
        G[i:j, i:j] = _haar(j - i, rng)
        i = j
    return E @ G @ E.T


def test_energy_rmae_aligned_removes_exactly_the_criterions_symmetries():
    rng = np.random.default_rng(4)
    n, N = 16, 800
    D = fourier_second_derivative(n)
    A = D.T @ D  # the criterion's D^T D: cos/sin pairs share an eigenvalue
    Z = rng.standard_normal((n, N)) + 3.0  # a mean direction carrying most of the energy
    P = _haar(n, rng)
    R = _commutant_element(A, rng)
    assert np.allclose(R @ A, A @ R) and np.allclose(R @ R.T, np.eye(n))
    # R P is as good a minimiser as P: unaligned it reads as a large error, aligned as none
    assert rd.energy_rmae(P, R @ P, Z) > 0.5
    assert rd.energy_rmae(P, R @ P, Z, A) < 1e-10
    assert rd.energy_rmae(P, -P, Z) == pytest.approx(2.0)  # the global sign: exactly 200 %
    assert rd.energy_rmae(P, -P, Z, A) < 1e-10
    # a P that is not a symmetry away stays far: random orthogonal matrices, 20 draws
    worst = min(rd.energy_rmae(P, _haar(n, rng), Z, A) for _ in range(20))
    assert worst > 0.5
    # the floor reports both readings
    f = rd.resampling_floor(P, R @ P, Z, A)
    assert f["rmae_energy"] > 0.5 and f["rmae_energy_aligned"] < 1e-10
    assert np.isnan(rd.resampling_floor(P, P, Z)["rmae_energy_aligned"])


def test_energy_rmae_rejects_bad_shapes():
    with pytest.raises(ValueError):
        rd.energy_rmae(np.eye(3), np.eye(3), np.ones((4, 5)))
    with pytest.raises(ValueError):
        rd.energy_rmae(np.eye(3), np.eye(4), np.ones((3, 5)))


def test_resampling_floor_identical_probes_zero():
    rng = np.random.default_rng(2)
    n = 8
    Z = rng.standard_normal((n, 50))
    D = fourier_second_derivative(n)
    P = exact(*smoothness_grams(D, Z)).P
    P_again = exact(*smoothness_grams(D, Z.copy())).P  # the same probe twice
    out = rd.resampling_floor(P, P_again, Z, D.T @ D)
    aligned = out.pop("rmae_energy_aligned")  # an SVD away from the identity: rounding, not 0
    assert out == {"rmae": 0.0, "rmae_sign": 0.0, "rmae_energy": 0.0} and aligned < 1e-12
    assert np.isnan(rd.resampling_floor(P, P)["rmae_energy"])
    assert rd.resampling_floor(P, -P)["rmae_sign"] == 0.0


def test_resampling_floor_energy_ignores_the_noise_set_tail():
    # six strong, well-separated directions and a negligible tail: two independent probes give
    # full descramblers whose tail rows are set by noise (raw RMAE like random matrices) but
    # which agree where the signals have energy
    rng = np.random.default_rng(20)
    n, N = 16, 2000
    Qm = np.linalg.qr(rng.standard_normal((n, n)))[0]
    L = Qm * np.r_[10.0 / 1.5 ** np.arange(6), 1e-4 * np.ones(n - 6)]  # (n, n)
    D = fourier_second_derivative(n)
    Za, Zb = L @ rng.standard_normal((n, N)), L @ rng.standard_normal((n, N))
    out = rd.resampling_floor(exact(*smoothness_grams(D, Za)).P,
                              exact(*smoothness_grams(D, Zb)).P, Za)  # fmt: skip
    assert out["rmae"] > 0.5
    assert out["rmae_energy"] < 0.2


# --- notch after truncation -----------------------------------------------------------


def test_notch_top_r_full_rank_equals_full_ratio():
    rng = np.random.default_rng(3)
    M = rng.standard_normal((9, 40)) + 0.3
    full = notch_ratio(aggregated_profile(M), (1, 3))
    assert rd.notch_ratio_top_r(M, 9) == pytest.approx(full, rel=0, abs=1e-12)
    curve = rd.notch_ratio_curve(M, [9, 3, 9])
    assert curve[0] == curve[2] == pytest.approx(full, abs=1e-12)
    with pytest.raises(ValueError):
        rd.notch_ratio_top_r(M, 10)


def test_notch_top_r_drops_dc_tail():
    # top two right singular vectors: the zero-mean cos/sin at 2 cycles per trace; the third
    # (singular value 1) is the constant. Aggregated profile p(f) = sqrt(sum_k s_k^2 |v_k(f)|^2):
    # p[0] = s3 sqrt(n), p[2] = sqrt(s1^2 + s2^2) sqrt(n/2), p[1] = p[3] = 0, so the full notch
    # ratio is p[0] / (p[2] / 3) = 3 sqrt(2) s3 / sqrt(s1^2 + s2^2), and the top-2 ratio is 0.
    rng = np.random.default_rng(4)
    n_out, n = 8, 32
    t = np.arange(n)
    V = np.column_stack([np.cos(2 * np.pi * 2 * t / n), np.sin(2 * np.pi * 2 * t / n), np.ones(n)])
    V /= np.linalg.norm(V, axis=0)
    U = np.linalg.qr(rng.standard_normal((n_out, 3)))[0]
    s = np.array([10.0, 8.0, 1.0])
    M = (U * s) @ V.T
    full_hand = 3 * np.sqrt(2) * s[2] / np.hypot(s[0], s[1])
    assert notch_ratio(aggregated_profile(M)) == pytest.approx(full_hand, rel=1e-12)
    assert rd.notch_ratio_top_r(M, 3) == pytest.approx(full_hand, rel=1e-12)
    assert rd.notch_ratio_top_r(M, 2) == pytest.approx(0.0, abs=1e-12)
    np.testing.assert_allclose(rd.notch_ratio_curve(M, [2, 3]), [0.0, full_hand], atol=1e-12)


# --- ridge laws ----------------------------------------------------------------------


def _gaussian_ridge(y_of_x, n_slices, n_bins, width=3.0):
    """Folded spectrum (n_slices, n_bins) with a Gaussian peak at y_of_x[i] in slice i.

    The peak ridge's log-parabola interpolation is exact for a Gaussian, so the interior
    ridge points equal ``y_of_x`` to round-off.
    """
    f = np.arange(n_bins)
    return np.exp(-0.5 * ((f[None, :] - np.asarray(y_of_x)[:, None]) / width) ** 2)


def test_ridge_laws_exact_cubic_wins():
    x = np.arange(41.0)
    a, b = 3.0, 0.001
    Q = _gaussian_ridge(a + b * x**3, 41, 129)
    out = rd.ridge_laws(Q, method="peak")
    assert out["n_dropped"] == 0 and out["n_points"] == 41
    np.testing.assert_allclose(out["y"], a + b * x**3, atol=1e-9)
    assert out["winner"] == "cubic"
    cub = out["laws"]["cubic"]
    assert cub["r2"] > 0.999
    assert cub["coef"][1] == pytest.approx(b, rel=1e-6)
    assert cub["coef"][0] == pytest.approx(a, rel=1e-6)
    assert out["laws"]["linear"]["r2"] < cub["r2"]
    # the shifted cubic also fits exactly (x0 = 0) but pays for its third parameter
    assert out["laws"]["shifted_cubic"]["r2"] > 0.999
    assert out["laws"]["shifted_cubic"]["aic"] > cub["aic"]


def test_ridge_laws_origin_cubic_is_the_pnas_form():
    x = np.arange(30.0)
    Q = _gaussian_ridge(2.2 + 0.004 * x**3, 30, 129)  # shift: keep slice 0 off the band edge
    out = rd.ridge_laws(Q)
    assert out["winner"] == "cubic"
    Q0 = _gaussian_ridge(0.05 * (x[:13]) ** 3, 13, 129)
    hand = rd.ridge_laws(Q0, min_rel_peak=0.0)
    # slices 0..3 peak at 0, 0.05, 0.4, 1.35: the band maximum is bin 1 (clipped), dropped
    assert hand["n_dropped"] == 4
    assert hand["winner"] == "origin_cubic"
    assert hand["laws"]["origin_cubic"]["coef"][0] == pytest.approx(0.05, rel=1e-6)
    assert hand["laws"]["pnas_hand"]["r2"] == pytest.approx(1.0, abs=1e-9)


def test_ridge_laws_exact_linear_wins_and_clipped_dropped():
    # y = -4 + 2 x on bins 0..70 with band (1, None): slices x = 0, 1, 2 peak at or below
    # bin 0 (maximum in band at bin 1: clipped); x = 37..40 peak at or above bin 70 (the upper
    # edge). All of them stay above min_rel_peak (width 3), so 7 points are dropped.
    x = np.arange(41.0)
    Q = _gaussian_ridge(-4.0 + 2.0 * x, 41, 71)
    out = rd.ridge_laws(Q, method="peak")
    assert out["n_dropped"] == 7
    np.testing.assert_array_equal(out["dropped_x"], [0, 1, 2, 37, 38, 39, 40])
    np.testing.assert_array_equal(out["x"], np.arange(3.0, 37.0))
    np.testing.assert_allclose(out["y"], -4.0 + 2.0 * out["x"], atol=1e-9)
    assert out["winner"] == "linear"
    assert out["laws"]["linear"]["coef"][1] == pytest.approx(2.0, rel=1e-9)
    assert out["laws"]["linear"]["r2"] > out["laws"]["cubic"]["r2"]
    # the centroid ridge is fitted on the same slices
    both = rd.ridge_laws_both(Q)
    np.testing.assert_array_equal(both["centroid"]["x"], out["x"])
    assert both["centroid"]["n_dropped"] == 7
    assert both["agree"] == (both["centroid"]["winner"] == "linear")


def test_ridge_laws_orientation():
    x = np.arange(41.0)
    Q = _gaussian_ridge(3.0 + 0.001 * x**3, 41, 129)
    a = rd.ridge_laws(Q)
    b = rd.ridge_laws(Q.T, orientation="output_per_time")
    np.testing.assert_array_equal(a["y"], b["y"])
    assert a["winner"] == b["winner"] == "cubic" and b["orientation"] == "output_per_time"


def test_ridge_laws_too_few_points():
    Q = _gaussian_ridge(np.full(3, 5.0), 3, 20)
    out = rd.ridge_laws(Q)
    assert out["winner"] is None and np.isnan(out["laws"]["cubic"]["r2"])


def test_pnas_hand_cubic_is_the_centre_of_an_80_by_256_spectrum():
    b, x0, y0 = rd.PNAS_HAND_CUBIC
    assert (b, x0, y0) == (0.05, 41, 129)
    # 1-based index of zero frequency after fftshift
    assert np.argmax(np.fft.fftshift(np.fft.fftfreq(80)) == 0) + 1 == x0
    assert np.argmax(np.fft.fftshift(np.fft.fftfreq(256)) == 0) + 1 == y0


# --- W2 as PNAS read it --------------------------------------------------------------


def test_chebyshev_span_combinations_give_one():
    rng = np.random.default_rng(5)
    n = 256
    x = np.linspace(-1, 1, n)
    T = np.polynomial.chebyshev.chebvander(x, 4)[:, 1:]  # T1..T4
    U = T @ rng.standard_normal((4, 5))
    U = U - U.mean(axis=0)
    fit = rd.pnas_chebyshev_fit(U)
    np.testing.assert_allclose(fit["chebyshev"]["span_r2"], 1.0, atol=1e-10)
    assert fit["chebyshev"]["span_score"] == pytest.approx(1.0, abs=1e-10)
    # the polynomial spans coincide: Legendre reads the same, cosines do not
    np.testing.assert_allclose(fit["legendre"]["span_r2"], 1.0, atol=1e-10)
    assert fit["cosine"]["span_score"] < 1.0 - 1e-4


def test_exact_legendre_matches_legendre_not_chebyshev():
    n = 200
    x = np.linspace(-1, 1, n)
    U = np.polynomial.legendre.legvander(x, 5)[:, 1:6]  # P1..P5
    fit = rd.pnas_chebyshev_fit(U, n_vectors=5, degree=5)
    np.testing.assert_allclose(fit["legendre"]["match_r2"], 1.0, atol=1e-10)
    np.testing.assert_array_equal(fit["legendre"]["match_index"], [1, 2, 3, 4, 5])
    # mean-removed, P1 = T1 and P2 = T2 (both proportional to x^2 - mean x^2); from P3 on they part
    np.testing.assert_allclose(fit["chebyshev"]["match_r2"][:2], 1.0, atol=1e-10)
    assert np.all(fit["chebyshev"]["match_r2"][2:] < 1.0 - 1e-3)
    assert fit["chebyshev"]["match_score"] < fit["legendre"]["match_score"]


def test_white_noise_library_does_not_beat_white_null():
    rng = np.random.default_rng(6)
    n = 128
    U = rng.standard_normal((n, 5))
    out = rd.pnas_w2_reading(U, rng, n_draws=200, kind="white")
    null = rd.family_null(n, np.random.default_rng(7), n_draws=200, kind="white")
    for reading in ("span", "match"):
        assert out[reading]["any_beats_null"] is False
        for f in ("chebyshev", "legendre", "cosine"):
            draws = null[f][f"{reading}_score"]
            assert abs(out[reading][f]["score"] - draws.mean()) < 4 * draws.std()


def test_smooth_library_beats_white_but_not_smooth_null():
    # a smooth Gaussian-process library looks "polynomial" against white noise; against the
    # smooth null it should not stand out
    n = 128
    U = smooth_factor(n, 0.3) @ np.random.default_rng(8).standard_normal((n, 5))
    white = rd.pnas_w2_reading(U, np.random.default_rng(9), n_draws=100, kind="white")
    smooth = rd.pnas_w2_reading(U, np.random.default_rng(9), n_draws=100, kind="smooth")
    assert white["span"]["chebyshev"]["beats_null"]
    assert smooth["span"]["chebyshev"]["score"] < smooth["span"]["chebyshev"]["null_max"] + 1e-9
    svd = rd.family_null(n, np.random.default_rng(10), n_draws=5, kind="smooth_svd")
    assert svd["chebyshev"]["span_score"].shape == (5,)


def test_family_null_is_seeded():
    a = rd.family_null(64, np.random.default_rng(11), n_draws=4)
    b = rd.family_null(64, np.random.default_rng(11), n_draws=4)
    for f in a:
        np.testing.assert_array_equal(a[f]["match_score"], b[f]["match_score"])
    with pytest.raises(ValueError):
        rd.family_null(64, np.random.default_rng(0), kind="pink")


# --- Jacobian probe with the offset of Sule et al., eq. 10 ----------------------------


def _affine_layers(rng, sizes, activation="linear"):
    # float32-representable weights: forward_to rebuilds the net through float32 parameters
    layers = []
    for d_in, d_out in zip(sizes[:-1], sizes[1:], strict=True):
        layers.append(
            {
                "weight": rng.standard_normal((d_out, d_in)).astype(np.float32).astype(float),
                "bias": rng.standard_normal(d_out).astype(np.float32).astype(float),
                "activation": activation,
            }
        )
    return layers


@pytest.mark.parametrize("k", [0, 1])
def test_jacobian_probe_offset_exact_for_affine_network(k):
    rng = np.random.default_rng(12)
    layers = _affine_layers(rng, [6, 5, 4])  # linear activations: the map to layer k is affine
    X = rng.standard_normal((300, 6)) + 0.7  # (N, d)
    Z, _ = layer_signals(layers, X, k)  # (n_k, N)
    f = forward_to(layers, k)
    with_off = jacobian_probe(f, X.T, include_offset=True)
    without = jacobian_probe(f, X.T)  # the default, what the fourier_jac criterion uses
    np.testing.assert_allclose(with_off.Z, Z, rtol=0, atol=1e-12 * np.abs(Z).max())
    np.testing.assert_allclose(
        Z - without.Z, np.repeat(with_off.f_bar[:, None], X.shape[0], axis=1), atol=1e-11
    )
    np.testing.assert_allclose(with_off.f_bar, Z.mean(axis=1), atol=1e-11)  # affine: f(x_bar)


def test_dropping_the_offset_changes_the_descrambler_of_an_affine_layer():
    # B = Z Z^T is not centred, so the rank-one N f_bar f_bar^T the default probe drops moves P
    rng = np.random.default_rng(13)
    layers = _affine_layers(rng, [8, 10])
    X = rng.standard_normal((500, 8)) + 0.5
    Z, _ = layer_signals(layers, X, 0)
    D = fourier_second_derivative(10)
    f = forward_to(layers, 0)
    P_full = exact(*smoothness_grams(D, Z)).P
    P_off = exact(*smoothness_grams(D, jacobian_probe(f, X.T, include_offset=True).Z)).P
    P_no = exact(*smoothness_grams(D, jacobian_probe(f, X.T).Z)).P
    assert rd.energy_rmae(P_full, P_off, Z) < 1e-6
    assert rd.energy_rmae(P_full, P_no, Z) > 1e-2


def test_jacobian_probe_default_drops_offset_for_tanh():
    rng = np.random.default_rng(14)
    layers = _affine_layers(rng, [5, 6, 3], activation="tanh")
    X = 0.01 * rng.standard_normal((200, 5))
    f = forward_to(layers, 1)
    p = jacobian_probe(f, X.T, include_offset=True)
    q = jacobian_probe(f, X.T)
    np.testing.assert_allclose(p.Z - q.Z, np.repeat(p.f_bar[:, None], 200, axis=1), atol=1e-14)
    Z, _ = layer_signals(layers, X, 1)
    # small spread: the linearisation with offset is close to the true signals, without it is not
    assert np.abs(p.Z - Z).max() < 1e-2 * np.abs(Z).max()
    assert np.abs(q.Z - Z).max() > 0.1 * np.abs(Z).max()


def test_offset_dominates_jacobian_vs_full_rmae_of_a_tanh_layer():
    # Sule eq. 10 keeps f(x_bar); at small input spread the linearisation with it reproduces the
    # full descrambler, while the centred default is as far from it as a random matrix
    rng = np.random.default_rng(14)
    d, h, n, N = 16, 16, 12, 5000
    layers = [
        {"weight": rng.standard_normal((h, d)) / np.sqrt(d),
         "bias": 0.3 * rng.standard_normal(h), "activation": "tanh"},
        {"weight": rng.standard_normal((n, h)) / np.sqrt(h), "bias": np.zeros(n),
         "activation": "linear"},
    ]  # fmt: skip
    X = 0.05 * rng.standard_normal((N, d)) + 0.2
    Z, _ = layer_signals(layers, X, 1)
    D = fourier_second_derivative(n)
    f = forward_to(layers, 1)
    P_full = exact(*smoothness_grams(D, Z)).P
    P_off = exact(*smoothness_grams(D, jacobian_probe(f, X.T, include_offset=True).Z)).P
    P_no = exact(*smoothness_grams(D, jacobian_probe(f, X.T).Z)).P
    assert rmae(P_full, P_off) < 0.05
    assert rmae(P_full, P_no) > 0.5


# --- fixed-budget iterative solves from Q = 0 ----------------------------------------


def test_budget_solve_descends_from_the_identity_towards_the_exact_optimum():
    rng = np.random.default_rng(7)
    n = 8
    Z = rng.standard_normal((n, 400)) * np.linspace(3.0, 0.3, n)[:, None]
    A, B = smoothness_grams(fourier_second_derivative(n), Z, normalise=True)
    obj = [float(np.trace(A @ P @ B @ P.T)) for P in (rd.budget_solve(A, B, it)
                                                         for it in (1, 5, 400))]  # fmt: skip
    start, best = float(np.trace(A @ B)), exact(A, B).objective  # P = I, von Neumann's bound
    assert start > obj[0] >= obj[1] >= obj[2] >= best * (1 - 1e-9)
    assert obj[2] <= best * (1 + 1e-6)  # a large budget reaches the optimum
    assert obj[0] > best * (1 + 1e-3)  # one iteration does not: the budget is a reading


def test_jacobian_readings_of_an_affine_network_agree_at_every_budget():
    rng = np.random.default_rng(8)
    layers = _affine_layers(rng, [6, 5, 8, 7])
    X = rng.standard_normal((300, 6))
    from descramble.descramblers.job import descramble_job

    d = {c: descramble_job(layers, X, 1, c) for c in ("fourier", "fourier_jac",
                                                       "fourier_jac_offset")}  # fmt: skip
    floor = descramble_job(layers, rng.standard_normal((300, 6)), 1, "fourier")
    out = rd.jacobian_readings(layers, X, 1, d["fourier"]["P"], d["fourier_jac"]["P"],
                               d["fourier_jac_offset"]["P"], floor["P"],
                               A=d["fourier"]["operator_gram"],
                               grams={"full": d["fourier"]["gram"],
                                      "jac_offset": d["fourier_jac_offset"]["gram"]})  # fmt: skip
    # eq. 10 is exact for an affine map: same Gram, same P, at any budget (to float32 weights)
    # eq. 10 is exact for an affine map, but forward_to runs in float32: Grams equal to ~1e-7.
    # The exact P follows eigenvector pairings inside the Fourier operator's degenerate
    # eigenspaces that move with such a change (raw RMAE ~4 % measured); P Z moves less (< 1 %
    # on the CPU this was written on, 1.2 % on another: the bound is the claims' 5 %), and a
    # fixed budget from Q = 0 is smooth in the Gram. The centred Jacobian is far off (~110 %).
    assert out["energy_rmae_offset"] < 0.05 < out["energy_rmae"]
    for b in rd.ITER_BUDGETS:
        assert out[f"iter{b}_rmae"] < 1e-6 and out[f"iter{b}_energy_rmae"] < 1e-6
    assert out["floor_rmae"] > 0 and np.isfinite(out["floor_energy_rmae"])


# --- the init null of the Jacobian rows -------------------------------------------------


def test_jacobian_init_null_of_an_affine_network_agrees():
    # an affine "initial" network: eq. 10 is exact, so the null passes by construction. The
    # float32 forward pass moves the Gram by ~1e-7, and the exact P's pairing inside the
    # Fourier operator's degenerate eigenspaces follows it (3 % measured on seed 21, 1.2 % on
    # seed 8): the bound is the claim's 5 %, and the centred Jacobian stays far above it
    for seed in (8, 21):
        rng = np.random.default_rng(seed)
        layers = _affine_layers(rng, [6, 5, 8, 7])
        X = rng.standard_normal((300, 6))
        out = rd.jacobian_init_null(layers, X, 1)
        assert out["init_energy_rmae_offset"] < 0.05 < out["init_energy_rmae"]


def test_jacobian_init_null_of_a_saturated_tanh_network_disagrees():
    # large weights and spread drive tanh into saturation: the linearisation is far off
    rng = np.random.default_rng(22)
    layers = _affine_layers(rng, [10, 12, 9], activation="tanh")
    for L in layers:
        L["weight"] = (3.0 * L["weight"]).astype(np.float32).astype(float)
    X = 2.0 * rng.standard_normal((400, 10))
    out = rd.jacobian_init_null(layers, X, 1)
    post = rd.jacobian_init_null(layers, X, 0, post=True)
    assert out["init_energy_rmae_offset"] > 0.2
    assert post["init_energy_rmae_offset"] > 0.2 and "init_rmae" not in post
