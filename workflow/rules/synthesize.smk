rule synthesize_data:
    """Draw (T21, T22), make biexponential decays, add noise; train/val/test splits."""
    output:
        "results/data/biexp/snr{snr}/seed{seed}.h5",
    log:
        "results/logs/synthesize_data/biexp/snr{snr}/seed{seed}.log",
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=2000,
        runtime=10,
    params:
        data=B["data"],
    script:
        "../scripts/synthesize_data.py"
