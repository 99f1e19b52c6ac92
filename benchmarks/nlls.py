"""Benchmark: batched NLLS against per-curve scipy ``least_squares``.

Both solve the same problem, ``||G(p) - d||^2 + lam^2 ||p||^2`` with
``p = (T21, T22)`` in [50, 500], from the same starts (best objective wins),
on noisy biexponential decays. scipy uses method 'trf' with its default
tolerances and the analytic Jacobian, one curve at a time, on a subset; its
time is extrapolated linearly to all curves. The last line printed is
``ratio: X`` = (scipy seconds per curve * N) / batched seconds.

Usage::

    python benchmarks/nlls.py --n 10000 --n-scipy 1000
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np
from scipy.optimize import least_squares

# src/ first: this directory holds a sibling script named descramble.py,
# which would otherwise shadow the package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from descramble.problems.biexp.nlls import nlls  # noqa: E402
from descramble.problems.biexp.signals import biexp, biexp_jacobian  # noqa: E402


def scipy_fit(t, d, starts, c, lam, bounds):
    """Best-of-starts per-curve reference, shape (m,) -> (p (2,), objective)."""
    eye = lam * np.eye(2)

    def fun(p):
        return np.concatenate([biexp(t, p, c) - d, lam * p])

    def jac(p):
        return np.vstack([biexp_jacobian(t, p, c), eye])

    best = None
    for x0 in starts:
        sol = least_squares(fun, np.asarray(x0, float), jac=jac, bounds=bounds, method="trf")
        f = float(sol.fun @ sol.fun)
        if best is None or f < best[1]:
            best = (sol.x, f)
    return best


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10000, help="curves for the batched fit")
    ap.add_argument("--n-scipy", type=int, default=1000, help="curves timed with scipy")
    ap.add_argument("--snr", type=float, default=30.0, help="1/sigma, S(0) = 1")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workers", type=int, default=1, help="threads for the batched fit")
    ap.add_argument("--repeat", type=int, default=3, help="batched timing: best of")
    args = ap.parse_args(argv)

    c, lam, bounds = (0.6, 0.4), 1.6e-4, (50.0, 500.0)
    starts = ((275.0, 275.0), (100.0, 400.0))
    t = np.linspace(0.0, 800.0, 64)
    rng = np.random.default_rng(args.seed)
    T = np.sort(rng.uniform(75.0, 475.0, size=(args.n, 2)), axis=1)
    d = biexp(t, T, c) + rng.normal(0.0, 1.0 / args.snr, size=(args.n, t.size))

    print(f"cpu: {platform.processor() or platform.machine()}, {os.cpu_count()} cores")
    print(
        f"numpy {np.__version__}; N={args.n}, SNR={args.snr:g}, starts={starts}, "
        f"lam={lam:g}, bounds={bounds}"
    )

    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        res = nlls(t, d, c=c, lam=lam, bounds=bounds, starts=starts, workers=args.workers)
        times.append(time.perf_counter() - t0)
    t_batch = min(times)
    print(
        f"batched: {t_batch:.3f} s for {args.n} curves x {len(starts)} starts "
        f"(best of {args.repeat}, workers={args.workers}), "
        f"{1e6 * t_batch / args.n:.1f} us/curve, mean iterations "
        f"{res.iterations.mean():.1f}, converged {100 * res.converged.mean():.2f}%"
    )

    ns = min(args.n_scipy, args.n)
    t0 = time.perf_counter()
    ref = [scipy_fit(t, di, starts, c, lam, bounds) for di in d[:ns]]
    t_sc = time.perf_counter() - t0
    per_curve = t_sc / ns
    t_sc_all = per_curve * args.n
    print(
        f"scipy least_squares trf (default tolerances, analytic jac): {t_sc:.2f} s for "
        f"{ns} curves, {1e3 * per_curve:.2f} ms/curve -> {t_sc_all:.1f} s for "
        f"{args.n} curves (extrapolated linearly from {ns})"
    )

    p_ref = np.array([r[0] for r in ref])
    f_ref = np.array([r[1] for r in ref])
    f_b, p_b = res.objective[:ns], res.params[:ns]
    rel_f = (f_b - f_ref) / f_ref
    same = np.abs(rel_f) <= 1e-6
    rel_p = np.abs(p_b - p_ref) / p_ref
    print(
        f"agreement on {ns} curves: same optimum (|df|/f <= 1e-6) {100 * same.mean():.1f}%, "
        f"max rel param diff there {rel_p[same].max() if same.any() else float('nan'):.2e}; "
        f"batched lower {100 * np.mean(rel_f < -1e-6):.1f}%, "
        f"scipy lower {100 * np.mean(rel_f > 1e-6):.1f}%, max rel objective excess "
        f"{max(rel_f.max(), 0.0):.2e}"
    )
    err_b = np.abs(p_b - T[:ns]) / T[:ns]
    err_s = np.abs(p_ref - T[:ns]) / T[:ns]
    print(
        f"mean rel error vs truth (T21, T22): batched {err_b.mean(0).round(4)}, "
        f"scipy {err_s.mean(0).round(4)}"
    )
    print(f"ratio: {t_sc_all / t_batch:.1f}")


if __name__ == "__main__":
    main()
