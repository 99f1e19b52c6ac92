"""Datasets of the linear-dynamics track: their correlation SVD matches the construction."""

from __future__ import annotations

import numpy as np
import pytest

from descramble.problems.dynamics.analysis import dominant_set
from descramble.problems.dynamics.datasets import make_dataset
from descramble.problems.dynamics.structure import io_structure


def test_pure_cosines_modes_are_the_classes_and_decoupled():
    n, amps = 8, [1.5, 1.0, 0.5, 0.2]
    d = make_dataset(
        "pure_cosines", {"size": n, "freqs": [[0, 0], [5, 2], [1, 7], [0, 4]], "amps": amps}
    )
    st = io_structure(d["X"], d["Y"], n)
    # |x_i| = amp n (constant and Nyquist images) or amp n / sqrt 2 (cosines); s = |x_i| / p
    norms = np.array([1.5 * n, 1.0 * n / 2**0.5, 0.5 * n / 2**0.5, 0.2 * n])
    np.testing.assert_allclose(st["s"], norms / 4, rtol=1e-12)
    np.testing.assert_allclose(abs(st["U"]), np.eye(4), atol=1e-12)  # mode alpha = class alpha
    np.testing.assert_allclose(st["lam"], norms**2 / 4, rtol=1e-12)
    assert st["offdiag"] < 1e-12 and st["leak"] < 1e-12
    np.testing.assert_allclose(st["gamma"], [1, 2**-0.5, 2**-0.5, 1], atol=1e-12)
    assert set(dominant_set(st["dominant"], n)) == {
        0,
        5 * n + 2,
        3 * n + 6,
        1 * n + 7,
        7 * n + 1,
        4,
    }


def test_conjugate_frequencies_are_refused():
    with pytest.raises(ValueError, match="conjugate"):
        make_dataset("pure_cosines", {"size": 8, "freqs": [[1, 2], [7, 6]], "amps": [1, 1]})


def test_sums_of_cosines_dominant_frequency_and_singular_values():
    n = 8
    prm = {"size": n, "freqs": [[[1, 0], [2, 3]], [[3, 1], [1, 2], [0, 3]]],
           "amps": [[1.0, 0.5], [0.3, 0.8, 0.2]]}  # fmt: skip
    st = io_structure(*(lambda d: (d["X"], d["Y"]))(make_dataset("sums_of_cosines", prm)), n)
    s = np.sort([np.sqrt(1.25) * n / 2**0.5 / 2, np.sqrt(0.77) * n / 2**0.5 / 2])[::-1]
    np.testing.assert_allclose(st["s"], s, rtol=1e-12)
    assert st["offdiag"] < 1e-12
    # the dominant frequency of each mode is its largest-amplitude cosine, at amp / (|amps| sqrt 2)
    assert {divmod(int(f), n) for f in st["dominant"]} <= {(1, 0), (7, 0), (1, 2), (7, 6)}
    np.testing.assert_allclose(
        st["gamma"], [1 / np.sqrt(2 * 1.25), 0.8 / np.sqrt(2 * 0.77)], rtol=1e-12
    )


def test_shapes_share_frequencies():
    d = make_dataset(
        "shapes", {"size": 12, "shapes": ["square", "disk", "triangle", "cross"], "amp": 1.0}
    )
    st = io_structure(d["X"], d["Y"], 12)
    assert d["images"].shape == (4, 12, 12) and np.all(d["images"].sum(axis=(1, 2)) > 5)
    assert st["offdiag"] < 1e-10  # one image per class: Sigma_xx is diagonal in V (Pinson SI A)
    # but the modes spread over many frequencies, and share them
    assert st["gamma"].max() < 0.9
    overlap = (st["spectra"][0] > 0.05) & (st["spectra"][1] > 0.05)
    assert overlap.sum() >= 2
