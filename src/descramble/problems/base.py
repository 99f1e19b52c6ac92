"""The default problem interface: what a problem that uses the shared stages inherits.

A problem's ``interface`` module defines ``PROBLEM``, an instance of a
:class:`Problem` subclass that sets what is its own (architectures, the
synthesize function, which datasets are inputs and targets) and overrides a
method only where the problem differs (biexp's ILR inputs, deer's variants).
The shared stages call these methods; see :mod:`descramble.problems` for
what each one must return.
"""

from __future__ import annotations

import numpy as np

from ..io import read_h5

SPLITS = ("train", "val", "test")
# Fresh probe data (an ``snr<value>`` probe) is synthesised with seed + FRESH_SEED_OFFSET: a
# stream apart from every training seed a grid uses (seeds are small), and the same for every
# problem, so a probe never repeats the network's own training data.
FRESH_SEED_OFFSET = 10_000


def fresh_seed(seed):
    """The synthesis seed of fresh probe data for a network trained on ``seed``."""
    return FRESH_SEED_OFFSET + int(seed)


def as_matrix(A, name="matrix", min_side=1):
    """``A`` as a finite 2-D float array, both sides >= ``min_side``; a ValueError names it."""
    A = np.asarray(A, dtype=float)
    if A.ndim != 2 or min(A.shape) < min_side:
        raise ValueError(f"{name} must be 2-D with both sides >= {min_side}, got shape {A.shape}")
    if not np.all(np.isfinite(A)):
        raise ValueError(f"{name} has non-finite entries")
    return A


def sized(data, n):
    """The ``data`` slice with ``n`` training rows and one of each other split (one draw)."""
    return {**data, "n_train": n, "n_val": 1, "n_test": 1}


class Problem:
    """Default interface of a problem to the shared stages.

    A subclass sets :attr:`ARCHS`, :attr:`LOSS_LABEL` and :meth:`make` (its
    synthesize function) and, where its artefact names them otherwise,
    :attr:`INPUT` and :attr:`TARGET`.

    Attributes
    ----------
    ARCHS : tuple of str
        Architectures (input representations) it trains.
    LOSS_LABEL : str
        What the training loss is, with units (figure axis label).
    INPUT, TARGET : str
        The per-split datasets of the data artefact the network reads
        (``(N, d)``) and predicts (``(N, k)``).
    SPLITS : tuple of str
    SHARED_STAGES : bool
        False: the shared stages make nothing for this problem.
    """

    ARCHS: tuple = ()
    LOSS_LABEL = "training loss"
    INPUT = "signal"
    TARGET = "params"
    SPLITS = SPLITS
    SHARED_STAGES = True

    @staticmethod
    def make(snr, seed, **params):
        """The problem's synthesize function: the data artefact's arrays of one (snr, seed)."""
        raise NotImplementedError("a Problem subclass sets make = staticmethod(its synthesize)")

    def extra_inputs(self, arch):
        """``{name: path pattern}`` of artefacts besides the data; none by default."""
        return {}

    def synthesize(self, snr, seed, params):
        """The data artefact's arrays of one (snr, seed) from the ``data`` slice."""
        return self.make(snr, seed, **params)

    def inputs(self, arch, files, splits=None, rows=None):
        """``{split: X (N, d) float32}``: the :attr:`INPUT` dataset of each split."""
        splits = self.SPLITS if splits is None else splits
        data = read_h5(files["data"], only=[f"{s}/{self.INPUT}" for s in splits], rows=rows)
        return {s: data[s][self.INPUT].astype("float32") for s in splits}

    def targets(self, files, splits=None):
        """``{split: Y (N, k)}``: the :attr:`TARGET` dataset of each split."""
        splits = self.SPLITS if splits is None else splits
        data = read_h5(files["data"], only=[f"{s}/{self.TARGET}" for s in splits])
        return {s: data[s][self.TARGET] for s in splits}

    def network(self, arch, train):
        """Keyword arguments of :func:`descramble.train.train`: the ``train`` slice as it is."""
        return dict(train)

    def probe_settings(self, section, arch):
        """The config slice an ``snr<value>`` probe depends on: the ``data`` slice."""
        return {"data": section["data"]}

    def fresh(self, snr, n, seed, settings):
        """``n`` fresh rows of training split at ``snr`` (seeded by :func:`fresh_seed`)."""
        return self.make(snr, fresh_seed(seed), **sized(settings["data"], n))["train"]

    def fresh_inputs(self, snr, n, seed, arch, settings):
        """``n`` fresh network inputs at ``snr``, (n, d) float32."""
        return self.fresh(snr, n, seed, settings)[self.INPUT].astype("float32")

    def clean(self, data, N, rng):
        """``N`` clean rows (N, d) of the ``data`` settings: a fresh draw seeded from ``rng``."""
        return self.make(1.0, int(rng.integers(2**31)), **sized(data, N))["train"]["clean"]

    def theorem_signals(self, data):
        """Clean network inputs from the ``data`` slice, for the theorem checks.

        Returns
        -------
        callable
            ``make_signals(N, rng) -> (d, N)``: :meth:`clean` signals as
            columns (Theorem 2 adds the noise).
        """

        def make_signals(N, rng):
            return self.clean(data, N, rng).T

        return make_signals
