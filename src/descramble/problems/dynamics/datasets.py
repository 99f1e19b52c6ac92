"""Class images of the linear-dynamics track: one image per class, one-hot labels.

``pure_cosines``
    Pinson et al. eq. 21: class i is ``amp_i cos(2 pi (k_i r + l_i c) / n)``
    with one frequency pair ``(k_i, l_i)`` per class; with distinct frequency
    pairs (no pair the negative of another) the classes are orthogonal, so the
    modes of the input-output correlation are decoupled.
``sums_of_cosines``
    Pinson SI E: class i is a sum of cosines over its own frequency set
    (sets disjoint between classes), each with its own amplitude.
``reordered_cosines``
    Pure cosines (the same construction) whose amplitudes are chosen so that
    the order of the singular values ``s`` differs from that of ``s gamma``:
    a constant class (``gamma = 1``) next to a stronger cosine class
    (``gamma = 1/sqrt(2)``, amplitude between ``sqrt(2)`` and 2 times the
    constant's). The FCNN learns by ``s``, Pinson's CNN by ``s gamma``: the one
    dataset on which the theory says the two nets learn in different orders.
``shapes``
    Geometric shapes in the spirit of Pinson Fig. 2 (square, disk, triangle,
    cross; drawn here, not the paper's bitmaps): modes share frequencies.

Images are ``n x n`` and vectorised row by row (the paper's vec-2D order).
"""

from __future__ import annotations

import numpy as np

KINDS = ("pure_cosines", "reordered_cosines", "sums_of_cosines", "shapes")
SHAPES = ("square", "disk", "triangle", "cross")


def _cosine(n, k, l, amp):
    r, c = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    return amp * np.cos(2 * np.pi * (k * r + l * c) / n)  # (n, n)


def _conjugate(n, k, l):
    return ((-k) % n, (-l) % n)


def _check_frequencies(n, sets):
    seen = set()
    for fs in sets:
        for k, l in fs:
            f = (k % n, l % n)
            if f in seen or _conjugate(n, *f) in seen:
                raise ValueError(
                    f"config key dynamics.datasets: frequency pair {(k, l)} (or its conjugate "
                    f"{_conjugate(n, *f)}) appears twice; modes are decoupled only when every "
                    "pair belongs to one cosine of one class"
                )
            seen.add(f)


def _shape(name, n):
    r, c = np.meshgrid(np.arange(n) + 0.5, np.arange(n) + 0.5, indexing="ij")
    m, h = n / 2, n / 4  # centre, half size
    if name == "square":
        return ((abs(r - m) < h) & (abs(c - m) < h)).astype(float)
    if name == "disk":
        return ((r - m) ** 2 + (c - m) ** 2 < (1.2 * h) ** 2).astype(float)
    if name == "triangle":  # apex up, base at the bottom
        return ((r > m - h) & (r < m + h) & (abs(c - m) < (r - (m - h)) / 2 + 0.5)).astype(float)
    if name == "cross":
        w = max(n / 12, 0.5)
        bar = lambda a, b: (abs(a - m) < w) & (abs(b - m) < 1.3 * h)  # noqa: E731
        return (bar(r, c) | bar(c, r)).astype(float)
    raise ValueError(f"unknown shape {name!r}; known: {', '.join(SHAPES)}")


def make_dataset(kind, params):
    """Class images and one-hot labels of a dataset.

    Parameters
    ----------
    kind : {"pure_cosines", "reordered_cosines", "sums_of_cosines", "shapes"}
    params : dict
        ``size`` (n). pure_cosines and reordered_cosines: ``freqs`` (list of [k, l], one per class),
        ``amps`` (one per class). sums_of_cosines: ``freqs`` (per class a list
        of [k, l]), ``amps`` (per class a list). shapes: ``shapes`` (names from
        :data:`SHAPES`), ``amp`` (pixel value inside a shape), ``background``
        (pixel value outside, default 0).

    Returns
    -------
    dict
        ``images`` (p, n, n), ``X`` (p, n*n) the vectorised images,
        ``Y`` (p, p) one-hot labels, ``size`` n.

    Raises
    ------
    ValueError
        On an unknown kind, mismatched lengths, or frequencies shared between
        cosines (which would couple the modes).
    """
    n = int(params["size"])
    if kind in ("pure_cosines", "reordered_cosines"):
        freqs, amps = params["freqs"], params["amps"]
        if len(freqs) != len(amps):
            raise ValueError(f"config key dynamics.datasets.{kind}: one amp per freq pair")
        _check_frequencies(n, [[f] for f in freqs])
        images = np.stack([_cosine(n, k, l, a) for (k, l), a in zip(freqs, amps, strict=True)])
    elif kind == "sums_of_cosines":
        freqs, amps = params["freqs"], params["amps"]
        if len(freqs) != len(amps) or any(
            len(f) != len(a) for f, a in zip(freqs, amps, strict=True)
        ):
            raise ValueError(
                "config key dynamics.datasets.sums_of_cosines: amps must match freqs class by class"
            )
        _check_frequencies(n, freqs)
        images = np.stack(
            [
                sum(_cosine(n, k, l, a) for (k, l), a in zip(fs, am, strict=True))
                for fs, am in zip(freqs, amps, strict=True)
            ]
        )
    elif kind == "shapes":
        bg = params.get("background", 0.0)
        images = np.stack([bg + (params["amp"] - bg) * _shape(s, n) for s in params["shapes"]])
    else:
        raise ValueError(f"unknown dataset kind {kind!r}; known: {', '.join(KINDS)}")
    p = len(images)  # (p, n, n)
    return {"images": images, "X": images.reshape(p, n * n), "Y": np.eye(p), "size": n}
