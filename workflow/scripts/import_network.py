"""Rule import_network: a model file (any format) -> the model artefact, checked against it."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.problems.own.jobs import import_network  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "import_network") as log:
    import_network(snakemake.input[0], snakemake.output[0], snakemake.params.activations,
                   snakemake.wildcards.net, log)  # fmt: skip
