"""Interface of the MR-relaxometry problem to the shared stages.

Sule, Spencer & Czaja (Figs 5-7) on the input-layer-regularised networks of
Rozowski et al. Targets are the true (T21, T22) in ms (``params``, (N, 2));
inputs are the ILR representations of the decays (and, for ``nd_reg``, of
their NLLS Reg curves), so inputs, fresh inputs and theorem signals override
the default interface (:mod:`descramble.problems.base`).
"""

from __future__ import annotations

import numpy as np

from ...io import read_h5
from ..base import Problem
from .inputs import ilr_inputs
from .nlls import nlls
from .synthesize import synthesize

# trained like their base arch, but on targets divided by ``train.scaled_target_scale``:
# the old default (100), kept to measure what the papers' raw-ms targets change
SCALED = {"nd_nd_scaled": "nd_nd"}
NLLS_PATH = "results/nlls/biexp/snr{snr}/seed{seed}.h5"


def base_arch(arch):
    """The input representation of ``arch`` (``nd_nd_scaled`` -> ``nd_nd``)."""
    return SCALED.get(arch, arch)


class Biexp(Problem):
    ARCHS = ("nd", "nd_nd", "nd_reg", "nd_nd_scaled")
    LOSS_LABEL = "MSE of (T21, T22) in training units [(ms / target_scale)$^2$]"
    make = staticmethod(synthesize)

    def extra_inputs(self, arch):
        """(ND, Reg) networks also read the NLLS Reg curves; the others only the data."""
        return {"nlls": NLLS_PATH} if arch == "nd_reg" else {}

    def inputs(self, arch, files, splits=None, rows=None):
        """ILR inputs per split from the data (and NLLS) artefacts."""
        splits = self.SPLITS if splits is None else splits
        data = read_h5(files["data"], only=[f"{s}/signal" for s in splits], rows=rows)
        reg = None
        if arch == "nd_reg":
            reg = read_h5(files["nlls"], only=[f"{s}/curve" for s in splits], rows=rows)
        return {s: ilr_inputs(data[s]["signal"], base_arch(arch), reg[s]["curve"] if reg else None)
                for s in splits}  # fmt: skip

    def network(self, arch, train):
        """The ILR network: hidden widths and activation from config, linear output.

        ``scaled_target_scale`` applies to the scaled archs only (their
        ``target_scale``), so it is not part of any other network's settings.
        """
        net = dict(train)
        scaled = net.pop("scaled_target_scale", 100.0)
        if arch in SCALED:
            net["target_scale"] = scaled
        return net

    def probe_settings(self, section, arch):
        """An ``snr<value>`` probe synthesises data, and fits Reg curves for nd_reg."""
        return {"data": section["data"], "nlls": section["nlls"] if arch == "nd_reg" else None}

    def fresh_inputs(self, snr, n, seed, arch, settings):
        """``n`` fresh ILR inputs at ``snr`` (Reg curves refitted as in training)."""
        fresh = self.fresh(snr, n, seed, settings)
        curve = None
        if arch == "nd_reg":
            p, q = settings["data"], settings["nlls"]
            t = np.linspace(0.0, p["t_max"], p["n_t"])
            starts = tuple(map(tuple, q["starts"]))
            fit = nlls(t, fresh["signal"], c=tuple(p["c"]), lam=q["lam"], bounds=tuple(q["bounds"]),
                       starts=starts)  # fmt: skip
            curve = fit["curve"]
        return ilr_inputs(fresh["signal"], base_arch(arch), curve)

    def theorem_signals(self, data):
        """Clean (ND, Reg)-shaped inputs (the clean decay twice) from the ``data`` slice.

        Returns
        -------
        callable
            ``make_signals(N, rng) -> (2 n_t, N)``.
        """

        def make_signals(N, rng):
            clean = self.clean(data, N, rng)  # (N, m)
            return ilr_inputs(clean, "nd_reg", reg_curve=clean).T.astype(float)

        return make_signals


PROBLEM = Biexp()
