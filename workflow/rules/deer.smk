# Rules only the DEER problem has (Amey et al. PNAS 2021; Sule et al. Figs 1, 3, 4): data variants,
# the analyses of descrambled DEERNets, the DSP replica and Tikhonov baselines, figures, claims.
# Shared stages: synthesize, train, descramble.
DX_SNR, DX_SEED, DX_ARCH = (GRID["deer"][k] for k in ("snr", "seed", "arch"))
DEER_2LAYER = [a for a in DX_ARCH if a != "deernet3"]
# the 2-layer nets on the main data, read the way Sule et al.'s Methods measured Fig 3 (tanh, ReLU)
DEER_JAC2 = [a for a in DX_ARCH if a in ("deernet", "deernet_relu")]
DEER_ANALYSIS = "results/analysis/deer/{arch}/snr{snr}/seed{seed}.h5"
if "deernet" not in DX_ARCH:
    raise ValueError(
        f"config key deer.archs: the DEER analyses need deernet (the 2-layer DEERNet), got {DX_ARCH}"
    )


DEER_DESCRAMBLER = (
    "results/descramblers/deer/{arch}/snr{snr}/seed{seed}/layer{layer}/{criterion}/{probe}.h5"
)
deer_descrambler = lambda layer, criterion, probe: expand(
    DEER_DESCRAMBLER, layer=layer, criterion=criterion, probe=probe, allow_missing=True
)[0]


wildcard_constraints:
    variant=r"r4|sule|dn",


rule synthesize_deer_variant:
    """DEER data of a variant (r4: quartic kernel; sule: no background; dn: random noise)."""
    output:
        "results/data/deer/{variant}/snr{snr}/seed{seed}.h5",
    log:
        "results/logs/synthesize_deer_variant/{variant}/snr{snr}/seed{seed}.log",
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=4000,
        runtime=10,
    params:
        problem="deer",
        data=lambda wc: canonical({**CFG["deer"]["data"], **CFG["deer"]["variants"][wc.variant]}),
        code=code("synthesize_data", "deer"),
    script:
        "../scripts/synthesize_data.py"


rule analyze_deer_network:
    """Descrambled W1 (filters, SVD paper Fig 4) and, for deernet, descrambled W2 (PNAS Figs 3-4)."""
    input:
        unpack(lambda wc: network_inputs(wc, "deer")),
        model="results/models/deer/{arch}/snr{snr}/seed{seed}.h5",
        train=deer_descrambler(0, "fourier", "train"),
        noise=deer_descrambler(0, "fourier", "noise"),
        stacked=deer_descrambler(0, "fourier_stacked", "train"),
    output:
        "results/analysis/deer/{arch,deernet|deernet_r4|deernet_sule|deernet_dn|deernet_relu}/snr{snr}/seed{seed}.h5",
    log:
        "results/logs/analyze_deer_network/{arch}/snr{snr}/seed{seed}.log",
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=4000,
        runtime=30,
    params:
        k_dln=CFG["deer"]["analysis"]["k_dln"],
        n_probe=D_JOB["n_probe"],
        code=code("analyze_deer_network"),
    script:
        "../scripts/analyze_deer_network.py"


rule compare_deer_jacobian:
    """SVD paper Fig 3: Jacobian (ours, and eq. 10 with offset) vs full descramblers, k = 2, 3."""
    input:
        unpack(lambda wc: network_inputs(wc, "deer")),
        model="results/models/deer/{arch}/snr{snr}/seed{seed}.h5",
        full2=deer_descrambler(1, "fourier", "train"),
        jac2=deer_descrambler(1, "fourier_jac", "train"),
        jaco2=deer_descrambler(1, "fourier_jac_offset", "train"),
        floor2=deer_descrambler(1, "fourier", "snr{snr}"),
        full3=deer_descrambler(2, "fourier", "train"),
        jac3=deer_descrambler(2, "fourier_jac", "train"),
        jaco3=deer_descrambler(2, "fourier_jac_offset", "train"),
        floor3=deer_descrambler(2, "fourier", "snr{snr}"),
    output:
        "results/analysis/deer/{arch,deernet3}/snr{snr}/seed{seed}.h5",
    log:
        "results/logs/compare_deer_jacobian/{arch}/snr{snr}/seed{seed}.log",
    conda:
        ENV
    threads: 1
    params:
        n_probe=D_JOB["n_probe"],
        # (the paper's layer number k, our layer index, signals after the activation?)
        readings=[[2, 1, False], [3, 2, False]],
        code=code("compare_deer_jacobian"),
    script:
        "../scripts/compare_deer_jacobian.py"


