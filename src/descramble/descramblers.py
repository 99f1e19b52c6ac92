"""Descramblers: orthogonal P that make a wiretapped layer's signals smooth.

The smoothness criterion of Amey et al. (PNAS 2021) is

    eta(P) = ||D P Z||_F^2 = tr(A P B P^T),   A = D^T D,  B = Z Z^T,

minimised over orthogonal ``P`` (``Z`` holds the layer's pre-activations,
one column per probe input). Two solvers are provided:

* :func:`exact` -- closed form by von Neumann's trace inequality: pair the
  eigenvectors of ``A`` (ascending) with those of ``B`` (descending). This is
  the ``P = T U^T`` of Sule, Spencer & Czaja (Theorem 1) for any ``A, B``.
* :func:`iterative` -- the anchors' algorithm: Cayley parameterisation
  ``P = (I + Q)^{-1} (I - Q)``, ``Q`` antisymmetric, started at ``Q = 0`` and
  optimised by L-BFGS (here torch autograd + ``torch.optim.LBFGS``). It takes
  any differentiable criterion, e.g. :func:`l1_criterion`.

Also: :func:`mds` (max diagonal sum, ``argmax tr(P W)``), the data helpers
:func:`gram_stacked`, :func:`smoothness_grams`, :func:`jacobian_probe` (Sule
eq. 10) and the one-call :func:`descramble_layer`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import torch

__all__ = [
    "ExactResult",
    "IterativeResult",
    "JacobianProbe",
    "LayerResult",
    "L1Criterion",
    "QuadraticCriterion",
    "descramble_layer",
    "exact",
    "gram_stacked",
    "iterative",
    "jacobian_probe",
    "l1_criterion",
    "mds",
    "smoothness_criterion",
    "smoothness_grams",
    "von_neumann_bound",
]


# --------------------------------------------------------------------------
# data -> Gram matrices
# --------------------------------------------------------------------------


def gram_stacked(blocks, weights=None):
    """Weighted Gram matrix of several data blocks sharing the row space.

    ``B = sum_i w_i Z_i Z_i^T``, i.e. the Gram matrix of the horizontally
    stacked ``[sqrt(w_1) Z_1, sqrt(w_2) Z_2, ...]``. The PNAS second-layer
    criterion stacks the (scaled) output weights ``c W_2^T`` next to the
    previous layer's activations ``tanh(W_1 X)``.

    Parameters
    ----------
    blocks : sequence of array_like, each shape (n, N_i)
    weights : sequence of float, optional
        Non-negative weights ``w_i`` (default all 1).

    Returns
    -------
    ndarray, shape (n, n)
        Symmetric positive semi-definite ``B``.
    """
    blocks = [np.asarray(Z, dtype=float) for Z in blocks]
    if not blocks:
        raise ValueError("need at least one block")
    if weights is None:
        weights = [1.0] * len(blocks)
    if len(weights) != len(blocks):
        raise ValueError("one weight per block")
    n = blocks[0].shape[0]
    B = np.zeros((n, n))  # (n, n)
    for Z, w in zip(blocks, weights, strict=True):
        if Z.ndim != 2 or Z.shape[0] != n:
            raise ValueError("every block must have shape (n, N_i)")
        if w < 0:
            raise ValueError("weights must be non-negative")
        B += float(w) * (Z @ Z.T)
    return 0.5 * (B + B.T)


def _normalise(M):
    """``n M / ||M||_2`` for a symmetric PSD ``M`` (the anchors' scaling)."""
    top = np.linalg.eigvalsh(M)[-1]
    if top <= 0:
        return M.copy()
    return M.shape[0] * M / top


def smoothness_grams(D, Z, normalise=True):
    """The two sides of the smoothness criterion ``tr(A P B P^T)``.

    Parameters
    ----------
    D : array_like, shape (m, n)
        Derivative operator acting on the layer dimension, e.g.
        :func:`descramble.operators.fourier_second_derivative`.
    Z : array_like, shape (n, N)
        Wiretapped signals, one column per probe input.
    normalise : bool
        Apply the anchors' scaling ``A = n A / ||A||_2``,
        ``B = n B / ||B||_2`` (spectral norms). The minimiser is unchanged.

    Returns
    -------
    A : ndarray, shape (n, n)
        ``D^T D``.
    B : ndarray, shape (n, n)
        ``Z Z^T``.
    """
    D = np.asarray(D, dtype=float)
    Z = np.asarray(Z, dtype=float)
    if D.shape[1] != Z.shape[0]:
        raise ValueError(f"D is {D.shape}, Z is {Z.shape}: inner sizes differ")
    A = D.T @ D  # (n, n)
    A = 0.5 * (A + A.T)
    B = gram_stacked([Z])  # (n, n)
    if normalise:
        A, B = _normalise(A), _normalise(B)
    return A, B


# --------------------------------------------------------------------------
# exact solver
# --------------------------------------------------------------------------


@dataclass
class ExactResult:
    """Result of :func:`exact`.

    Attributes
    ----------
    P : ndarray, shape (n, n)
        Orthogonal minimiser of ``tr(A P B P^T)``.
    objective : float
        ``tr(A P B P^T)`` evaluated at ``P``.
    bound : float
        Von Neumann lower bound ``sum_i a_i(asc) b_i(desc)``.
    identity_objective : float
        ``tr(A B)``, the criterion before descrambling (``P = I``).
    det : float
        ``det(P)`` (+1 or -1).
    so_flip : int or None
        With ``so=True``: index (in pairing order, ``B`` eigenvalues
        descending) of the eigenvector pair whose sign was flipped to make
        ``det(P) = +1``; ``None`` if no flip was needed.
    objective_change : float
        Objective after the flip minus before (0 up to rounding; see
        :func:`exact`).
    """

    P: np.ndarray
    objective: float
    bound: float
    identity_objective: float
    det: float
    so_flip: int | None = None
    objective_change: float = 0.0

    @property
    def gap(self):
        """Relative gap ``(objective - bound) / |bound|`` (absolute if bound is 0)."""
        return _relative_gap(self.objective, self.bound)


def _relative_gap(objective, bound):
    return float((objective - bound) / abs(bound)) if bound != 0 else float(objective - bound)


def _canonical_signs(E):
    """Flip columns so each one's largest-|.| entry (first on ties) is positive."""
    idx = np.argmax(np.abs(E), axis=0)  # (n,)
    s = np.sign(E[idx, np.arange(E.shape[1])])
    s[s == 0] = 1.0
    return E * s


def _clusters(w, rtol):
    """Runs of (sorted) eigenvalues closer than ``rtol * max|w|``.

    Returns
    -------
    list of ndarray
        Index arrays of the runs longer than one (degenerate clusters).
    singles : ndarray
        Indices of the eigenvalues that stand alone.
    """
    scale = max(float(np.max(np.abs(w))), np.finfo(float).tiny)
    starts = np.concatenate([[0], np.nonzero(np.abs(np.diff(w)) > rtol * scale)[0] + 1])
    lengths = np.diff(np.concatenate([starts, [len(w)]]))
    groups = [np.arange(s, s + m) for s, m in zip(starts, lengths, strict=True) if m > 1]
    return groups, starts[lengths == 1]


def _align(Ea, Eb, clusters, rotate_a):
    # clusters: (list of degenerate index arrays, array of singleton indices)
    """Rotate paired eigenvector clusters so that ``tr(Ea Eb^T)`` is maximal.

    For each cluster ``J`` (indices into the pairing order), ``Ea[:, J]`` is
    replaced by ``Ea[:, J] G`` (``rotate_a``) or ``Eb[:, J]`` by
    ``Eb[:, J] G^T``, with ``G`` the orthogonal Procrustes factor maximising
    ``tr(G Eb[:, J]^T Ea[:, J])``. 1-D clusters reduce to a sign; clusters of
    equal size are handled in one batched SVD. In place.
    """
    E = Ea if rotate_a else Eb
    groups, singles = clusters
    if rotate_a and singles.size:
        s = np.sign(np.einsum("ij,ij->j", Ea[:, singles], Eb[:, singles]))
        s[s == 0] = 1.0
        Ea[:, singles] *= s
    for m in sorted({len(J) for J in groups}):
        idx = np.array([J for J in groups if len(J) == m])  # (k, m)
        M = np.einsum("nki,nkj->kij", Eb[:, idx], Ea[:, idx])  # (k, m, m)
        U, _, Vt = np.linalg.svd(M)
        G = np.swapaxes(Vt, 1, 2) @ np.swapaxes(U, 1, 2)  # (k, m, m)
        if not rotate_a:
            G = np.swapaxes(G, 1, 2)
        E[:, idx] = np.einsum("nki,kij->nkj", E[:, idx], G)


def _quad(A, P, B):
    """``tr(A P B P^T)``."""
    return float(np.sum((A @ P) * (P @ B)))


def von_neumann_bound(A, B):
    """Lower bound of ``tr(A P B P^T)`` over orthogonal ``P``.

    Parameters
    ----------
    A, B : array_like, shape (n, n)
        Symmetric.

    Returns
    -------
    float
        ``sum_i a_i b_{n+1-i}`` with ``a`` and ``b`` sorted ascending.
    """
    a = np.linalg.eigvalsh(np.asarray(A, dtype=float))
    b = np.linalg.eigvalsh(np.asarray(B, dtype=float))
    return float(np.dot(a, b[::-1]))


def exact(A, B, so=False, rtol=1e-9, A_eig=None):
    """Closed-form orthogonal minimiser of ``tr(A P B P^T)``.

    With ``A = E_A diag(a) E_A^T`` (``a`` ascending) and ``B = E_B diag(b)
    E_B^T`` (``b`` descending), ``P = E_A E_B^T`` maps the ``j``-th largest
    eigenvector of ``B`` to the ``j``-th smallest of ``A`` and attains von
    Neumann's bound ``sum_j a_j b_j`` -- the global minimum over O(n).

    Parameters
    ----------
    A, B : array_like, shape (n, n)
        Symmetric (positive semi-definite in the descrambling use).
    so : bool
        Return a minimiser with ``det(P) = +1`` (a member of SO(n)).
    rtol : float
        Eigenvalues closer than ``rtol * max|eig|`` count as degenerate.
    A_eig : (ndarray (n,), ndarray (n, n)), optional
        A known eigendecomposition of ``A`` (eigenvalues ascending, columns
        orthonormal), e.g. :func:`descramble.operators.fourier_operator_eig`;
        it is checked against ``A`` (``ValueError`` if it does not
        diagonalise it) and saves one eigensolver call.

    Returns
    -------
    ExactResult

    Notes
    -----
    **Uniqueness rule.** The minimiser is not unique: every eigenvector sign,
    and any orthogonal mixing inside a degenerate eigenspace (the cos/sin
    pairs of ``D^T D`` share an eigenvalue; rank-deficient ``Z`` gives a
    degenerate zero eigenspace of ``B``), leaves the objective unchanged.
    The rule used here is basis-independent: among these equivalent
    minimisers return the one closest to the identity (largest ``tr(P)``),
    i.e. the one that scrambles least. Concretely: (1) eigenvector signs
    are first fixed (largest-|.| entry positive, for bit-reproducibility of
    the intermediate steps); (2) for every eigenvalue cluster of ``A`` the
    paired columns ``E_A[:, J]`` are rotated by the orthogonal Procrustes
    factor maximising ``tr(E_A[:, J] G E_B[:, J]^T)`` (for a 1-D cluster this
    is the sign making ``e_A . e_B >= 0``); (3) the same for the degenerate
    clusters of ``B``. The result is identical, bit for bit, across calls
    with the same input, and continuous in the input where the eigenvalue
    gaps are.

    **SO(n).** Flipping the sign of one eigenvector pair multiplies ``P`` by a
    reflection that commutes with ``B``, so it never changes the objective:
    the bound is always attained inside SO(n). With ``so=True`` and
    ``det(P) = -1`` the pair with the smallest overlap ``e_A . e_B`` (after
    rotating each cluster to its principal overlaps) is flipped, which keeps
    ``P`` as close to the identity as a single flip can. The objective
    change is reported (0 up to rounding).
    """
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    if A.ndim != 2 or A.shape[0] != A.shape[1] or A.shape != B.shape:
        raise ValueError("A and B must be square and of equal shape")
    A = 0.5 * (A + A.T)
    B = 0.5 * (B + B.T)
    if A_eig is None:
        a, Ea = np.linalg.eigh(A)  # ascending, (n,), (n, n)
    else:
        a, Ea = (np.asarray(x, dtype=float) for x in A_eig)
        scale = max(1.0, float(np.max(np.abs(a))))
        if (
            a.shape != (A.shape[0],)
            or np.any(np.diff(a) < -rtol * scale)
            or np.max(np.abs(A @ Ea - Ea * a)) > 1e-8 * scale
        ):
            raise ValueError("A_eig is not an ascending eigendecomposition of A")
    b, Eb = np.linalg.eigh(B)
    b, Eb = b[::-1], Eb[:, ::-1]  # descending
    Ea = _canonical_signs(Ea)
    Eb = _canonical_signs(np.ascontiguousarray(Eb))
    # (2) rotate A's clusters towards the identity; (3) then B's degenerate ones
    _align(Ea, Eb, _clusters(a, rtol), rotate_a=True)
    _align(Ea, Eb, _clusters(b, rtol), rotate_a=False)  # b descending: same runs
    P = Ea @ Eb.T  # (n, n)
    objective = _quad(A, P, B)
    bound = float(np.dot(a, b))
    det = float(np.sign(np.linalg.det(P)))
    so_flip, change = None, 0.0
    if so and det < 0:
        # principal overlaps inside each A cluster, then flip the weakest pair
        for J in _clusters(a, rtol)[0]:
            S = Ea[:, J].T @ Eb[:, J]  # symmetric PSD after step (2)
            _, V = np.linalg.eigh(0.5 * (S + S.T))
            Ea[:, J] = Ea[:, J] @ V
            Eb[:, J] = Eb[:, J] @ V
        overlap = np.einsum("ij,ij->j", Ea, Eb)  # (n,)
        so_flip = int(np.argmin(overlap))
        Eb[:, so_flip] = -Eb[:, so_flip]
        P = Ea @ Eb.T
        new = _quad(A, P, B)
        change, objective = new - objective, new
        det = float(np.sign(np.linalg.det(P)))
    return ExactResult(
        P=P,
        objective=objective,
        bound=bound,
        identity_objective=float(np.sum(A * B)),
        det=det,
        so_flip=so_flip,
        objective_change=float(change),
    )


# --------------------------------------------------------------------------
# MDS criterion
# --------------------------------------------------------------------------


def mds(W):
    """Maximum-diagonal-sum descrambler ``argmax_P tr(P W)``.

    Parameters
    ----------
    W : array_like, shape (n, m)

    Returns
    -------
    ndarray, shape (m, n)
        ``P = V U^T`` from the thin SVD ``W = U S V^T``; ``tr(P W) = sum(S)``.
        For square ``W`` this is the orthogonal maximiser (unique when ``W``
        is non-singular). For rectangular ``W`` it is the polar-factor
        analogue: ``P`` has orthonormal rows (``m <= n``) or columns
        (``m >= n``) and maximises ``tr(P W)`` over such matrices, so that
        ``P W`` (shape ``(m, m)``) is symmetric positive semi-definite.
    """
    W = np.asarray(W, dtype=float)
    U, _, Vt = np.linalg.svd(W, full_matrices=False)  # (n, r), (r,), (r, m)
    return Vt.T @ U.T


# --------------------------------------------------------------------------
# iterative (Cayley + L-BFGS) solver and criteria
# --------------------------------------------------------------------------


class QuadraticCriterion:
    """``P -> tr(A P B P^T)`` as a torch callable; carries ``A`` and ``B``.

    Parameters
    ----------
    A, B : array_like, shape (n, n)

    Notes
    -----
    Tensors are moved to the device and dtype of the ``P`` it is called with
    (and cached), so the same object works on CPU and CUDA.
    """

    def __init__(self, A, B):
        self.A = np.asarray(A, dtype=float)
        self.B = np.asarray(B, dtype=float)
        self._cache = {}

    def _tensors(self, like):
        key = (like.device, like.dtype)
        if key not in self._cache:
            self._cache[key] = (
                torch.as_tensor(self.A, dtype=like.dtype, device=like.device),
                torch.as_tensor(self.B, dtype=like.dtype, device=like.device),
            )
        return self._cache[key]

    def __call__(self, P):
        A, B = self._tensors(P)
        return torch.sum((A @ P) * (P @ B))


class L1Criterion:
    """Smoothed sparsity criterion ``sum sqrt((P M)^2 + eps)``.

    Parameters
    ----------
    M : array_like, shape (n, m)
        Signals (or weights) on which sparsity is wanted.
    eps : float
        Smoothing; ``sqrt(x^2 + eps)`` replaces ``|x|`` so that L-BFGS sees a
        differentiable function.
    """

    def __init__(self, M, eps=1e-8):
        self.M = np.asarray(M, dtype=float)
        self.eps = float(eps)
        self._cache = {}

    def __call__(self, P):
        key = (P.device, P.dtype)
        if key not in self._cache:
            self._cache[key] = torch.as_tensor(self.M, dtype=P.dtype, device=P.device)
        X = P @ self._cache[key]
        return torch.sum(torch.sqrt(X * X + self.eps))


def smoothness_criterion(A, B):
    """Quadratic smoothness criterion ``tr(A P B P^T)`` (see :class:`QuadraticCriterion`)."""
    return QuadraticCriterion(A, B)


def l1_criterion(M, eps=1e-8):
    """Sparsity criterion ``sum |P M|`` smoothed for L-BFGS (see :class:`L1Criterion`)."""
    return L1Criterion(M, eps)


@dataclass
class IterativeResult:
    """Result of :func:`iterative`.

    Attributes
    ----------
    P : ndarray, shape (n, n)
        ``P0 @ cayley(Q)`` at the last iterate.
    objective : float
        Criterion at ``P``.
    iterations : int
        L-BFGS iterations used.
    evaluations : int
        Criterion + gradient evaluations (line-search steps included).
    seconds : float
        Wall time of the optimisation.
    device : str
    gap : float or None
        Relative gap ``(objective - bound) / |bound|`` to the exact optimum
        when the criterion is quadratic, else ``None``.
    bound : float or None
        Von Neumann bound (quadratic criteria only).
    converged : bool
        The stopping rule was met (``gap <= gap_tol`` if given, else L-BFGS's
        own tolerances) before ``max_iter``.
    rebases : int
        Times the Cayley chart was re-centred (see ``rebase_norm``).
    """

    P: np.ndarray
    objective: float
    iterations: int
    evaluations: int
    seconds: float
    device: str
    gap: float | None
    bound: float | None
    converged: bool
    rebases: int = 0


def _resolve_device(device):
    if device in (None, "auto"):
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(device)


def cayley(Q):
    """Cayley transform ``(I + Q)^{-1} (I - Q)`` of an antisymmetric ``Q`` (torch)."""
    eye = torch.eye(Q.shape[0], dtype=Q.dtype, device=Q.device)
    return torch.linalg.solve(eye + Q, eye - Q)


def iterative(
    criterion,
    n,
    P0=None,
    *,
    A=None,
    B=None,
    device="cpu",
    max_iter=20000,
    tol=1e-12,
    gap_tol=None,
    history_size=100,
    chunk=50,
    init_scale=0.0,
    generator=None,
    scale=True,
    rebase_norm=None,
    restart_on_stall=True,
):
    """Descramble by L-BFGS over the Cayley parameterisation (the anchors' method).

    ``P = P0 @ (I + Q)^{-1} (I - Q)`` with ``Q = S - S^T`` antisymmetric
    (``n (n - 1) / 2`` free parameters, the strict upper triangle of ``S``),
    float64, gradients by torch autograd, ``torch.optim.LBFGS`` with a
    strong-Wolfe line search.

    Parameters
    ----------
    criterion : callable
        ``P (torch tensor, (n, n)) -> scalar tensor`` to minimise, e.g.
        :func:`smoothness_criterion`, :func:`l1_criterion` or any
        differentiable user function.
    n : int
        Size of ``P``.
    P0 : array_like, shape (n, n), optional
        Fixed orthogonal left factor (default identity, i.e. the anchors'
        ``Q = 0`` start). Use a reflection (``det = -1``) to search the other
        component of O(n), or any warm start.
    A, B : array_like, shape (n, n), optional
        If the criterion is ``tr(A P B P^T)``, give them (or pass a
        :class:`QuadraticCriterion`, which carries them) to get the gap to
        von Neumann's bound.
    device : {"cpu", "cuda", "auto"} or torch.device
    max_iter : int
        Maximum L-BFGS iterations in total.
    tol : float
        L-BFGS ``tolerance_grad`` and ``tolerance_change`` (on the scaled
        criterion, see ``scale``).
    gap_tol : float, optional
        Stop as soon as the relative gap to the bound is ``<= gap_tol``
        (checked every ``chunk`` iterations; quadratic criteria only).
    history_size : int
        L-BFGS memory.
    chunk : int
        Iterations per ``LBFGS.step`` call (the memory is kept between calls).
    init_scale : float
        If > 0, start at ``S ~ init_scale * N(0, 1)`` drawn from ``generator``
        instead of ``Q = 0``.
    generator : torch.Generator, optional
        Seeded generator for the random start (CPU generator).
    scale : bool
        Divide the criterion by its absolute value at the start, so that the
        L-BFGS tolerances are relative.
    rebase_norm : float, optional
        Re-centre the Cayley chart (``P0 <- P``, ``Q <- 0``, L-BFGS memory
        cleared) whenever ``||Q||_2`` exceeds this value (checked every
        ``chunk`` iterations). ``None`` (default) keeps the anchors' single
        chart around ``P0``.
    restart_on_stall : bool
        With ``gap_tol``: if L-BFGS stops on its own tolerances before the gap
        is met, re-centre the chart and continue; stop when such a restart
        brings no decrease.

    Returns
    -------
    IterativeResult

    Notes
    -----
    **Reachability.** The Cayley map from ``Q = 0`` covers exactly the
    orthogonal matrices with no eigenvalue ``-1``: all of them lie in SO(n),
    and those with an eigenvalue ``-1`` are only reached as ``||Q|| -> inf``.
    For the quadratic criterion this costs nothing in principle: the
    minimiser set is a union of cosets ``E_A S E_B^T`` over sign patterns
    ``S``, half of which lie in SO(n) (so the SO(n) optimum equals the O(n)
    bound, see :func:`exact`), and a generic one has no eigenvalue -1. In
    practice the minimiser reached is a "random-looking" rotation with
    eigenvalues close to -1, so ``||Q||`` grows large, the chart becomes
    ill-conditioned and L-BFGS slows down (n = 80: ~1800 iterations to a
    1e-4 gap). Re-centring the chart (``rebase_norm``, a retraction-based
    Riemannian L-BFGS with memory reset) keeps ``||Q||`` small and cuts this
    ~5x; it reaches every point of the connected component of ``P0``. For
    criteria whose optimum has ``det = -1`` pass a reflection as ``P0``.
    """
    dev = _resolve_device(device)
    dtype = torch.float64
    n = int(n)
    if A is None and isinstance(criterion, QuadraticCriterion):
        A, B = criterion.A, criterion.B
    bound = von_neumann_bound(A, B) if A is not None and B is not None else None
    if gap_tol is not None and bound is None:
        raise ValueError("gap_tol needs a quadratic criterion (A and B)")

    iu = torch.triu_indices(n, n, offset=1, device=dev)
    m = iu.shape[1]
    if init_scale > 0:
        s0 = init_scale * torch.randn(m, generator=generator, dtype=dtype)
    else:
        s0 = torch.zeros(m, dtype=dtype)
    s = s0.to(dev).requires_grad_(True)  # (n(n-1)/2,)
    P0t = None if P0 is None else torch.as_tensor(np.asarray(P0, float), dtype=dtype, device=dev)

    base = {"P": P0t}  # current chart centre (None: identity)

    def make_Q(svec):
        Q = torch.zeros((n, n), dtype=dtype, device=dev)
        Q = Q.index_put((iu[0], iu[1]), svec)
        return Q - Q.T  # (n, n) antisymmetric

    def make_P(svec):
        C = cayley(make_Q(svec))  # (n, n)
        return C if base["P"] is None else base["P"] @ C

    t0 = time.perf_counter()
    with torch.no_grad():
        f0 = float(criterion(make_P(s)))
    fscale = 1.0 / abs(f0) if (scale and f0 != 0) else 1.0
    counter = {"evals": 0}

    def closure():
        opt.zero_grad()
        f = criterion(make_P(s)) * fscale
        f.backward()
        counter["evals"] += 1
        return f

    def new_optimizer():
        return torch.optim.LBFGS(
            [s],
            lr=1.0,
            max_iter=chunk,
            max_eval=int(chunk * 1.25) + 5,
            tolerance_grad=tol,
            tolerance_change=tol,
            history_size=history_size,
            line_search_fn="strong_wolfe",
        )

    def current():
        with torch.no_grad():
            P = make_P(s)
            return P, float(criterion(P))

    opt = new_optimizer()
    iterations, offset, converged, rebases = 0, 0, False, 0
    last_restart_f = None
    while iterations < max_iter:
        want = min(chunk, max_iter - iterations)
        opt.param_groups[0]["max_iter"] = want
        opt.step(closure)
        done = offset + opt.state[s].get("n_iter", 0)
        step_iters, iterations = done - iterations, done
        _, fval = current()
        if gap_tol is not None and _relative_gap(fval, bound) <= gap_tol:
            converged = True
            break
        stalled = step_iters < want  # L-BFGS stopped on its own tolerances
        big = False
        if rebase_norm is not None:
            with torch.no_grad():
                big = float(torch.linalg.matrix_norm(make_Q(s), ord=2)) > rebase_norm
        if stalled and (gap_tol is None or not restart_on_stall):
            converged = gap_tol is None
            break
        if stalled and last_restart_f is not None and fval >= last_restart_f:
            break  # a restart from here made no progress
        if stalled or big:
            # re-centre the chart at the current P: P0 <- P, Q <- 0, fresh memory
            with torch.no_grad():
                base["P"] = make_P(s).detach().clone()
                s.zero_()
            offset, rebases = iterations, rebases + 1
            last_restart_f = fval if stalled else None
            opt = new_optimizer()
    P, fval = current()
    if dev.type == "cuda":
        torch.cuda.synchronize(dev)
    seconds = time.perf_counter() - t0
    return IterativeResult(
        P=P.detach().cpu().numpy(),
        objective=fval,
        iterations=iterations,
        evaluations=counter["evals"],
        seconds=seconds,
        device=str(dev),
        gap=None if bound is None else _relative_gap(fval, bound),
        bound=bound,
        converged=converged,
        rebases=rebases,
    )


# --------------------------------------------------------------------------
# probes and layer-level convenience
# --------------------------------------------------------------------------


@dataclass
class JacobianProbe:
    """Result of :func:`jacobian_probe`.

    Attributes
    ----------
    Z : ndarray, shape (n_k, N)
        ``J (X - x_bar)`` (plus ``f(x_bar)`` if ``include_offset``).
    J : ndarray, shape (n_k, d)
        Jacobian of ``forward_k`` at ``x_bar``.
    x_bar : ndarray, shape (d,)
    f_bar : ndarray, shape (n_k,)
        ``forward_k(x_bar)``.
    """

    Z: np.ndarray
    J: np.ndarray
    x_bar: np.ndarray
    f_bar: np.ndarray


def jacobian_probe(forward_k, X, include_offset=False, batched=False, dtype=None, device=None):
    """Linearised probe for layer ``k`` (Sule et al., eq. 10).

    Parameters
    ----------
    forward_k : callable
        Torch map ``x (d,) -> pre-activation of layer k (n_k,)``, or, with
        ``batched=True``, ``x (N, d) -> (N, n_k)``.
    X : array_like, shape (d, N)
        Probe data, one column per input.
    batched : bool
        ``forward_k`` only accepts batches; it is called on ``x_bar[None]``.
    include_offset : bool
        Add the constant ``f_k(x_bar)`` to every column, as in the full
        first-order expansion of eq. 10. The default drops it, giving
        ``Z = J (X - x_bar)`` as in the brief of the Jacobian descrambler.
    dtype, device : torch dtype / device, optional
        For ``x_bar``; default: those of the first parameter of
        ``forward_k`` if it is a ``torch.nn.Module``, else float64 / CPU.

    Returns
    -------
    JacobianProbe
    """
    X = np.asarray(X, dtype=float)
    if dtype is None or device is None:
        p = None
        if isinstance(forward_k, torch.nn.Module):
            p = next(iter(forward_k.parameters()), None)
        dtype = dtype or (p.dtype if p is not None else torch.float64)
        device = device or (p.device if p is not None else torch.device("cpu"))
    x_bar = X.mean(axis=1)  # (d,)
    xt = torch.as_tensor(x_bar, dtype=dtype, device=device)
    f = (lambda x: forward_k(x[None])[0]) if batched else forward_k
    J = torch.func.jacrev(f)(xt)  # (n_k, d)
    with torch.no_grad():
        f_bar = f(xt)
    J = J.detach().cpu().double().numpy().reshape(-1, X.shape[0])
    f_bar = f_bar.detach().cpu().double().numpy().reshape(-1)
    Z = J @ (X - x_bar[:, None])  # (n_k, N)
    if include_offset:
        Z = Z + f_bar[:, None]
    return JacobianProbe(Z=Z, J=J, x_bar=x_bar, f_bar=f_bar)


@dataclass
class LayerResult(ExactResult):
    """:class:`ExactResult` plus the descrambled layer.

    Attributes
    ----------
    descrambled_weight : ndarray, shape (n, d)
        ``P @ W``.
    descrambled_bias : ndarray, shape (n,) or None
        ``P @ b``.
    A, B : ndarray, shape (n, n)
        The criterion's Gram matrices.
    """

    descrambled_weight: np.ndarray | None = None
    descrambled_bias: np.ndarray | None = None
    A: np.ndarray | None = None
    B: np.ndarray | None = None


def descramble_layer(W, X, D, bias=None, normalise=True, so=False):
    """Exact smoothness descrambling of a linear layer.

    Parameters
    ----------
    W : array_like, shape (n, d)
        Weight matrix of the wiretapped layer.
    X : array_like, shape (d, N)
        Probe inputs to the layer.
    D : array_like, shape (m, n)
        Derivative operator on the layer dimension.
    bias : array_like, shape (n,), optional
        Included in the signals ``Z = W X + b``, as in the anchors' code.
    normalise : bool
        Anchors' normalisation of both Gram matrices.
    so : bool
        Return ``P`` in SO(n) (see :func:`exact`).

    Returns
    -------
    LayerResult
    """
    W = np.asarray(W, dtype=float)
    Z = W @ np.asarray(X, dtype=float)  # (n, N)
    if bias is not None:
        bias = np.asarray(bias, dtype=float)
        Z = Z + bias[:, None]
    A, B = smoothness_grams(D, Z, normalise=normalise)
    r = exact(A, B, so=so)
    return LayerResult(
        **vars(r),
        descrambled_weight=r.P @ W,
        descrambled_bias=None if bias is None else r.P @ bias,
        A=A,
        B=B,
    )
