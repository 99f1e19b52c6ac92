"""The two linear networks: algebra of forward passes and loss gradients.

FCNN (Saxe et al.): y_hat = W2 W1 x, W1 (H, N), W2 (p, H).
CNN (Pinson et al. eq. 8): y_hat = W2 (k (*) x), one full-size ``n x n``
kernel k applied by circular convolution, flattened, then W2 (p, N). By the
convolution theorem the convolution matrix is C(k) = Q^H diag(n Q k) Q (Q the
unitary vec-2D DFT): its eigenvalues are the unnormalised 2D DFT of the kernel.

The loss is averaged over the P samples: L = 1/(2P) sum_i |y_i - y_hat_i|^2,
so gradient descent with learning rate ``lr`` has time constant tau = 1/lr
steps.
"""

from __future__ import annotations

import numpy as np

NETS = ("fcnn", "cnn")


def circular_conv(kernel, images):
    """Circular convolution (k (*) x)[m] = sum_j k[j] x[m - j] (indices mod n), by FFT.

    Parameters
    ----------
    kernel : ndarray, shape (n, n)
    images : ndarray, shape (P, n, n)

    Returns
    -------
    ndarray, shape (P, n, n)
    """
    return np.real(np.fft.ifft2(np.fft.fft2(kernel) * np.fft.fft2(images)))


def _hidden(net, params, X, n):
    if net == "fcnn":
        return X @ params["W1"].T  # (P, H)
    P = len(X)
    return circular_conv(params["kernel"].reshape(n, n), X.reshape(P, n, n)).reshape(P, n * n)


def effective_matrix(net, params, n):
    """The network's input-output map W (p, N): W2 W1, or W2 C(k).

    Parameters
    ----------
    net : {"fcnn", "cnn"}
    params : dict
        ``W1``, ``W2`` (fcnn) or ``kernel`` (N,), ``W2`` (cnn).
    n : int

    Returns
    -------
    ndarray, shape (p, N)
    """
    if net == "fcnn":
        return params["W2"] @ params["W1"]
    # row j of W2 C(k) is the correlation of row j with the kernel: C^T w = ifft(conj(K) fft(w))
    p = len(params["W2"])
    K = np.fft.fft2(params["kernel"].reshape(n, n))
    rows = np.fft.fft2(params["W2"].reshape(p, n, n))
    return np.real(np.fft.ifft2(np.conj(K) * rows)).reshape(p, n * n)


def loss_and_gradients(net, params, X, Y, n):
    """Loss L = 1/(2P) sum |y - y_hat|^2, its gradients, and the predictions.

    Parameters
    ----------
    net : {"fcnn", "cnn"}
    params : dict
        As in :func:`effective_matrix`.
    X : ndarray, shape (P, N)
    Y : ndarray, shape (P, p)
    n : int
        Image side (N = n*n).

    Returns
    -------
    loss : float
    grads : dict
        Same keys and shapes as ``params``.
    Y_hat : ndarray, shape (P, p)
    """
    P = len(X)
    H = _hidden(net, params, X, n)  # (P, H)
    Y_hat = H @ params["W2"].T  # (P, p)
    E = (Y_hat - Y) / P  # (P, p): dL/dY_hat
    grads = {"W2": E.T @ H}  # (p, H)
    D = E @ params["W2"]  # (P, H): dL/dH
    if net == "fcnn":
        grads["W1"] = D.T @ X  # (H, N)
    else:
        # dL/dk[j] = sum_i sum_m D_i[m] x_i[m - j]: a circular cross-correlation
        Df = np.fft.fft2(D.reshape(P, n, n))
        Xf = np.fft.fft2(X.reshape(P, n, n))
        grads["kernel"] = np.real(np.fft.ifft2((Df * np.conj(Xf)).sum(axis=0))).ravel()  # (N,)
    loss = 0.5 * float(np.sum((Y_hat - Y) ** 2)) / P
    return loss, grads, Y_hat