rule compare_deer_jacobian_two_layer:
    """Sule Fig 3 on a 2-layer DEERNet (their Methods): k = 2 hidden after tanh/ReLU, k = 3 output."""
    input:
        unpack(lambda wc: network_inputs(wc, "deer")),
        model="results/models/deer/{arch}/snr{snr}/seed{seed}.h5",
        full2=deer_descrambler(0, "fourier_post", "train"),
        jaco2=deer_descrambler(0, "fourier_jac_offset_post", "train"),
        floor2=deer_descrambler(0, "fourier_post", "snr{snr}"),
        full3=deer_descrambler(1, "fourier", "train"),
        jac3=deer_descrambler(1, "fourier_jac", "train"),
        jaco3=deer_descrambler(1, "fourier_jac_offset", "train"),
        floor3=deer_descrambler(1, "fourier", "snr{snr}"),
    output:
        "results/analysis/deer/{arch,deernet|deernet_relu}/snr{snr}/jacobian/seed{seed}.h5",
    log:
        "results/logs/compare_deer_jacobian_two_layer/{arch}/snr{snr}/seed{seed}.log",
    conda:
        ENV
    threads: 1
    params:
        n_probe=D_JOB["n_probe"],
        readings=[[2, 0, True], [3, 1, False]],
        code=code("compare_deer_jacobian"),
    script:
        "../scripts/compare_deer_jacobian.py"


rule compare_deer_ensemble:
    """PNAS: trained DEERNets agree 'up to shifts and signs'; similarity of every seed pair."""
    input:
        expand(DEER_ANALYSIS, arch="{arch}", snr="{snr}", seed=DX_SEED),
    output:
        "results/analysis/deer/{arch}/snr{snr}/ensemble.h5",
    log:
        "results/logs/compare_deer_ensemble/{arch}/snr{snr}.log",
    conda:
        ENV
    threads: 1
    params:
        code=code("compare_deer_ensemble"),
    script:
        "../scripts/compare_deer_ensemble.py"


rule fit_deer_baselines:
    """DSP replica (PNAS Figs 5-6) on the test split, DeerLab Tikhonov on its first traces."""
    input:
        data="results/data/deer/snr{snr}/seed{seed}.h5",
    output:
        "results/baselines/deer/snr{snr}/seed{seed}.h5",
    log:
        "results/logs/fit_deer_baselines/snr{snr}/seed{seed}.log",
    benchmark:
        "results/benchmarks/fit_deer_baselines/snr{snr}/seed{seed}.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=4000,
        runtime=60,
    params:
        n_tikhonov=CFG["deer"]["analysis"]["n_tikhonov"],
        dsp_alpha=CFG["deer"]["analysis"]["dsp_alpha"],
        physics={k: CFG["deer"]["data"][k] for k in ("regime", "exponent", "dipolar")},
        code=code("fit_deer_baselines"),
    script:
        "../scripts/fit_deer_baselines.py"


rule evaluate_deer_errors:
    """Test error and time per trace of every DEERNet, the DSP replica and Tikhonov."""
    input:
        models=expand(
            "results/models/deer/{arch}/snr{snr}/seed{seed}.h5",
            arch=[a for a in DX_ARCH if a in ("deernet", "deernet3", "deernet_relu")],
            snr=DX_SNR,
            seed=DX_SEED,
        ),
        data=grid("results/data/{problem}/snr{snr}/seed{seed}.h5", "deer"),
        baselines=grid("results/baselines/{problem}/snr{snr}/seed{seed}.h5", "deer"),
    output:
        errors="results/tables/deer_errors.tsv",
        traces="results/tables/deer_trace_errors.tsv",
    log:
        "results/logs/evaluate_deer_errors.log",
    conda:
        ENV
    threads: 1
    params:
        n_tikhonov=CFG["deer"]["analysis"]["n_tikhonov"],
        code=code("evaluate_deer_errors", "deer"),
    script:
        "../scripts/evaluate_deer_errors.py"


