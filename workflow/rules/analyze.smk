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
    """One row per (arch, snr, seed, singular vector, half): fitted biexponential and R^2."""
    input:
        analysis_paths(),
    output:
        "results/tables/sv_fits.tsv",
    log:
        "results/logs/tabulate_sv_fits.log",
    conda:
        ENV
    script:
        "../scripts/tabulate_sv_fits.py"
