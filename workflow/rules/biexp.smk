# Rules only the MR-relaxometry (ILR) problem has: NLLS Reg curves, errors, SVD + biexponential
# fits of W1 (Sule et al. Figs 5-7), its figures and claims. Shared stages: synthesize, train,
# descramble.
BX_SNR, BX_SEED, BX_ARCH = (GRID["biexp"][k] for k in ("snr", "seed", "arch"))


rule fit_biexp_nlls:
    """Tikhonov-regularised NLLS of every curve, batched; estimates and noise-free Reg curves."""
    input:
        data="results/data/biexp/snr{snr}/seed{seed}.h5",
    output:
        "results/nlls/biexp/snr{snr}/seed{seed}.h5",
    log:
        "results/logs/fit_biexp_nlls/biexp/snr{snr}/seed{seed}.log",
    benchmark:
        "results/benchmarks/fit_biexp_nlls/biexp/snr{snr}/seed{seed}.tsv"
    conda:
        ENV
    threads: config["threads"]
    resources:
        mem_mb=4000,
        runtime=60,
    params:
        code=code("fit_biexp_nlls"),
        nlls=CFG["biexp"]["nlls"],
        c=CFG["biexp"]["data"]["c"],
    script:
        "../scripts/fit_biexp_nlls.py"


rule evaluate_biexp_errors:
    """Test-set relative errors per parameter, for every network and the NLLS baseline."""
    input:
        models=model_paths("biexp"),
        data=grid("results/data/{problem}/snr{snr}/seed{seed}.h5", "biexp"),
        nlls=grid("results/nlls/{problem}/snr{snr}/seed{seed}.h5", "biexp"),
    output:
        "results/tables/biexp_errors.tsv",
    log:
        "results/logs/evaluate_biexp_errors.log",
    conda:
        ENV
    params:
        code=code("evaluate_biexp_errors"),
    script:
        "../scripts/evaluate_biexp_errors.py"


rule analyze_biexp_svd:
    """SVD of the first-layer weight; biexponential fits of each half of the top right singular vectors."""
    input:
        model="results/models/biexp/{arch}/snr{snr}/seed{seed}.h5",
        data="results/data/biexp/snr{snr}/seed{seed}.h5",
    output:
        "results/analysis/biexp/{arch}/snr{snr}/seed{seed}.h5",
    log:
        "results/logs/analyze_biexp_svd/biexp/{arch}/snr{snr}/seed{seed}.log",
    conda:
        ENV
    threads: 1
    params:
        code=code("analyze_biexp_svd"),
        analysis=CFG["biexp"]["analysis"],
    script:
        "../scripts/analyze_biexp_svd.py"


rule tabulate_biexp_sv_fits:
    """Rows per (network, matrix W1 or dW1, singular vector, half): fit and R^2; W1 stats."""
    input:
        grid("results/analysis/{problem}/{arch}/snr{snr}/seed{seed}.h5", "biexp"),
    output:
        fits="results/tables/biexp_sv_fits.tsv",
        stats="results/tables/biexp_w1_stats.tsv",
    log:
        "results/logs/tabulate_biexp_sv_fits.log",
    conda:
        ENV
    params:
        code=code("tabulate_biexp_sv_fits"),
    script:
        "../scripts/tabulate_biexp_sv_fits.py"


rule plot_biexp_singular_vectors:
    """Figs 6/7 analogue: top right singular vectors of W1 (or its update dW1) with fits, per SNR."""
    input:
        analysis=expand(
            "results/analysis/biexp/{{arch}}/snr{snr}/seed{seed}.h5", snr=BX_SNR, seed=BX_SEED[0]
        ),
        data=expand("results/data/biexp/snr{snr}/seed{seed}.h5", snr=BX_SNR, seed=BX_SEED[0]),
        nlls=expand("results/nlls/biexp/snr{snr}/seed{seed}.h5", snr=BX_SNR, seed=BX_SEED[0]),
    output:
        report(
            "results/figures/biexp/singular_vectors_{arch}_{matrix}.png",
            caption="../report/singular_vectors.rst",
            category="ILR singular vectors",
        ),
    log:
        "results/logs/plot_biexp_singular_vectors/{arch}_{matrix}.log",
    conda:
        ENV
    params:
        code=code("plot_biexp_singular_vectors"),
        snrs=BX_SNR,
    script:
        "../scripts/plot_biexp_singular_vectors.py"


