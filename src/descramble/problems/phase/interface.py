"""Interface of the phase-recovery problem (Sule et al., Corollary 3) to the shared stages.

Two archs on the same inputs: ``cnn`` (first layer one circular convolution,
stride 1: a circulant n x n matrix) and ``fcnn`` (first layer dense n x n);
the rest of the network is the same. Inputs are the noisy oscillations
(``signal``, (N, n)), targets ``(cos, sin)`` of ``2 pi alpha / n``
(``targets``, (N, 2)); everything else is the default interface
(:mod:`descramble.problems.base`).
"""

from __future__ import annotations

from ..base import Problem
from .synthesize import synthesize

FIRST_LAYER = {"cnn": "circulant", "fcnn": "dense"}


class Phase(Problem):
    ARCHS = ("cnn", "fcnn")
    LOSS_LABEL = "MSE of (cos, sin) of $2\\pi\\alpha/n$ [dimensionless]"
    TARGET = "targets"
    make = staticmethod(synthesize)

    def network(self, arch, train):
        """``train`` as :func:`descramble.train.train` keywords; the arch picks the first layer.

        ``train.hidden[0]`` is the first layer's width; for the CNN it must equal
        the number of samples (a circular convolution maps n -> n), which
        :func:`descramble.models.mlp` checks with a clear error.
        """
        return {**train, "first_layer": FIRST_LAYER[arch]}


PROBLEM = Phase()
