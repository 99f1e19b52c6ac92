"""The ``own`` rules' jobs: import a network or probe, descramble a layer, tabulate.

Each job checks everything before it writes, and writes through
:mod:`descramble.io` (atomic, with provenance), so bad input leaves nothing.
"""

from __future__ import annotations

from pathlib import Path

from descramble.io import read_h5, write_h5

from .api import descramble, load_network
from .chain import OwnInputError
from .formats import sha256
from .probes import load_probe, noise_probe

MODEL_SCHEMA = "own-model"
PROBE_SCHEMA = "own-probe"


def import_network(model, out, activations=None, name=None, log=None):
    """Read ``model``, check it reproduces the source, write the model artefact ``out``.

    The artefact has today's model layout (``/layers/{i}/weight`` (out, in),
    ``/layers/{i}/bias``, attribute ``activation``) plus the attribute
    ``source_name`` per layer, ``/verify`` (rows, max differences) and the
    model file's sha256, format and import notes in provenance.
    """
    name = name or Path(model).stem
    net = load_network(model, activations)
    digest = sha256(model)
    for note in net.notes:
        if log:
            log.info("%s: %s", name, note)
    if log:
        log.info("%s: %s, %d layers %s -> %s; check on %d rows: max diff %.3g (%.3g relative)",
                 name, net.format, len(net.layers), net.n_inputs, net.widths,
                 net.verify["rows"], net.verify["max_abs_diff"], net.verify["max_rel_diff"])
    arrays = {
        "layers": {str(i): {"weight": layer["weight"], "bias": layer["bias"]}
                   for i, layer in enumerate(net.layers)},  # fmt: skip
        "verify": net.verify,
    }
    attrs = {f"layers/{i}": {"activation": layer["activation"], "source_name": src}
             for i, (layer, src) in enumerate(zip(net.layers, net.names, strict=True))}  # fmt: skip
    params = {"network": name, "model": str(model), "model_sha256": digest, "format": net.format,
              "activations": activations, "notes": net.notes,
              "input_shape": list(net.input_shape) if net.input_shape else None}  # fmt: skip
    write_h5(out, arrays, MODEL_SCHEMA, params, attrs=attrs)
    return net


def model_layers(path):
    """The layer list of an imported model artefact."""
    m = read_h5(path, require=["layers/0/weight"])
    return [{**m["layers"][str(i)], "activation": m["_attrs"][f"layers/{i}"]["activation"]}
            for i in range(len(m["layers"]))], m  # fmt: skip


def import_probe(path, out, models, key=None, name=None, log=None):
    """Read a probe file, orient it for the networks' input width, check it, write ``/signal``."""
    name = name or Path(path).stem
    widths = {}
    for m in models:
        layers, art = model_layers(m)
        widths[art["_provenance"]["params"]["network"]] = layers[0]["weight"].shape[1]
    if len(set(widths.values())) > 1:
        raise OwnInputError(
            f"probe {name!r} is listed for networks of different input widths {widths}; "
            "give each width its own probe"
        )
    width = next(iter(widths.values()))
    X, info = load_probe(path, width, key, name)
    if log:
        log.info("probe %s: %s file, stored %s, %d signals of width %d", name, info["format"],
                 info["stored_shape"], *X.shape)  # fmt: skip
        if info["transposed"]:
            log.info("probe %s: stored as (d, N) = %s (one signal per column, as MATLAB writes "
                     "it); transposed to (N, d)", name, info["stored_shape"])  # fmt: skip
    params = {"probe": name, "path": str(path), "key": key, "sha256": sha256(path), **info}
    write_h5(out, {"signal": X}, PROBE_SCHEMA, params)
    return X


