rule synthesize_data:
    """Draw a problem's parameters from its prior, run its forward model, add noise; three splits."""
    output:
        "results/data/{problem}/snr{snr}/seed{seed}.h5",
    log:
        "results/logs/synthesize_data/{problem}/snr{snr}/seed{seed}.log",
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=4000,
        runtime=10,
    params:
        problem=lambda wc: wc.problem,
        data=lambda wc: CFG[wc.problem]["data"],
        code=lambda wc: code("synthesize_data", wc.problem),
    script:
        "../scripts/synthesize_data.py"
