"""Synthetic DEER data sets: prior -> kernel (and background) -> noise, three splits.

Two regimes:

``"sule"`` (Sule et al.'s figures)
    signal = K p + sigma * xi with sigma = 1 / snr, xi standard normal; no
    modulation depth, background or rescaling, so ``clean == K @ p`` exactly
    and the trace is 1 at t = 0 before noise.
``"pnas"`` (the DEERNet generator of Amey et al. / Worswick et al.)
    V = [(1 - lam) + lam K p] * B(t) with modulation depth lam uniform on
    ``depth`` and the stretched-exponential background B of
    :mod:`.background` (k uniform on [0, k_max] 1/us, d uniform on ``d``);
    noisy = V + sigma * xi with sigma = lam / snr, i.e. the SNR is relative
    to the modulation depth, the quantity that carries the distance
    information (DEERNet's default "noise RMS up to 5 % of the modulation
    depth" is snr = 20 with ``random_noise=True``). With ``random_noise``
    sigma is instead lam * u / snr, u uniform on [0, 1) per trace, as in
    DEERNet. Each noisy trace is then min-max scaled to [0, 1]:
    signal = (noisy - offset) / scale with offset = min(noisy),
    scale = max(noisy) - min(noisy); ``clean`` is V under the same affine map
    (so it may leave [0, 1] slightly), and the noise in ``signal`` has
    standard deviation ``sigma_scaled = sigma / scale``.

Seeding: each split draws from its own stream
``job_rng(seed, "deer", f"snr{snr:g}", split)``, so a (snr, seed) pair fixes
all arrays bit for bit, different SNRs give independent draws, and changing
one split's size leaves the other splits unchanged.
"""

from __future__ import annotations

import math

import numpy as np

from ...rng import job_rng
from .background import stretched_exponential
from .kernel import DIPOLAR, grids, kernel
from .prior import gaussian_mixtures

SPLITS = ("train", "val", "test")
REGIMES = ("sule", "pnas")

# Generator settings; the config's DEER data section mirrors these keys.
DEFAULTS = {
    "regime": "pnas",  # "pnas" (DEERNet generator) or "sule" (K p + noise)
    "n_t": 256,  # time points, t = linspace(0, t_max, n_t)
    "t_max": 2.0,  # trace length, us
    "n_r": 256,  # distance points
    "r_min": None,  # nm; None: (4 * dipolar * dt)^(1/3), about 1.18 nm
    "r_max": None,  # nm; None: (2 * dipolar * t_max)^(1/3), about 5.93 nm
    "exponent": 3,  # power of r in the dipolar frequency (4: quartic variant)
    "dipolar": DIPOLAR,  # MHz nm^exponent
    "depth": (0.01, 1.0),  # modulation depth range (pnas)
    "k_max": 0.5,  # background rate upper bound, 1/us (= 5e5 1/s) (pnas)
    "d": (2.0, 3.5),  # background dimensionality range (pnas)
    "n_gauss": (1, 4),  # Gaussian peaks per distribution, inclusive
    "width": (0.025, 0.5),  # FWHM: fraction of centre .. fraction of r range
    "random_noise": False,  # pnas: sigma = lam * U[0, 1) / snr (DEERNet) if True
    "n_train": 1000,
    "n_val": 200,
    "n_test": 200,
}


