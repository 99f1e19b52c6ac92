# descramble: synthesize -> fit_nlls -> train -> evaluate / analyze_svd -> figures -> claims
from pathlib import Path


configfile: "config/config.yaml"


include: "workflow/rules/common.smk"


wildcard_constraints:
    snr=r"[0-9]+(\.[0-9]+)?",
    seed=r"[0-9]+",
    arch=r"nd|nd_nd|nd_reg",
    matrix=r"W1|dW1",
    problem=r"biexp",
    layer=r"[0-9]+",
    criterion=r"fourier|fd2|fourier_iter|fourier_jac|fourier_stacked",
    probe=r"train|noise|snr[0-9]+(\.[0-9]+)?",


include: "workflow/rules/synthesize.smk"
include: "workflow/rules/nlls.smk"
include: "workflow/rules/train.smk"
include: "workflow/rules/evaluate.smk"
include: "workflow/rules/analyze.smk"
include: "workflow/rules/descramble.smk"
include: "workflow/rules/figures.smk"
include: "workflow/rules/claims.smk"


rule all:
    default_target: True
    input:
        all_targets(),
