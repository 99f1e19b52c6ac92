"""Statistical structure of a dataset: the input-output correlation SVD (Pinson eqs. 1-3).

With samples x_i (rows of X) and one-hot labels y_i (rows of Y), the
sample-averaged correlations are Sigma_yx = <y x^T> = Y^T X / P (p x N) and
Sigma_xx = <x x^T> = X^T X / P (N x N). Sigma_yx = U S V^T; the modes are
decoupled (Saxe's and Pinson's closed forms apply) when Sigma_xx is diagonal
in the V basis, V^T Sigma_xx V = diag(lambda).
"""

from __future__ import annotations

import numpy as np

from ...svd import svd


def vec2d_dft(v, n):
    """The vec-2D DFT Q v of vectorised ``n x n`` images (unitary, Pinson SI B).

    Parameters
    ----------
    v : ndarray, shape (..., n*n)
    n : int

    Returns
    -------
    ndarray, complex, shape (..., n*n)
    """
    v = np.asarray(v)
    img = v.reshape(*v.shape[:-1], n, n)
    return (np.fft.fft2(img) / n).reshape(v.shape)


def io_structure(X, Y, n):
    """SVD of Sigma_yx with signs fixed, the input spectrum in its basis, and vec-2D DFTs.

    Parameters
    ----------
    X : ndarray, shape (P, N)
        Vectorised images, N = n*n.
    Y : ndarray, shape (P, p)
        One-hot labels.
    n : int

    Returns
    -------
    dict
        ``U`` (p, p), ``s`` (p,), ``V`` (N, p) right singular vectors as
        columns; ``lam`` (p,) = diag(V^T Sigma_xx V); ``offdiag`` the largest
        |off-diagonal| of V^T Sigma_xx V relative to max(lam) (0 when the
        modes decouple); ``leak`` the norm of Sigma_xx outside span(V) relative
        to its norm; ``spectra`` (p, N) |Q v_alpha|; ``gamma`` (p,) the
        largest |Q v_alpha| entry (its dominant frequency's coefficient);
        ``dominant`` (p,) that frequency's vec-2D index.
    """
    P = len(X)
    syx = Y.T @ X / P  # (p, N)
    sxx = X.T @ X / P  # (N, N)
    # (p, p), (p,), (p, N); each right singular vector's largest-magnitude pixel positive
    U, s, Vt = svd(syx)
    V = Vt.T  # (N, p)
    L = V.T @ sxx @ V  # (p, p)
    lam = np.diag(L).copy()
    off = L - np.diag(lam)
    proj = V @ V.T  # (N, N)
    spectra = abs(vec2d_dft(Vt, n))  # (p, N)
    return {
        "U": U,
        "s": s,
        "V": V,
        "lam": lam,
        "offdiag": float(abs(off).max() / lam.max()) if len(s) > 1 else 0.0,
        "leak": float(np.linalg.norm(sxx - proj @ sxx @ proj) / np.linalg.norm(sxx)),
        "spectra": spectra,
        "gamma": spectra.max(axis=1),
        "dominant": spectra.argmax(axis=1),
    }
