"""Interface of the DEER problem to the shared stages (see :mod:`descramble.problems`).

Architectures are DEERNets (Amey et al.; Sule et al.): ``deernet`` is
256 -> 80 (tanh) -> 256 (logistic, renormalised to a distribution), the
PNAS/Sule network; ``deernet3`` adds a second hidden layer (Sule et al.'s
Jacobian experiment, Fig 3). ``deernet_r4`` and ``deernet_sule`` are the
same 2-layer network trained on a data *variant*: the quartic kernel (r^-4,
Sule et al.) and the ``sule`` regime (K p + noise, no background), whose
data live under ``results/data/deer/<variant>/``.
"""

from __future__ import annotations

from ...io import read_h5
from .synthesize import SPLITS
from .synthesize import synthesize as _synthesize

ARCHS = ("deernet", "deernet3", "deernet_r4", "deernet_sule")
# data variant of each arch trained on something other than the main data
VARIANTS = {"deernet_r4": "r4", "deernet_sule": "sule"}
LOSS_LABEL = "MSE of P(r) per distance point [(probability per point)$^2$]"
VARIANT_PATH = "results/data/deer/{variant}/snr{{snr}}/seed{{seed}}.h5"


def network_kind(arch):
    """``deernet3`` is the 3-layer net; every other arch is the 2-layer DEERNet."""
    return "deernet3" if arch == "deernet3" else "deernet"


def variant_data(section, variant):
    """The ``data`` slice of a variant: the main data settings with its overrides."""
    return {**section["data"], **section["variants"][variant]}


def extra_inputs(arch):
    """Variant archs read their own data artefact instead of the main one."""
    if arch in VARIANTS:
        return {"data": VARIANT_PATH.format(variant=VARIANTS[arch])}
    return {}


def synthesize(snr, seed, params):
    """The data artefact of one (snr, seed): ``t``, ``r``, ``kernel`` and splits."""
    return _synthesize(snr, seed, **params)


def inputs(arch, files, splits=SPLITS, rows=None):
    """Traces per split, (N, n_t) float32."""
    data = read_h5(files["data"], only=[f"{s}/signal" for s in splits], rows=rows)
    return {s: data[s]["signal"].astype("float32") for s in splits}


def targets(files, splits=SPLITS):
    """True distance distributions per split, (N, n_r), each summing to 1."""
    data = read_h5(files["data"], only=[f"{s}/p" for s in splits])
    return {s: data[s]["p"] for s in splits}


def network(arch, train):
    """DEERNet: tanh hidden layer(s), logistic output renormalised to sum 1, Adam with decay."""
    spec = {k: v for k, v in train.items() if k != "hidden"}
    spec["hidden"] = list(train["hidden"][network_kind(arch)])
    spec["output_activation"] = "sigmoid_renorm"
    return spec


def probe_settings(section, arch):
    """An ``snr<value>`` probe synthesises fresh traces with the arch's own data settings."""
    data = variant_data(section, VARIANTS[arch]) if arch in VARIANTS else section["data"]
    return {"data": data}


def fresh_inputs(snr, n, seed, arch, settings):
    """``n`` fresh traces at ``snr``."""
    p = {**settings["data"], "n_train": n, "n_val": 1, "n_test": 1}
    return _synthesize(snr, 10_000 + int(seed), **p)["train"]["signal"].astype("float32")


def theorem_signals(data):
    """Noise-free traces of the ``data`` settings (Theorem 2 adds the noise).

    Returns
    -------
    callable
        ``make_signals(N, rng) -> (n_t, N)``.
    """

    def make_signals(N, rng):
        p = {**data, "n_train": N, "n_val": 1, "n_test": 1}
        return _synthesize(1.0, int(rng.integers(2**31)), **p)["train"]["clean"].T

    return make_signals
