import numpy as np
import pytest

from descramble.problems.biexp.priors import priors
from descramble.problems.biexp.signals import biexp
from descramble.problems.biexp.synthesize import synthesize


def test_biexp_known_values():
    t = np.array([0.0, 100.0, 800.0])
    y = biexp(t, np.array([[50.0, 500.0]]))
    expected = 0.6 * np.exp(-t / 50.0) + 0.4 * np.exp(-t / 500.0)
    np.testing.assert_allclose(y[0], expected, rtol=1e-14)
    assert y[0, 0] == pytest.approx(1.0, abs=1e-15)


def test_prior_ordering_and_range():
    rng = np.random.default_rng(0)
    p = priors(20000, rng, lo=50, hi=500)
    assert np.all(p[:, 0] <= p[:, 1]) and p.min() >= 50 and p.max() <= 500
    # min/max of two U[50, 500]: means 50 + 450/3 and 50 + 2*450/3
    np.testing.assert_allclose(p.mean(axis=0), [200.0, 350.0], rtol=0.01)
    g = priors(5000, rng, kind="grid", grid_size=50)
    assert set(np.unique(g)) <= set(np.linspace(50, 500, 50))


def test_noise_level_and_determinism():
    d1 = synthesize(30.0, 3, n_train=4000, n_val=10, n_test=10)
    d2 = synthesize(30.0, 3, n_train=4000, n_val=10, n_test=10)
    for s in ("train", "val", "test"):
        for k in ("signal", "clean", "params"):
            assert d1[s][k].tobytes() == d2[s][k].tobytes()
    resid = d1["train"]["signal"] - d1["train"]["clean"]
    # sample std of 256k N(0, 1/30^2) draws: relative standard error ~ 0.14 %
    assert resid.std() == pytest.approx(1 / 30, rel=0.01)
    np.testing.assert_allclose(d1["train"]["clean"], biexp(d1["t"], d1["train"]["params"]))
    d3 = synthesize(30.0, 4, n_train=4000, n_val=10, n_test=10)
    assert not np.array_equal(d1["train"]["params"], d3["train"]["params"])


def test_bad_snr_is_an_error():
    with pytest.raises(ValueError, match="snr must be > 0"):
        synthesize(0.0, 0, n_train=5, n_val=5, n_test=5)
