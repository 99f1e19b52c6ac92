# Rules only the MNIST track has (Pattichis & Pattichis 2024): the four fundamental subspaces of
# SELU FCNN classifiers, inverse maps, figures, claims. The shared stages make nothing for it
# (its interface sets SHARED_STAGES = False).
MN = CFG["mnist"]
MN_KEYS = {"net": MN["nets"], "dataset": MN["datasets"], "seed": MN["seeds"]}
# every network, in one order shared by the tables' inputs and their keys
MN_RUNS = [
    {"net": c, "dataset": d, "seed": s}
    for c in MN["nets"]
    for d in MN["datasets"]
    for s in MN["seeds"]
]
MN_MODEL = "results/models/mnist/{net}/{dataset}/seed{seed}.h5"
MN_DATA = "results/data/mnist/{dataset}/seed{seed}.h5"
MN_SUB = "results/analysis/mnist/{net}/{dataset}/seed{seed}/subspaces.h5"
MN_INV = "results/analysis/mnist/{net}/{dataset}/seed{seed}/inverse.h5"
MN_TABLES = {k: f"results/tables/mnist_{k}.tsv" for k in ("accuracy", "subspaces", "inverse")}


rule prepare_digits:
    """A shipped digit set (no download), scaled to [0, 1], split train/test stratified by class."""
    output:
        MN_DATA,
    log:
        "results/logs/prepare_digits/{dataset}/seed{seed}.log",
    conda:
        ENV
    threads: 1
    params:
        data=canonical(MN["data"]),
        code=code("prepare_digits"),
    script:
        "../scripts/prepare_digits.py"


rule train_classifier:
    """A SELU FCNN trained by SGD with momentum on cross-entropy; weights, history, accuracy."""
    input:
        MN_DATA,
    output:
        MN_MODEL,
    log:
        "results/logs/train_classifier/{net}/{dataset}/seed{seed}.log",
    benchmark:
        "results/benchmarks/train_classifier/{net}/{dataset}/seed{seed}.tsv"
    conda:
        ENV
    threads: config["threads"]
    resources:
        mem_mb=2000,
        runtime=60,
    params:
        network=lambda wc: canonical(
            {
                **{k: v for k, v in MN["train"].items() if k != "hidden"},
                "hidden": MN["train"]["hidden"][wc.net],
            }
        ),
        code=code("train_classifier"),
    script:
        "../scripts/train_classifier.py"


rule analyze_subspaces:
    """SVD of every layer: four subspaces, dimensions, test-input energies, signal images."""
    input:
        model=MN_MODEL,
        data=MN_DATA,
    output:
        MN_SUB,
    log:
        "results/logs/analyze_subspaces/{net}/{dataset}/seed{seed}.log",
    conda:
        ENV
    threads: 1
    params:
        analysis=canonical(
            {k: MN["analysis"][k] for k in ("rank_tol", "n_signal_images", "n_examples")}
        ),
        code=code("analyze_subspaces"),
    script:
        "../scripts/analyze_subspaces.py"


rule invert_layers:
    """Inverse maps (pseudoinverse through the exact SELU inverse) from every layer's output."""
    input:
        model=MN_MODEL,
        data=MN_DATA,
    output:
        MN_INV,
    log:
        "results/logs/invert_layers/{net}/{dataset}/seed{seed}.log",
    conda:
        ENV
    threads: 1
    params:
        analysis=canonical(
            {k: MN["analysis"][k] for k in ("rank_tol", "n_examples", "clamp_margin")}
        ),
        code=code("invert_layers"),
    script:
        "../scripts/invert_layers.py"


rule tabulate_mnist:
    """Accuracy, subspace and inverse-map tables of every MNIST network."""
    input:
        models=[MN_MODEL.format(**r) for r in MN_RUNS],
        subspaces=[MN_SUB.format(**r) for r in MN_RUNS],
        inverse=[MN_INV.format(**r) for r in MN_RUNS],
    output:
        **MN_TABLES,
    log:
        "results/logs/tabulate_mnist.log",
    conda:
        ENV
    threads: 1
    params:
        code=code("tabulate_mnist"),
    script:
        "../scripts/tabulate_mnist.py"


rule plot_signal_images:
    """First-layer signal images; test digits split into signal and rejected parts, and
    reconstructed from each layer."""
    input:
        subspaces=MN_SUB,
        inverse=MN_INV,
        data=MN_DATA,
    output:
        report(
            "results/figures/mnist/{net}/{dataset}/seed{seed}/signal_images.png",
            caption="../report/mnist_signal_images.rst",
            category="MNIST subspaces",
        ),
    log:
        "results/logs/plot_signal_images/{net}/{dataset}/seed{seed}.log",
    conda:
        ENV
    threads: 1
    params:
        code=code("plot_signal_images"),
    script:
        "../scripts/plot_signal_images.py"


rule plot_subspace_energy:
    """Test-input energy in each layer's signal space; reconstruction error from each layer."""
    input:
        subspaces=MN_TABLES["subspaces"],
        inverse=MN_TABLES["inverse"],
    output:
        report(
            "results/figures/mnist/subspace_energy.png",
            caption="../report/mnist_subspace_energy.rst",
            category="MNIST subspaces",
        ),
    log:
        "results/logs/plot_subspace_energy.log",
    conda:
        ENV
    threads: 1
    params:
        code=code("plot_subspace_energy"),
    script:
        "../scripts/plot_subspace_energy.py"


rule check_mnist_claims:
    """Accuracy against Pattichis & Pattichis 2024; subspace and inverse-map consistency."""
    input:
        **MN_TABLES,
    output:
        "results/claims/mnist.tsv",
    log:
        "results/logs/check_mnist_claims.log",
    conda:
        ENV
    threads: 1
    params:
        claims=canonical(MN["claims"]),
        code=code("check_mnist_claims"),
    script:
        "../scripts/check_mnist_claims.py"


CLAIMS.append("results/claims/mnist.tsv")
TARGETS += [
    *MN_TABLES.values(),
    "results/figures/mnist/subspace_energy.png",
    *expand("results/figures/mnist/{net}/{dataset}/seed{seed}/signal_images.png", **MN_KEYS),
]
