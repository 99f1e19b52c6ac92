rule descramble_layer:
    """Descramble one layer of one network with one criterion and probe: P, P W, objective, bound."""
    input:
        unpack(descramble_inputs),
    output:
        "results/descramblers/{problem}/{arch}/snr{snr}/seed{seed}/layer{layer}/{criterion}/{probe}.h5",
    log:
        "results/logs/descramble_layer/{problem}/{arch}/snr{snr}/seed{seed}/layer{layer}/{criterion}/{probe}.log",
    benchmark:
        "results/benchmarks/descramble_layer/{problem}/{arch}/snr{snr}/seed{seed}/layer{layer}/{criterion}/{probe}.tsv"
    conda:
        ENV
    threads: config["threads"]
    resources:
        mem_mb=4000,
        runtime=60,
        gpu=lambda wc: 1 if config["gpu"] and wc.criterion.endswith("_iter") else 0,
        gpu_share=lambda wc: (
            0 if config["device"] == "cpu" or not wc.criterion.endswith("_iter") else 1
        ),
    params:
        descramble=D_JOB,
        # only snr<value> probes make fresh data, so only they depend on the problem's settings
        probe=lambda wc: (
            canonical(problem(wc.problem).probe_settings(CFG[wc.problem], wc.arch))
            if wc.probe.startswith("snr")
            else None
        ),
        code=lambda wc: code("descramble_layer", wc.problem),
    script:
        "../scripts/descramble_layer.py"


rule tabulate_descramblers:
    """One row per descrambler artefact: objective, bound, gap, seconds, method."""
    input:
        # the configured grids and (added by the problems' rule files) the analyses' descramblers
        lambda wc: sorted(set(DESCRAMBLERS)),
    output:
        "results/tables/descramblers.tsv",
    log:
        "results/logs/tabulate_descramblers.log",
    conda:
        ENV
    params:
        code=code("tabulate_descramblers"),
    script:
        "../scripts/tabulate_descramblers.py"


if TH:

    rule check_descrambling_claims:
        """Theorems 1, 2, Corollary 1 and the MDS proposition of Sule et al., and Figs 2 and 8."""
        input:
            model=theory_model(),
            noise=theory_descrambler("noise"),
            signal=theory_descrambler("snr10"),
        output:
            claims="results/claims/descrambling.tsv",
            table="results/tables/theorems.tsv",
            fig2=report(
                "results/figures/descrambling/fig2_trigonometric.png",
                caption="../report/fig2.rst",
                category="Descrambling",
            ),
            fig8=report(
                "results/figures/descrambling/fig8_biexp_descrambled.png",
                caption="../report/fig8.rst",
                category="Descrambling",
            ),
            theorems=report(
                "results/figures/descrambling/theorems.png",
                caption="../report/theorems.rst",
                category="Descrambling",
            ),
        log:
            "results/logs/check_descrambling_claims.log",
        conda:
            ENV
        threads: 1
        params:
            theory=TH,
            data=CFG[TH["problem"]]["data"],
            code=code("check_descrambling_claims", TH["problem"]),
        script:
            "../scripts/check_descrambling_claims.py"
