"""Measurement noise."""

from __future__ import annotations


def noise(clean, snr, rng):
    """Add white Gaussian noise of standard deviation ``1/snr``.

    SNR is the papers' sigma^-1 for a signal with S(0) = 1.

    Parameters
    ----------
    clean : ndarray, shape (N, m)
    snr : float
        Must be > 0.
    rng : numpy.random.Generator

    Returns
    -------
    ndarray, shape (N, m)
    """
    if not snr > 0:
        raise ValueError(f"snr must be > 0, got {snr}")
    return clean + rng.standard_normal(clean.shape) / snr
