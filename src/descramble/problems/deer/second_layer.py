"""Descrambled DEERNet second layer (Amey et al., PNAS 2021, Figs. 3-4).

Which matrix
------------
``W2`` is stored (out, in) = ``(n_r, n_link)`` (256 x 80). Its output axis is
the distance grid and is already ordered; what is scrambled is its *input*
(link) axis, shared with the output of ``W1``. PNAS therefore descrambles
the link dimension: the second-layer criterion (REFERENCE.md: the stacked
data ``[c W2^T ; tanh(W1 X)]``, 80 rows) yields an orthogonal
``P`` of shape ``(n_link, n_link)``, and the analysed matrix is

    B = W2 @ P.T        shape (n_r, n_link)

(PNAS Fig. 3 shows ``B.T``: link axis vertical, distance horizontal). A
256 x 256 matrix acting on the distance axis would scramble an axis that is
already ordered, so :func:`descrambled_w2` refuses it.

Two facts worth knowing before reading the numbers: ``B B^T = W2 W2^T``
and ``B = U S (P V)^T`` if ``W2 = U S V^T``. So the row (distance-side)
Gram matrix and the output-side singular vectors ``U`` do not depend on the
descrambler at all; only the column Gram matrix and the input-side singular
vectors ``P V`` do.

Scores
------
* :func:`orthogonality_defect` -- mean squared off-diagonal entry of the
  Gram matrix of unit-normalised vectors, placed between its floor (the
  Welch bound) and its expectation for random vectors.
* :func:`sinusoid_scores` -- fraction of a vector's energy captured by the
  best sinusoid with polynomial phase (a "distorted sinusoid").
* :func:`chebyshev_scores` -- polynomial degree content on the distance
  axis and the match with Chebyshev, Legendre and cosine families.
Each comes with a null (:func:`sinusoid_null`, :func:`chebyshev_null`).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy.optimize import least_squares

from ...svd import fix_signs

__all__ = [
    "analyse_second_layer",
    "chebyshev_null",
    "chebyshev_scores",
    "descrambled_w2",
    "fit_sinusoid",
    "second_layer_orthogonality",
    "orthogonality_defect",
    "sinusoid_null",
    "sinusoid_scores",
]


def descrambled_w2(W2, P):
    """Second-layer weights with the link axis descrambled.

    Parameters
    ----------
    W2 : array_like, shape (n_r, n_link)
        Raw second-layer weights, stored (out, in).
    P : array_like, shape (n_link, n_link)
        Orthogonal descrambler of the link space.

    Returns
    -------
    ndarray, shape (n_r, n_link)
        ``W2 @ P.T``: the network's function is unchanged when the first
        layer becomes ``P @ W1`` (and its bias ``P @ b1``) -- only for an
        elementwise activation that commutes with ``P``, i.e. exactly for a
        signed permutation, approximately otherwise; the descrambled view is
        for reading, not for running.
    """
    W2 = np.asarray(W2, dtype=float)
    P = np.asarray(P, dtype=float)
    if W2.ndim != 2:
        raise ValueError(f"W2 must be 2-D (n_r, n_link), got {W2.shape}")
    if P.shape != (W2.shape[1], W2.shape[1]):
        raise ValueError(
            f"P must act on the link (input) axis of W2: expected {(W2.shape[1],) * 2}, "
            f"got {P.shape}; the distance (output) axis is already ordered"
        )
    return W2 @ P.T


def orthogonality_defect(V):
    """How far a set of vectors is from mutually orthogonal.

    Parameters
    ----------
    V : array_like, shape (m, n)
        ``m`` vectors (rows) of length ``n``; none may be zero.

    Returns
    -------
    dict
        ``defect``: ``sum_{i != j} G_ij^2 / m`` with ``G`` the Gram matrix of
        the unit-normalised rows (mean squared cosine to the other vectors,
        summed; 0 iff orthogonal). ``floor``: ``max(0, m/n - 1)``, the least
        possible value (Welch bound; > 0 only when ``m > n``). ``random``:
        ``(m - 1)/n``, its exact expectation for independent isotropic random
        vectors (``E[cos^2] = 1/n``). ``score``: ``(defect - floor) /
        (random - floor)``; 0 = as orthogonal as the shape allows, 1 = like
        random vectors. "Approximately orthogonal" holds for ``score`` well
        below 1 (say < 0.2). The floor assumes the vectors can fill ``R^n``;
        vectors confined to a lower-rank subspace (a rank-deficient matrix)
        can score above 1.
    """
    V = np.asarray(V, dtype=float)
    if V.ndim != 2:
        raise ValueError(f"expected a 2-D array of row vectors, got {V.shape}")
    m, n = V.shape
    norms = np.linalg.norm(V, axis=1)
    if np.any(norms == 0):
        raise ValueError("zero vector: orthogonality is undefined")
    U = V / norms[:, None]
    G = U @ U.T
    off = G - np.diag(np.diag(G))
    defect = float(np.sum(off**2) / m)
    floor = max(0.0, m / n - 1.0)
    random = (m - 1) / n
    score = (defect - floor) / (random - floor) if random > floor else float("nan")
    return {"defect": defect, "floor": floor, "random": random, "score": float(score)}


def second_layer_orthogonality(B):
    """Orthogonality of the columns and of the rows of a descrambled ``W2``.

    Parameters
    ----------
    B : array_like, shape (n_r, n_link)
        :func:`descrambled_w2`.

    Returns
    -------
    dict
        ``columns``: :func:`orthogonality_defect` of the ``n_link`` columns
        (each the output pattern over distance of one descrambled link unit;
        depends on ``P``). ``rows``: of the ``n_r`` rows (each the link-side
        pattern feeding one distance point; since ``B B^T = W2 W2^T`` this does
        not depend on ``P``, and with ``n_r > n_link`` its floor is
        ``n_r/n_link - 1``).
    """
    B = np.asarray(B, dtype=float)
    return {"columns": orthogonality_defect(B.T), "rows": orthogonality_defect(B)}


# --------------------------------------------------------------------------
# distorted sinusoids
# --------------------------------------------------------------------------


def _grid_s(n):
    return np.linspace(-1.0, 1.0, n)


def _design(s, phase, offset):
    cols = [np.cos(phase), np.sin(phase)]
    if offset:
        cols.append(np.ones_like(s))
    return np.stack(cols, axis=-1)


def _grid_search(s, V, offset, oversample, chirp=True):
    """Best (c1, c2) of ``phi = c1 s + c2 s^2`` for every column of ``V`` by brute force.

    The energy a candidate phase captures is ``y^T A (A^T A)^+ A^T y`` with
    ``A = [cos phi, sin phi(, 1)]``; it is evaluated for all candidates in
    batched matrix products. Steps keep the end-point phase error of a
    neighbouring candidate below ``pi / (4 oversample)``. ``chirp=False``
    searches ``c2 = 0`` only (plain sinusoids).
    """
    n = s.size
    w_max = np.pi * (n - 1) / 2.0  # Nyquist: |phi'| * (2 / (n - 1)) <= pi
    c1 = np.arange(0.0, w_max + 1e-12, np.pi / (2.0 * oversample))
    c2 = np.arange(-w_max / 2.0, w_max / 2.0 + 1e-12, np.pi / (1.5 * oversample))
    if not chirp:
        c2 = np.zeros(1)
    best = np.full(V.shape[1], -np.inf)
    arg = np.zeros((V.shape[1], 2))
    for b in c2:  # one chunk per curvature value keeps memory at (len(c1), n)
        phase = np.outer(c1, s) + b * s**2  # (n1, n)
        A = _design(s, phase, offset)  # (n1, n, p)
        gram = np.einsum("gnp,gnq->gpq", A, A)
        proj = np.einsum("gnp,nk->gpk", A, V)  # (n1, p, k)
        energy = np.einsum("gpk,gpk->gk", proj, np.linalg.pinv(gram, hermitian=True) @ proj)
        j = np.argmax(energy, axis=0)
        e = energy[j, np.arange(V.shape[1])]
        better = e > best
        best[better] = e[better]
        arg[better] = np.column_stack([c1[j[better]], np.full(np.count_nonzero(better), b)])
    return arg


def _residual(c, s, powers, v, offset):
    A = _design(s, powers @ c, offset)
    coef = np.linalg.lstsq(A, v, rcond=None)[0]
    return v - A @ coef


def fit_sinusoid(v, phase_degree=2, offset=False, oversample=2, _start=None):
    """Least-squares fit of a sinusoid with polynomial phase.

    Model on ``s = linspace(-1, 1, n)``:
    ``v(s) ~ a cos(phi(s)) + b sin(phi(s)) (+ c)``,
    ``phi(s) = sum_{q=1}^{Q} c_q s^q`` (the constant phase is carried by
    ``a, b``). ``Q = 1`` is a plain sinusoid; ``Q >= 2`` lets the local
    frequency ``phi'(s)`` drift smoothly ("distorted sinusoid"). The
    amplitudes are solved exactly for each phase (variable projection); the
    phase is found by a grid search over ``(c1, c2)`` followed by
    Levenberg-Marquardt-type refinement of all ``c_q`` (``c_q``, ``q >= 3``,
    start at 0, so a higher degree never scores below a lower one).

    Parameters
    ----------
    v : array_like, shape (n,)
    phase_degree : int
        ``Q >= 1``.
    offset : bool
        Also fit a constant.
    oversample : int
        Grid density (see :func:`_grid_search`).

    Returns
    -------
    dict
        ``score``: energy fraction captured, ``1 - ||v - fit||^2 / ||v||^2``
        (1 = exact distorted sinusoid); ``fit`` (n,); ``phase_coef`` (Q,);
        ``freq`` (n,): local frequency ``phi'(s) n / (pi (n - 1))`` in cycles
        per vector length.
    """
    v = np.asarray(v, dtype=float)
    n = v.size
    if v.ndim != 1 or n < 2 * phase_degree + 3:
        raise ValueError(f"need a 1-D vector longer than {2 * phase_degree + 2}, got {v.shape}")
    if phase_degree < 1:
        raise ValueError("phase_degree must be >= 1")
    energy = float(v @ v)
    if energy == 0:
        raise ValueError("zero vector")
    s = _grid_s(n)
    powers = np.column_stack([s**q for q in range(1, phase_degree + 1)])  # (n, Q)
    if _start is None:
        _start = _grid_search(s, v[:, None], offset, oversample, chirp=phase_degree >= 2)[0]
    start = _start
    c0 = np.zeros(phase_degree)
    c0[0] = start[0]
    if phase_degree >= 2:
        c0[1] = start[1]
    res = least_squares(_residual, c0, args=(s, powers, v, offset), x_scale="jac")
    c = res.x
    r = _residual(c, s, powers, v, offset)
    dphi = sum(q * c[q - 1] * s ** (q - 1) for q in range(1, phase_degree + 1))
    return {
        "score": float(1.0 - (r @ r) / energy),
        "fit": v - r,
        "phase_coef": c,
        "freq": dphi * n / (np.pi * (n - 1)),
    }


def sinusoid_scores(V, phase_degree=2, offset=False, oversample=2):
    """:func:`fit_sinusoid` for every column.

    Parameters
    ----------
    V : array_like, shape (n, k)
        Column vectors, e.g. input-side singular vectors of ``B`` (``n = n_link``).

    Returns
    -------
    dict
        ``score`` (k,), ``fit`` (n, k), ``freq`` (n, k), ``phase_coef`` (Q, k).
    """
    V = np.asarray(V, dtype=float)
    if V.ndim == 1:
        V = V[:, None]
    s = _grid_s(V.shape[0])
    # one batched search for all columns
    starts = _grid_search(s, V, offset, oversample, chirp=phase_degree >= 2)
    fits = [
        fit_sinusoid(V[:, i], phase_degree, offset, oversample, _start=starts[i])
        for i in range(V.shape[1])
    ]
    return {
        "score": np.array([f["score"] for f in fits]),
        "fit": np.column_stack([f["fit"] for f in fits]),
        "freq": np.column_stack([f["freq"] for f in fits]),
        "phase_coef": np.column_stack([f["phase_coef"] for f in fits]),
    }


def sinusoid_null(n, rng, n_draws=20, phase_degree=2, offset=False, oversample=2):
    """Scores of :func:`fit_sinusoid` on white Gaussian noise vectors.

    Parameters
    ----------
    n : int
        Vector length.
    rng : numpy.random.Generator
    n_draws : int

    Returns
    -------
    ndarray, shape (n_draws,)
        The energy fraction a distorted sinusoid captures from pure noise by
        chance (with ``Q = 2`` and ``n = 80`` typically 0.1-0.2); a sinusoid
        claim holds only if the real scores sit well above its maximum.
    """
    R = rng.standard_normal((n, n_draws))
    return sinusoid_scores(R, phase_degree, offset, oversample)["score"]


# --------------------------------------------------------------------------
# Chebyshev polynomials
# --------------------------------------------------------------------------


def _to_unit_interval(x, n):
    if x is None:
        return np.linspace(-1.0, 1.0, n)
    x = np.asarray(x, dtype=float)
    if x.shape != (n,):
        raise ValueError(f"x must have shape ({n},), got {x.shape}")
    lo, hi = float(np.min(x)), float(np.max(x))
    if hi <= lo:
        raise ValueError("x must not be constant")
    return 2.0 * (x - lo) / (hi - lo) - 1.0


@lru_cache(maxsize=8)
def _orthopoly_cached(x_bytes, d_max):
    Q = _discrete_orthopoly(np.frombuffer(x_bytes, dtype=float), d_max)
    Q.setflags(write=False)
    return Q


def _discrete_orthopoly(x, d_max):
    """Orthonormal polynomials on the grid ``x``, degrees ``0..d_max`` (Stieltjes).

    Column ``d`` spans, with the earlier columns, exactly the polynomials of
    degree <= d restricted to the grid. The three-term recurrence (with one
    re-orthogonalisation pass) is stable to high degree, unlike a QR of a
    Vandermonde matrix on equispaced points.
    """
    n = x.size
    Q = np.zeros((n, d_max + 1))
    Q[:, 0] = 1.0 / np.sqrt(n)
    for d in range(1, d_max + 1):
        q = x * Q[:, d - 1]
        for _ in range(2):
            q -= Q[:, :d] @ (Q[:, :d].T @ q)
        Q[:, d] = q / np.linalg.norm(q)
    return Q


def _family(name, x, d_max):
    """Unit-norm sampled basis functions of degree/index ``0..d_max`` (columns)."""
    if name == "chebyshev":
        F = np.polynomial.chebyshev.chebvander(x, d_max)
    elif name == "legendre":
        F = np.polynomial.legendre.legvander(x, d_max)
    elif name == "cosine":
        F = np.cos(np.outer(x + 1.0, np.arange(d_max + 1)) * np.pi / 2.0)
    else:
        raise ValueError(f"unknown family {name!r}")
    return F / np.linalg.norm(F, axis=0)


FAMILIES = ("chebyshev", "legendre", "cosine")


def chebyshev_scores(U, x=None, slack=2, level=0.9, window=2):
    """Polynomial and Chebyshev content of output-side vectors.

    Parameters
    ----------
    U : array_like, shape (n, k)
        Column ``j`` is the ``j``-th vector (e.g. the ``j``-th output-side
        singular vector of ``B``, singular values descending).
    x : array_like, shape (n,), optional
        Sample positions (e.g. the distance grid); mapped linearly onto
        ``[-1, 1]``. Default: equispaced.
    slack : int
        Degree allowance of ``span_r2``.
    level : float
        Energy level defining ``degree``.
    window : int
        Index allowance of the family matches.

    Returns
    -------
    dict
        ``span_r2`` (k,): fraction of ``u_j``'s energy in the polynomials of
        degree ``<= j + slack`` (span of ``T_0..T_{j+slack}``; note this span
        is the same for every polynomial family, so it measures "low-degree
        polynomial", not "Chebyshev"). ``degree`` (k,): the least ``d``
        whose polynomial span holds ``level`` of the energy; a Chebyshev-like
        library has ``degree[j] ~ j``. ``match`` (dict family -> (k,)):
        ``max |cos angle(u_j, f_d)|`` over ``|d - j| <= window`` for the
        families ``chebyshev`` (``T_d``), ``legendre`` (``P_d``) and
        ``cosine`` (``cos(d pi (x + 1) / 2)``, the DCT-like basis of smooth
        stationary signals); ``match_index`` the maximising ``d``. The
        Chebyshev reading holds if ``match["chebyshev"]`` is high and above
        the other two families; low-degree content alone is shared by any
        smooth orthonormal library (e.g. the SVD of a smooth random matrix).
    """
    U = np.asarray(U, dtype=float)
    if U.ndim == 1:
        U = U[:, None]
    n, k = U.shape
    if np.any(np.linalg.norm(U, axis=0) == 0):
        raise ValueError("zero vector")
    xs = _to_unit_interval(x, n)
    Un = U / np.linalg.norm(U, axis=0)
    Q = _orthopoly_cached(xs.tobytes(), n - 1)  # (n, n): nested polynomial spans
    cum = np.cumsum((Q.T @ Un) ** 2, axis=0)  # (n, k): energy in degree <= d
    j = np.arange(k)
    span = cum[np.minimum(j + slack, n - 1), j]
    degree = np.argmax(cum >= level - 1e-12, axis=0)
    d_max = min(n - 1, k - 1 + window)
    match, index = {}, {}
    for name in FAMILIES:
        C = np.abs(_family(name, xs, d_max).T @ Un)  # (d_max + 1, k)
        lo = np.maximum(j - window, 0)
        hi = np.minimum(j + window, d_max)
        mask = (np.arange(d_max + 1)[:, None] >= lo) & (np.arange(d_max + 1)[:, None] <= hi)
        Cm = np.where(mask, C, -1.0)
        index[name] = np.argmax(Cm, axis=0)
        match[name] = Cm[index[name], j]
    return {"span_r2": span, "degree": degree, "match": match, "match_index": index}


def smooth_factor(n, length_scale):
    """``L`` (n, n) with ``L L^T`` the squared-exponential covariance on ``linspace(-1, 1, n)``.

    ``L @ z`` for standard normal ``z`` is a smooth random vector (the smooth nulls).
    """
    xs = np.linspace(-1.0, 1.0, n)
    C = np.exp(-0.5 * ((xs[:, None] - xs[None, :]) / length_scale) ** 2)  # (n, n)
    w, E = np.linalg.eigh(C)
    return E * np.sqrt(np.clip(w, 0.0, None))


def chebyshev_null(n, k, rng, n_draws=20, kind="white", length_scale=0.3, **kw):
    """Scores of :func:`chebyshev_scores` on random vectors.

    Parameters
    ----------
    n, k : int
        Vector length and number of vectors (positions ``j = 0..k-1``).
    rng : numpy.random.Generator
    n_draws : int
    kind : {"white", "smooth"}
        ``"white"``: i.i.d. Gaussian entries. ``"smooth"``: independent
        Gaussian-process samples with squared-exponential covariance of the
        given ``length_scale`` on ``[-1, 1]`` -- smooth, but with no
        Chebyshev ordering.
    **kw
        Passed to :func:`chebyshev_scores`.

    Returns
    -------
    dict
        ``span_r2`` and ``degree`` of shape (n_draws, k) and ``match``
        (family -> (n_draws, k)).
    """
    if kind == "white":
        L = np.eye(n)
    elif kind == "smooth":
        L = smooth_factor(n, length_scale)
    else:
        raise ValueError(f"unknown kind {kind!r}")
    out = {"span_r2": [], "degree": [], "match": {f: [] for f in FAMILIES}}
    for _ in range(n_draws):
        sc = chebyshev_scores(L @ rng.standard_normal((n, k)), **kw)
        out["span_r2"].append(sc["span_r2"])
        out["degree"].append(sc["degree"])
        for f in FAMILIES:
            out["match"][f].append(sc["match"][f])
    return {
        "span_r2": np.array(out["span_r2"]),
        "degree": np.array(out["degree"]),
        "match": {f: np.array(v) for f, v in out["match"].items()},
    }


# --------------------------------------------------------------------------
# one call
# --------------------------------------------------------------------------


def analyse_second_layer(B, rng, r=None, n_vectors=8, n_null=20, phase_degree=2):
    """PNAS Fig. 4 numbers for a descrambled second layer.

    Parameters
    ----------
    B : array_like, shape (n_r, n_link)
        :func:`descrambled_w2`.
    rng : numpy.random.Generator
        For the nulls.
    r : array_like, shape (n_r,), optional
        Distance grid (only its linear map onto ``[-1, 1]`` matters).
    n_vectors : int
        Leading singular vectors scored on each side.
    n_null : int
        Random vectors per null.
    phase_degree : int
        ``Q`` of the distorted-sinusoid model (a plain sinusoid, ``Q = 1``, is
        scored as well).

    Returns
    -------
    dict
        ``orthogonality`` (:func:`second_layer_orthogonality`); ``singular_values``
        (min(n_r, n_link),); ``U`` (n_r, n_vectors) output-side and ``V``
        (n_link, n_vectors) input-side singular vectors (signs fixed:
        largest-|.| entry positive); ``sinusoid`` (:func:`sinusoid_scores`
        of ``V``, degree ``Q``), ``sinusoid_plain`` (same with ``Q = 1``),
        ``sinusoid_null`` (n_null,); ``chebyshev`` (:func:`chebyshev_scores`
        of ``U``), ``chebyshev_null_white`` and ``chebyshev_null_smooth``
        (:func:`chebyshev_null`, means over draws, shape (n_vectors,) each,
        plus ``match`` per family).
    """
    B = np.asarray(B, dtype=float)
    if B.ndim != 2:
        raise ValueError(f"B must be 2-D (n_r, n_link), got {B.shape}")
    n_r, n_link = B.shape
    k = min(int(n_vectors), n_r, n_link)
    Uf, s, Vt = np.linalg.svd(B, full_matrices=False)
    U = fix_signs(Uf[:, :k])
    V = fix_signs(Vt[:k].T)

    def _mean(null):
        return {
            "span_r2": null["span_r2"].mean(axis=0),
            "degree": null["degree"].mean(axis=0),
            "match": {f: m.mean(axis=0) for f, m in null["match"].items()},
        }

    return {
        "orthogonality": second_layer_orthogonality(B),
        "singular_values": s,
        "U": U,
        "V": V,
        "sinusoid": sinusoid_scores(V, phase_degree),
        "sinusoid_plain": sinusoid_scores(V, 1),
        "sinusoid_null": sinusoid_null(n_link, rng, n_null, phase_degree),
        "chebyshev": chebyshev_scores(U, x=r),
        "chebyshev_null_white": _mean(chebyshev_null(n_r, k, rng, n_null, "white")),
        "chebyshev_null_smooth": _mean(chebyshev_null(n_r, k, rng, n_null, "smooth")),
    }
