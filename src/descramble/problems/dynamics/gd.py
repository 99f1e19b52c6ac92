"""Full-batch gradient descent on the linear networks, logging every mode strength per step.

The mode strength of mode alpha is Pinson's effective singular value
A_alpha = u_alpha^T Sigma_(y_hat x) v_alpha = lambda_alpha u_alpha^T W v_alpha
(W the network's input-output map, lambda_alpha = v_alpha^T Sigma_xx v_alpha);
with whitened inputs (lambda = 1) it is Saxe's u^T W v. It saturates at s_alpha.

Initialisations:

``aligned``
    Pinson SI H / I.1: a small random kernel (std ``scale``); the CNN's W2 is
    balanced and aligned to it (each mode's row direction is the kernel's
    response to v_alpha, norm set by the balance condition), so A is diagonal
    from step 0. The FCNN gets the same initial A with balanced, aligned
    W1 = sum sqrt(a0) e_alpha v_alpha^T, W2 = sum sqrt(a0) u_alpha e_alpha^T.
    Both nets draw the same kernel (the generator is keyed by dataset, not net).
``random``
    Every weight (and the kernel) i.i.d. normal with std ``scale``.
"""

from __future__ import annotations

import numpy as np

from .linear_nets import circular_conv, loss_and_gradients


def _aligned(net, st, n, kernel):
    U, V, gamma = st["U"], st["V"], st["gamma"]
    p, N = len(st["s"]), n * n
    H = circular_conv(kernel.reshape(n, n), V.T.reshape(p, n, n)).reshape(p, N)  # (p, N): C v_a
    h = np.linalg.norm(H, axis=1)  # (p,)
    b = h / (n * gamma)  # balance: b^2 = |C v|^2 / (N gamma^2) (exact for pure cosines)
    if net == "cnn":
        W2 = (U * b) @ (H / h[:, None])  # (p, N): rows b_a u_a (C v_a / |C v_a|)^T summed
        return {"kernel": kernel.copy(), "W2": W2}
    a0 = b * h  # u^T W v at step 0, as the CNN's
    W1 = np.zeros((N, N))
    W1[:p] = np.sqrt(a0)[:, None] * V.T  # (H=N, N)
    W2 = np.zeros((p, N))
    W2[:, :p] = U * np.sqrt(a0)  # (p, H)
    return {"W1": W1, "W2": W2}


def init_params(net, st, n, init, scale, rng):
    """Initial weights of ``net``.

    Parameters
    ----------
    net : {"fcnn", "cnn"}
    st : dict
        :func:`descramble.problems.dynamics.structure.io_structure` of the data.
    n : int
    init : {"aligned", "random"}
    scale : float
        Standard deviation of the random draws.
    rng : numpy.random.Generator

    Returns
    -------
    dict
        ``W1`` (N, N), ``W2`` (p, N) for the FCNN; ``kernel`` (N,), ``W2`` (p, N) for the CNN.
    """
    p, N = len(st["s"]), n * n
    if init == "aligned":
        return _aligned(net, st, n, scale * rng.standard_normal(N))
    if init != "random":
        raise ValueError(f"config key dynamics init must be aligned or random, got {init!r}")
    first = scale * rng.standard_normal((N, N) if net == "fcnn" else N)
    return {"W1" if net == "fcnn" else "kernel": first, "W2": scale * rng.standard_normal((p, N))}


def train(net, X, Y, n, st, lr, steps, init, scale, rng, n_snapshots=100):
    """Full-batch gradient descent, logging the mode strengths at every step.

    Parameters
    ----------
    net : {"fcnn", "cnn"}
    X : ndarray, shape (P, N)
    Y : ndarray, shape (P, p)
    n : int
    st : dict
        :func:`~descramble.problems.dynamics.structure.io_structure` of (X, Y).
    lr : float
    steps : int
    init : {"aligned", "random"}
    scale : float
    rng : numpy.random.Generator
    n_snapshots : int
        Kernel spectra (CNN) stored at this many evenly spaced steps (plus step 0).

    Returns
    -------
    dict
        ``init`` and ``final`` weights; ``modes`` (steps+1, p) the diagonal of
        A = U^T Sigma_(y_hat x) V; ``offdiag`` (steps+1,) max |off-diagonal A|;
        ``loss`` (steps+1,); for the CNN ``snapshot_steps`` (k,) and
        ``kernel_spectrum`` (k, N) |2D DFT of the kernel| (the eigenvalue
        magnitudes of C(k)).
    """
    params = init_params(net, st, n, init, scale, rng)
    first = {k: v.copy() for k, v in params.items()}
    U, V, P = st["U"], st["V"], len(X)
    p = len(st["s"])
    modes = np.empty((steps + 1, p))
    offdiag = np.empty(steps + 1)
    loss = np.empty(steps + 1)
    snap = np.unique(np.linspace(0, steps, n_snapshots + 1).round().astype(int))
    spectra = []
    XV = X @ V  # (P, p)
    for t in range(steps + 1):
        loss[t], grads, Y_hat = loss_and_gradients(net, params, X, Y, n)
        A = U.T @ (Y_hat.T @ XV) / P  # (p, p)
        modes[t] = np.diag(A)
        offdiag[t] = abs(A - np.diag(np.diag(A))).max() if p > 1 else 0.0
        if net == "cnn" and t in snap:
            spectra.append(abs(np.fft.fft2(params["kernel"].reshape(n, n))).ravel())
        if t < steps:
            for k in params:
                params[k] -= lr * grads[k]
        if not np.isfinite(loss[t]):
            raise FloatingPointError(
                f"{net}: loss became {loss[t]} at step {t}; lower the learning rate (config key "
                f"dynamics.datasets.<name>.lr.{net})"
            )
    out = {"init": first, "final": params, "modes": modes, "offdiag": offdiag, "loss": loss}
    if net == "cnn":
        out["snapshot_steps"] = snap
        out["kernel_spectrum"] = np.stack(spectra)  # (k, N)
    return out
