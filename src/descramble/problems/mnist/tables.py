"""Tidy tables of the MNIST track: accuracy, subspaces and inverse maps, one row per item."""

from __future__ import annotations

import pandas as pd

from ...tables import artefact_key

ACCURACY_NEEDS = ("n_train", "n_test", "test/accuracy", "history/train_accuracy",
                  "history/test_accuracy")  # fmt: skip


def accuracy_rows(key, model):
    """One row: a trained classifier's accuracy and the data it saw.

    Parameters
    ----------
    key : dict
        ``net``, ``dataset``, ``seed``.
    model : dict
        A model artefact (``io.read_h5``).
    """
    return [{**key, "n_train": int(model["n_train"]), "n_test": int(model["n_test"]),
             "epochs": int(model["history"]["test_accuracy"].size),
             "train_accuracy": float(model["history"]["train_accuracy"][-1]),
             "test_accuracy": float(model["test"]["accuracy"])}]  # fmt: skip


def subspace_rows(key, sub):
    """One row per layer: dimensions, energies, rank, condition and checks."""
    rows = []
    for i in sorted(sub["layers"], key=int):
        L = sub["layers"][i]
        rows.append({**key, "layer": int(i), "n_in": int(L["shape"][1]),
                     "n_out": int(L["shape"][0]),
                     **{f"dim_{k}": int(v) for k, v in L["dims"].items()},
                     "rank": int(L["rank"]),
                     "energy_row": float(L["energy_in"]["row"]),
                     "energy_null": float(L["energy_in"]["null"]),
                     "energy_column": float(L["energy_out"]["column"]),
                     "energy_left_null": float(L["energy_out"]["left_null"]),
                     "sigma_max": float(L["S"][0]), "condition": float(L["condition"]),
                     "weight_change": float(L.get("weight_change", float("nan"))),
                     **{f"check_{k}": float(v) for k, v in L["checks"].items()}})  # fmt: skip
    return rows


def inverse_rows(key, inv):
    """One row per layer: local and chained reconstruction errors."""
    rows = []
    for i in sorted(inv["layers"], key=int):
        L = inv["layers"][i]
        rows.append({**key, "layer": int(i),
                     "local_error_input": float(L["local"]["error_input"]),
                     "local_error_projection": float(L["local"]["error_projection"]),
                     "chain_error_input": float(L["chain"]["error_input"]),
                     "chain_error_projection": float(L["chain"]["error_projection"]),
                     "clamped_fraction": float(L["chain"]["clamped_fraction"])})  # fmt: skip
    return rows


def frame(rows):
    """Rows as a DataFrame sorted by net, dataset, seed (and layer)."""
    df = pd.DataFrame(rows)
    keys = [k for k in ("dataset", "net", "seed", "layer") if k in df.columns]
    return df.sort_values(keys, kind="stable").reset_index(drop=True)


def tables(models, subspaces, inverse):
    """The three MNIST tables, each row keyed by its artefact's provenance (net, dataset, seed).

    Parameters
    ----------
    models, subspaces, inverse : iterable of dict
        Model (:data:`ACCURACY_NEEDS` read), ``analyze_subspaces`` and
        ``invert_layers`` artefacts, in any order.

    Returns
    -------
    dict
        ``accuracy``, ``subspaces``, ``inverse``: DataFrames (:func:`frame`).
    """

    def key(a):
        return artefact_key(a, "net", "dataset")

    return {
        "accuracy": frame([r for m in models for r in accuracy_rows(key(m), m)]),
        "subspaces": frame([r for s in subspaces for r in subspace_rows(key(s), s)]),
        "inverse": frame([r for i in inverse for r in inverse_rows(key(i), i)]),
    }