rule tabulate_deer_filters:
    """One row per descrambled DEERNet W1: notch, cut-off, ridge fits, Fig 4 likeness, W2 scores."""
    input:
        expand(DEER_ANALYSIS, arch=DEER_2LAYER, snr=DX_SNR, seed=DX_SEED),
    output:
        "results/tables/deer_filters.tsv",
    log:
        "results/logs/tabulate_deer_filters.log",
    conda:
        ENV
    params:
        code=code("tabulate_deer_filters"),
    script:
        "../scripts/tabulate_deer_filters.py"


rule plot_deer_network:
    """PNAS Fig 2 / SVD Fig 1 and SVD Fig 4 analogues for one DEERNet (and PNAS Fig 4 for deernet)."""
    input:
        DEER_ANALYSIS,
    output:
        filters=report(
            "results/figures/deer/{arch}/snr{snr}/seed{seed}/filters.png",
            caption="../report/deer_filters.rst",
            category="DEER",
        ),
        kernel_svd=report(
            "results/figures/deer/{arch}/snr{snr}/seed{seed}/kernel_svd.png",
            caption="../report/deer_kernel_svd.rst",
            category="DEER",
        ),
        second_layer=report(
            "results/figures/deer/{arch}/snr{snr}/seed{seed}/second_layer.png",
            caption="../report/deer_second_layer.rst",
            category="DEER",
        ),
    log:
        "results/logs/plot_deer_network/{arch}/snr{snr}/seed{seed}.log",
    conda:
        ENV
    params:
        code=code("plot_deer_network"),
    script:
        "../scripts/plot_deer_network.py"


rule plot_deer_jacobian:
    """SVD paper Fig 3: Jacobian vs full descramblers of the 3-layer DEERNet."""
    input:
        expand(DEER_ANALYSIS, arch="deernet3", snr=DX_SNR[0], seed=DX_SEED[0]),
    output:
        report(
            "results/figures/deer/jacobian.png",
            caption="../report/deer_jacobian.rst",
            category="DEER",
        ),
    log:
        "results/logs/plot_deer_jacobian.log",
    conda:
        ENV
    params:
        code=code("plot_deer_jacobian"),
    script:
        "../scripts/plot_deer_jacobian.py"


rule plot_deer_quartic:
    """Sule et al.'s quartic experiment: notch of an r^-3 and an r^-4 DEERNet."""
    input:
        cubic=expand(DEER_ANALYSIS, arch="deernet", snr=DX_SNR[0], seed=DX_SEED[0]),
        quartic=expand(DEER_ANALYSIS, arch="deernet_r4", snr=DX_SNR[0], seed=DX_SEED[0]),
    output:
        report(
            "results/figures/deer/quartic_notch.png",
            caption="../report/deer_quartic.rst",
            category="DEER",
        ),
    log:
        "results/logs/plot_deer_quartic.log",
    conda:
        ENV
    params:
        code=code("plot_deer_quartic"),
    script:
        "../scripts/plot_deer_quartic.py"


rule plot_deer_ensemble:
    """Similarity of the descrambled W1 of DEERNets trained from different seeds."""
    input:
        "results/analysis/deer/{arch}/snr{snr}/ensemble.h5",
    output:
        report(
            "results/figures/deer/ensemble_{arch}_snr{snr}.png",
            caption="../report/deer_ensemble.rst",
            category="DEER",
        ),
    log:
        "results/logs/plot_deer_ensemble/{arch}_snr{snr}.log",
    conda:
        ENV
    params:
        code=code("plot_deer_ensemble"),
    script:
        "../scripts/plot_deer_ensemble.py"


