rule fit_nlls:
    """Tikhonov-regularised NLLS of every curve, batched; estimates and noise-free Reg curves."""
    input:
        data="results/data/biexp/snr{snr}/seed{seed}.h5",
    output:
        "results/nlls/biexp/snr{snr}/seed{seed}.h5",
    log:
        "results/logs/fit_nlls/biexp/snr{snr}/seed{seed}.log",
    benchmark:
        "results/benchmarks/fit_nlls/biexp/snr{snr}/seed{seed}.tsv"
    conda:
        ENV
    threads: config["threads"]
    resources:
        mem_mb=4000,
        runtime=60,
    params:
        nlls=B["nlls"],
        c=B["data"]["c"],
    script:
        "../scripts/fit_nlls.py"
