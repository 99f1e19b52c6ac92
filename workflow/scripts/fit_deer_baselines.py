"""Rule fit_deer_baselines: the DSP replica and DeerLab's Tikhonov fit on the DEER test split."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

import numpy as np  # noqa: E402

from descramble.io import read_h5, write_h5  # noqa: E402
from descramble.problems.deer.baselines import fit_baselines  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "fit_deer_baselines") as log:
    w, p = snakemake.wildcards, snakemake.params
    data = read_h5(snakemake.input.data, only=["t", "r", "kernel", "val/signal", "val/p",
                   "test/signal", "test/params/offset", "test/params/scale"])  # fmt: skip
    res = fit_baselines(data, p.n_tikhonov, p.dsp_alpha, **p.physics)
    log.info("DSP replica: alpha %.3g, %.2e s per trace; Tikhonov: %d traces, %.3g s per trace",
             res["dsp"]["alpha"], res["dsp"]["seconds_per_trace"], len(res["tikhonov"]["p"]),
             float(np.mean(res["tikhonov"]["seconds"])))  # fmt: skip
    write_h5(snakemake.output[0], res, "deer-baselines",
             {"n_tikhonov": p.n_tikhonov, "dsp_alpha": p.dsp_alpha, **p.physics,
              "snr": float(w.snr)}, int(w.seed))  # fmt: skip