rule plot_deer_errors:
    """Error vs SNR and time per trace: DEERNets, DSP replica, Tikhonov."""
    input:
        "results/tables/deer_errors.tsv",
    output:
        report(
            "results/figures/deer/errors.png", caption="../report/deer_errors.rst", category="DEER"
        ),
    log:
        "results/logs/plot_deer_errors.log",
    conda:
        ENV
    params:
        code=code("plot_deer_errors"),
    script:
        "../scripts/plot_deer_errors.py"


rule check_deer_claims:
    """Every PNAS / SVD-paper DEER finding as a claim row, measured."""
    input:
        filters="results/tables/deer_filters.tsv",
        errors="results/tables/deer_errors.tsv",
        traces="results/tables/deer_trace_errors.tsv",
        jacobian=expand(
            DEER_ANALYSIS, arch=[a for a in DX_ARCH if a == "deernet3"], snr=DX_SNR, seed=DX_SEED
        ),
        jacobian_two_layer=expand(
            "results/analysis/deer/deernet/snr{snr}/jacobian/seed{seed}.h5",
            snr=DX_SNR,
            seed=DX_SEED,
        ),
        jacobian_relu=expand(
            "results/analysis/deer/{arch}/snr{snr}/jacobian/seed{seed}.h5",
            arch=[a for a in DX_ARCH if a == "deernet_relu"],
            snr=DX_SNR,
            seed=DX_SEED,
        ),
        ensemble=expand(
            "results/analysis/deer/{arch}/snr{snr}/ensemble.h5",
            arch="deernet",
            snr=DX_SNR if len(DX_SEED) > 1 else [],
        ),
    output:
        "results/claims/deer.tsv",
    log:
        "results/logs/check_deer_claims.log",
    conda:
        ENV
    params:
        code=code("check_deer_claims"),
    script:
        "../scripts/check_deer_claims.py"


CLAIMS.append("results/claims/deer.tsv")
DESCRAMBLERS += (
    expand(
        [
            deer_descrambler(0, c, p)
            for c, p in (("fourier", "train"), ("fourier", "noise"), ("fourier_stacked", "train"))
        ],
        arch=DEER_2LAYER,
        snr=DX_SNR,
        seed=DX_SEED,
    )
    + expand(
        [
            deer_descrambler(k, c, p)
            for k in (1, 2)
            for c, p in (
                ("fourier", "train"),
                ("fourier_jac", "train"),
                ("fourier_jac_offset", "train"),
                ("fourier", "snr{snr}"),
            )
        ],
        arch=[a for a in DX_ARCH if a == "deernet3"],
        snr=DX_SNR,
        seed=DX_SEED,
    )
    + expand(
        [
            deer_descrambler(k, c, p)
            for k, c, p in (
                (0, "fourier_post", "train"),
                (0, "fourier_jac_offset_post", "train"),
                (0, "fourier_post", "snr{snr}"),
                (1, "fourier", "train"),
                (1, "fourier_jac", "train"),
                (1, "fourier_jac_offset", "train"),
                (1, "fourier", "snr{snr}"),
            )
        ],
        arch=DEER_JAC2,
        snr=DX_SNR,
        seed=DX_SEED,
    )
)
TARGETS += [
    "results/tables/deer_errors.tsv",
    "results/tables/deer_filters.tsv",
    "results/figures/deer/errors.png",
    *(["results/figures/deer/jacobian.png"] if "deernet3" in DX_ARCH else []),
    *(["results/figures/deer/quartic_notch.png"] if "deernet_r4" in DX_ARCH else []),
    *(
        expand("results/figures/deer/ensemble_deernet_snr{snr}.png", snr=DX_SNR)
        if len(DX_SEED) > 1
        else []
    ),
    *expand(
        "results/figures/deer/{arch}/snr{snr}/seed{seed}/filters.png",
        arch=DEER_2LAYER,
        snr=DX_SNR,
        seed=DX_SEED,
    ),
]
