rule train_network:
    """Train one network (problem, arch, snr, seed); keep the best-validation weights."""
    input:
        unpack(network_inputs),
    output:
        "results/models/{problem}/{arch}/snr{snr}/seed{seed}.h5",
    log:
        "results/logs/train_network/{problem}/{arch}/snr{snr}/seed{seed}.log",
    benchmark:
        "results/benchmarks/train_network/{problem}/{arch}/snr{snr}/seed{seed}.tsv"
    conda:
        ENV
    threads: config["threads"]
    resources:
        mem_mb=4000,
        runtime=240,
        gpu=1 if config["gpu"] else 0,
        # slots of a shared local GPU (profiles/gpu caps their sum); none on CPU
        gpu_share=0 if config["device"] == "cpu" else 1,
    params:
        network=lambda wc: canonical(problem(wc.problem).network(wc.arch, CFG[wc.problem]["train"])),
        checkpoint="results/checkpoints/{problem}/{arch}/snr{snr}/seed{seed}.pt",
        code=lambda wc: code("train_network", wc.problem),
    script:
        "../scripts/train_network.py"


rule plot_training_curves:
    """Training and validation loss per epoch of every network of one problem."""
    input:
        lambda wc: model_paths(wc.problem),
    output:
        report(
            "results/figures/{problem}/training_curves.png",
            caption="../report/training_curves.rst",
            category="Training",
        ),
    log:
        "results/logs/plot_training_curves/{problem}.log",
    conda:
        ENV
    params:
        code=lambda wc: code("plot_training_curves", wc.problem),
    script:
        "../scripts/plot_training_curves.py"
