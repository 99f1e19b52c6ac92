"""Rule check_descrambling_claims: Theorems 1-2, Corollary 1, MDS and Figs 2/8 of Sule et al."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))

import numpy as np  # noqa: E402

from descramble import theory_plots  # noqa: E402
from descramble.claims import table as claims_table  # noqa: E402
from descramble.io import read_h5, write_tsv  # noqa: E402
from descramble.probes import probes  # noqa: E402
from descramble.problems import problem  # noqa: E402
from descramble.runtime import runtime  # noqa: E402
from descramble.theorems.check import (  # noqa: E402
    N_CLAIM,
    N_FIG2,
    TABLE_COLUMNS,
    check_descrambling,
)
from descramble.theory import trig_projection  # noqa: E402

with runtime(snakemake, "check_descrambling_claims") as log:
    p = snakemake.params.theory
    model = read_h5(snakemake.input.model, require=["layers/0/weight", "init/0/weight"])
    W1 = np.asarray(model["layers"]["0"]["weight"], dtype=float)  # (n, d)
    W1_init = np.asarray(model["init"]["0"]["weight"], dtype=float)
    noise = read_h5(snakemake.input.noise, require=["P", "weight", "descrambled_weight"])
    signal = read_h5(snakemake.input.signal, require=["P", "weight", "descrambled_weight"])
    for name, art in (("noise", noise), ("signal", signal)):
        if not np.allclose(np.asarray(art["weight"], float), W1, atol=1e-6):
            log.warning("descrambler artefact %s holds a weight that is not the model's W1", name)
    n_probe = int(noise["_provenance"]["params"]["descramble"]["n_probe"])
    # the noise descrambler's own probe, to descramble W1(init) on the same inputs
    X = probes("noise", p["problem"], p["arch"], n_probe, int(p["seed"]), n_inputs=W1.shape[1])
    make_signals = problem(p["problem"]).theorem_signals(snakemake.params.data)
    out = check_descrambling(W1, W1_init, noise["P"], X, p, make_signals, n_probe, log=log)
    for r in out["rows"]:
        log.info("[%s] %s | %s | holds: %s", r["kind"], r["claim"], r["measured"], r["holds"])
    write_tsv(snakemake.output.claims, claims_table(out["rows"]))
    write_tsv(snakemake.output.table, out["table"], TABLE_COLUMNS)

    U_after = out["U_after"]
    title = (f"Fig. 2: first-layer left singular vectors, noise probe (N={n_probe}); first "
             f"{N_CLAIM} within {out['fig2']['max_angle_deg']:.2g} deg of the trigonometric basis")
    theory_plots.fig2(out["U_before"], U_after, snakemake.output.fig2, n_vectors=N_FIG2,
                      reference=trig_projection(U_after[:, :N_FIG2]), title=title)  # fmt: skip
    theory_plots.fig8(np.asarray(signal["descrambled_weight"], float),
                      np.asarray(noise["descrambled_weight"], float), snakemake.output.fig8,
                      split=W1.shape[1] // 2)  # fmt: skip
    t1, t2 = out["t1"], out["t2"]
    theory_plots.theorem_plots(t1.rows, t2.rows, snakemake.output.theorems, t1_limit=t1.limit,
                               fit={"slope": t2.slope, "intercept": t2.intercept,
                                    "lo": t2.fit_snrs[0], "hi": t2.fit_snrs[1]})  # fmt: skip
