"""Interface of the DEER problem to the shared stages (see :mod:`descramble.problems`).

Architectures are DEERNets (Amey et al.; Sule et al.): ``deernet`` is
256 -> 80 (tanh) -> 256 (logistic, renormalised to a distribution), the
PNAS/Sule network; ``deernet3`` adds a second hidden layer (Sule et al.'s
Jacobian experiment, Fig 3). ``deernet_r4`` and ``deernet_sule`` are the
same 2-layer network trained on a data *variant*: the quartic kernel (r^-4,
Sule et al.), the ``sule`` regime (K p + noise, no background) and ``dn``
(the DEERNet generator's noise: per trace RMS depth * U[0, noise_max)), whose
data live under ``results/data/deer/<variant>/``. ``deernet_relu`` is the
2-layer network with a ReLU hidden layer on the main data (Sule et al.'s
Fig 3 caption says ReLU; the PNAS DEERNet is tanh). Inputs are the traces
(``signal``, (N, n_t)), targets the distance distributions (``p``, (N, n_r),
each summing to 1); the rest is the default interface
(:mod:`descramble.problems.base`) but for the variants and the network.
"""

from __future__ import annotations

import numpy as np

from ..base import Problem
from .synthesize import read_split, split_is_compact, synthesize

# data variant of each arch trained on something other than the main data
VARIANTS = {"deernet_r4": "r4", "deernet_sule": "sule", "deernet_dn": "dn"}
VARIANT_PATH = "results/data/deer/{variant}/snr{{snr}}/seed{{seed}}.h5"


def network_kind(arch):
    """``deernet3`` is the 3-layer net; every other arch is the 2-layer DEERNet."""
    return "deernet3" if arch == "deernet3" else "deernet"


def variant_data(section, variant):
    """The ``data`` slice of a variant: the main data settings with its overrides."""
    return {**section["data"], **section["variants"][variant]}


def _full(settings):
    return {**settings, "data": {**settings["data"], "store": "full"}}


class Deer(Problem):
    ARCHS = ("deernet", "deernet3", "deernet_r4", "deernet_sule", "deernet_dn", "deernet_relu")
    LOSS_LABEL = "MSE of P(r) per distance point [(probability per point)$^2$]"
    TARGET = "p"
    make = staticmethod(synthesize)

    def inputs(self, arch, files, splits=None, rows=None):
        """As the default, but a compact train split is rendered from its draws (float32)."""
        splits = self.SPLITS if splits is None else splits
        return {s: read_split(files["data"], s, [self.INPUT], rows, np.float32)[self.INPUT]
                for s in splits}  # fmt: skip

    def targets(self, files, splits=None):
        """As the default (float64), but a compact train split is rendered in float32.

        A million targets of 256 points are 1 GB in float32; the loop casts to float32 anyway.
        """
        splits = self.SPLITS if splits is None else splits
        out = {}
        for s in splits:
            dtype = np.float32 if split_is_compact(files["data"], s) else np.float64
            out[s] = read_split(files["data"], s, [self.TARGET], None, dtype)[self.TARGET]
        return out

    def fresh(self, snr, n, seed, settings):
        """Fresh rows as the default, always with their arrays (``store: full``)."""
        return super().fresh(snr, n, seed, _full(settings))

    def clean(self, data, N, rng):
        """Clean rows as the default, always with their arrays (``store: full``)."""
        return super().clean({**data, "store": "full"}, N, rng)

    def extra_inputs(self, arch):
        """Variant archs read their own data artefact instead of the main one."""
        if arch in VARIANTS:
            return {"data": VARIANT_PATH.format(variant=VARIANTS[arch])}
        return {}

    def network(self, arch, train):
        """DEERNet: tanh hidden layer(s) (ReLU for ``deernet_relu``), logistic output renormalised
        to sum 1, Adam with decay."""
        spec = {k: v for k, v in train.items() if k != "hidden"}
        spec["hidden"] = list(train["hidden"][network_kind(arch)])
        if arch == "deernet_relu":
            spec["activation"] = "relu"
        spec["output_activation"] = "sigmoid_renorm"
        return spec

    def probe_settings(self, section, arch):
        """An ``snr<value>`` probe synthesises fresh traces with the arch's own data settings."""
        data = variant_data(section, VARIANTS[arch]) if arch in VARIANTS else section["data"]
        return {"data": data}


PROBLEM = Deer()
