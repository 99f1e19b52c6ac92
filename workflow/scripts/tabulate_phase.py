"""Rule tabulate_phase: one row per phase network, and the long descrambler sweep table."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_h5, write_tsv  # noqa: E402
from descramble.problems.phase.tables import tables  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "tabulate_phase") as log:
    keys = [tuple(k) for k in snakemake.params.networks]
    # true test alpha of each (snr, seed), read once for both archs
    pairs = zip(snakemake.params.datasets, snakemake.input.data, strict=True)
    alpha = {tuple(k): read_h5(p, only=["test/alpha"])["test"]["alpha"] for k, p in pairs}
    items = []
    for key, a_path, m_path in zip(keys, snakemake.input.analyses, snakemake.input.models,
                                   strict=True):  # fmt: skip
        pred = read_h5(m_path, only=["test/pred"])["test"]["pred"]
        items.append((key, read_h5(a_path), pred, alpha[key[1:]]))
    nets, sweep = tables(items)
    log.info("%d networks, %d sweep rows", len(nets), len(sweep))
    write_tsv(snakemake.output.networks, nets)
    write_tsv(snakemake.output.sweep, sweep)
