rule synthesize_data:
    """Draw (T21, T22), make biexponential decays, add noise; train/val/test splits."""
    output:
        "results/data/biexp/snr{snr}/seed{seed}.h5",
    params:
        data=B["data"],
    log:
        "results/logs/synthesize_data/biexp/snr{snr}/seed{seed}.log",
    threads: 1
    resources:
        mem_mb=2000,
        runtime=10,
    conda:
        ENV
    script:
        "../scripts/synthesize_data.py"
