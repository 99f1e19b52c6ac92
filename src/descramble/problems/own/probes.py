"""Probe signals for an imported network: .h5/.hdf5, .npy, .csv and .mat files.

A probe is a matrix of network inputs, one signal per row. MATLAB stores
arrays column-major and users often keep one signal per column, so a
``(d, N)`` array is transposed when only that reading fits the network's
input width ``d``; :func:`orient` says when it did.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from descramble.rng import job_rng

from .chain import OwnInputError

PROBE_FORMATS = ("hdf5", "npy", "csv", "mat")
RESERVED = ("noise",)


def probe_format(path):
    """``hdf5``, ``npy``, ``mat`` (v4-v7; v7.3 files are HDF5) or ``csv``, from the content."""
    path = Path(path)
    if not path.is_file():
        raise OwnInputError(f"probe file {path} does not exist")
    with open(path, "rb") as f:
        head = f.read(520)
    if head.startswith(b"\x89HDF") or head[512:516] == b"\x89HDF":
        return "hdf5"
    if head.startswith(b"\x93NUMPY"):
        return "npy"
    if head.startswith(b"MATLAB") or path.suffix.lower() == ".mat":
        return "mat"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        raise OwnInputError(
            f"probe file {path} is neither HDF5, .npy, .mat nor text (starts {head[:8]!r})"
        ) from None
    return "csv"


def _pick(names, key, path, what):
    if key is not None:
        if key not in names:
            raise OwnInputError(f"probe file {path} has no {what} {key!r} (it has {names})")
        return key
    if len(names) != 1:
        raise OwnInputError(f"probe file {path} holds {len(names)} {what}s {names}; give `key`")
    return names[0]


def read_probe(path, key=None):
    """The probe array as stored, float64 (2-D after dropping singleton axes).

    Parameters
    ----------
    path : str or Path
    key : str, optional
        Dataset path (HDF5, including MATLAB v7.3) or variable name (.mat);
        needed when the file holds more than one array.

    Returns
    -------
    ndarray, shape (rows, cols)
    fmt : str
    """
    fmt = probe_format(path)
    if fmt == "hdf5":
        import h5py

        with h5py.File(path, "r") as f:
            names = []
            f.visititems(lambda n, o: names.append(n) if isinstance(o, h5py.Dataset) else None)
            names = [n for n in names if f[n].ndim >= 1 and f[n].dtype.kind in "fiu"]
            A = f[_pick(names, key, path, "dataset")][()]
    elif fmt == "npy":
        A = np.load(path, allow_pickle=False)
    elif fmt == "mat":
        import scipy.io

        try:
            m = scipy.io.loadmat(path)
        except (ValueError, NotImplementedError) as exc:
            raise OwnInputError(f"probe file {path} is no readable .mat file: {exc}") from None
        names = sorted(k for k in m if not k.startswith("__"))
        A = m[_pick(names, key, path, "variable")]
    else:
        try:
            A = np.loadtxt(path, delimiter=",", ndmin=2)
        except ValueError:
            try:
                A = np.loadtxt(path, delimiter=",", ndmin=2, skiprows=1)  # a header row
            except ValueError as exc:
                raise OwnInputError(f"probe file {path} is no numeric CSV: {exc}") from None
    A = np.asarray(A)
    if A.dtype.kind not in "fiub":
        raise OwnInputError(f"probe file {path}: array of {A.dtype} is not numeric")
    A = np.asarray(A, dtype=np.float64)
    if A.ndim > 2:
        A = A.reshape(A.shape[0], -1) if A.shape[0] > 1 else np.squeeze(A)
    if A.ndim != 2:
        raise OwnInputError(f"probe file {path}: need a 2-D array of signals, got shape {A.shape}")
    return A, fmt


def orient(A, width, name):
    """``A`` as (N, width): transposed when only the (d, N) reading fits.

    Returns
    -------
    X : ndarray, shape (N, width)
    transposed : bool

    Raises
    ------
    OwnInputError
        When neither reading fits ("has 200 columns; the network takes 256").
    """
    r, c = A.shape
    if c == width:
        return A, False
    if r == width:
        return A.T, True
    raise OwnInputError(
        f"probe {name!r} has {c} columns; the network takes {width} (and {r} rows, so it is not "
        "one signal per column either)"
    )


def check_values(X, name):
    """Refuse NaN or infinite probe values, naming where the first one is."""
    bad = ~np.isfinite(X)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise OwnInputError(
            f"probe {name!r} holds {int(bad.sum())} NaN or infinite values (first at row {i}, "
            f"column {j}); clean or drop those signals"
        )


def load_probe(path, width, key=None, name=None):
    """Read, orient and check a probe for a network of input width ``width``.

    Returns
    -------
    X : ndarray, shape (N, width), float64
    info : dict
        ``format``, ``transposed``, ``stored_shape``.
    """
    name = name or Path(path).stem
    A, fmt = read_probe(path, key)
    X, transposed = orient(A, int(width), name)
    check_values(X, name)
    return X, {"format": fmt, "transposed": transposed, "stored_shape": list(A.shape)}


def noise_probe(n, d, seed):
    """``n`` standard-normal inputs of width ``d`` (the ``noise`` probe), seeded."""
    return job_rng(int(seed), "own-probe", "noise").standard_normal((int(n), int(d)))
