"""Rule plot_training_curves: loss per epoch of every network."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_h5  # noqa: E402
from descramble.plots import training_curves  # noqa: E402
from descramble.problems import problem  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "plot_training_curves"):
    hs = []
    for path in snakemake.input:
        d = read_h5(path, require=["history/train_loss", "history/val_loss"])
        pp = d["_provenance"]["params"]
        hs.append(
            {
                "label": f"{pp['arch']} SNR {pp['snr']:g} seed {d['_provenance']['seed']}",
                "train_loss": d["history"]["train_loss"],
                "val_loss": d["history"]["val_loss"],
            }
        )
    training_curves(hs, snakemake.output[0], problem(snakemake.wildcards.problem).LOSS_LABEL)
