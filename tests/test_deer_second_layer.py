"""Known-answer tests of the descrambled-W2 analysis."""

import numpy as np
import pytest

from descramble.problems.deer import second_layer


def test_descrambled_w2_acts_on_the_link_axis():
    rng = np.random.default_rng(0)
    W2 = rng.standard_normal((12, 5))
    P, _ = np.linalg.qr(rng.standard_normal((5, 5)))
    B = second_layer.descrambled_w2(W2, P)
    np.testing.assert_allclose(B, W2 @ P.T)
    np.testing.assert_allclose(B @ B.T, W2 @ W2.T, atol=1e-12)  # row Gram is P-invariant
    with pytest.raises(ValueError, match="link"):
        second_layer.descrambled_w2(W2, np.eye(12))


def test_orthogonality_defect_known_values():
    rng = np.random.default_rng(1)
    Q, _ = np.linalg.qr(rng.standard_normal((40, 40)))
    d = second_layer.orthogonality_defect(Q * rng.uniform(0.5, 2.0, 40)[:, None])  # scaled rows
    assert d["defect"] < 1e-24 and abs(d["score"]) < 1e-12
    # an overcomplete tight frame sits exactly on the Welch floor m/n - 1
    # (an equal-norm tight frame: the real harmonic frame, rows cos/sin of 2 frequencies)
    m, n = 16, 4
    j = np.arange(m)[:, None]
    H = np.hstack([np.cos(2 * np.pi * j * np.array([[1, 2]]) / m),
                   np.sin(2 * np.pi * j * np.array([[1, 2]]) / m)])  # fmt: skip
    h = second_layer.orthogonality_defect(H)
    assert h["floor"] == pytest.approx(m / n - 1)
    assert h["defect"] == pytest.approx(h["floor"], rel=1e-12)
    # random vectors: E[defect] = (m - 1) / n, score about 1
    scores = [second_layer.orthogonality_defect(rng.standard_normal((50, 200)))["score"]
              for _ in range(20)]  # fmt: skip
    assert np.mean(scores) == pytest.approx(1.0, abs=0.05)
    with pytest.raises(ValueError):
        second_layer.orthogonality_defect(np.zeros((3, 4)))


def test_second_layer_orthogonality_sides():
    rng = np.random.default_rng(2)
    U = np.linalg.qr(rng.standard_normal((60, 20)))[0]
    V = np.linalg.qr(rng.standard_normal((20, 20)))[0]
    B = U @ np.diag(np.linspace(3, 1, 20)) @ V.T  # columns orthogonal iff V = I
    o = second_layer.second_layer_orthogonality(U * np.linspace(3, 1, 20))
    assert o["columns"]["defect"] < 1e-24
    assert second_layer.second_layer_orthogonality(B)["columns"]["score"] > 0.01
    assert o["rows"]["floor"] == pytest.approx(60 / 20 - 1)


def test_distorted_sinusoids_score_one_and_noise_low():
    rng = np.random.default_rng(3)
    n = 64
    s = np.linspace(-1, 1, n)
    V = np.column_stack([
        np.cos(15 * s + 4 * s**2 + 0.3),
        0.2 * np.sin(6 * s - 3 * s**2),
        np.cos(30 * s + 8 * s**2 - 1.0),
    ])  # fmt: skip
    sc = second_layer.sinusoid_scores(V, phase_degree=2)
    np.testing.assert_allclose(sc["score"], 1.0, atol=1e-9)
    np.testing.assert_allclose(np.abs(sc["phase_coef"][1]), [4, 3, 8], atol=1e-6)
    # the chirps are not plain sinusoids, and noise is not a chirp
    assert np.all(second_layer.sinusoid_scores(V, phase_degree=1)["score"] < 0.9)
    null = second_layer.sinusoid_null(n, rng, n_draws=10)
    assert np.max(null) < 0.45
    # a cubic phase law is found by the degree-3 model (refined from the degree-2 start)
    v3 = np.cos(10 * s + 2 * s**2 + 3 * s**3)
    assert second_layer.fit_sinusoid(v3, phase_degree=3)["score"] > 1 - 1e-8


def test_local_frequency_of_plain_sinusoid():
    n = 50
    i = np.arange(n)
    v = np.sin(2 * np.pi * 6 * i / n + 0.4)  # 6 cycles per n samples
    fit = second_layer.fit_sinusoid(v, phase_degree=1)
    assert fit["score"] > 1 - 1e-10
    np.testing.assert_allclose(np.abs(fit["freq"]), 6.0, rtol=1e-6)


def test_exact_chebyshev_polynomials_score_one():
    r = np.linspace(1.5, 6.0, 200)  # any grid: mapped onto [-1, 1]
    x = np.linspace(-1, 1, 200)
    U = np.polynomial.chebyshev.chebvander(x, 7)
    sc = second_layer.chebyshev_scores(U, x=r)
    np.testing.assert_allclose(sc["span_r2"], 1.0, atol=1e-12)
    np.testing.assert_array_equal(sc["degree"], np.arange(8))
    np.testing.assert_allclose(sc["match"]["chebyshev"], 1.0, atol=1e-12)
    np.testing.assert_array_equal(sc["match_index"]["chebyshev"], np.arange(8))
    # Legendre and cosine families do not match as well beyond degree 1
    assert np.all(sc["match"]["legendre"][2:] < 0.95)
    assert np.all(sc["match"]["cosine"][2:] < 0.95)


def test_white_noise_scores_low_on_chebyshev():
    rng = np.random.default_rng(4)
    null = second_layer.chebyshev_null(200, 6, rng, n_draws=5, kind="white")
    assert np.mean(null["span_r2"]) < 0.1
    assert np.min(null["degree"]) > 100
    assert np.max(null["match"]["chebyshev"]) < 0.4
    smooth = second_layer.chebyshev_null(200, 6, rng, n_draws=5, kind="smooth")
    assert smooth["span_r2"].shape == (5, 6)


def test_analyse_second_layer_on_constructed_matrix():
    """B = U S V^T with U Chebyshev-like and V chirps: the analysis finds both."""
    rng = np.random.default_rng(5)
    n_r, n_link, k = 120, 40, 4
    x = np.linspace(-1, 1, n_r)
    U = np.linalg.qr(np.polynomial.chebyshev.chebvander(x, k - 1))[0]
    s = np.linspace(-1, 1, n_link)
    V = np.linalg.qr(np.column_stack([np.cos((3 + 3 * j) * s + s**2) for j in range(k)]))[0]
    B = U @ np.diag([8.0, 4.0, 2.0, 1.0]) @ V.T
    out = second_layer.analyse_second_layer(B, rng, n_vectors=k, n_null=4)
    # 40 columns in a rank-4 space are far from orthogonal: the score says so
    assert out["orthogonality"]["columns"]["score"] > 1.0
    assert out["singular_values"][:k] == pytest.approx([8, 4, 2, 1])
    np.testing.assert_array_equal(out["chebyshev"]["degree"], np.arange(k))
    assert np.all(out["chebyshev"]["span_r2"] > 1 - 1e-10)
    assert np.all(out["sinusoid"]["score"] > np.max(out["sinusoid_null"]))
    assert out["chebyshev_null_white"]["span_r2"].shape == (k,)
