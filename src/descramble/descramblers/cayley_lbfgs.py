"""Iterative descrambler: Cayley parameterisation + L-BFGS (the anchors' method)."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import torch

from .closed_form import _relative_gap, von_neumann_bound

__all__ = [
    "IterativeResult",
    "L1Criterion",
    "QuadraticCriterion",
    "cayley",
    "iterative",
    "l1_criterion",
    "smoothness_criterion",
]


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
