"""Known answers for the DEER kernel, grids, prior and background."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import quad

from descramble.problems.deer.background import stretched_exponential
from descramble.problems.deer.kernel import DIPOLAR, gamma, grids, kernel
from descramble.problems.deer.prior import gaussian_mixtures


def powder_average(omega, t):
    """int_0^1 cos[omega t (1 - 3 z^2)] dz by adaptive quadrature, tight tolerances."""
    val, err = quad(
        lambda z: np.cos(omega * t * (1.0 - 3.0 * z * z)),
        0.0,
        1.0,
        epsabs=1e-13,
        epsrel=1e-13,
        limit=1000,
    )
    assert err < 1e-11
    return val


@pytest.mark.parametrize("exponent", [3, 4])
@pytest.mark.parametrize(("r", "t"), [(1.2, 0.01), (1.5, 0.7), (2.5, 1.3), (3.7, 2.0), (5.9, 0.05)])
def test_kernel_matches_quadrature(r, t, exponent):
    omega = 2.0 * np.pi * DIPOLAR / r**exponent
    K = kernel([t], [r], exponent=exponent)
    assert K.shape == (1, 1)
    assert abs(K[0, 0] - powder_average(omega, t)) < 1e-8


def test_kernel_phase_range_including_small_phase_branch():
    # Phases either side of the series/closed-form switch (1e-3) and up to the
    # largest on the default grid (~400 rad) against quadrature.
    for a in [0.0, 1e-7, 9.99e-4, 1.001e-3, 0.3, 7.0, 55.0, 400.0]:
        assert abs(gamma(a) - powder_average(a, 1.0)) < 1e-8


def test_kernel_is_one_at_t_zero_and_even_in_t():
    t, r = grids()
    K = kernel(t, r)
    assert np.array_equal(K[0], np.ones(r.size))
    np.testing.assert_array_equal(kernel(-t, r), K)
    # No dr weighting: a distribution summing to 1 gives a trace equal to 1 at t = 0.
    p = np.random.default_rng(0).random(r.size)
    p /= p.sum()
    assert abs((K @ p)[0] - 1.0) < 1e-14


def test_grids_match_deernet():
    t, r = grids()
    assert t.shape == (256,) and r.shape == (256,)
    assert t[0] == 0.0 and t[-1] == 2.0
    # DEERNet's dist_range: (4 D dt)^(1/3) and (2 D t_max)^(1/3), D = 52.04 MHz nm^3.
    assert r[0] == pytest.approx((4 * 52.04 * 2.0 / 255) ** (1 / 3), rel=1e-12)
    assert r[-1] == pytest.approx((2 * 52.04 * 2.0) ** (1 / 3), rel=1e-12)
    assert 1.17 < r[0] < 1.19 and 5.92 < r[-1] < 5.94
    with pytest.raises(ValueError):
        grids(r_min=3.0, r_max=2.0)


def deerlab_kernel_unweighted(t, r):
    import deerlab as dl

    # DeerLab integrates with trapezoid weights (dr, halved at both ends);
    # dividing them out leaves gamma(r, t) itself.
    w = np.full(r.size, r[1] - r[0])
    w[[0, -1]] /= 2
    return dl.dipolarkernel(t, r) / w


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # pyparsing, inside DeerLab
def test_kernel_matches_deerlab():
    import deerlab as dl

    t, r = grids()
    Kdl = deerlab_kernel_unweighted(t, r)
    # Same dipolar constant: DeerLab derives it from CODATA, (mu0/4pi)(muB ge)^2/h
    # = 52.0410 MHz nm^3. With it the two closed forms agree to rounding.
    d_dl = dl.constants.D / (2 * np.pi) * 1e21  # rad/s m^3 -> MHz nm^3
    assert d_dl == pytest.approx(52.041, abs=5e-4)
    assert np.abs(kernel(t, r, dipolar=d_dl) - Kdl).max() < 1e-10
    # With the paper's rounded 52.04 every phase a = omega t differs by the
    # factor 1 + 1.95e-5, so |dK| <= 1.95e-5 * max|a gamma'(a)|. On this grid
    # a <= omega(r_min) t_max ~ 400 rad, where max|a gamma'(a)| = 10.23
    # (dense numerical derivative): |dK| <= 2.0e-4; we observe 1.93e-4.
    diff = np.abs(kernel(t, r) - Kdl).max()
    assert 1e-5 < diff < 2.05e-4


def test_quartic_kernel_is_the_cubic_kernel_at_rescaled_distance():
    # r^4 law at r equals the r^3 law at r' with r'^3 = r^4 (same dipolar constant).
    t = np.linspace(0, 2, 33)
    r = np.array([1.3, 2.0, 3.1])
    np.testing.assert_allclose(kernel(t, r, exponent=4), kernel(t, r ** (4 / 3)), atol=1e-13)
    # And it differs from the cubic kernel where r != 1.
    assert np.abs(kernel(t, r, exponent=4) - kernel(t, r)).max() > 0.1


def test_prior_distributions_normalised_and_within_ranges():
    _, r = grids()
    rng = np.random.default_rng(1)
    p, par = gaussian_mixtures(r, 2000, rng, n_gauss=(1, 4), width=(0.025, 0.5))
    assert p.shape == (2000, 256)
    assert np.all(p >= 0)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, atol=1e-12)
    assert par["n_gauss"].min() == 1 and par["n_gauss"].max() == 4
    used = ~np.isnan(par["centre"])
    np.testing.assert_array_equal(used.sum(axis=1), par["n_gauss"])
    c, w = par["centre"][used], par["fwhm"][used]
    assert np.all((c >= r[0]) & (c <= r[-1]))
    assert np.all(w >= 0.025 * c - 1e-12) and np.all(w <= 0.5 * (r[-1] - r[0]) + 1e-12)
    # Triangular bias towards short distances: mean of density 2(1-u) is 1/3.
    u = (c - r[0]) / (r[-1] - r[0])
    assert abs(u.mean() - 1 / 3) < 0.02


def test_prior_single_gaussian_shape():
    r = np.linspace(1.0, 6.0, 501)
    p, par = gaussian_mixtures(r, 5, np.random.default_rng(2), n_gauss=(1, 1))
    for row, c, w in zip(p, par["centre"][:, 0], par["fwhm"][:, 0], strict=True):
        sd = w / (2 * np.sqrt(2 * np.log(2)))
        g = np.exp(-0.5 * ((r - c) / sd) ** 2)
        np.testing.assert_allclose(row, g / g.sum(), rtol=1e-10, atol=1e-15)


def test_prior_seeded_and_validated():
    r = np.linspace(1.2, 5.9, 64)
    a, _ = gaussian_mixtures(r, 10, np.random.default_rng(3))
    b, _ = gaussian_mixtures(r, 10, np.random.default_rng(3))
    np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError):
        gaussian_mixtures(r, 10, np.random.default_rng(3), n_gauss=(0, 2))
    with pytest.raises(ValueError):
        gaussian_mixtures(r, 10, np.random.default_rng(3), width=(0.9, 0.1))


def test_background_closed_form():
    t = np.array([0.0, 0.5, 1.0, 2.0])
    k = np.array([0.0, 0.5, 0.2])
    d = np.array([3.0, 3.0, 2.0])
    B = stretched_exponential(t, k, d)
    assert B.shape == (3, 4)
    np.testing.assert_array_equal(B[0], 1.0)
    np.testing.assert_allclose(B[1], np.exp(-0.5 * t), rtol=1e-15)
    np.testing.assert_allclose(B[2], np.exp(-((0.2 * t) ** (2 / 3))), rtol=1e-15)
    assert np.all(B[:, 0] == 1.0)
    with pytest.raises(ValueError):
        stretched_exponential(t, [-0.1], [3.0])
