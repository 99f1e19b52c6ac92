"""Benchmark: batched NLLS against per-curve scipy ``least_squares``, both timed in full.

Both solve the same problem, ``||G(p) - d||^2 + lam^2 ||p||^2`` with
``p = (T21, T22)`` in [50, 500], from the same starts (best objective wins),
on the same noisy biexponential decays. scipy uses method 'trf' with its
default tolerances and the analytic Jacobian, one curve at a time. Nothing is
extrapolated: scipy fits all ``N`` curves (default 10,000; fewer only with
``--quick``), and the batched fit is timed on those same curves. One core
against one core: the batched fit runs on ``--workers`` threads (default 1),
scipy on the calling thread; set ``OPENBLAS_NUM_THREADS=1`` (and friends) so
that neither uses a threaded BLAS.

The last line printed is ``ratio: X`` = scipy seconds / batched seconds (the
median of ``--repeat`` batched runs).

Usage::

    OPENBLAS_NUM_THREADS=1 python benchmarks/nlls.py            # N = 10,000
    OPENBLAS_NUM_THREADS=1 python benchmarks/nlls.py --quick --n 1000
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np
import scipy
from scipy.optimize import least_squares

# src/ first: this directory holds a sibling script named descramble.py,
# which would otherwise shadow the package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from descramble.problems.biexp.nlls import nlls  # noqa: E402
from descramble.problems.biexp.signals import biexp, biexp_jacobian  # noqa: E402

N_MIN = 10_000  # fewest curves for a reportable ratio
SAME = 1e-6  # |f_batched - f_scipy| / f_scipy at or below: the same optimum
THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


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
    ap.add_argument("--n", type=int, default=N_MIN, help="curves, fitted by both")
    ap.add_argument(
        "--quick", action="store_true", help=f"allow --n below {N_MIN:,} (not a reportable ratio)"
    )
    ap.add_argument("--snr", type=float, default=30.0, help="1/sigma, S(0) = 1")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--workers", type=int, default=1, help="threads for the batched fit (1: one core vs one)"
    )
    ap.add_argument("--repeat", type=int, default=3, help="batched runs; the median is used")
    args = ap.parse_args(argv)
    if args.n < N_MIN and not args.quick:
        ap.error(f"--n {args.n} < {N_MIN:,}: pass --quick for a smaller, unreportable run")
    if args.n < 1 or args.repeat < 1:
        ap.error("--n and --repeat must be positive")

    c, lam, bounds = (0.6, 0.4), 1.6e-4, (50.0, 500.0)
    starts = ((275.0, 275.0), (100.0, 400.0))
    t = np.linspace(0.0, 800.0, 64)
    rng = np.random.default_rng(args.seed)
    T = np.sort(rng.uniform(75.0, 475.0, size=(args.n, 2)), axis=1)
    d = biexp(t, T, c) + rng.normal(0.0, 1.0 / args.snr, size=(args.n, t.size))

    threads = ", ".join(f"{k}={os.environ.get(k, 'unset')}" for k in THREAD_VARS)
    print(f"cpu: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; {threads}")
    print(
        f"numpy {np.__version__}, scipy {scipy.__version__}; N={args.n}, SNR={args.snr:g}, "
        f"starts={starts}, lam={lam:g}, bounds={bounds}"
    )
    print(
        f"one core vs one core: batched on {args.workers} thread(s), scipy one curve at a "
        f"time on one thread; both fit all {args.n} curves, nothing extrapolated"
        + ("" if args.n >= N_MIN else f" (--quick: N < {N_MIN:,}, not a reportable ratio)")
    )
    if os.environ.get("OPENBLAS_NUM_THREADS") != "1":
        print("warning: OPENBLAS_NUM_THREADS is not 1; scipy may use several cores")

    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        res = nlls(t, d, c=c, lam=lam, bounds=bounds, starts=starts, workers=args.workers)
        times.append(time.perf_counter() - t0)
    t_batch = float(np.median(times))
    print(
        f"batched: {t_batch:.3f} s for {args.n} curves x {len(starts)} starts (median of "
        f"{args.repeat}: {', '.join(f'{x:.3f}' for x in times)} s; workers={args.workers}), "
        f"{1e6 * t_batch / args.n:.1f} us/curve, mean iterations {res.iterations.mean():.1f}, "
        f"converged {100 * res.converged.mean():.2f}%"
    )

    t0 = time.perf_counter()
    ref = [scipy_fit(t, di, starts, c, lam, bounds) for di in d]
    t_sc = time.perf_counter() - t0
    print(
        f"scipy least_squares trf (default tolerances, analytic jac): {t_sc:.2f} s for "
        f"{args.n} curves x {len(starts)} starts, {1e3 * t_sc / args.n:.2f} ms/curve (measured)"
    )

    p_ref = np.array([r[0] for r in ref])
    f_ref = np.array([r[1] for r in ref])
    f_b, p_b = res.objective, res.params
    rel_f = (f_b - f_ref) / f_ref  # > 0: scipy found the lower objective
    same = np.abs(rel_f) <= SAME
    rel_p = np.abs(p_b - p_ref) / p_ref
    print(
        f"agreement on all {args.n} curves: same optimum (|df|/f <= {SAME:g}) "
        f"{100 * same.mean():.2f}% ({same.sum()}), max rel param diff there "
        f"{rel_p[same].max() if same.any() else float('nan'):.2e}; "
        f"batched lower {100 * np.mean(rel_f < -SAME):.2f}% ({np.sum(rel_f < -SAME)}), "
        f"scipy lower {100 * np.mean(rel_f > SAME):.2f}% ({np.sum(rel_f > SAME)}); "
        f"max rel objective excess of batched {max(rel_f.max(), 0.0):.2e}, "
        f"of scipy {max(-rel_f.min(), 0.0):.2e}"
    )
    for i in np.flatnonzero(~same)[np.argsort(-np.abs(rel_f[~same]))][:5]:
        print(
            f"  curve {i}: truth {T[i].round(1)}, batched {p_b[i].round(2)} f={f_b[i]:.6g} "
            f"(start {res.start_index[i]}, {res.iterations[i]} it), scipy {p_ref[i].round(2)} "
            f"f={f_ref[i]:.6g}"
        )
    err_b = np.abs(p_b - T) / T
    err_s = np.abs(p_ref - T) / T
    print(
        f"mean rel error vs truth (T21, T22): batched {err_b.mean(0).round(4)}, "
        f"scipy {err_s.mean(0).round(4)}"
    )
    print(f"ratio: {t_sc / t_batch:.1f}")


if __name__ == "__main__":
    main()
