"""Rule tabulate_mnist: accuracy, subspace and inverse-map tables of every MNIST classifier."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.io import read_h5, write_tsv  # noqa: E402
from descramble.problems.mnist import tables  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "tabulate_mnist") as log:
    acc, sub, inv = [], [], []
    files = zip(snakemake.params.networks, snakemake.input.models, snakemake.input.subspaces,
                snakemake.input.inverse, strict=True)  # fmt: skip
    for key, m, s, i in files:
        need = ["n_train", "n_test", "test/accuracy", "history/train_accuracy",
                "history/test_accuracy"]  # fmt: skip
        acc += tables.accuracy_rows(key, read_h5(m, only=need))
        sub += tables.subspace_rows(key, read_h5(s))
        inv += tables.inverse_rows(key, read_h5(i))
    for name, rows in (("accuracy", acc), ("subspaces", sub), ("inverse", inv)):
        write_tsv(snakemake.output[name], tables.frame(rows))
        log.info("%s: %d rows", name, len(rows))
