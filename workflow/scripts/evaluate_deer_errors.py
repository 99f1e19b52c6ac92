"""Rule evaluate_deer_errors: error and time per trace of DEERNets, the DSP replica, Tikhonov."""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

import numpy as np  # noqa: E402

from descramble.io import read_h5, write_tsv  # noqa: E402
from descramble.models import artefact_layers, model_from_arrays  # noqa: E402
from descramble.problems.deer.evaluate import ERROR_COLUMNS, error_rows  # noqa: E402
from descramble.runtime import runtime  # noqa: E402
from descramble.train import predict  # noqa: E402

with runtime(snakemake, "evaluate_deer_errors") as log:
    n_sub = snakemake.params.n_tikhonov
    # each network once, keyed by the (snr, seed) of the data it was trained and tested on
    nets = {}
    for mpath in snakemake.input.models:
        m = read_h5(mpath)
        pp = m["_provenance"]
        nets.setdefault((pp["params"]["snr"], pp["seed"]), []).append((mpath, m))
    rows = []
    for dpath, bpath in zip(snakemake.input.data, snakemake.input.baselines, strict=True):
        d = read_h5(dpath, only=["test/signal", "test/p"])
        snr, seed = d["_provenance"]["params"]["snr"], d["_provenance"]["seed"]
        b = read_h5(bpath)
        guess = np.broadcast_to(b["prior_mean"]["p"], d["test"]["p"].shape)
        est = [
            ("-", "prior_mean", guess, 0.0),
            ("-", "dsp_replica", b["dsp"]["p"], float(b["dsp"]["seconds_per_trace"])),
            ("-", "tikhonov", b["tikhonov"]["p"], float(np.mean(b["tikhonov"]["seconds"]))),
        ]
        for mpath, m in nets.get((snr, seed), []):
            net = model_from_arrays(artefact_layers(m))
            t0 = time.perf_counter()
            pred = predict(net, d["test"]["signal"])
            sec = (time.perf_counter() - t0) / len(pred)
            # the stored predictions were made by the same weights: a check, not a second source
            if not np.allclose(pred, m["test"]["pred"], atol=1e-6):
                raise ValueError(f"{mpath}: stored test predictions differ from the weights'")
            est.append((m["_provenance"]["params"]["arch"], "network", pred, sec))
        rows += error_rows(d["test"]["p"], est, snr, seed, min(n_sub, len(d["test"]["p"])))
    for r in rows:
        log.info("%s", r)
    write_tsv(snakemake.output[0], rows, ERROR_COLUMNS)
