"""Rule compare_biexp_target_scale: nd_nd (raw-ms targets) against nd_nd_scaled, per network."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_tsv, write_tsv  # noqa: E402
from descramble.problems.biexp.target_scale import target_scale  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "compare_biexp_target_scale") as log:
    rows = target_scale(
        read_tsv(snakemake.input.errors),
        read_tsv(snakemake.input.fits),
        read_tsv(snakemake.input.stats),
        snakemake.params.scales,
        n_sv=snakemake.params.n_sv,
    )
    for r in rows.itertuples():
        log.info("%s (scale %g) SNR %g seed %d: errors %.4f / %.4f, learned %.2f, R^2 %.3f",
                 r.arch, r.target_scale, r.snr, r.seed, r.rel_error_T21, r.rel_error_T22,
                 r.learned_fraction, r.mean_r2_top)  # fmt: skip
    write_tsv(snakemake.output[0], rows)
