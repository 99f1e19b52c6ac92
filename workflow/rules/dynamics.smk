# Rules of the linear-dynamics track (Saxe et al.; Pinson, Lenaerts & Ginis ICML 2023): class
# images, full-batch GD of linear FCNNs and CNNs, closed-form trajectories, figures, claims.
# This problem opts out of the shared stages (interface.SHARED_STAGES = False).
DYN = CFG["dynamics"]
DYN_SEEDS = [str(s) for s in DYN["seeds"]]
DYN_NETS = list(DYN["nets"])
DYN_DATASETS = sorted(DYN["datasets"])
DYN_ANALYSIS = "results/analysis/dynamics/{dataset}/seed{seed}"


# the models of both nets for one (dataset, seed), named by net
dyn_models = lambda wc: {
    net: f"results/models/dynamics/{net}/{wc.dataset}/seed{wc.seed}.h5" for net in DYN_NETS
}


rule synthesize_dynamics_data:
    """Class images and labels of one dataset, with their input-output correlation SVD."""
    output:
        "results/data/dynamics/{dataset}.h5",
    log:
        "results/logs/synthesize_dynamics_data/{dataset}.log",
    conda:
        ENV
    threads: 1
    params:
        data=lambda wc: DYN["datasets"][wc.dataset]["data"],
        code=code("synthesize_dynamics_data"),
    script:
        "../scripts/synthesize_dynamics_data.py"


rule train_linear_network:
    """Full-batch GD of one linear net on one dataset; every mode strength logged per step."""
    input:
        "results/data/dynamics/{dataset}.h5",
    output:
        "results/models/dynamics/{net}/{dataset}/seed{seed}.h5",
    log:
        "results/logs/train_linear_network/{net}/{dataset}/seed{seed}.log",
    benchmark:
        "results/benchmarks/train_linear_network/{net}/{dataset}/seed{seed}.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        train=lambda wc: canonical(
            {
                **{k: v for k, v in DYN["datasets"][wc.dataset]["train"].items() if k != "lr"},
                "lr": DYN["datasets"][wc.dataset]["train"]["lr"][wc.net],
            }
        ),
        code=code("train_linear_network"),
    script:
        "../scripts/train_linear_network.py"


rule predict_linear_dynamics:
    """Closed-form mode trajectories (Saxe; Pinson eq. 22) on the models' step grids."""
    input:
        unpack(dyn_models),
        data="results/data/dynamics/{dataset}.h5",
    output:
        f"{DYN_ANALYSIS}/theory.h5",
    log:
        "results/logs/predict_linear_dynamics/{dataset}/seed{seed}.log",
    conda:
        ENV
    threads: 1
    params:
        code=code("predict_linear_dynamics"),
    script:
        "../scripts/predict_linear_dynamics.py"


rule analyze_linear_dynamics:
    """Simulation vs theory, learning order, speed factors, the CNN kernel's spectrum."""
    input:
        unpack(dyn_models),
        data="results/data/dynamics/{dataset}.h5",
        theory=f"{DYN_ANALYSIS}/theory.h5",
    output:
        f"{DYN_ANALYSIS}/summary.h5",
    log:
        "results/logs/analyze_linear_dynamics/{dataset}/seed{seed}.log",
    conda:
        ENV
    threads: 1
    params:
        code=code("analyze_linear_dynamics"),
    script:
        "../scripts/analyze_linear_dynamics.py"


rule tabulate_linear_dynamics:
    """Per-mode and per-kernel rows of every dataset and seed."""
    input:
        expand(f"{DYN_ANALYSIS}/summary.h5", dataset=DYN_DATASETS, seed=DYN_SEEDS),
    output:
        modes="results/tables/dynamics_modes.tsv",
        kernel="results/tables/dynamics_kernel.tsv",
    log:
        "results/logs/tabulate_linear_dynamics.log",
    conda:
        ENV
    threads: 1
    params:
        code=code("tabulate_linear_dynamics"),
    script:
        "../scripts/tabulate_linear_dynamics.py"


rule plot_linear_dynamics:
    """Mode strengths, simulation vs theory, and the CNN kernel's Fourier spectrum."""
    input:
        unpack(dyn_models),
        data="results/data/dynamics/{dataset}.h5",
        theory=f"{DYN_ANALYSIS}/theory.h5",
    output:
        report(
            "results/figures/dynamics/{dataset}/seed{seed}.png",
            caption="../report/dynamics_trajectories.rst",
            category="Linear dynamics",
        ),
    log:
        "results/logs/plot_linear_dynamics/{dataset}/seed{seed}.log",
    conda:
        ENV
    threads: 1
    params:
        code=code("plot_linear_dynamics"),
    script:
        "../scripts/plot_linear_dynamics.py"


rule check_dynamics_claims:
    """Saxe's and Pinson's findings as claim rows, measured."""
    input:
        modes="results/tables/dynamics_modes.tsv",
        kernel="results/tables/dynamics_kernel.tsv",
    output:
        "results/claims/dynamics.tsv",
    log:
        "results/logs/check_dynamics_claims.log",
    conda:
        ENV
    threads: 1
    params:
        code=code("check_dynamics_claims"),
    script:
        "../scripts/check_dynamics_claims.py"


CLAIMS.append("results/claims/dynamics.tsv")
TARGETS += [
    "results/tables/dynamics_modes.tsv",
    "results/tables/dynamics_kernel.tsv",
    *expand(
        "results/figures/dynamics/{dataset}/seed{seed}.png", dataset=DYN_DATASETS, seed=DYN_SEEDS
    ),
]
