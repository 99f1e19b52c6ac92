"""Descrambled W1, its SVD and the DEER kernel (Sule, Spencer & Czaja, Fig. 4 and eqs. 20-26).

Three pictures are compared:

1. ``|F|`` of the descrambled first layer ``P W1`` (2-D FFT, as in PNAS);
2. ``|F_t|`` of ``Sigma1 V1^T`` (``W1 = U1 Sigma1 V1^T``; FFT along time of
   each singular row, rows ordered by singular value);
3. ``|F_t|`` of ``Sigma_K U_K^T`` -- the time-side singular vectors of the
   kernel scaled by its singular values, top ``n_out`` rows.

Orientation of ``K``: here ``K`` has shape ``(n_t, n_r)`` (``K @ p`` is a
trace), so the singular vectors that live on the time axis, and can be
compared with the rows of ``W1``, are its *left* singular vectors ``U_K``.
Sule et al. write "right singular vectors of K"; with their kernel stored
``(n_r, n_t)`` that is the same object.

Why a likeness number must be built with care: ``P W1`` and ``Sigma1 V1^T``
differ only by the orthogonal matrix ``P U1`` acting on rows, so every
measure that is invariant to orthogonal row mixing (row-space Gram, the
aggregated spectrum of :mod:`.filters`) is trivially identical for the two.
:func:`spectral_likeness` therefore compares *individual row spectra*: it is
invariant to row order and row signs (which carry no meaning for singular
vectors) and to scale, but not to mixing rows. It is judged against
:func:`likeness_null`, random rows sharing the reference's average spectrum,
so that two pictures that merely share a low-pass envelope do not count as
alike.

The deep-linear-network prediction (Sule eqs. 20-26): for ``x = K z +
noise``, ``y = z`` and prior covariance ``Sigma``, the right singular vectors
of a trained ``W1`` span the leading left singular vectors of ``K
sqrt(Sigma)``. :func:`dln_prediction` measures this with principal angles
against the exact random-subspace baseline.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linear_sum_assignment

from descramble.theory import principal_angles, subspace_distance_to_trig

from ..base import as_matrix
from .filters import symmetrised_spectrum

__all__ = [
    "dln_prediction",
    "kernel_svd_analysis",
    "kernel_svd_images",
    "kernel_time_modes",
    "likeness_null",
    "prior_covariance",
    "row_spectra",
    "scaled_right_singular_rows",
    "spectral_likeness",
    "subspace_overlap",
]


def _matrix(A, name):
    return as_matrix(A, name)


def row_spectra(M):
    """One-sided magnitude spectrum of every row along time.

    Parameters
    ----------
    M : array_like, shape (m, n_t)

    Returns
    -------
    ndarray, shape (m, n_t // 2 + 1)
        ``|rfft(M, axis=1)|``, column ``f`` at ``f`` cycles per trace.
    """
    return np.abs(np.fft.rfft(_matrix(M, "M"), axis=1))


def scaled_right_singular_rows(W, k=None):
    """``Sigma V^T``: right singular vectors scaled by the singular values.

    Parameters
    ----------
    W : array_like, shape (n_out, n_t)
    k : int, optional
        Rows kept (default ``min(n_out, n_t)``).

    Returns
    -------
    ndarray, shape (k, n_t)
        Row ``i`` is ``sigma_i v_i^T``, singular values descending.
    """
    W = _matrix(W, "W")
    _, s, Vt = np.linalg.svd(W, full_matrices=False)
    k = s.size if k is None else int(k)
    return s[:k, None] * Vt[:k]


def prior_covariance(samples, center=True):
    """Covariance of prior distance distributions.

    Parameters
    ----------
    samples : array_like, shape (N, n_r)
        Distributions, one per row.
    center : bool
        Subtract the mean distribution (Sule et al. take ``E[z] = 0`` "without
        loss of generality": the mean is carried by the biases), else use the
        raw second moment ``E[z z^T]``.

    Returns
    -------
    ndarray, shape (n_r, n_r)
    """
    Z = _matrix(samples, "samples")
    if center:
        Z = Z - Z.mean(axis=0)
    return Z.T @ Z / Z.shape[0]


def _sqrt_psd(C):
    w, E = np.linalg.eigh(0.5 * (C + C.T))
    return (E * np.sqrt(np.clip(w, 0.0, None))) @ E.T


def kernel_time_modes(K, k, prior_cov=None):
    """Time-side singular vectors of the kernel (optionally prior-weighted).

    Parameters
    ----------
    K : array_like, shape (n_t, n_r)
        Kernel, ``K @ p`` is a trace.
    k : int
        Number of modes.
    prior_cov : array_like, shape (n_r, n_r), optional
        If given, decompose ``K sqrt(prior_cov)`` (symmetric PSD square root)
        instead of ``K`` -- the operator whose left singular vectors the DLN
        argument predicts for ``V1``.

    Returns
    -------
    rows : ndarray, shape (k, n_t)
        ``sigma_i u_i^T`` (singular values descending).
    U : ndarray, shape (n_t, k)
        The unit left singular vectors.
    s : ndarray, shape (k,)
    """
    K = _matrix(K, "K")
    if prior_cov is not None:
        C = _matrix(prior_cov, "prior_cov")
        if C.shape != (K.shape[1], K.shape[1]):
            raise ValueError(f"prior_cov must be {(K.shape[1],) * 2}, got {C.shape}")
        K = K @ _sqrt_psd(C)
    U, s, _ = np.linalg.svd(K, full_matrices=False)
    k = min(int(k), s.size)
    return s[:k, None] * U[:, :k].T, U[:, :k], s[:k]


def kernel_svd_images(PW1, W1, K, k=None):
    """The three |FFT| pictures of Sule et al. Fig. 4.

    Parameters
    ----------
    PW1 : array_like, shape (n_out, n_t)
        Descrambled first layer.
    W1 : array_like, shape (n_out, n_t)
        Raw first layer.
    K : array_like, shape (n_t, n_r)
    k : int, optional
        Kernel modes kept (default ``n_out``).

    Returns
    -------
    dict
        Display images (zero frequency centred): ``descrambled`` (n_out, n_t)
        symmetrised 2-D |FFT| (:func:`.filters.symmetrised_spectrum`) with
        axes ``k_out``, ``k_time``; ``w1_svd`` (n_out, n_t) and ``kernel_svd``
        (k, n_t): per-row |FFT| along time, fftshifted (rows: singular index).
        Row-spectrum arrays used by the likeness, one-sided in time
        frequency: ``descrambled_rows`` (n_out, n_t//2+1) the rows ``k_o`` of
        the 2-D |FFT|; ``w1_svd_rows`` and ``kernel_svd_rows``.
    """
    PW1, W1, K = _matrix(PW1, "PW1"), _matrix(W1, "W1"), _matrix(K, "K")
    if PW1.shape != W1.shape:
        raise ValueError(f"PW1 {PW1.shape} and W1 {W1.shape} must have the same shape")
    n_out, n_t = W1.shape
    if K.shape[0] != n_t:
        raise ValueError(f"K must be (n_t={n_t}, n_r), got {K.shape}")
    k = n_out if k is None else int(k)
    S, k_out, k_time = symmetrised_spectrum(PW1)
    sv = scaled_right_singular_rows(W1, n_out)
    km, _, _ = kernel_time_modes(K, k)

    def _two_sided(M):
        return np.fft.fftshift(np.abs(np.fft.fft(M, axis=1)), axes=1)

    return {
        "descrambled": S,
        "k_out": k_out,
        "k_time": k_time,
        "w1_svd": _two_sided(sv),
        "kernel_svd": _two_sided(km),
        "descrambled_rows": np.abs(np.fft.fft2(PW1))[:, : n_t // 2 + 1],
        "w1_svd_rows": row_spectra(sv),
        "kernel_svd_rows": row_spectra(km),
    }


def spectral_likeness(X, Y):
    """Likeness of two sets of row spectra, invariant to row order, row sign and scale.

    Parameters
    ----------
    X : array_like, shape (m1, n_f)
    Y : array_like, shape (m2, n_f)
        Non-negative magnitude spectra, one row per channel (e.g.
        :func:`row_spectra`), columns the same frequency bins.

    Returns
    -------
    float
        With ``R_ij`` the Pearson correlation of ``X_i`` and ``Y_j`` across
        frequency bins, pair rows one-to-one (Hungarian algorithm, maximising
        ``sum R`` over ``min(m1, m2)`` pairs), and average the matched ``R``
        with weights ``sqrt(e_i e_j)``, ``e`` the rows' energy fractions, so
        near-empty rows count little. 1 = same set of spectral shapes;
        about 0 for unrelated rows. Symmetric in ``X, Y``. Row order and row
        signs do not matter (a magnitude spectrum ignores the sign of its
        time-domain row); mixing rows does.
    """
    X, Y = _matrix(X, "X"), _matrix(Y, "Y")
    if X.shape[1] != Y.shape[1]:
        raise ValueError(f"X {X.shape} and Y {Y.shape} need the same number of columns")

    def _z(A):
        A = A - A.mean(axis=1, keepdims=True)
        nrm = np.linalg.norm(A, axis=1, keepdims=True)
        return np.divide(A, nrm, out=np.zeros_like(A), where=nrm > 0)

    R = _z(X) @ _z(Y).T  # (m1, m2)
    ex = np.sum(X**2, axis=1)
    ey = np.sum(Y**2, axis=1)
    ex, ey = ex / ex.sum(), ey / ey.sum()
    i, j = linear_sum_assignment(R, maximize=True)
    w = np.sqrt(ex[i] * ey[j])
    return float(np.sum(w * R[i, j]) / np.sum(w)) if np.sum(w) > 0 else float("nan")


def likeness_null(X, Y, rng, n_draws=20):
    """:func:`spectral_likeness` of ``X`` with random stand-ins for ``Y``.

    Each draw replaces every row of ``Y`` by the magnitude of complex white
    noise shaped by ``Y``'s average spectrum ``sqrt(mean_i Y_i(f)^2)`` and
    rescaled to that row's energy: the same envelope (low-pass, notch) and
    the same energy profile, but no row structure. A likeness claim holds
    only above the largest null value.

    Parameters
    ----------
    X : array_like, shape (m1, n_f)
    Y : array_like, shape (m2, n_f)
    rng : numpy.random.Generator
    n_draws : int

    Returns
    -------
    ndarray, shape (n_draws,)
    """
    X, Y = _matrix(X, "X"), _matrix(Y, "Y")
    env = np.sqrt(np.mean(Y**2, axis=0))  # (n_f,)
    e_row = np.linalg.norm(Y, axis=1)
    out = np.empty(int(n_draws))
    for d in range(out.size):
        Z = np.abs(rng.standard_normal(Y.shape) + 1j * rng.standard_normal(Y.shape)) * env
        nz = np.linalg.norm(Z, axis=1)
        Z *= np.divide(e_row, nz, out=np.zeros_like(nz), where=nz > 0)[:, None]
        out[d] = spectral_likeness(X, Z)
    return out


def subspace_overlap(A, B):
    """Mean squared cosine of the principal angles between two column spaces.

    Parameters
    ----------
    A : array_like, shape (n, k1)
    B : array_like, shape (n, k2)

    Returns
    -------
    float
        ``mean_i cos^2(theta_i)`` over the ``min(k1, k2)`` principal angles:
        1 for nested spaces, 0 for orthogonal ones, and exactly
        ``max(k1, k2) / n`` in expectation for a uniformly random subspace.
    """
    th = principal_angles(A, B)
    return float(np.mean(np.cos(th) ** 2))


def dln_prediction(W1, K, k, rng, prior_cov=None, n_null=200):
    """Principal angles between ``span(V1)`` and the DLN-predicted subspace.

    Parameters
    ----------
    W1 : array_like, shape (n_out, n_t)
        Raw (or descrambled: the row space is the same) first layer.
    K : array_like, shape (n_t, n_r)
    k : int
        Subspace dimension (leading singular vectors on both sides).
    rng : numpy.random.Generator
        For the Monte-Carlo null.
    prior_cov : array_like, shape (n_r, n_r), optional
        Prior covariance (:func:`prior_covariance`); default the identity,
        Sule et al.'s "sqrt(Sigma) ~ d I" simplification (then the prediction
        is the left singular vectors of ``K`` itself).
    n_null : int
        Random ``k``-dimensional subspaces of ``R^n_t`` drawn for the null.

    Returns
    -------
    dict
        ``angles`` (k,) radians ascending; ``overlap``
        (:func:`subspace_overlap`); ``overlap_random`` = ``k / n_t``, its exact
        expectation for a random subspace; ``null_angles`` (k,) mean sorted
        angles over the null draws; ``null_overlap`` (n_null,); ``p_value``
        ``(1 + #(null >= observed)) / (1 + n_null)``. The prediction holds
        if the overlap is far above ``k / n_t`` (small p) and the leading
        angles are small; angles near pi/2 mean no relation.
    """
    W1, K = _matrix(W1, "W1"), _matrix(K, "K")
    n_t = W1.shape[1]
    if K.shape[0] != n_t:
        raise ValueError(f"K must be (n_t={n_t}, n_r), got {K.shape}")
    k = int(k)
    if not 1 <= k <= min(W1.shape):
        raise ValueError(f"k must be in 1..{min(W1.shape)}")
    V1 = np.linalg.svd(W1, full_matrices=False)[2][:k].T  # (n_t, k)
    _, Ud, _ = kernel_time_modes(K, k, prior_cov)
    angles = principal_angles(V1, Ud)
    overlap = float(np.mean(np.cos(angles) ** 2))
    null_ang = np.empty((int(n_null), k))
    for d in range(null_ang.shape[0]):
        null_ang[d] = principal_angles(V1, rng.standard_normal((n_t, k)))
    null_overlap = np.mean(np.cos(null_ang) ** 2, axis=1)
    return {
        "angles": angles,
        "overlap": overlap,
        "overlap_random": k / n_t,
        "null_angles": null_ang.mean(axis=0),
        "null_overlap": null_overlap,
        "p_value": float((1 + np.sum(null_overlap >= overlap)) / (1 + null_overlap.size)),
    }


def kernel_svd_analysis(PW1, W1, K, rng, k_dln=10, prior_cov=None, n_null=20):
    """Images, likeness numbers with nulls, Theorem-1 check and DLN angles in one call.

    Parameters
    ----------
    PW1, W1 : array_like, shape (n_out, n_t)
    K : array_like, shape (n_t, n_r)
    rng : numpy.random.Generator
    k_dln : int
        Dimension of the DLN subspace comparison.
    prior_cov : array_like, shape (n_r, n_r), optional
    n_null : int
        Draws of each likeness null (the DLN null uses ``10 n_null``).

    Returns
    -------
    dict
        ``images`` (:func:`kernel_svd_images`); ``likeness`` with keys
        ``descrambled_vs_w1_svd``, ``w1_svd_vs_kernel``,
        ``descrambled_vs_kernel`` (floats) and ``null_*`` (n_null,) for each,
        the null drawn for the second argument; ``trig`` -- Sule's Theorem 1
        reading: ``subspace_distance_to_trig`` of the left singular vectors
        of ``PW1`` (``distance``, ``angles`` per cos/sin group; 0 when ``P W1
        = T_r Sigma1 V1^T``, so that the 2-D FFT of ``P W1`` is the time FFT of
        ``Sigma1 V1^T`` up to in-pair rotations) and ``distance_null`` for
        random orthonormal vectors; ``dln`` (:func:`dln_prediction`).
    """
    im = kernel_svd_images(PW1, W1, K)
    pairs = {
        "descrambled_vs_w1_svd": ("descrambled_rows", "w1_svd_rows"),
        "w1_svd_vs_kernel": ("w1_svd_rows", "kernel_svd_rows"),
        "descrambled_vs_kernel": ("descrambled_rows", "kernel_svd_rows"),
    }
    like = {}
    for name, (a, b) in pairs.items():
        like[name] = spectral_likeness(im[a], im[b])
        like[f"null_{name}"] = likeness_null(im[a], im[b], rng, n_null)
    n_out = np.asarray(PW1).shape[0]
    U_hat = np.linalg.svd(np.asarray(PW1, dtype=float), full_matrices=False)[0]
    td = subspace_distance_to_trig(U_hat, n_out)
    R = np.linalg.qr(rng.standard_normal((n_out, U_hat.shape[1])))[0]
    td_null = subspace_distance_to_trig(R, n_out)
    return {
        "images": im,
        "likeness": like,
        "trig": {"distance": td.distance, "angles": td.angles, "distance_null": td_null.distance},
        "dln": dln_prediction(W1, K, k_dln, rng, prior_cov, n_null=10 * n_null),
    }
