"""The PNAS DSP replica: FIR filter specs, pseudoinverse algebra, estimates."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import signal

from descramble.problems.deer import dsp
from descramble.problems.deer.synthesize import synthesize


@pytest.fixture(scope="module")
def taps():
    return dsp.design_filters()


def response_db(h):
    """|H| in dB on a dense grid of normalised frequency (Nyquist = 1)."""
    f, H = signal.freqz(h, worN=1 << 16, fs=2.0)
    return f, 20 * np.log10(np.maximum(np.abs(H), 1e-300))


def test_filter_lengths_and_linear_phase(taps):
    h_notch, h_low = taps
    assert h_notch.shape == (257,) and h_low.shape == (33,)  # orders 256 and 32
    np.testing.assert_allclose(h_notch, h_notch[::-1], atol=1e-15)
    np.testing.assert_allclose(h_low, h_low[::-1], atol=1e-15)


def test_notch_meets_its_band_edges(taps):
    # Equiripple, equal weights, 257 taps, transition 0.001 -> 0.008 (Nyquist = 1).
    # Measured: stopband <= -22.5 dB, passband ripple +-0.66 dB. Tolerances:
    # stopband <= -20 dB, passband within +-1 dB.
    f, db = response_db(taps[0])
    assert db[f <= 0.001].max() <= -20.0
    assert np.abs(db[f >= 0.008]).max() <= 1.0
    # Edges in Nyquist units (MATLAB): read as cycles/sample the passband would
    # start at 0.016 Nyquist units and 0.008-0.016 would still be attenuated;
    # half-way through our transition band the gain is between the band levels.
    assert -20.0 < np.interp(0.0045, f, db) < -0.5


def test_lowpass_meets_its_band_edges(taps):
    # Measured: passband ripple 1e-4 dB (f <= 0.01), stopband <= -98.8 dB (f >= 0.3).
    f, db = response_db(taps[1])
    assert np.abs(db[f <= 0.01]).max() <= 1e-3
    assert db[f >= 0.3].max() <= -90.0


def test_firls_alternative_also_meets_loose_specs():
    h_notch, h_low = dsp.design_filters(method="firls")
    f, db = response_db(h_notch)
    assert db[f <= 0.001].max() <= -15.0 and np.abs(db[f >= 0.008]).max() <= 2.5
    f, db = response_db(h_low)
    assert db[f >= 0.3].max() <= -80.0


def test_filtering_known_answers(taps):
    h_notch, h_low = taps
    n = 256
    # A constant is mirrored into a constant, so the output is DC gain * value.
    out = dsp.apply_filters(np.full((2, n), 3.0), h_notch, h_low)
    np.testing.assert_allclose(out, 3.0 * h_notch.sum() * h_low.sum(), rtol=1e-12)
    assert abs(h_notch.sum()) < 0.075  # notch: DC down by > 22 dB
    # A cosine at 128/255 ~ 0.502 (Nyquist units) sits in the low-pass stopband;
    # it is even about both k = 0 and k = 255 (omega * 255 = 128 pi), so the
    # mirror extension continues it exactly and only the stopband gain remains.
    k = np.arange(n)
    out = dsp.apply_filters(np.cos(np.pi * 128 / 255 * k), h_notch, h_low)
    assert np.abs(out).max() < 1e-4
    # Matrix form agrees with direct filtering.
    H = dsp.filter_matrix(n, h_notch, h_low)
    y = np.random.default_rng(0).standard_normal((3, n))
    np.testing.assert_allclose(y @ H.T, dsp.apply_filters(y, h_notch, h_low), atol=1e-12)


def test_pseudoinverse_is_the_inverse_of_a_well_conditioned_square_matrix():
    rng = np.random.default_rng(1)
    A = rng.standard_normal((40, 40)) + 12 * np.eye(40)
    assert np.linalg.cond(A) < 10
    Ainv = np.linalg.inv(A)
    np.testing.assert_allclose(dsp.pseudoinverse(A, 0.0), Ainv, atol=1e-13)
    # alpha -> 0: (A^T A + a^2 I)^-1 A^T = A^-1 + O(a^2).
    np.testing.assert_allclose(dsp.pseudoinverse(A, 1e-6), Ainv, atol=1e-12)
    assert np.abs(dsp.pseudoinverse(A, 1e-1) - Ainv).max() > 1e-6


@pytest.mark.parametrize("alpha", [0.05, 1.0, 30.0])
def test_pseudoinverse_matches_normal_equations(alpha):
    rng = np.random.default_rng(2)
    K = rng.standard_normal((50, 30))
    L = dsp.second_difference(30)
    closed = np.linalg.solve(K.T @ K + alpha**2 * L.T @ L, K.T)
    np.testing.assert_allclose(dsp.pseudoinverse(K, alpha, L), closed, atol=1e-10, rtol=0)
    closed_ridge = np.linalg.solve(K.T @ K + alpha**2 * np.eye(30), K.T)
    np.testing.assert_allclose(dsp.pseudoinverse(K, alpha), closed_ridge, atol=1e-10, rtol=0)


def test_second_difference_annihilates_lines():
    L = dsp.second_difference(10)
    assert L.shape == (8, 10)
    np.testing.assert_allclose(L @ (2.0 + 0.3 * np.arange(10)), 0.0, atol=1e-14)
    np.testing.assert_allclose(L @ np.arange(10.0) ** 2, 2.0, atol=1e-12)


def test_relative_error_known_values():
    p = np.array([[0.5, 0.5, 0.0], [1.0, 0.0, 0.0]])
    np.testing.assert_allclose(dsp.relative_error(p, p), 0.0)
    np.testing.assert_allclose(dsp.relative_error(2 * p, p), 1.0)
    q = np.array([[0.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
    np.testing.assert_allclose(dsp.relative_error(q, p), [np.sqrt(1.5 / 0.5), np.sqrt(2.0)])


def test_normalise_clips_and_falls_back_to_uniform():
    out = dsp.normalise(np.array([[-1.0, 1.0, 3.0], [-1.0, -2.0, 0.0]]))
    np.testing.assert_allclose(out, [[0.0, 0.25, 0.75], [1 / 3, 1 / 3, 1 / 3]])


def test_replica_recovers_distributions_from_clean_traces():
    # Noise-free sule-regime traces: the tuned replica must beat the best
    # constant guess (the training mean) by a wide margin, on held-out traces.
    data = synthesize(np.inf, 5, regime="sule", n_train=200, n_val=0, n_test=100)
    K = data["kernel"]
    alpha, errs = dsp.select_alpha(
        data["train"]["signal"], data["train"]["p"], K, alphas=np.logspace(-1, 3, 9)
    )
    assert errs.shape == (9,) and alpha == np.logspace(-1, 3, 9)[np.argmin(errs)]
    est = dsp.dsp_replica(data["test"]["signal"], K, alpha)
    assert est.shape == (100, 256) and np.all(est >= 0)
    np.testing.assert_allclose(est.sum(axis=1), 1.0, atol=1e-12)
    err = dsp.relative_error(est, data["test"]["p"]).mean()
    mean_guess = np.broadcast_to(data["train"]["p"].mean(axis=0), est.shape)
    base = dsp.relative_error(mean_guess, data["test"]["p"]).mean()
    assert err < 0.5 * base


def test_design_rejects_bad_specs():
    with pytest.raises(ValueError):
        dsp.design_filters(notch_order=255)
    with pytest.raises(ValueError):
        dsp.design_filters(notch_pass=0.0005)
    with pytest.raises(ValueError):
        dsp.design_filters(lowpass_pass=0.5, lowpass_stop=0.3)
    with pytest.raises(ValueError):
        dsp.design_filters(method="butter")