def _pair(name, value, lo_bound, hi_bound=math.inf, strict_lo=True):
    """Validate a (lo, hi) range inside [lo_bound, hi_bound]; return floats."""
    try:
        lo, hi = (float(v) for v in value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a (lo, hi) pair of numbers, got {value!r}") from None
    low_ok = lo > lo_bound if strict_lo else lo >= lo_bound
    if not (low_ok and lo <= hi <= hi_bound):
        side = "<" if strict_lo else "<="
        raise ValueError(
            f"{name} must satisfy {lo_bound} {side} lo <= hi <= {hi_bound}, got {value!r}"
        )
    return lo, hi


def _count(name, value, minimum):
    if isinstance(value, bool) or int(value) != value or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def _noise_sigma(snr):
    """1 / snr, with snr = inf meaning noise-free."""
    snr = float(snr)
    if not snr > 0:  # also rejects NaN
        raise ValueError(f"snr must be positive (inf for noise-free), got {snr}")
    return 0.0 if math.isinf(snr) else 1.0 / snr


def unscale(signal, params):
    """Undo the pnas-regime min-max scaling: the trace as the spectrometer gave it.

    Parameters
    ----------
    signal : numpy.ndarray, shape (N, n_t)
        Network inputs from :func:`synthesize`.
    params : dict
        That split's ``params`` (uses ``offset`` and ``scale``, each (N,)).

    Returns
    -------
    numpy.ndarray, shape (N, n_t)
        ``signal * scale + offset`` (identity in the sule regime).
    """
    return signal * params["scale"][:, None] + params["offset"][:, None]


def synthesize(snr, seed, **params):
    """DEER data for one (snr, seed).

    Parameters
    ----------
    snr : float
        Signal-to-noise ratio (> 0, ``inf`` for noise-free). sule: noise std
        1 / snr on a trace that starts at 1; pnas: noise std lam / snr
        relative to the modulation depth lam, before min-max scaling.
    seed : int
    **params
        Any keys of :data:`DEFAULTS` (others raise ``TypeError``):
        regime, n_t, t_max, n_r, r_min, r_max, exponent, dipolar, depth,
        k_max, d, n_gauss, width, random_noise, n_train, n_val, n_test.

    Returns
    -------
    dict
        ``t`` (n_t,) us, ``r`` (n_r,) nm, ``kernel`` (n_t, n_r) and, per split
        in ``SPLITS``, a dict with ``signal`` (N, n_t) network input,
        ``clean`` (N, n_t) noise-free trace on the same scale, ``p`` (N, n_r)
        true distribution summing to 1, and ``params``: arrays of length N
        ``depth``, ``k`` (1/us), ``d``, ``sigma`` (noise std before scaling),
        ``sigma_scaled`` (noise std in ``signal``), ``offset``, ``scale``
        (``signal = (noisy - offset) / scale``) and ``n_gauss``. In the sule
        regime depth = 1, k = 0, d = 3, offset = 0 and scale = 1. All float
        arrays are float64.
    """
    unknown = sorted(set(params) - set(DEFAULTS))
    if unknown:
        raise TypeError(f"unknown DEER synthesis parameter(s): {unknown}")
    cfg = {**DEFAULTS, **params}

    regime = cfg["regime"]
    if regime not in REGIMES:
        raise ValueError(f"regime must be one of {REGIMES}, got {regime!r}")
    sigma0 = _noise_sigma(snr)
    n_t = _count("n_t", cfg["n_t"], 2)
    n_r = _count("n_r", cfg["n_r"], 2)
    t_max = float(cfg["t_max"])
    if not t_max > 0:
        raise ValueError(f"t_max must be positive (us), got {cfg['t_max']!r}")
    exponent, dipolar = float(cfg["exponent"]), float(cfg["dipolar"])
    if not (exponent > 0 and dipolar > 0):
        raise ValueError(f"exponent and dipolar must be positive, got {exponent}, {dipolar}")
    depth = _pair("depth", cfg["depth"], 0.0, 1.0)
    k_max = float(cfg["k_max"])
    if not k_max >= 0:
        raise ValueError(f"k_max must be >= 0 (1/us), got {cfg['k_max']!r}")
    d_range = _pair("d", cfg["d"], 0.0)
    n_gauss = tuple(_count("n_gauss", v, 1) for v in cfg["n_gauss"])
    if len(n_gauss) != 2 or n_gauss[0] > n_gauss[1]:
        raise ValueError(f"n_gauss must be an inclusive (lo, hi) range, got {cfg['n_gauss']!r}")
    width = _pair("width", cfg["width"], 0.0)
    sizes = {s: _count(f"n_{s}", cfg[f"n_{s}"], 0) for s in SPLITS}

    # The default distance range follows the physical (cubic, 52.04) law even
    # when exponent/dipolar are changed, so kernel variants share one grid.
    t, r = grids(n_t, t_max, n_r, cfg["r_min"], cfg["r_max"], dipolar=DIPOLAR)
    K = kernel(t, r, exponent=exponent, dipolar=dipolar)  # (n_t, n_r)

    out = {"t": t, "r": r, "kernel": K}
    for split in SPLITS:
        rng = job_rng(seed, "deer", f"snr{float(snr):g}", split)
        n = sizes[split]
        p, prior_params = gaussian_mixtures(r, n, rng, n_gauss=n_gauss, width=width)
        form = p @ K.T  # (N, n_t): K p per trace, one GEMM
        if regime == "sule":
            sigma = np.full(n, sigma0)
            clean = form
            signal = clean + sigma[:, None] * rng.standard_normal((n, n_t))
            par = {
                "depth": np.ones(n),
                "k": np.zeros(n),
                "d": np.full(n, 3.0),
                "sigma": sigma,
                "sigma_scaled": sigma.copy(),
                "offset": np.zeros(n),
                "scale": np.ones(n),
            }
        else:
            lam = rng.uniform(*depth, size=n)  # (N,)
            k = rng.uniform(0.0, k_max, size=n)  # (N,) 1/us
            d = rng.uniform(*d_range, size=n)  # (N,)
            frac = rng.random(n) if cfg["random_noise"] else np.ones(n)
            sigma = lam * frac * sigma0  # (N,) noise std, unscaled units
            raw = ((1.0 - lam)[:, None] + lam[:, None] * form) * stretched_exponential(t, k, d)
            noisy = raw + sigma[:, None] * rng.standard_normal((n, n_t))  # (N, n_t)
            offset = noisy.min(axis=1)  # (N,)
            scale = noisy.max(axis=1) - offset  # (N,)
            # A flat trace cannot occur for lam > 0, but never divide by zero.
            scale = np.where(scale > 0, scale, 1.0)
            signal = (noisy - offset[:, None]) / scale[:, None]
            clean = (raw - offset[:, None]) / scale[:, None]
            par = {
                "depth": lam,
                "k": k,
                "d": d,
                "sigma": sigma,
                "sigma_scaled": sigma / scale,
                "offset": offset,
                "scale": scale,
            }
        par["n_gauss"] = prior_params["n_gauss"]
        out[split] = {"signal": signal, "clean": clean, "p": p, "params": par}
    return out