def descramble_network_layer(model, probe, out, network, layer, criterion, settings, log=None):
    """One descrambler artefact (today's layout) with the SVD, Jacobian and Theorem 1 extras.

    Parameters
    ----------
    model : str
        Imported model artefact.
    probe : str or None
        Imported probe artefact, or None for the ``noise`` probe.
    settings : dict
        ``n_noise``, ``n_probe`` (rows used of a file probe; null = all),
        ``n_sv``, ``stack_weight``, ``seed``.
    """
    layers, art = model_layers(model)
    d = layers[0]["weight"].shape[1]
    if probe is None:
        X, pname = noise_probe(settings["n_noise"], d, settings["seed"]), "noise"
    else:
        p = read_h5(probe, require=["signal"])
        X, pname = p["signal"], p["_provenance"]["params"]["probe"]
        if settings.get("n_probe"):
            X = X[: settings["n_probe"]]
        if X.shape[1] != d:
            raise OwnInputError(f"probe {pname!r} has {X.shape[1]} columns; the network takes {d}")
    res = descramble(layers, X, int(layer), criterion, n_sv=settings["n_sv"],
                     theorem1=probe is None, stack_weight=settings["stack_weight"],
                     name=f"network {network!r}")  # fmt: skip
    facts = res.pop("facts")
    gap = (res["objective"] - res["bound"]) / abs(res["bound"])
    if log:
        log.info("%s layer %s %s on %s (%d signals): objective %.6g, bound %.6g (gap %.2e, %s), "
                 "identity %.6g", network, layer, criterion, pname, len(X), res["objective"],
                 res["bound"], gap, "certified" if res["certified"] else "NOT certified",
                 res["identity_objective"])  # fmt: skip
        if "jacobian" in res:
            log.info("Jacobian-linearised descrambler: objective %.6g, ||P_jac - P|| / sqrt(n) "
                     "%.3g", res["jacobian"]["objective"], res["jacobian"]["distance_to_full"])
    prov = art["_provenance"]["params"]
    params = {"problem": "own", "network": network, "layer": int(layer), "criterion": criterion,
              "probe": pname, "n_signals": int(len(X)), "model_sha256": prov["model_sha256"],
              "settings": settings}  # fmt: skip
    write_h5(out, res, "descrambler", params, settings["seed"], attrs={"": facts},
             execution={"device": facts["device"]})  # fmt: skip
    return res


TABLE_COLUMNS = ("network", "layer", "criterion", "probe", "width", "n_inputs", "n_signals",
                 "smoothness_raw", "smoothness_descrambled", "gain", "bound", "certificate_gap",
                 "certified", "n_sv", "top_sv_energy", "jacobian_smoothness", "jacobian_gain",
                 "jacobian_distance", "theorem1_distance", "theorem1_limit_distance",
                 "model_sha256")  # fmt: skip


def table_row(path):
    """One ``own_layers.tsv`` row from a descrambler artefact."""
    d = read_h5(path, require=["P", "objective", "bound"])
    pp = d["_provenance"]["params"]
    obj, bound, ident = float(d["objective"]), float(d["bound"]), float(d["identity_objective"])
    W = d["weight"]
    row = {
        "network": pp["network"], "layer": pp["layer"], "criterion": pp["criterion"],
        "probe": pp["probe"], "width": W.shape[0], "n_inputs": W.shape[1],
        "n_signals": pp["n_signals"], "smoothness_raw": ident, "smoothness_descrambled": obj,
        "gain": ident / obj if obj > 0 else float("inf"), "bound": bound,
        "certificate_gap": (obj - bound) / abs(bound) if bound else 0.0,
        "certified": bool(d["certified"]), "n_sv": pp["settings"]["n_sv"],
        "top_sv_energy": float(d["energy_top"]), "model_sha256": pp["model_sha256"],
    }  # fmt: skip
    if "jacobian" in d:
        j = d["jacobian"]
        row["jacobian_smoothness"] = float(j["objective"])
        row["jacobian_gain"] = float(j["identity_objective"]) / float(j["objective"])
        row["jacobian_distance"] = float(j["distance_to_full"])
    if "theorem1" in d:
        row["theorem1_distance"] = float(d["theorem1"]["distance"])
        row["theorem1_limit_distance"] = float(d["theorem1"]["limit_distance"])
    return row


def n_layers(path):
    """Layers of an imported model artefact (cheap: no arrays read)."""
    import h5py

    with h5py.File(path, "r") as f:
        return len(f["layers"])


def resolve_layers(spec, n, network, criteria):
    """The (layer, criterion) pairs ``spec`` (``"all"`` or a list of layers) names.

    ``all`` skips ``fourier_stacked`` on the last layer (it needs a next
    layer); a list naming the last layer with ``fourier_stacked`` is an error,
    as is a layer out of range.
    """
    if spec == "all":
        return [(k, c) for k in range(n) for c in criteria
                if not (c == "fourier_stacked" and k == n - 1)]  # fmt: skip
    layers = [int(k) for k in spec]
    for k in layers:
        if not 0 <= k < n:
            raise OwnInputError(
                f"own.networks.{network}: layer {k} is out of range: the network has layers "
                f"0..{n - 1}"
            )
    if "fourier_stacked" in criteria and n - 1 in layers:
        raise OwnInputError(
            f"own.networks.{network}: fourier_stacked needs the next layer's weights, but layer "
            f"{n - 1} is the last; list layers without it or drop fourier_stacked"
        )
    return [(k, c) for k in layers for c in criteria]


