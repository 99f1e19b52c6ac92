# Helpers for all stages: config checking, problems and their grids, config slices, targets.
import sys

sys.path.insert(0, str(Path(workflow.basedir) / "src"))

from descramble.codehash import code_hash
from descramble.config import config as check_config
from descramble.problems import NAMES, problem

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


SCRIPTS = Path(workflow.basedir) / "workflow" / "scripts"
ENV = str(Path(workflow.basedir) / "envs" / "descramble.yaml")


def fmt_snr(value):
    """SNR as it appears in paths: 30 -> '30', 2.5 -> '2.5'."""
    return f"{value:g}"


# a problem runs when its config section is present; the shared stages (synthesize_data,
# train_network, descramble_layer, training curves) expand over those whose interface does not opt
# out with SHARED_STAGES = False (their own rule file then makes everything they need)
CONFIGURED = [name for name in NAMES if name in config]
PROBLEMS = [name for name in CONFIGURED if getattr(problem(name), "SHARED_STAGES", True)]
CFG = {name: canonical(config[name]) for name in CONFIGURED}
GRID = {
    name: {
        "snr": [fmt_snr(s) for s in CFG[name]["snr"]],
        "seed": [str(s) for s in CFG[name]["seeds"]],
        "arch": list(CFG[name]["archs"]),
    }
    for name in PROBLEMS
}
# the shared descrambling settings and theorem checks; optional, so that a config holding only
# problems without shared stages (e.g. only an own: section) runs
for key, default in (("device", "auto"), ("gpu", False), ("threads", 1)):
    config.setdefault(key, default)
DS = config.get("descramble", {})
D_JOB = canonical({k: DS[k] for k in ("n_probe", "max_iter", "gap_tol", "stack_weight") if k in DS})
TH = canonical(DS["theory"]) if "theory" in DS else None
if PROBLEMS and len(D_JOB) < 4:
    raise ValueError(
        "config key descramble: n_probe, max_iter, gap_tol and stack_weight are needed by the "
        f"shared stages of {PROBLEMS}"
    )
if TH is not None and (
    TH["problem"] not in PROBLEMS
    or fmt_snr(TH["snr"]) not in GRID[TH["problem"]]["snr"]
    or TH["arch"] not in GRID[TH["problem"]]["arch"]
    or str(TH["seed"]) not in GRID[TH["problem"]]["seed"]
):
    raise ValueError(
        "config key descramble.theory: problem/arch/snr/seed must name a trained network "
        f"(problems {PROBLEMS}, grids {GRID}), got {TH['problem']} {TH['arch']} "
        f"at SNR {TH['snr']} seed {TH['seed']}"
    )


def code(script, name=None):
    """Fingerprint of the library code ``script`` runs (and problem ``name``'s interface).

    Travels in ``params:``, so a library edit reruns exactly the jobs whose code changed.
    """
    extra = [f"descramble.problems.{name}.interface"] if name else []
    return code_hash(str(SCRIPTS / f"{script}.py"), *extra)


def grid(pattern, name, **fixed):
    """``pattern`` expanded over problem ``name``'s archs x SNRs x seeds (as far as it uses them)."""
    axes = {k: v for k, v in GRID[name].items() if f"{{{k}}}" in pattern and k not in fixed}
    return expand(pattern, problem=name, **axes, **fixed)


def model_paths(name):
    return grid("results/models/{problem}/{arch}/snr{snr}/seed{seed}.h5", name)


def data_path(name, snr, seed):
    return f"results/data/{name}/snr{snr}/seed{seed}.h5"


def network_inputs(wildcards, name=None):
    """The data artefact and whatever else the problem builds this arch's inputs from.

    ``name`` is the problem for rules without a ``{problem}`` wildcard.
    """
    name = name or wildcards.problem
    ins = {"data": data_path(name, wildcards.snr, wildcards.seed)}
    for key, pattern in problem(name).extra_inputs(wildcards.arch).items():
        ins[key] = pattern.format(snr=wildcards.snr, seed=wildcards.seed)
    return ins


def descramble_inputs(wildcards):
    """The model, and the artefacts its training inputs come from (for the train probe)."""
    base = f"{wildcards.arch}/snr{wildcards.snr}/seed{wildcards.seed}.h5"
    return {"model": f"results/models/{wildcards.problem}/{base}", **network_inputs(wildcards)}


def descrambler_paths(name):
    g = CFG[name].get("descramble", {"layers": [], "criteria": [], "probes": []})
    return expand(
        grid(
            "results/descramblers/{problem}/{arch}/snr{snr}/seed{seed}/"
            "layer{{layer}}/{{criterion}}/{{probe}}.h5",
            name,
        ),
        layer=g["layers"],
        criterion=g["criteria"],
        probe=g["probes"],
    )


def theory_model():
    return (
        f"results/models/{TH['problem']}/{TH['arch']}/snr{fmt_snr(TH['snr'])}/seed{TH['seed']}.h5"
    )


def theory_descrambler(probe):
    parts = [TH["arch"], f"snr{fmt_snr(TH['snr'])}", f"seed{TH['seed']}", "layer0", "fourier"]
    return str(Path("results", "descramblers", TH["problem"], *parts, f"{probe}.h5"))


# each problem's rule file adds its claim fragments, the descramblers its analyses use, and its
# final targets here
# (descramble.theory absent: no theorem checks; no shared problem: no shared descrambler table)
CLAIMS = ["results/claims/descrambling.tsv"] if TH else []
DESCRAMBLERS = [p for name in PROBLEMS for p in descrambler_paths(name)]
TARGETS = ["results/tables/descramblers.tsv"] if PROBLEMS else []


def all_targets():
    figs = [f"results/figures/{name}/training_curves.png" for name in PROBLEMS]
    claims = ["results/tables/claims.tsv"] if CLAIMS else []
    return [*claims, *TARGETS, *figs]
