"""The four fundamental subspaces of each layer and the energy of its inputs in them.

For a layer ``z = W x + b`` with ``W`` (m, n) = ``U diag(S) V^T`` of rank
``r`` (singular values above ``rank_tol * S[0]``):

- signal (row) space: the first ``r`` right singular vectors (dimension r);
- rejected (null) space: the other ``n - r`` right singular vectors;
- column space: the first ``r`` left singular vectors (dimension r);
- left null space: the other ``m - r`` left singular vectors.

``W`` sees only the row-space part of its input; the null-space part is
rejected. Signal images are ``S_i v_i`` (Pattichis & Pattichis 2024).
Energies are pooled over a set of inputs: ``sum ||P x||^2 / sum ||x||^2``.
"""

from __future__ import annotations

import numpy as np

from ...svd import column_signs
from .classifier import forward


def four_subspaces(W, rank_tol):
    """Orthonormal bases of the four fundamental subspaces of ``W``.

    Singular vectors get a fixed sign (the entry of largest magnitude of each
    right singular vector is positive, its left partner flips with it), as
    :func:`descramble.svd.svd`; bases of the complements come from the same
    full SVD.

    Parameters
    ----------
    W : ndarray, shape (m, n)
    rank_tol : float
        Singular values above ``rank_tol * S[0]`` count towards the rank.

    Returns
    -------
    dict
        ``S`` (min(m, n),), ``rank``, ``row`` (n, r), ``null`` (n, n - r),
        ``column`` (m, r), ``left_null`` (m, m - r), all float64.
    """
    W = np.asarray(W, dtype=np.float64)
    U, S, Vt = np.linalg.svd(W, full_matrices=True)  # (m, m), (k,), (n, n)
    k = S.size
    signs = column_signs(Vt[:k].T)  # (k,): the sign convention of descramble.svd
    Vt[:k] *= signs[:, None]
    U[:, :k] *= signs
    r = int(np.sum(S > rank_tol * S[0])) if k and S[0] > 0 else 0
    return {"S": S, "rank": r, "row": Vt[:r].T, "null": Vt[r:].T, "column": U[:, :r],
            "left_null": U[:, r:]}  # fmt: skip


def energy(x, basis):
    """Fraction of the pooled squared norm of the rows of ``x`` in ``span(basis)``.

    Parameters
    ----------
    x : ndarray, shape (N, n)
    basis : ndarray, shape (n, k)
        Orthonormal columns.

    Returns
    -------
    float
        ``sum_i ||basis^T x_i||^2 / sum_i ||x_i||^2`` (0 for k = 0).
    """
    total = float(np.sum(x * x))
    return float(np.sum((x @ basis) ** 2) / total) if total > 0 else float("nan")


def checks(W, sub):
    """Numerical checks of a subspace decomposition (all near 0 when it is right).

    Returns
    -------
    dict
        ``orthonormality``: max |Q^T Q - I| over [row, null] and [column,
        left_null]; ``null_residual``: max |W N| / S[0];
        ``left_null_residual``: max |M^T W| / S[0]; ``projector_sum``: max
        |P_row + P_null - I| and the same on the output side.
    """
    W = np.asarray(W, dtype=np.float64)
    V = np.hstack([sub["row"], sub["null"]])  # (n, n)
    U = np.hstack([sub["column"], sub["left_null"]])  # (m, m)
    s0 = sub["S"][0] if sub["S"].size and sub["S"][0] > 0 else 1.0
    ortho = max(
        np.abs(V.T @ V - np.eye(V.shape[1])).max(), np.abs(U.T @ U - np.eye(U.shape[1])).max()
    )
    p_in = sub["row"] @ sub["row"].T + sub["null"] @ sub["null"].T - np.eye(W.shape[1])
    p_out = (
        sub["column"] @ sub["column"].T + sub["left_null"] @ sub["left_null"].T - np.eye(W.shape[0])
    )
    return {
        "orthonormality": float(ortho),
        "null_residual": float(np.abs(W @ sub["null"]).max(initial=0.0) / s0),
        "left_null_residual": float(np.abs(sub["left_null"].T @ W).max(initial=0.0) / s0),
        "projector_sum": float(max(np.abs(p_in).max(), np.abs(p_out).max())),
    }


def analyze(layers, x, rank_tol, n_signal, n_examples, init=None):
    """Subspaces, dimensions, energies and checks of every layer of a network.

    Parameters
    ----------
    layers : list of dict
        ``weight`` (out, in), ``bias``, ``activation`` per layer.
    x : ndarray, shape (N, n_0)
        Test inputs of the network.
    rank_tol : float
    n_signal : int
        Signal images ``S_i v_i`` kept for the first layer (at most its rank).
    n_examples : int
        Test images kept with their row- and null-space parts (first layer).
    init : list of dict, optional
        The same layers at initialisation (``weight`` (out, in)): adds
        ``weight_change`` = ||W - W_init||_F / ||W_init||_F per layer.

    Returns
    -------
    dict
        ``layers/{i}``: ``S``, ``rank``, ``dims`` (row, null, column,
        left_null), ``energy_in`` (row, null: the layer's test inputs),
        ``energy_out`` (column, left_null: its pre-activation outputs
        ``W x + b``), ``condition`` (S[0] / S[r-1]), ``checks``;
        ``signal_images`` (k, n_0); ``examples`` with ``x``, ``row``,
        ``null`` (n_examples, n_0).
    """
    acts = forward(layers, x)
    out = {"layers": {}}
    for i, L in enumerate(layers):
        W = np.asarray(L["weight"], dtype=np.float64)  # (m, n)
        sub = four_subspaces(W, rank_tol)
        xin = acts[i]  # (N, n)
        z = xin @ W.T + np.asarray(L["bias"], dtype=np.float64)  # (N, m) pre-activation
        r = sub["rank"]
        out["layers"][str(i)] = {
            "S": sub["S"],
            "shape": np.array(W.shape),  # (m, n)
            "rank": r,
            "dims": {k: sub[k].shape[1] for k in ("row", "null", "column", "left_null")},
            "energy_in": {k: energy(xin, sub[k]) for k in ("row", "null")},
            "energy_out": {k: energy(z, sub[k]) for k in ("column", "left_null")},
            "condition": float(sub["S"][0] / sub["S"][r - 1]) if r else float("inf"),
            "checks": checks(W, sub),
        }
        if init is not None:
            W0 = np.asarray(init[i]["weight"], dtype=np.float64)
            out["layers"][str(i)]["weight_change"] = float(
                np.linalg.norm(W - W0) / np.linalg.norm(W0)
            )
        if i == 0:
            k = min(n_signal, r)
            out["signal_images"] = sub["S"][:k, None] * sub["row"][:, :k].T  # (k, n_0)
            ex = acts[0][:n_examples]  # (n_ex, n_0)
            out["examples"] = {"x": ex, "row": ex @ sub["row"] @ sub["row"].T,
                               "null": ex @ sub["null"] @ sub["null"].T}  # fmt: skip
    return out
