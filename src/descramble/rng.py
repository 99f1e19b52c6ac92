"""Seeded random generators, one per job: never global RNG state."""

from __future__ import annotations

import zlib

import numpy as np


def job_rng(seed, *keys):
    """A generator derived from the config seed and the job's wildcards.

    Parameters
    ----------
    seed : int
    *keys : str
        Strings naming the job (stage, problem, snr...); hashed with CRC32 so
        the stream is stable across Python runs (unlike ``hash``).

    Returns
    -------
    numpy.random.Generator
    """
    words = [int(seed)] + [zlib.crc32(str(k).encode()) for k in keys]
    return np.random.default_rng(np.random.SeedSequence(words))
