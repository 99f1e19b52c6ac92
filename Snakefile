# descramble: synthesize -> train -> descramble / analyze -> figures -> claims, for every problem
# whose config section is present (see src/descramble/problems/__init__.py).
from pathlib import Path


configfile: "config/config.yaml"


report: "workflow/report/workflow.rst"


include: "workflow/rules/common.smk"


wildcard_constraints:
    snr=r"[0-9]+(\.[0-9]+)?",
    seed=r"[0-9]+",
    problem="|".join(PROBLEMS),
    arch="|".join(sorted({a for name in PROBLEMS for a in problem(name).ARCHS})),
    matrix=r"W1|dW1",
    layer=r"[0-9]+",
    criterion=r"fourier|fd2|fourier_iter|fourier_jac_offset|fourier_jac|fourier_stacked|fourier_post|fourier_jac_offset_post",
    probe=r"train|noise|snr[0-9]+(\.[0-9]+)?",
    # the config's words for the problems without an SNR grid (dynamics, mnist): nets x datasets
    net=r"fcnn|cnn|fcnn1|fcnn5",
    dataset=r"pure_cosines|reordered_cosines|sums_of_cosines|shapes|mnist5k|digits8x8",


include: "workflow/rules/synthesize.smk"
include: "workflow/rules/train.smk"
include: "workflow/rules/descramble.smk"
include: "workflow/rules/claims.smk"


# rules only one problem has (a problem may have none)
for name in CONFIGURED:
    if (Path(workflow.basedir) / "workflow" / "rules" / f"{name}.smk").exists():

        include: f"workflow/rules/{name}.smk"


rule all:
    default_target: True
    input:
        all_targets(),
