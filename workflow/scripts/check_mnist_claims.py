"""Rule check_mnist_claims: Pattichis & Pattichis 2024 accuracy claims and subspace checks."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

from descramble.claims import table  # noqa: E402
from descramble.io import read_tsv, write_tsv  # noqa: E402
from descramble.problems.mnist import claims as mc  # noqa: E402
from descramble.runtime import runtime  # noqa: E402

with runtime(snakemake, "check_mnist_claims") as log:
    p = snakemake.params.claims
    acc, sub, inv = (read_tsv(snakemake.input[k]) for k in ("accuracy", "subspaces", "inverse"))
    rows = mc.accuracy_claims(acc, p["paper_accuracy"], p["tolerance"])
    rows += mc.subspace_claims(sub) + mc.inverse_claims(inv, sub)
    for r in rows:
        log.info("[%s] %s | %s | holds: %s", r["kind"], r["claim"], r["measured"], r["holds"])
    write_tsv(snakemake.output[0], table(rows))
