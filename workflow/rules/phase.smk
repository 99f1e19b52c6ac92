# Rules only the phase problem has (Sule et al., Corollary 3): descramblers of the first layer over
# growing probes, tables, the figure and the claims. Shared stages: synthesize, train.
PH_SNR, PH_SEED, PH_ARCH = (GRID["phase"][k] for k in ("snr", "seed", "arch"))
PHASE_ANALYSIS = "results/analysis/phase/{arch}/snr{snr}/seed{seed}.h5"


rule sweep_phase_descramblers:
    """Corollary 3: descramble layer 0 with noise and data probes of growing N, and the limits."""
    input:
        model="results/models/phase/{arch}/snr{snr}/seed{seed}.h5",
    output:
        PHASE_ANALYSIS,
    log:
        "results/logs/sweep_phase_descramblers/{arch}/snr{snr}/seed{seed}.log",
    benchmark:
        "results/benchmarks/sweep_phase_descramblers/{arch}/snr{snr}/seed{seed}.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=4000,
        runtime=30,
    params:
        Ns=CFG["phase"]["analysis"]["Ns"],
        data=CFG["phase"]["data"],
        code=code("sweep_phase_descramblers"),
    script:
        "../scripts/sweep_phase_descramblers.py"


rule tabulate_phase:
    """Per network: test phase error, descrambler distances at the largest N; the long sweep."""
    input:
        analyses=expand(PHASE_ANALYSIS, arch=PH_ARCH, snr=PH_SNR, seed=PH_SEED),
        models=expand(
            "results/models/phase/{arch}/snr{snr}/seed{seed}.h5",
            arch=PH_ARCH,
            snr=PH_SNR,
            seed=PH_SEED,
        ),
        data=expand("results/data/phase/snr{snr}/seed{seed}.h5", snr=PH_SNR, seed=PH_SEED),
    output:
        networks="results/tables/phase_networks.tsv",
        sweep="results/tables/phase_sweep.tsv",
    log:
        "results/logs/tabulate_phase.log",
    conda:
        ENV
    params:
        code=code("tabulate_phase"),
    script:
        "../scripts/tabulate_phase.py"


rule plot_phase_descramblers:
    """||P_N - I|| and the distance to the large-N limit against N; the CNN's power spectrum."""
    input:
        sweep="results/tables/phase_sweep.tsv",
        analyses=expand(PHASE_ANALYSIS, arch=PH_ARCH, snr=PH_SNR, seed=PH_SEED),
    output:
        report(
            "results/figures/phase/descramblers.png",
            caption="../report/phase_descramblers.rst",
            category="Phase (Corollary 3)",
        ),
    log:
        "results/logs/plot_phase_descramblers.log",
    conda:
        ENV
    params:
        code=code("plot_phase_descramblers"),
    script:
        "../scripts/plot_phase_descramblers.py"


rule check_phase_claims:
    """Corollary 3 and its premise, measured on the phase networks."""
    input:
        networks="results/tables/phase_networks.tsv",
    output:
        "results/claims/phase.tsv",
    log:
        "results/logs/check_phase_claims.log",
    conda:
        ENV
    params:
        tol=CFG["phase"]["analysis"]["identity_tol"],
        code=code("check_phase_claims"),
    script:
        "../scripts/check_phase_claims.py"


CLAIMS.append("results/claims/phase.tsv")
TARGETS += [
    "results/tables/phase_networks.tsv",
    "results/tables/phase_sweep.tsv",
    "results/figures/phase/descramblers.png",
]
