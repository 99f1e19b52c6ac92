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
    DEERNet. ``noise_max`` replaces 1 / snr in both forms (DEERNet's
    generator: ``random_noise=True, noise_max=0.05``) while the snr label
    still names the random streams, so a variant can carry DEERNet's noise
    inside a grid of one SNR. Each noisy trace is then min-max scaled to [0, 1]:
    signal = (noisy - offset) / scale with offset = min(noisy),
    scale = max(noisy) - min(noisy); ``clean`` is V under the same affine map
    (so it may leave [0, 1] slightly), and the noise in ``signal`` has
    standard deviation ``sigma_scaled = sigma / scale``.

Storage (``store``): ``"full"`` keeps every split's arrays. ``"compact"``
keeps the train split's per-trace draws (``params``: the peaks, depth,
background, noise level, offset and scale) and the state of its noise
stream (``noise_state``) but not its arrays; :func:`read_split` renders
them when a stage reads them. One million traces of 256 points then take
about 0.2 GB on disk instead of about 6 GB, and a reader holds only what it
asks for (float32 where it asks). Both stores render the traces in blocks of
:data:`BLOCK_ROWS` from the same draws, so a compact artefact's rendered
train split equals the full artefact's bytes for the same seed.

Seeding: each split draws from its own stream
``job_rng(seed, "deer", f"snr{snr:g}", split)``, so a (snr, seed) pair fixes
all arrays bit for bit, different SNRs give independent draws, and changing
one split's size leaves the other splits unchanged.
"""

from __future__ import annotations

import math

import h5py
import numpy as np

from ...rng import job_rng
from .background import stretched_exponential
from .kernel import DIPOLAR, grids, kernel
from .prior import draw_mixtures, mixture_density

SPLITS = ("train", "val", "test")
REGIMES = ("sule", "pnas")
STORES = ("full", "compact")
ARRAYS = ("signal", "clean", "p")  # the per-split arrays a compact train split renders
# Traces are rendered (kernel product, noise, scaling) this many rows at a time: it bounds the
# temporaries, and fixed blocks make any prefix of rows the same bytes as the whole split.
BLOCK_ROWS = 4096

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
    "noise_max": None,  # noise std as a fraction of lam (sule: of 1) in place of 1 / snr
    "store": "full",  # "compact": the train split keeps its draws, its arrays are rendered on read
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


def _state_words(rng):
    """The PCG64 state of ``rng`` as six uint64 words (state hi/lo, inc hi/lo, buffered uint32)."""
    st = rng.bit_generator.state
    if st["bit_generator"] != "PCG64":
        raise ValueError(f"noise streams are PCG64, got {st['bit_generator']}")
    mask = (1 << 64) - 1
    s, inc = st["state"]["state"], st["state"]["inc"]
    words = [s >> 64, s & mask, inc >> 64, inc & mask, st["has_uint32"], st["uinteger"]]
    return np.array(words, dtype=np.uint64)


def _stream(words):
    """A generator resumed from :func:`_state_words`."""
    w = [int(v) for v in np.asarray(words, dtype=np.uint64)]
    rng = np.random.Generator(np.random.PCG64())
    rng.bit_generator.state = {
        "bit_generator": "PCG64",
        "state": {"state": (w[0] << 64) | w[1], "inc": (w[2] << 64) | w[3]},
        "has_uint32": w[4],
        "uinteger": w[5],
    }
    return rng


def render(t, r, K, regime, params, noise_state, names=ARRAYS, rows=None, dtype=np.float64,
           scaling=True):  # fmt: skip
    """The arrays of a split from its draws: the kernel product, noise and scaling per block.

    Parameters
    ----------
    t, r : numpy.ndarray, shapes (n_t,), (n_r,)
    K : numpy.ndarray, shape (n_t, n_r)
    regime : {"sule", "pnas"}
    params : dict
        The split's ``params`` (uses the peaks, ``depth``, ``k``, ``d``, ``sigma``).
    noise_state : numpy.ndarray, shape (6,) uint64
        The noise stream's state after the draws (``noise_state`` of the split).
    names : sequence of str
        Which of :data:`ARRAYS` to return.
    rows : int, optional
        Only the first ``rows`` traces (the block that holds the last of them is
        computed whole, so they are the same bytes as the whole split's head;
        later blocks are not drawn).
    dtype : numpy dtype
        Of the returned arrays (computed in float64, cast per block).
    scaling : bool
        Compute the traces, their noise and scaling. False (only ``p`` asked
        for): the distributions alone, with no GEMM and no noise drawn, and
        ``offset``, ``scale`` NaN. ``p`` does not depend on the noise, so
        its bytes are the same.

    Returns
    -------
    dict
        ``{name: (rows, n_t or n_r) array}`` and ``"offset"``, ``"scale"``
        (rows,) float64: ``signal = (noisy - offset) / scale`` (pnas; 0 and 1
        in the sule regime).
    """
    bad = sorted(set(names) - set(ARRAYS))
    if bad:
        raise ValueError(f"cannot render {bad}: the arrays are {ARRAYS}")
    n = len(params["depth"])
    m = n if rows is None else min(int(rows), n)
    n_t = t.size
    width = {"signal": n_t, "clean": n_t, "p": r.size}
    out = {k: np.empty((m, width[k]), dtype=dtype) for k in names}
    if not scaling and set(names) - {"p"}:
        raise ValueError(f"scaling=False renders only p, not {sorted(set(names) - {'p'})}")
    offset, scale = np.zeros(m), np.ones(m)
    if not scaling:
        offset[:], scale[:] = np.nan, np.nan  # not computed: no traces were made
    rng = _stream(noise_state)
    lam_all, sigma_all = np.asarray(params["depth"]), np.asarray(params["sigma"])
    for a in range(0, m, BLOCK_ROWS):
        # Always the whole block, even past ``rows``: a GEMM's (and a SIMD loop's) bits depend
        # on how many rows it is given, so a prefix is the same bytes as the whole split's head
        # only if every block is computed as the whole split computes it.
        b = min(n, a + BLOCK_ROWS)
        keep = min(m, b) - a
        p = mixture_density(r, params, a, b)  # (rows, n_r)
        if not scaling:  # p does not depend on the traces or their noise
            if "p" in names:
                out["p"][a : a + keep] = p[:keep]
            continue
        form = p @ K.T  # (rows, n_t): K p per trace, one GEMM per block
        sigma = sigma_all[a:b]
        xi = rng.standard_normal((b - a, n_t))  # the stream continues from block to block
        if regime == "sule":
            clean = form
            signal = clean + sigma[:, None] * xi
        else:
            lam = lam_all[a:b]
            k, d = np.asarray(params["k"])[a:b], np.asarray(params["d"])[a:b]
            bg = stretched_exponential(t, k, d)  # (rows, n_t)
            raw = ((1.0 - lam)[:, None] + lam[:, None] * form) * bg  # (rows, n_t)
            noisy = raw + sigma[:, None] * xi
            lo = noisy.min(axis=1)  # (rows,)
            sc = noisy.max(axis=1) - lo
            # A flat trace cannot occur for lam > 0, but never divide by zero.
            sc = np.where(sc > 0, sc, 1.0)
            signal = (noisy - lo[:, None]) / sc[:, None]
            clean = (raw - lo[:, None]) / sc[:, None]
            offset[a : a + keep], scale[a : a + keep] = lo[:keep], sc[:keep]
        block = {"signal": signal, "clean": clean, "p": p}
        for k in names:
            out[k][a : a + keep] = block[k][:keep]
    out["offset"], out["scale"] = offset, scale
    return out


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
        k_max, d, n_gauss, width, random_noise, noise_max, store, n_train,
        n_val, n_test.

    Returns
    -------
    dict
        ``t`` (n_t,) us, ``r`` (n_r,) nm, ``kernel`` (n_t, n_r) and, per split
        in ``SPLITS``, a dict with ``signal`` (N, n_t) network input,
        ``clean`` (N, n_t) noise-free trace on the same scale, ``p`` (N, n_r)
        true distribution summing to 1 (these three not in a compact train
        split: see :func:`read_split`), ``noise_state`` (6,) uint64, and
        ``params``: arrays of length N ``depth``, ``k`` (1/us), ``d``,
        ``sigma`` (noise std before scaling), ``sigma_scaled`` (noise std in
        ``signal``), ``offset``, ``scale`` (``signal = (noisy - offset) /
        scale``), ``n_gauss`` and the peaks ``centre``, ``fwhm``,
        ``amplitude`` (N, n_gauss_max; NaN in unused slots). In the sule
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
    if cfg["store"] not in STORES:
        raise ValueError(f"store must be one of {STORES}, got {cfg['store']!r}")
    sigma0 = _noise_sigma(snr)
    if cfg["noise_max"] is not None:
        sigma0 = float(cfg["noise_max"])
        if not (math.isfinite(sigma0) and sigma0 >= 0):
            raise ValueError(f"noise_max must be a finite fraction >= 0 (or null: 1 / snr), "
                             f"got {cfg['noise_max']!r}")  # fmt: skip
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
        # Every per-trace draw first (the order fixes the stream), then the noise, block by block.
        par = draw_mixtures(r, n, rng, n_gauss=n_gauss, width=width)
        if regime == "sule":
            par.update(depth=np.ones(n), k=np.zeros(n), d=np.full(n, 3.0))
            par["sigma"] = np.full(n, sigma0)
        else:
            par["depth"] = lam = rng.uniform(*depth, size=n)  # (N,)
            par["k"] = rng.uniform(0.0, k_max, size=n)  # (N,) 1/us
            par["d"] = rng.uniform(*d_range, size=n)  # (N,)
            frac = rng.random(n) if cfg["random_noise"] else np.ones(n)
            par["sigma"] = lam * frac * sigma0  # (N,) noise std, unscaled units
        state = _state_words(rng)
        keep = () if (split == "train" and cfg["store"] == "compact") else ARRAYS
        arrays = render(t, r, K, regime, par, state, names=keep)
        par["offset"], par["scale"] = arrays.pop("offset"), arrays.pop("scale")
        par["sigma_scaled"] = par["sigma"] / par["scale"]
        out[split] = {**arrays, "params": par, "noise_state": state}
    return out


def split_is_compact(path, split):
    """Whether ``split`` of the artefact at ``path`` keeps only its draws (``store: compact``)."""
    with h5py.File(path, "r") as f:
        return split in f and "signal" not in f[split] and "noise_state" in f[split]


def read_split(path, split, names=ARRAYS, rows=None, dtype=np.float64):
    """Arrays of one split of a DEER data artefact, rendered if the split is compact.

    Parameters
    ----------
    path : str
        A ``synthesize_data`` / ``synthesize_deer_variant`` artefact.
    split : {"train", "val", "test"}
    names : sequence of str
        Which of :data:`ARRAYS` to return.
    rows : int, optional
        Only the first ``rows`` traces.
    dtype : numpy dtype

    Returns
    -------
    dict
        ``{name: (rows, n_t or n_r) array}``: the stored arrays, or those of
        :func:`render` from the stored draws (the same bytes).
    """
    from ...io import read_h5

    names = tuple(names)
    if not split_is_compact(path, split):
        d = read_h5(path, only=[f"{split}/{k}" for k in names], rows=rows)[split]
        return {k: np.asarray(d[k], dtype=dtype) for k in names}
    d = read_h5(path, only=["t", "r", "kernel", f"{split}/params", f"{split}/noise_state"])
    regime = d["_provenance"]["params"]["data"].get("regime", DEFAULTS["regime"])
    # p alone needs neither the traces nor their noise (about half a render at 1e6 traces)
    scaling = bool(set(names) & {"signal", "clean"})
    arrays = render(d["t"], d["r"], d["kernel"], regime, d[split]["params"],
                    d[split]["noise_state"], names, rows, dtype, scaling)  # fmt: skip
    return {k: arrays[k] for k in names}
