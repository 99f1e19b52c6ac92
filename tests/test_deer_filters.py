"""Known-answer tests of the DEER first-layer filter features."""

import numpy as np
import pytest

from descramble.problems.deer import filters


def _sinusoid_rows(m, n, c, rng):
    """Rows ``c + cos(2 pi f_i j / n + phase_i)`` with f_i cycling through 1, 2, 3."""
    j = np.arange(n)
    f = 1 + np.arange(m) % 3
    phase = rng.uniform(0, 2 * np.pi, m)
    return c + np.cos(2 * np.pi * np.outer(f, j) / n + phase[:, None])


def test_notch_ratio_closed_form():
    rng = np.random.default_rng(0)
    m, n = 30, 128
    # no DC: p(0) = 0 exactly
    assert filters.filter_features(_sinusoid_rows(m, n, 0.0, rng))["notch_ratio"] < 1e-12
    # with DC c: p(0) = sqrt(m) c n, p(f) = (n/2) sqrt(m/3) for f = 1, 2, 3 -> ratio 2 sqrt(3) c
    for c in (1 / (2 * np.sqrt(3)), 0.1, 0.7):
        r = filters.filter_features(_sinusoid_rows(m, n, c, rng))["notch_ratio"]
        assert r == pytest.approx(2 * np.sqrt(3) * c, rel=1e-12)


def test_profile_is_invariant_to_orthogonal_rows():
    rng = np.random.default_rng(1)
    W = rng.standard_normal((20, 64))
    P, _ = np.linalg.qr(rng.standard_normal((20, 20)))
    np.testing.assert_allclose(
        filters.aggregated_profile(P @ W), filters.aggregated_profile(W), rtol=1e-12
    )
    # and it equals the RMS over output-axis frequencies of the 2-D |FFT|
    F = np.abs(np.fft.fft2(W))
    np.testing.assert_allclose(
        filters.aggregated_profile(W), np.sqrt(np.mean(F**2, axis=0))[:33], rtol=1e-12
    )


def test_symmetrised_spectrum_is_even_in_both_axes():
    rng = np.random.default_rng(2)
    S, ko, kt = filters.symmetrised_spectrum(rng.standard_normal((10, 16)))
    assert ko[5] == 0 and kt[8] == 0  # fftshift puts zero at index n // 2
    # even in k_o and in k_t (indices 1.. mirror around the centre for even sizes)
    np.testing.assert_allclose(S[1:], S[1:][::-1], rtol=1e-12)
    np.testing.assert_allclose(S[:, 1:], S[:, 1:][:, ::-1], rtol=1e-12)


def test_low_pass_cutoff_recovered_within_one_bin():
    rng = np.random.default_rng(3)
    m, n = 200, 256
    f = np.fft.rfftfreq(n, d=1.0 / n)
    for f0 in (12.0, 30.0, 55.0):
        H = 1.0 / (1.0 + (f / f0) ** 8)  # amplitude exactly 1/2 at f0
        M = np.fft.irfft(np.fft.rfft(rng.standard_normal((m, n)), axis=1) * H, n=n, axis=1)
        feat = filters.filter_features(M)
        assert abs(feat["cutoff"] - f0) <= 1.0
        assert feat["cutoff_normalised"] == pytest.approx(feat["cutoff"] / 128)
        assert feat["notch_ratio"] > 0.7  # no notch designed in


def test_notch_width_of_designed_profile():
    f = np.arange(65, dtype=float)
    p = np.minimum(f / 8.0, 1.0)  # linear rise to the peak: half height at f = 4
    assert filters.notch_width(p) == pytest.approx(4.0)
    assert filters.notch_ratio(p) == 0.0
    # a shallow notch (p[0] above half the peak) is measured from its own depth
    assert filters.notch_width(0.6 + 0.4 * p) == pytest.approx(4.0)
    assert filters.notch_width(np.linspace(1.0, 0.0, 65)) == 0.0  # peak at f = 0: no notch
    assert np.isnan(filters.low_pass_cutoff(p))  # never falls after the peak


