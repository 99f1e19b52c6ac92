"""Do independently trained DEERNets descramble to the same first layer?

PNAS (Amey et al. 2021) report that all 100 networks of the DEERNet ensemble
give the same descrambled picture "up to insignificant details (circular
shifts in the descrambled link dimension, overall signs, phases of frequency
components)". Two similarities between descrambled first layers ``A, B``
(shape ``(n_out, n_t)``) make that testable:

* :func:`aligned_correlation` -- Pearson correlation of ``A`` with ``g B``
  maximised over *exactly* the group of circular shifts of the link axis,
  the global sign and (optionally) reversal of the link axis. Reversal is
  included by default because the smoothness criterion cannot tell a link
  axis from its mirror image (``D^T D`` is reversal-symmetric).
* :func:`spectral_similarity` -- Pearson correlation of the symmetrised
  |2-D FFT| images (:func:`.filters.symmetrised_spectrum`). It is invariant
  to a larger group: circular shifts on both axes, global sign, link
  reversal, and any change of phase of a single link-axis frequency (which
  includes the rotations inside the cos/sin pairs that the smoothness
  criterion leaves free, PNAS's "phases of frequency components").

Neither is invariant to flipping the sign of *individual* rows: a per-row
sign flip makes a descrambled matrix rough, so it is not an ambiguity of
the smoothness descrambler and must not be forgiven.

Nulls (:func:`ensemble_summary`): the same measures between a descrambled
matrix and (i) a Gaussian random matrix, (ii) a *rescrambled* copy ``Q B``
of another network's descrambled layer, ``Q`` Haar-random orthogonal. (ii)
is the demanding one: it keeps the row space, the aggregated time spectrum
(notch, low-pass) and the singular values, and destroys only the
arrangement along the link axis that descrambling is supposed to fix.
"Agreement up to shifts and signs" holds only if the pairwise values
clearly exceed the null's.
"""

from __future__ import annotations

import numpy as np

from ..base import as_matrix
from .filters import symmetrised_spectrum

__all__ = [
    "aligned_correlation",
    "ensemble_summary",
    "haar_orthogonal",
    "similarity_matrix",
    "spectral_similarity",
]


def _check_pair(A, B):
    A, B = as_matrix(A, "A"), as_matrix(B, "B")
    if A.shape != B.shape:
        raise ValueError(f"need two 2-D matrices of equal shape, got {A.shape} and {B.shape}")
    return A, B


def _zscore(x):
    x = np.asarray(x, dtype=float).ravel()
    x = x - x.mean()
    nrm = np.linalg.norm(x)
    return x / nrm if nrm > 0 else x


def spectral_similarity(A, B):
    """Pearson correlation of the symmetrised |2-D FFT| images.

    Parameters
    ----------
    A, B : array_like, shape (n_out, n_t)

    Returns
    -------
    float
        In ``[-1, 1]``; 1 if the images are equal up to an affine rescaling.
    """
    A, B = _check_pair(A, B)
    return float(_zscore(symmetrised_spectrum(A)[0]) @ _zscore(symmetrised_spectrum(B)[0]))


def _centred_fft(A):
    """Mean-removed, unit-Frobenius ``A`` and its FFT along the link axis."""
    A = np.asarray(A, dtype=float)
    A = A - A.mean()
    nrm = np.linalg.norm(A)
    A = A / nrm if nrm > 0 else A
    return np.fft.fft(A, axis=0), np.fft.fft(A[::-1], axis=0)


def _aligned_from_ffts(Fa, Fb, Fb_rev, reflect):
    """Best |correlation| over link shifts (and reversal); returns (value, shift, reversed, sign).

    ``c[s] = sum_ij A[i, j] B[(i - s) mod m, j]`` is the correlation of ``A``
    with ``np.roll(B, s, axis=0)``; all ``s`` at once by the FFT.
    """
    best = (-np.inf, 0, False, 1)
    cands = [(Fb, False)] + ([(Fb_rev, True)] if reflect else [])
    for F, rev in cands:
        c = np.fft.ifft(np.sum(Fa * np.conj(F), axis=1)).real  # (m,)
        s = int(np.argmax(np.abs(c)))
        if abs(c[s]) > best[0]:
            best = (float(abs(c[s])), s, rev, 1 if c[s] >= 0 else -1)
    return best


def aligned_correlation(A, B, reflect=True, return_alignment=False):
    """Pearson correlation after the best circular link shift, sign and reversal.

    Parameters
    ----------
    A, B : array_like, shape (n_out, n_t)
    reflect : bool
        Also try the reversed link axis ``B[::-1]``.
    return_alignment : bool

    Returns
    -------
    float
        ``max over s, reversal, sign of corr(A, sign * roll(B', s, axis=0))``
        with ``B'`` = ``B`` or ``B[::-1]``; 1 iff ``A`` is an affine image of
        such a copy. With ``return_alignment`` also a dict ``shift``,
        ``reversed``, ``sign`` that reproduces it.
    """
    A, B = _check_pair(A, B)
    Fa, _ = _centred_fft(A)
    Fb, Fb_rev = _centred_fft(B)
    val, s, rev, sign = _aligned_from_ffts(Fa, Fb, Fb_rev, reflect)
    if return_alignment:
        return val, {"shift": s, "reversed": rev, "sign": sign}
    return val


