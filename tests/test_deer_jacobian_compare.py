"""Known-answer tests of the Jacobian-vs-full descrambler comparison."""

import numpy as np
import pytest

from descramble.operators import fourier_second_derivative, trig_basis
from descramble.problems.deer import jacobian_compare as jc


def test_rmae_known_values():
    rng = np.random.default_rng(0)
    P = np.linalg.qr(rng.standard_normal((30, 30)))[0]
    assert jc.rmae(P, P) == 0.0
    assert jc.rmae(P, 1.01 * P) == pytest.approx(0.01)
    assert jc.rmae(P, -P) == pytest.approx(2.0)
    Q = np.linalg.qr(rng.standard_normal((30, 30)))[0]
    assert jc.rmae(P, Q) == pytest.approx(np.sqrt(2), rel=0.1)  # independent random
    with pytest.raises(ValueError):
        jc.rmae(P, P[:5])
    with pytest.raises(ValueError):
        jc.rmae(np.zeros((3, 3)), np.eye(3))


def test_commutant_alignment_removes_exactly_the_symmetry():
    rng = np.random.default_rng(1)
    n = 16
    D = fourier_second_derivative(n)
    A = D.T @ D
    T = trig_basis(n)
    P = np.linalg.qr(rng.standard_normal((n, n)))[0]
    # R: a sign flip of the constant, a rotation inside the k = 1 cos/sin pair, -1 elsewhere
    G = -np.eye(n)
    G[0, 0] = 1.0
    th = 0.9
    G[1:3, 1:3] = [[np.cos(th), -np.sin(th)], [np.sin(th), np.cos(th)]]
    R = T @ G @ T.T
    np.testing.assert_allclose(R @ A, A @ R, atol=1e-9)  # a symmetry of the criterion
    P_jac = R @ P
    out = jc.compare_descramblers(P, P_jac, A=A)
    assert out["rmae"] > 0.5
    assert out["rmae_commutant"] < 1e-12
    assert out["rel_frobenius"] > 0.5
    # a per-row sign flip is *not* in the group: alignment cannot undo it
    flip = np.ones(n)
    flip[3] = -1.0
    assert jc.compare_descramblers(P, flip[:, None] * P, A=A)["rmae_commutant"] > 1e-3
    # without A only the global sign is aligned
    plain = jc.compare_descramblers(P, -P)
    assert plain["rmae_sign"] == 0.0 and np.isnan(plain["rmae_commutant"])
