"""Jacobian-linearised probe of a layer (Sule et al., eq. 10)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

__all__ = ["JacobianProbe", "jacobian_probe"]


@dataclass
class JacobianProbe:
    """Result of :func:`jacobian_probe`.

    Attributes
    ----------
    Z : ndarray, shape (n_k, N)
        ``J (X - x_bar)`` (plus ``f(x_bar)`` if ``include_offset``).
    J : ndarray, shape (n_k, d)
        Jacobian of ``forward_k`` at ``x_bar``.
    x_bar : ndarray, shape (d,)
    f_bar : ndarray, shape (n_k,)
        ``forward_k(x_bar)``.
    """

    Z: np.ndarray
    J: np.ndarray
    x_bar: np.ndarray
    f_bar: np.ndarray


def jacobian_probe(forward_k, X, include_offset=False, batched=False, dtype=None, device=None):
    """Linearised probe for layer ``k`` (Sule et al., eq. 10).

    Parameters
    ----------
    forward_k : callable
        Torch map ``x (d,) -> pre-activation of layer k (n_k,)``, or, with
        ``batched=True``, ``x (N, d) -> (N, n_k)``.
    X : array_like, shape (d, N)
        Probe data, one column per input.
    batched : bool
        ``forward_k`` only accepts batches; it is called on ``x_bar[None]``.
    include_offset : bool
        Add the constant ``f_k(x_bar)`` to every column, as in the full
        first-order expansion of eq. 10. The default drops it, giving
        ``Z = J (X - x_bar)`` as in the brief of the Jacobian descrambler.
    dtype, device : torch dtype / device, optional
        For ``x_bar``; default: those of the first parameter of
        ``forward_k`` if it is a ``torch.nn.Module``, else float64 / CPU.

    Returns
    -------
    JacobianProbe
    """
    X = np.asarray(X, dtype=float)
    if dtype is None or device is None:
        p = None
        if isinstance(forward_k, torch.nn.Module):
            p = next(iter(forward_k.parameters()), None)
        dtype = dtype or (p.dtype if p is not None else torch.float64)
        device = device or (p.device if p is not None else torch.device("cpu"))
    x_bar = X.mean(axis=1)  # (d,)
    xt = torch.as_tensor(x_bar, dtype=dtype, device=device)
    f = (lambda x: forward_k(x[None])[0]) if batched else forward_k
    J = torch.func.jacrev(f)(xt)  # (n_k, d)
    with torch.no_grad():
        f_bar = f(xt)
    J = J.detach().cpu().double().numpy().reshape(-1, X.shape[0])
    f_bar = f_bar.detach().cpu().double().numpy().reshape(-1)
    Z = J @ (X - x_bar[:, None])  # (n_k, N)
    if include_offset:
        Z = Z + f_bar[:, None]
    return JacobianProbe(Z=Z, J=J, x_bar=x_bar, f_bar=f_bar)
