"""Import, check and descramble a network trained elsewhere: what the rules and notebooks call.

Example
-------
>>> from descramble.problems import own
>>> net = own.load_network("deernet.onnx")                      # doctest: +SKIP
>>> X = own.load_probe("traces.mat", net.n_inputs, key="traces")[0]  # doctest: +SKIP
>>> res = own.descramble(net, X, layer=0, criterion="fourier")  # doctest: +SKIP
>>> res["P"], res["objective"], res["bound"], res["certified"]  # doctest: +SKIP
"""

from __future__ import annotations

import numpy as np

from descramble.descramblers import certificate_allowance, certified, exact
from descramble.descramblers.job import CRITERIA, descramble_job
from descramble.svd import svd
from descramble.theorems.common import _row, _smoothness_A, trig_distance

from .chain import Network, OwnInputError, forward
from .formats import load_network as _load

VERIFY_ROWS = 16
VERIFY_RTOL = 1e-5


def load_network(path, activations=None, verify_inputs=None):
    """Load a model file into a :class:`~.chain.Network` and check it against the source.

    Parameters
    ----------
    path : str or Path
        ``.onnx``, ``.pt2``, ``.pt``/``.pth`` (TorchScript or state_dict) or
        ``.safetensors``; the format is read from the content.
    activations : list of str, optional
        One per dense layer; required for state_dict and safetensors.
    verify_inputs : ndarray (N, d), optional
        Rows to compare the imported chain with the source's own forward pass
        on (default: the first 16 rows of the seeded ``noise`` probe).

    Returns
    -------
    Network
        With ``verify`` set: ``{"rows", "max_abs_diff", "max_rel_diff"}``.

    Raises
    ------
    OwnInputError
        Bad input, or the chain does not reproduce the source within 1e-5 relative.
    """
    net = _load(path, activations)
    net.verify = verify(net, verify_inputs)
    return net


def verify(net, X=None, rtol=VERIFY_RTOL):
    """Compare the chain's outputs with the source's on ``X`` (default: noise rows).

    Returns
    -------
    dict
        ``rows``, ``max_abs_diff``, ``max_rel_diff`` (over the largest |output|).
    """
    from .probes import noise_probe

    if X is None:
        X = noise_probe(VERIFY_ROWS, net.n_inputs, 0)
    X = np.asarray(X, dtype=float)[:VERIFY_ROWS]
    mine = forward(net.layers, X)
    if net.reference is None:
        return {"rows": len(X), "max_abs_diff": float("nan"), "max_rel_diff": float("nan")}
    theirs = np.asarray(net.reference(X), dtype=float)
    if theirs.shape != mine.shape:
        raise OwnInputError(
            f"the imported chain gives outputs of shape {mine.shape}, the source {theirs.shape}"
        )
    diff = float(np.max(np.abs(mine - theirs)))
    rel = diff / max(float(np.max(np.abs(theirs))), 1e-30)
    if rel > rtol:
        raise OwnInputError(
            f"the imported chain does not reproduce the source model's outputs: max difference "
            f"{diff:.3g} ({rel:.3g} relative > {rtol:g}) on {len(X)} rows; the graph holds "
            "operations this import does not read as it runs them"
        )
    return {"rows": len(X), "max_abs_diff": diff, "max_rel_diff": rel}


def layers_of(network):
    return network.layers if isinstance(network, Network) else list(network)


def check_layer(layers, layer, criterion, name="the network"):
    """Refuse a layer index out of range or a criterion the layer cannot take."""
    n = len(layers)
    if not isinstance(layer, (int, np.integer)) or not 0 <= int(layer) < n:
        raise OwnInputError(f"layer {layer} is out of range: {name} has layers 0..{n - 1}")
    if criterion not in CRITERIA:
        raise OwnInputError(f"unknown criterion {criterion!r}; choose from {CRITERIA}")
    if criterion == "fourier_stacked" and int(layer) == n - 1:
        raise OwnInputError(
            f"fourier_stacked needs the next layer's weights; layer {layer} is the last layer of "
            f"{name} (use fourier or fd2 there)"
        )
    return int(layer)


