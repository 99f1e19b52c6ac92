rule plot_singular_vectors:
    """Figs 6/7 analogue: top right singular vectors of W1 (or its update dW1) with fits, per SNR."""
    input:
        analysis=expand(
            "results/analysis/biexp/{{arch}}/snr{snr}/seed{seed}.h5", snr=SNRS, seed=SEEDS[0]
        ),
        data=expand("results/data/biexp/snr{snr}/seed{seed}.h5", snr=SNRS, seed=SEEDS[0]),
        nlls=expand("results/nlls/biexp/snr{snr}/seed{seed}.h5", snr=SNRS, seed=SEEDS[0]),
    output:
        report(
            "results/figures/biexp/singular_vectors_{arch}_{matrix}.png",
            caption="../report/singular_vectors.rst",
            category="ILR singular vectors",
        ),
    log:
        "results/logs/plot_singular_vectors/{arch}_{matrix}.log",
    conda:
        ENV
    params:
        snrs=SNRS,
    script:
        "../scripts/plot_singular_vectors.py"


rule plot_fig5_overview:
    """Fig 5 analogue: top singular vectors of both architectures at the lowest and highest SNR."""
    input:
        nd_nd=expand(
            "results/analysis/biexp/nd_nd/snr{snr}/seed{seed}.h5",
            snr=[SNRS[0], SNRS[-1]],
            seed=SEEDS[0],
        ),
        nd_reg=expand(
            "results/analysis/biexp/nd_reg/snr{snr}/seed{seed}.h5",
            snr=[SNRS[0], SNRS[-1]],
            seed=SEEDS[0],
        ),
        data=f"results/data/biexp/snr{SNRS[-1]}/seed{SEEDS[0]}.h5",
        nlls=f"results/nlls/biexp/snr{SNRS[-1]}/seed{SEEDS[0]}.h5",
    output:
        report(
            "results/figures/biexp/fig5_overview.png",
            caption="../report/fig5_overview.rst",
            category="ILR singular vectors",
        ),
    log:
        "results/logs/plot_fig5_overview.log",
    conda:
        ENV
    params:
        snrs=[SNRS[0], SNRS[-1]],
    script:
        "../scripts/plot_fig5_overview.py"


rule plot_training_curves:
    """Training and validation loss per epoch of every network."""
    input:
        model_paths(),
    output:
        report(
            "results/figures/biexp/training_curves.png",
            caption="../report/training_curves.rst",
            category="Training",
        ),
    log:
        "results/logs/plot_training_curves.log",
    conda:
        ENV
    script:
        "../scripts/plot_training_curves.py"


rule plot_errors:
    """Test-set error of (ND, ND), (ND, Reg) and NLLS against SNR."""
    input:
        "results/tables/ilr_errors.tsv",
    output:
        report(
            "results/figures/biexp/errors.png",
            caption="../report/errors.rst",
            category="Accuracy",
        ),
    log:
        "results/logs/plot_errors.log",
    conda:
        ENV
    script:
        "../scripts/plot_errors.py"
