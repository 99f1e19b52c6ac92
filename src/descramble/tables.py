"""Rows of the shared tables, keyed the one way: by what made each artefact (its provenance).

A table row says which network (and data) it is about. That key is read from
the artefact itself (:func:`artefact_key`), never rebuilt from a list of
wildcards that must stay in step with the rule's inputs.
"""

from __future__ import annotations

from .descramblers import certified


def artefact_key(artefact, *names):
    """The row key of an artefact: the provenance params ``names``, then its ``seed``.

    Parameters
    ----------
    artefact : dict
        As read by :func:`descramble.io.read_h5` (with ``_provenance``).
    *names : str
        Params to key by, in column order (e.g. ``"arch", "snr"``). An SNR
        is written as in paths (30 -> ``"30"``, 2.5 -> ``"2.5"``).

    Returns
    -------
    dict
        ``{name: value, ..., "seed": int}``.
    """
    prov = artefact["_provenance"]
    key = {}
    for name in names:
        value = prov["params"][name]
        key[name] = f"{value:g}" if name == "snr" else value
    key["seed"] = int(prov["seed"])
    return key


DESCRAMBLER_COLUMNS = ("problem", "arch", "snr", "seed", "layer", "criterion", "probe",
                       "objective", "bound", "gap", "certified", "identity_objective", "seconds",
                       "method", "iterations", "device")  # fmt: skip


def descrambler_row(artefact):
    """One ``descramblers.tsv`` row: a descrambler's objective against its certified bound.

    Parameters
    ----------
    artefact : dict
        A ``descramble_layer`` artefact (``P``, ``objective``, ``bound``,
        ``identity_objective``; how it was solved in the root attributes).

    Returns
    -------
    dict
        The :data:`DESCRAMBLER_COLUMNS`; ``gap`` is (objective - bound) / |bound|;
        ``certified`` whether the objective attains the bound within the certificate's
        rounding allowance (:func:`descramble.descramblers.certified`), empty for an
        artefact written before the certificate's ``scale`` and ``norms`` were stored.
    """
    pp, facts = artefact["_provenance"]["params"], artefact["_attrs"][""]
    obj, bound = float(artefact["objective"]), float(artefact["bound"])
    key = artefact_key(artefact, "arch", "snr")
    return {
        "problem": pp.get("problem", "biexp"),  # artefacts from before problems were named
        **key,
        "layer": pp["layer"], "criterion": pp["criterion"], "probe": pp["probe"],
        "objective": obj, "bound": bound, "gap": (obj - bound) / abs(bound),
        "certified": certified(artefact) if "scale" in artefact and "norms" in artefact else "",
        "identity_objective": float(artefact["identity_objective"]),
        "seconds": float(facts["seconds"]), "method": facts["method"],
        "iterations": int(facts["iterations"]), "device": facts["device"],
    }  # fmt: skip
