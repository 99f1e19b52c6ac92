# descramble: synthesize -> fit_nlls -> train -> evaluate / analyze_svd -> figures -> claims
from pathlib import Path


configfile: "config/config.yaml"


include: "workflow/rules/common.smk"
include: "workflow/rules/synthesize.smk"
include: "workflow/rules/nlls.smk"
include: "workflow/rules/train.smk"
include: "workflow/rules/evaluate.smk"
include: "workflow/rules/analyze.smk"
include: "workflow/rules/figures.smk"
include: "workflow/rules/claims.smk"


rule all:
    input:
        all_targets(),
    default_target: True