def similarity_matrix(Ms, measure="aligned", reflect=True):
    """Pairwise similarity of an ensemble.

    Parameters
    ----------
    Ms : sequence of array_like, each (n_out, n_t)
    measure : {"aligned", "spectral"}
    reflect : bool
        For ``"aligned"``.

    Returns
    -------
    ndarray, shape (n, n)
        Symmetric, ones on the diagonal.
    """
    Ms = [np.asarray(M, dtype=float) for M in Ms]
    if len(Ms) < 2 or any(M.ndim != 2 or M.shape != Ms[0].shape for M in Ms):
        raise ValueError("need at least two 2-D matrices of one shape")
    n = len(Ms)
    if measure == "spectral":
        Z = np.stack([_zscore(symmetrised_spectrum(M)[0]) for M in Ms])  # (n, m * n_t)
        S = Z @ Z.T
    elif measure == "aligned":
        ffts = [_centred_fft(M) for M in Ms]
        S = np.eye(n)
        for a in range(n):
            for b in range(a + 1, n):
                S[a, b] = S[b, a] = _aligned_from_ffts(ffts[a][0], *ffts[b], reflect)[0]
    else:
        raise ValueError(f"unknown measure {measure!r}")
    np.fill_diagonal(S, 1.0)
    return S


def haar_orthogonal(n, rng):
    """Haar-distributed random orthogonal matrix (QR of a Gaussian, signs of diag(R) fixed).

    Parameters
    ----------
    n : int
    rng : numpy.random.Generator

    Returns
    -------
    ndarray, shape (n, n)
    """
    Q, R = np.linalg.qr(rng.standard_normal((n, n)))
    d = np.sign(np.diag(R))
    d[d == 0] = 1.0
    return Q * d


def _offdiag(S):
    iu = np.triu_indices(S.shape[0], 1)
    return S[iu]


def ensemble_summary(Ms, rng, raw=None, n_null=None, reflect=True):
    """Pairwise agreement of descrambled first layers, with nulls.

    Parameters
    ----------
    Ms : sequence of array_like, each (n_out, n_t)
        Descrambled W1 of each network.
    rng : numpy.random.Generator
    raw : sequence of array_like, optional
        The raw (undescrambled) W1 of the same networks: adds the raw-vs-raw
        null.
    n_null : int, optional
        Null comparisons per kind (default: the number of pairs, at most 200).
    reflect : bool

    Returns
    -------
    dict
        For each measure ``"aligned"`` and ``"spectral"``: ``matrix`` (n, n),
        ``mean``, ``min`` over pairs, and ``null_random``,
        ``null_rescrambled`` (and ``null_raw`` with ``raw``) each a dict
        ``values`` (array), ``mean``, ``max``. ``holds`` (bool): the minimum
        pairwise value exceeds the maximum of every null of that measure.
    """
    Ms = [np.asarray(M, dtype=float) for M in Ms]
    n = len(Ms)
    pairs = [(a, b) for a in range(n) for b in range(a + 1, n)]
    n_null = min(len(pairs), 200) if n_null is None else int(n_null)
    m, n_t = Ms[0].shape
    funcs = {
        "aligned": lambda A, B: aligned_correlation(A, B, reflect),
        "spectral": spectral_similarity,
    }
    out = {}
    for name, f in funcs.items():
        S = similarity_matrix(Ms, name, reflect)
        off = _offdiag(S)
        res = {"matrix": S, "mean": float(off.mean()), "min": float(off.min())}
        nulls = {"random": [], "rescrambled": []}
        for d in range(n_null):
            a, b = pairs[d % len(pairs)]
            G = rng.standard_normal((m, n_t)) * np.std(Ms[b])
            nulls["random"].append(f(Ms[a], G))
            nulls["rescrambled"].append(f(Ms[a], haar_orthogonal(m, rng) @ Ms[b]))
        if raw is not None:
            R = [np.asarray(W, dtype=float) for W in raw]
            if len(R) != n:
                raise ValueError("raw must hold one matrix per network")
            nulls["raw"] = list(_offdiag(similarity_matrix(R, name, reflect)))
        for key, vals in nulls.items():
            v = np.asarray(vals)
            res[f"null_{key}"] = {"values": v, "mean": float(v.mean()), "max": float(v.max())}
        res["holds"] = bool(all(res["min"] > res[f"null_{k}"]["max"] for k in nulls))
        out[name] = res
    return out
