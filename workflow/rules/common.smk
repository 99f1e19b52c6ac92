# Helpers for all stages: config checking, grids, config slices, target lists.
import sys

sys.path.insert(0, str(Path(workflow.basedir) / "src"))

from descramble.config import config as check_config

check_config(config, Path(workflow.basedir) / "config" / "schema.yaml")


def canonical(value):
    """A config slice with keys sorted at every level.

    Snakemake compares params by their text; sorting keys means reordering a
    YAML file (or dumping it with sorted keys) never looks like an edit.
    """
    if isinstance(value, dict):
        return {k: canonical(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [canonical(v) for v in value]
    return value


B = canonical(config["biexp"])
SCRIPTS = Path(workflow.basedir) / "workflow" / "scripts"
ENV = str(Path(workflow.basedir) / "envs" / "descramble.yaml")


def fmt_snr(value):
    """SNR as it appears in paths: 30 -> '30', 2.5 -> '2.5'."""
    return f"{value:g}"


SNRS = [fmt_snr(s) for s in B["snr"]]
DS = config["descramble"]
D_JOB = canonical({k: DS[k] for k in ("n_probe", "max_iter", "gap_tol", "stack_weight")})
if fmt_snr(DS["theory"]["snr"]) not in SNRS or DS["theory"]["arch"] not in B["archs"]:
    raise ValueError(
        "config key descramble.theory: arch/snr must be one of the trained networks "
        f"(biexp.archs {B['archs']}, biexp.snr {B['snr']}), got "
        f"{DS['theory']['arch']} at SNR {DS['theory']['snr']}"
    )
SEEDS = [str(s) for s in B["seeds"]]
ARCHS = list(B["archs"])


def model_paths():
    return expand(
        "results/models/biexp/{arch}/snr{snr}/seed{seed}.h5",
        arch=ARCHS,
        snr=SNRS,
        seed=SEEDS,
    )


def analysis_paths():
    return expand(
        "results/analysis/biexp/{arch}/snr{snr}/seed{seed}.h5",
        arch=ARCHS,
        snr=SNRS,
        seed=SEEDS,
    )


def data_paths(kind):
    return expand("results/{kind}/biexp/snr{snr}/seed{seed}.h5", kind=kind, snr=SNRS, seed=SEEDS)


def train_inputs(wildcards):
    """nd_reg networks also need the NLLS Reg curves; nd_nd do not."""
    ins = {"data": f"results/data/biexp/snr{wildcards.snr}/seed{wildcards.seed}.h5"}
    if wildcards.arch == "nd_reg":
        ins["nlls"] = f"results/nlls/biexp/snr{wildcards.snr}/seed{wildcards.seed}.h5"
    return ins


def descramble_inputs(wildcards):
    """The model, its data and (for nd_reg) its NLLS Reg curves."""
    base = f"snr{wildcards.snr}/seed{wildcards.seed}.h5"
    ins = {
        "model": f"results/models/{wildcards.problem}/{wildcards.arch}/{base}",
        "data": f"results/data/{wildcards.problem}/{base}",
    }
    if wildcards.arch == "nd_reg":
        ins["nlls"] = f"results/nlls/{wildcards.problem}/{base}"
    return ins


def descrambler_paths():
    return expand(
        "results/descramblers/biexp/{arch}/snr{snr}/seed{seed}/layer{layer}/{criterion}/{probe}.h5",
        arch=ARCHS,
        snr=SNRS,
        seed=SEEDS,
        layer=DS["layers"],
        criterion=DS["criteria"],
        probe=DS["probes"],
    )


def theory_model():
    th = DS["theory"]
    return f"results/models/biexp/{th['arch']}/snr{fmt_snr(th['snr'])}/seed{th['seed']}.h5"


def theory_descrambler(probe):
    th = DS["theory"]
    parts = [th["arch"], f"snr{fmt_snr(th['snr'])}", f"seed{th['seed']}", "layer0", "fourier"]
    return str(Path("results", "descramblers", "biexp", *parts, f"{probe}.h5"))


def figure_paths():
    figs = [
        "results/figures/biexp/training_curves.png",
        "results/figures/biexp/errors.png",
    ]
    figs += expand(
        "results/figures/biexp/singular_vectors_{arch}_{matrix}.png",
        arch=ARCHS,
        matrix=["W1", "dW1"],
    )
    if {"nd_nd", "nd_reg"} <= set(ARCHS):
        figs.append("results/figures/biexp/fig5_overview.png")
    return figs


def all_targets():
    return [
        "results/tables/ilr_errors.tsv",
        "results/tables/sv_fits.tsv",
        "results/tables/claims.tsv",
        "results/tables/descramblers.tsv",
        *figure_paths(),
    ]
