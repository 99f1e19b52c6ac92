"""Interface of the DEER problem to the shared stages (see :mod:`descramble.problems`).

Architectures are DEERNets (Amey et al.; Sule et al.): ``deernet`` is
256 -> 80 (tanh) -> 256 (logistic, renormalised to a distribution), the
PNAS/Sule network; ``deernet3`` adds a second hidden layer (Sule et al.'s
Jacobian experiment, Fig 3). ``deernet_r4`` and ``deernet_sule`` are the
same 2-layer network trained on a data *variant*: the quartic kernel (r^-4,
Sule et al.) and the ``sule`` regime (K p + noise, no background), whose
data live under ``results/data/deer/<variant>/``. Inputs are the traces
(``signal``, (N, n_t)), targets the distance distributions (``p``, (N, n_r),
each summing to 1); the rest is the default interface
(:mod:`descramble.problems.base`) but for the variants and the network.
"""

from __future__ import annotations

from ..base import Problem
from .synthesize import synthesize

# data variant of each arch trained on something other than the main data
VARIANTS = {"deernet_r4": "r4", "deernet_sule": "sule"}
VARIANT_PATH = "results/data/deer/{variant}/snr{{snr}}/seed{{seed}}.h5"


def network_kind(arch):
    """``deernet3`` is the 3-layer net; every other arch is the 2-layer DEERNet."""
    return "deernet3" if arch == "deernet3" else "deernet"


def variant_data(section, variant):
    """The ``data`` slice of a variant: the main data settings with its overrides."""
    return {**section["data"], **section["variants"][variant]}


class Deer(Problem):
    ARCHS = ("deernet", "deernet3", "deernet_r4", "deernet_sule")
    LOSS_LABEL = "MSE of P(r) per distance point [(probability per point)$^2$]"
    TARGET = "p"
    make = staticmethod(synthesize)

    def extra_inputs(self, arch):
        """Variant archs read their own data artefact instead of the main one."""
        if arch in VARIANTS:
            return {"data": VARIANT_PATH.format(variant=VARIANTS[arch])}
        return {}

    def network(self, arch, train):
        """DEERNet: tanh hidden layer(s), logistic output renormalised to sum 1, Adam with decay."""
        spec = {k: v for k, v in train.items() if k != "hidden"}
        spec["hidden"] = list(train["hidden"][network_kind(arch)])
        spec["output_activation"] = "sigmoid_renorm"
        return spec

    def probe_settings(self, section, arch):
        """An ``snr<value>`` probe synthesises fresh traces with the arch's own data settings."""
        data = variant_data(section, VARIANTS[arch]) if arch in VARIANTS else section["data"]
        return {"data": data}


PROBLEM = Deer()
