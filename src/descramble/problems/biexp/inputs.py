"""Network inputs of the input-layer-regularisation (ILR) study."""

from __future__ import annotations

import numpy as np


def ilr_inputs(signal, arch, reg_curve=None):
    """Network inputs of the input-layer-regularisation study.

    Parameters
    ----------
    signal : ndarray, shape (N, m)
        Noisy decays (ND).
    arch : {"nd", "nd_nd", "nd_reg"}
        ``nd``: the noisy decay alone (m inputs); ``nd_nd``: it twice;
        ``nd_reg``: it followed by the Reg curve.
    reg_curve : ndarray, shape (N, m), optional
        Noise-free curves of the NLLS estimates (Reg); needed for nd_reg.

    Returns
    -------
    ndarray, shape (N, m) or (N, 2m), float32
    """
    if arch == "nd":
        x = signal
    elif arch == "nd_nd":
        x = np.concatenate([signal, signal], axis=1)
    elif arch == "nd_reg":
        if reg_curve is None:
            raise ValueError("arch nd_reg needs the NLLS Reg curves")
        x = np.concatenate([signal, reg_curve], axis=1)
    else:
        raise ValueError(f"unknown arch {arch!r}; use 'nd', 'nd_nd' or 'nd_reg'")
    return x.astype(np.float32)
