"""Rules synthesize_data (and synthesize_deer_variant): prior -> forward model -> noise -> HDF5."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import write_h5  # noqa: E402
from descramble.problems import problem  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "synthesize_data") as log:
    p = dict(snakemake.params.data)
    name = snakemake.params.problem  # also made by problem-specific rules (data variants)
    snr, seed = float(snakemake.wildcards.snr), int(snakemake.wildcards.seed)
    d = problem(name).synthesize(snr, seed, p)
    splits = [k for k in d if isinstance(d[k], dict)]
    log.info("made %s", {s: d[s]["signal"].shape if "signal" in d[s] else "draws only (compact)"
                         for s in splits})  # fmt: skip
    write_h5(snakemake.output[0], d, f"{name}-data", {"data": p, "snr": snr}, seed)