def _designed_ridge(m, n, centre, width=2.0):
    """Real matrix whose |2-D FFT| is a Gaussian ridge at f = centre(|k_o|)."""
    ko = np.abs(np.fft.fftfreq(m, d=1.0 / m))
    kt = np.abs(np.fft.fftfreq(n, d=1.0 / n))
    G = np.exp(-((kt[None, :] - centre(ko)[:, None]) ** 2) / (2 * width**2))
    M = np.fft.ifft2(G)  # G real and even in both axes -> M real
    assert np.max(np.abs(M.imag)) < 1e-12
    return M.real


def test_cubic_ridge_beats_linear():
    m, n = 64, 256

    def law(k):
        return 6.0 + 0.003 * k**3

    feat = filters.filter_features(_designed_ridge(m, n, law), min_rel_peak=0.5)
    rp = feat["ridge"]
    assert feat["ridge_n_points"] == m // 2 + 1
    np.testing.assert_allclose(rp["y"], law(rp["x"]), atol=1e-3)
    assert feat["ridge_r2_cubic_law"] > 1 - 1e-8
    assert feat["ridge_r2_poly3"] > 1 - 1e-8
    assert feat["ridge_r2_linear_law"] < 0.95
    assert feat["ridge_aic_poly3"] < feat["ridge_aic_poly1"] - 10
    # and the overlay helper returns (k_o, f) coordinates on the law
    ko, kt = filters.cubic_overlay(rp, n_points=50)
    np.testing.assert_allclose(kt, law(ko), atol=1e-2)


def test_centroid_ridge_on_designed_cubic():
    def law(k):
        return 20.0 + 0.002 * k**3

    feat = filters.filter_features(
        _designed_ridge(64, 256, law), min_rel_peak=0.5, method="centroid"
    )
    np.testing.assert_allclose(feat["ridge"]["y"], law(feat["ridge"]["x"]), atol=1e-6)
    assert feat["ridge_r2_cubic_law"] > 1 - 1e-8
    with pytest.raises(ValueError):
        filters.filter_features(_designed_ridge(8, 32, law), method="mode")


def test_linear_ridge_is_not_called_cubic():
    feat = filters.filter_features(
        _designed_ridge(64, 256, lambda k: 5.0 + 2.5 * k), min_rel_peak=0.5
    )
    assert feat["ridge_r2_linear_law"] > 1 - 1e-8
    assert feat["ridge_r2_cubic_law"] < 0.95
    assert feat["ridge_power_exponent"] < 1.0


def test_power_law_exponent_and_orientation():
    m, n = 64, 256
    feat = filters.filter_features(
        _designed_ridge(m, n, lambda k: 0.004 * k**3 + 1e-9), min_rel_peak=0.5, band=(0, None)
    )
    # away from the smallest k (where the Gaussian hits f = 0) the exponent is 3
    fit = filters.fit_ridge(feat["ridge"]["x"][8:], feat["ridge"]["y"][8:])
    assert fit["power"]["exponent"] == pytest.approx(3.0, abs=0.02)
    # transposed reading: output-axis frequency as a function of time frequency
    Q, _, _ = filters.folded_spectrum(_designed_ridge(m, n, lambda k: 6.0 + 0.003 * k**3))
    rp = filters.ridge(Q, orientation="output_per_time", band=(0, None), min_rel_peak=0.5)
    assert rp["orientation"] == "output_per_time" and rp["x"].size > 10
    ko, kt = filters.cubic_overlay(rp)
    assert ko.shape == kt.shape == (200,)


def test_input_validation():
    with pytest.raises(ValueError):
        filters.filter_features(np.zeros(10))
    with pytest.raises(ValueError):
        filters.filter_features(np.full((4, 8), np.nan))
    with pytest.raises(ValueError):
        filters.notch_ratio(np.ones(3), bins=(1, 3))
    with pytest.raises(ValueError):
        filters.ridge(np.ones((4, 8)), orientation="diagonal")