rule plot_biexp_fig5_overview:
    """Fig 5 analogue: top singular vectors of both architectures at the lowest and highest SNR."""
    input:
        nd_nd=expand(
            "results/analysis/biexp/nd_nd/snr{snr}/seed{seed}.h5",
            snr=[BX_SNR[0], BX_SNR[-1]],
            seed=BX_SEED[0],
        ),
        nd_reg=expand(
            "results/analysis/biexp/nd_reg/snr{snr}/seed{seed}.h5",
            snr=[BX_SNR[0], BX_SNR[-1]],
            seed=BX_SEED[0],
        ),
        data=f"results/data/biexp/snr{BX_SNR[-1]}/seed{BX_SEED[0]}.h5",
        nlls=f"results/nlls/biexp/snr{BX_SNR[-1]}/seed{BX_SEED[0]}.h5",
    output:
        report(
            "results/figures/biexp/fig5_overview.png",
            caption="../report/fig5_overview.rst",
            category="ILR singular vectors",
        ),
    log:
        "results/logs/plot_biexp_fig5_overview.log",
    conda:
        ENV
    params:
        code=code("plot_biexp_fig5_overview"),
        snrs=[BX_SNR[0], BX_SNR[-1]],
    script:
        "../scripts/plot_biexp_fig5_overview.py"


rule plot_biexp_errors:
    """Test-set error of (ND, ND), (ND, Reg) and NLLS against SNR."""
    input:
        "results/tables/biexp_errors.tsv",
    output:
        report(
            "results/figures/biexp/errors.png",
            caption="../report/errors.rst",
            category="Accuracy",
        ),
    log:
        "results/logs/plot_biexp_errors.log",
    conda:
        ENV
    params:
        code=code("plot_biexp_errors"),
    script:
        "../scripts/plot_biexp_errors.py"


rule check_biexp_claims:
    """Check the ILR claims of Sule et al. / Rozowski et al. against the measured tables."""
    input:
        errors="results/tables/biexp_errors.tsv",
        fits="results/tables/biexp_sv_fits.tsv",
        stats="results/tables/biexp_w1_stats.tsv",
    output:
        "results/claims/biexp.tsv",
    log:
        "results/logs/check_biexp_claims.log",
    conda:
        ENV
    params:
        code=code("check_biexp_claims"),
        r2_good=0.9,
    script:
        "../scripts/check_biexp_claims.py"


rule compare_biexp_target_scale:
    """Raw-ms targets (nd_nd) against targets / scale (nd_nd_scaled): error, W1 learned, SV R^2."""
    input:
        errors="results/tables/biexp_errors.tsv",
        fits="results/tables/biexp_sv_fits.tsv",
        stats="results/tables/biexp_w1_stats.tsv",
    output:
        "results/tables/biexp_target_scale.tsv",
    log:
        "results/logs/compare_biexp_target_scale.log",
    conda:
        ENV
    params:
        code=code("compare_biexp_target_scale"),
        scales={
            "nd_nd": CFG["biexp"]["train"]["target_scale"],
            "nd_nd_scaled": CFG["biexp"]["train"].get("scaled_target_scale", 100.0),
        },
        n_sv=CFG["biexp"]["analysis"]["n_sv"],
    script:
        "../scripts/compare_biexp_target_scale.py"


CLAIMS.append("results/claims/biexp.tsv")
TARGETS += [
    "results/tables/biexp_errors.tsv",
    "results/tables/biexp_sv_fits.tsv",
    "results/figures/biexp/errors.png",
    *expand(
        "results/figures/biexp/singular_vectors_{arch}_{matrix}.png",
        arch=BX_ARCH,
        matrix=["W1", "dW1"],
    ),
    *(["results/figures/biexp/fig5_overview.png"] if {"nd_nd", "nd_reg"} <= set(BX_ARCH) else []),
    *(
        ["results/tables/biexp_target_scale.tsv"]
        if {"nd_nd", "nd_nd_scaled"} <= set(BX_ARCH)
        else []
    ),
]
