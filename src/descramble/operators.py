"""Smoothness operators for descrambling and the trigonometric basis they share.

The descrambling criterion of Amey et al. (PNAS 2021) is ``||D P Z||_F^2``
with ``D`` a second-derivative matrix. The anchors use the periodic Fourier
spectral second derivative (MATLAB ``fourdif(n, 2)``); a non-periodic finite
difference variant is also provided. ``D^T D`` for the Fourier operator is
diagonalised by the real trigonometric basis returned by :func:`trig_basis`
(Sule, Spencer & Czaja, eq. 7), ordered smoothest first.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "fourier_second_derivative",
    "finite_difference",
    "trig_basis",
    "trig_frequencies",
    "trig_pairs",
]


def fourier_second_derivative(n):
    """Periodic Fourier spectral second-derivative matrix.

    Differentiates twice the trigonometric interpolant of samples on the
    periodic grid ``x_j = 2 pi j / n``, ``j = 0, ..., n-1`` (spacing
    ``h = 2 pi / n``), like MATLAB ``fourdif(n, 2)``. The matrix is real,
    symmetric and circulant; a trigonometric vector of frequency ``k`` is an
    eigenvector with eigenvalue ``-k^2`` (for even ``n`` the Nyquist mode
    ``cos(n x / 2)`` has eigenvalue ``-(n/2)^2``).

    Parameters
    ----------
    n : int
        Number of grid points (``n >= 1``).

    Returns
    -------
    ndarray, shape (n, n)
        ``D2`` with ``(D2 @ f(x))_j ~= f''(x_j)`` for smooth periodic ``f``.

    Notes
    -----
    Closed form (Weideman & Reddy 2000) with ``m = (j - l) mod n != 0``:

    * even ``n``: ``D2[j, l] = -(-1)^m / (2 sin^2(m h / 2))``,
      ``D2[j, j] = -pi^2 / (3 h^2) - 1/6``;
    * odd ``n``: ``D2[j, l] = -(-1)^m cos(m h / 2) / (2 sin^2(m h / 2))``,
      ``D2[j, j] = -pi^2 / (3 h^2) + 1/12``.
    """
    n = int(n)
    if n < 1:
        raise ValueError("n must be >= 1")
    if n == 1:
        return np.zeros((1, 1))
    h = 2.0 * np.pi / n
    m = np.arange(1, n)
    sign = np.where(m % 2 == 0, 1.0, -1.0)  # (-1)^m
    half = np.sin(m * h / 2.0)
    col = np.empty(n)  # first column, (n,)
    if n % 2 == 0:
        col[0] = -(np.pi**2) / (3.0 * h**2) - 1.0 / 6.0
        col[1:] = -sign / (2.0 * half**2)
    else:
        col[0] = -(np.pi**2) / (3.0 * h**2) + 1.0 / 12.0
        col[1:] = -sign * np.cos(m * h / 2.0) / (2.0 * half**2)
    idx = (np.arange(n)[:, None] - np.arange(n)[None, :]) % n  # (n, n)
    D2 = col[idx]
    return 0.5 * (D2 + D2.T)  # exact symmetry (the closed form is symmetric)


def finite_difference(n, order, h=1.0):
    """Non-periodic finite-difference derivative matrix.

    Parameters
    ----------
    n : int
        Number of samples.
    order : {1, 2}
        1: forward difference ``(f[j+1] - f[j]) / h``, shape ``(n-1, n)``.
        2: central second difference ``(f[j] - 2 f[j+1] + f[j+2]) / h^2``,
        shape ``(n-2, n)``.
    h : float
        Grid spacing.

    Returns
    -------
    ndarray, shape (n - order, n)
    """
    n = int(n)
    if order not in (1, 2):
        raise ValueError("order must be 1 or 2")
    if n <= order:
        raise ValueError("need n > order")
    stencil = np.array([-1.0, 1.0]) if order == 1 else np.array([1.0, -2.0, 1.0])
    D = np.zeros((n - order, n))  # (n_out, n_in)
    rows = np.arange(n - order)
    for offset, c in enumerate(stencil):
        D[rows, rows + offset] = c
    return D / h**order


def trig_frequencies(n):
    """Frequency of each column of :func:`trig_basis`.

    Parameters
    ----------
    n : int

    Returns
    -------
    ndarray of int, shape (n,)
        ``[0, 1, 1, 2, 2, ...]``; for even ``n`` the last entry is ``n/2``
        once (the Nyquist cosine).
    """
    n = int(n)
    return (np.arange(1, n + 1) // 2).astype(int)


def trig_basis(n):
    """Orthonormal real trigonometric basis, smoothest first.

    Columns: the constant ``1/sqrt(n)``; then, for ``k = 1, 2, ...``,
    ``sqrt(2/n) cos(k x)`` followed by ``sqrt(2/n) sin(k x)`` on the grid
    ``x_j = 2 pi j / n``; for even ``n`` the last column is the Nyquist
    cosine ``(-1)^j / sqrt(n)``. ``T`` diagonalises every real symmetric
    circulant matrix, in particular :func:`fourier_second_derivative` (and so
    ``D^T D``, eigenvalue ``k^4`` for frequency ``k``), with eigenvalues
    ascending along the columns.

    Parameters
    ----------
    n : int

    Returns
    -------
    ndarray, shape (n, n)
        Orthogonal ``T``; column ``c`` has frequency ``trig_frequencies(n)[c]``.

    Notes
    -----
    Sule et al. (eq. 7) order sin before cos within a pair; since a pair
    shares one eigenvalue the order within it is immaterial.
    """
    n = int(n)
    x = 2.0 * np.pi * np.arange(n) / n  # (n,)
    c = np.arange(n)
    k = (c + 1) // 2  # frequency of each column
    kx = np.outer(x, k)  # (n, n)
    # odd columns cos(k x), even columns (> 0) sin(k x)
    T = np.sqrt(2.0 / n) * np.where(c % 2 == 1, np.cos(kx), np.sin(kx))
    T[:, 0] = 1.0 / np.sqrt(n)
    if n % 2 == 0:
        T[:, -1] = np.cos(np.pi * np.arange(n)) / np.sqrt(n)  # Nyquist (-1)^j
    return T


def trig_pairs(n):
    """Group the columns of :func:`trig_basis` by shared eigenvalue.

    Parameters
    ----------
    n : int

    Returns
    -------
    list of tuple of int
        One tuple per frequency, smoothest first: ``(0,)`` for the constant,
        ``(2k-1, 2k)`` for the cos/sin pair of frequency ``k``, and for even
        ``n`` a final singleton ``(n-1,)`` for the Nyquist cosine.
    """
    freq = trig_frequencies(n)
    groups = []
    for c, k in enumerate(freq):
        if groups and freq[groups[-1][0]] == k:
            groups[-1] = groups[-1] + (c,)
        else:
            groups.append((c,))
    return groups


def fourier_operator_eig(n, normalise=True):
    """Closed-form eigendecomposition of ``A = D^T D`` for the Fourier operator.

    ``D`` (:func:`fourier_second_derivative`) is symmetric circulant with
    eigenvalue ``-k^2`` on the trigonometric columns of frequency ``k``, so
    ``D^T D = T diag(k^4) T^T`` with ``T`` = :func:`trig_basis`, already
    ascending. Passing this to :func:`descramble.descramblers.exact` as
    ``A_eig`` replaces one eigensolver call by closed forms (Sule et al.'s
    ``P = T U^T``).

    Parameters
    ----------
    n : int
    normalise : bool
        Scale as the anchors do, ``n A / ||A||_2`` (as
        :func:`descramble.descramblers.smoothness_grams`).

    Returns
    -------
    a : ndarray, shape (n,)
        Eigenvalues, ascending.
    T : ndarray, shape (n, n)
        Orthonormal eigenvectors (columns).
    """
    k = trig_frequencies(n).astype(float)
    a = k**4
    if normalise and a[-1] > 0:
        a = n * a / a[-1]
    return a, trig_basis(n)
