rule analyze_svd:
    """SVD of the first-layer weight; biexponential fits of each half of the top right singular vectors."""
    input:
        model="results/models/biexp/{arch}/snr{snr}/seed{seed}.h5",
        data="results/data/biexp/snr{snr}/seed{seed}.h5",
    output:
        "results/analysis/biexp/{arch}/snr{snr}/seed{seed}.h5",
    log:
        "results/logs/analyze_svd/biexp/{arch}/snr{snr}/seed{seed}.log",
    conda:
        ENV
    threads: 1
    params:
        analysis=B["analysis"],
    script:
        "../scripts/analyze_svd.py"


rule tabulate_sv_fits:
    """Rows per (network, matrix W1 or dW1, singular vector, half): fit and R^2; W1 stats."""
    input:
        analysis_paths(),
    output:
        fits="results/tables/sv_fits.tsv",
        stats="results/tables/w1_stats.tsv",
    log:
        "results/logs/tabulate_sv_fits.log",
    conda:
        ENV
    script:
        "../scripts/tabulate_sv_fits.py"
