"""Rule synthesize_data: prior -> biexponential decays -> noise -> HDF5."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parents[1] / "src"))

from descramble.io import write_h5  # noqa: E402
from descramble.runtime import runtime  # noqa: E402
from descramble.synthesize import synthesize  # noqa: E402

with runtime(snakemake, "synthesize_data") as log:
    p = dict(snakemake.params.data)
    snr, seed = float(snakemake.wildcards.snr), int(snakemake.wildcards.seed)
    d = synthesize(snr, seed, **p)
    log.info(
        "made %s curves of %d samples",
        {s: len(d[s]["params"]) for s in ("train", "val", "test")},
        len(d["t"]),
    )
    write_h5(snakemake.output[0], d, "biexp-data", {"data": p, "snr": snr}, seed)
