# Rules of the own problem (issue 15): networks trained elsewhere, imported from model files and
# descrambled. No shared stages; see docs/own.md and src/descramble/problems/own/.
from descramble.problems.own.jobs import n_layers, resolve_layers

OWN = CFG["own"]
OWN_NETS = OWN["networks"]
OWN_PROBES = OWN.get("probes", {})
OWN_D = OWN["descramble"]
OWN_SETTINGS = canonical(
    {
        "n_noise": OWN_D.get("n_noise", 20000),
        "n_probe": OWN_D.get("n_probe"),
        "n_sv": OWN_D.get("n_sv", 3),
        "stack_weight": DS.get("stack_weight", 1.0) if DS else 1.0,
        "seed": OWN.get("seed", 0),
    }
)
OWN_MODEL = "results/models/own/{net}.h5"
OWN_DESC = "results/descramblers/own/{net}/layer{layer}/{criterion}/{oprobe}.h5"
OWN_FIG = "results/figures/own/{net}/layer{layer}_{criterion}_{oprobe}.png"


def own_check_config():
    """Config-time checks: files exist, probes are declared (before any job runs)."""
    for net, spec in OWN_NETS.items():
        if not Path(spec["model"]).is_file():
            raise ValueError(
                f"own.networks.{net}.model: model file {spec['model']} does not exist "
                f"(relative paths resolve against {Path.cwd()})"
            )
        for probe in spec["probes"]:
            if probe != "noise" and probe not in OWN_PROBES:
                raise ValueError(
                    f"own.networks.{net}.probes: probe {probe!r} is not declared under own.probes "
                    f"(declared: {sorted(OWN_PROBES)}; 'noise' needs no file)"
                )
    for probe, spec in OWN_PROBES.items():
        if probe == "noise":
            raise ValueError("own.probes: 'noise' is the built-in Gaussian probe; rename yours")
        if not Path(spec["path"]).is_file():
            raise ValueError(f"own.probes.{probe}.path: probe file {spec['path']} does not exist")


own_check_config()


def own_model_inputs(wildcards):
    """The model file and, for ONNX with external weights, the files they live in."""
    from descramble.problems.own.formats import onnx_external_files

    model = OWN_NETS[wildcards.net]["model"]
    return [model, *[f for f in onnx_external_files(model) if Path(f).is_file()]]


def own_jobs(net):
    """(layer, criterion, probe) of network ``net``'s descramblers, once it is imported."""
    model = checkpoints.import_network.get(net=net).output[0]
    spec = OWN_NETS[net]
    pairs = resolve_layers(
        spec.get("layers", OWN_D["layers"]),
        n_layers(model),
        net,
        spec.get("criteria", OWN_D["criteria"]),
    )
    return [(k, c, p) for k, c in pairs for p in spec["probes"]]


def own_paths(pattern):
    def paths(wildcards):
        return [
            pattern.format(net=net, layer=k, criterion=c, oprobe=p)
            for net in OWN_NETS
            for k, c, p in own_jobs(net)
        ]

    return paths


def own_probe_input(wildcards):
    if wildcards.oprobe == "noise":
        return {}
    return {"probe": f"results/data/own/{wildcards.oprobe}.h5"}


checkpoint import_network:
    """Read a model file (any format), check it reproduces the source, write its layer list."""
    input:
        own_model_inputs,
    output:
        OWN_MODEL,
    log:
        "results/logs/import_network/{net}.log",
    wildcard_constraints:
        net=r"[A-Za-z0-9_.-]+",
    conda:
        ENV
    threads: 1
    params:
        activations=lambda wc: OWN_NETS[wc.net].get("activations"),
        code=code("import_network"),
    script:
        "../scripts/import_network.py"


rule import_probe:
    """Read a probe file once, oriented to (N, d) for the networks that use it."""
    input:
        probe=lambda wc: OWN_PROBES[wc.oprobe]["path"],
        # ancient: the widths only orient the probe; a model edit does not reimport it
        models=lambda wc: [
            ancient(OWN_MODEL.format(net=n))
            for n, s in OWN_NETS.items()
            if wc.oprobe in s["probes"]
        ],
    output:
        "results/data/own/{oprobe}.h5",
    log:
        "results/logs/import_probe/{oprobe}.log",
    wildcard_constraints:
        oprobe=r"[A-Za-z0-9_.-]+",
    conda:
        ENV
    threads: 1
    params:
        key=lambda wc: OWN_PROBES[wc.oprobe].get("key"),
        code=code("import_probe"),
    script:
        "../scripts/import_probe.py"


rule descramble_own_layer:
    """One layer, criterion and probe of an imported network: P, certificate, SVD, Jacobian."""
    input:
        unpack(own_probe_input),
        model=OWN_MODEL,
    output:
        OWN_DESC,
    log:
        "results/logs/descramble_own_layer/{net}/layer{layer}/{criterion}/{oprobe}.log",
    benchmark:
        "results/benchmarks/descramble_own_layer/{net}/layer{layer}/{criterion}/{oprobe}.tsv"
    wildcard_constraints:
        net=r"[A-Za-z0-9_.-]+",
        oprobe=r"[A-Za-z0-9_.-]+",
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=4000,
        runtime=60,
    params:
        settings=OWN_SETTINGS,
        code=code("descramble_own_layer"),
    script:
        "../scripts/descramble_own_layer.py"


rule plot_own_layer:
    """Raw and descrambled weights, their |2-D FFT|, singular values and vectors of one layer."""
    input:
        OWN_DESC,
    output:
        report(
            OWN_FIG,
            caption="../report/own_layer.rst",
            category="Own networks",
            subcategory="{net}",
        ),
    log:
        "results/logs/plot_own_layer/{net}/layer{layer}_{criterion}_{oprobe}.log",
    wildcard_constraints:
        net=r"[A-Za-z0-9_.-]+",
        oprobe=r"[A-Za-z0-9_.-]+",
    conda:
        ENV
    params:
        code=code("plot_own_layer"),
    script:
        "../scripts/plot_own_layer.py"


rule tabulate_own_layers:
    """One row per (network, layer, criterion, probe): smoothness, gain, gap, SV energy."""
    input:
        own_paths(OWN_DESC),
    output:
        report(
            "results/tables/own_layers.tsv",
            caption="../report/own_layers.rst",
            category="Own networks",
        ),
    log:
        "results/logs/tabulate_own_layers.log",
    conda:
        ENV
    params:
        code=code("tabulate_own_layers"),
    script:
        "../scripts/tabulate_own_layers.py"


rule index_own_figures:
    """The list of per-layer figures (what the report shows for each network)."""
    input:
        own_paths(OWN_FIG),
    output:
        "results/figures/own/index.tsv",
    log:
        "results/logs/index_own_figures.log",
    conda:
        ENV
    params:
        code=code("index_own_figures"),
    script:
        "../scripts/index_own_figures.py"


TARGETS += ["results/tables/own_layers.tsv", "results/figures/own/index.tsv"]