def certificate_tolerance(res):
    """The allowance for ``objective - bound`` (``descramblers.certificate_allowance``)."""
    return certificate_allowance(np.shape(res["P"])[0], res["scale"], res["norms"])


def descramble(network, X, layer, criterion="fourier", n_sv=3, jacobian=True, theorem1=False,
               stack_weight=1.0, name="the network"):  # fmt: skip
    """Descramble one layer of an imported network over probe inputs ``X``.

    Parameters
    ----------
    network : Network or list of dict
    X : ndarray, shape (N, d)
        Probe signals, one per row (``N`` at least the layer's width).
    layer : int
        0 = first dense layer.
    criterion : str
        Any of :data:`descramble.descramblers.job.CRITERIA`.
    n_sv : int
        Top singular vectors whose share of the layer's energy is reported.
    jacobian : bool
        For layers past the first with ``fourier``: also the
        Jacobian-linearised descrambler at the probe mean (``/jacobian``).
    theorem1 : bool
        For layer 0 with a Gaussian probe: Theorem 1's check (the probe's
        descrambled singular vectors and those of its SVD limit ``B = W W^T``
        against the trigonometric basis).
    stack_weight : float
        ``fourier_stacked`` only.
    name : str
        Names the network in errors.

    Returns
    -------
    dict
        :func:`~descramble.descramblers.job.descramble_job`'s ``P``, ``weight``,
        ``descrambled_weight``, ``gram``, ``operator_gram``, ``objective``,
        ``bound``, ``identity_objective``, ``facts``; plus ``certified``
        (objective within rounding of the bound), ``svd`` (``U``, ``S``,
        ``Vt``), ``energy_top``, and optionally ``jacobian`` and ``theorem1``.
    """
    layers = layers_of(network)
    k = check_layer(layers, layer, criterion, name)
    X = np.asarray(X, dtype=float)
    d = np.asarray(layers[0]["weight"]).shape[1]
    if X.ndim != 2 or X.shape[1] != d:
        raise OwnInputError(f"probe has {X.shape[-1]} columns; the network takes {d}")
    width = np.asarray(layers[k]["weight"]).shape[0]
    if X.shape[0] < width:
        raise OwnInputError(
            f"probe has {X.shape[0]} rows, fewer than layer {k}'s width {width}: its Gram matrix "
            f"would be singular; give at least {width} signals"
        )
    res = descramble_job(layers, X, k, criterion, stack_weight=stack_weight)
    res["certified"] = certified(res)
    U, S, Vt = svd(res["weight"])
    res["svd"] = {"U": U, "S": S, "Vt": Vt}
    res["energy_top"] = float(np.sum(S[:n_sv] ** 2) / np.sum(S**2))
    if jacobian and k > 0 and criterion == "fourier":
        jac = descramble_job(layers, X, k, "fourier_jac")
        res["jacobian"] = {key: jac[key] for key in ("P", "descrambled_weight", "objective",
                                                     "bound", "identity_objective")}  # fmt: skip
        # the full descrambler's smoothness measured on the linearised signals, and vice versa
        res["jacobian"]["distance_to_full"] = float(
            np.linalg.norm(jac["P"] - res["P"]) / np.sqrt(width)
        )
    if theorem1 and k == 0:
        W = np.asarray(res["weight"], dtype=float)
        A = _smoothness_A(W.shape[0])
        B = W @ (X.T @ X / len(X)) @ W.T
        probe_dist, _ = trig_distance(W, 0.5 * (B + B.T), A)
        limit_dist, _ = trig_distance(W, W @ W.T, A)
        P_limit = exact(A, W @ W.T).P
        pr, li = _row(probe_dist), _row(limit_dist)
        res["theorem1"] = {
            "distance": pr["distance"], "max_angle_deg": pr["max_angle_deg"],
            "limit_distance": li["distance"], "limit_max_angle_deg": li["max_angle_deg"],
            "limit_P": P_limit,
        }  # fmt: skip
    return res
