rule train_network:
    """Train one ILR network (arch, snr, seed); keep the best-validation weights."""
    input:
        unpack(train_inputs),
    output:
        "results/models/biexp/{arch}/snr{snr}/seed{seed}.h5",
    log:
        "results/logs/train_network/biexp/{arch}/snr{snr}/seed{seed}.log",
    benchmark:
        "results/benchmarks/train_network/biexp/{arch}/snr{snr}/seed{seed}.tsv"
    conda:
        ENV
    threads: config["threads"]
    resources:
        mem_mb=4000,
        runtime=240,
        gpu=1 if config["gpu"] else 0,
    params:
        train=B["train"],
        device=config["device"],
        checkpoint="results/checkpoints/biexp/{arch}/snr{snr}/seed{seed}.pt",
    script:
        "../scripts/train_network.py"
