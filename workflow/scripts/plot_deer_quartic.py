"""Rule plot_deer_quartic: the notch of a DEERNet trained with an r^-3 and an r^-4 kernel."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_h5  # noqa: E402
from descramble.problems.deer import plots  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "plot_deer_quartic"):
    profiles = {}
    for label, path in (("r^-3 kernel", snakemake.input.cubic[0]),
                        ("r^-4 kernel", snakemake.input.quartic[0])):  # fmt: skip
        f = read_h5(path, only=["w1/train/freqs", "w1/train/profile", "w1/train/notch_width"])
        profiles[label] = {k: f["w1"]["train"][k] for k in ("freqs", "profile", "notch_width")}
    plots.notch_width_figure(profiles, snakemake.output[0])
