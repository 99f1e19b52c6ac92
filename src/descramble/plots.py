"""Figures shared by every problem. They read artefacts only and never recompute science."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import matplotlib

# files only, never a window: a job on a cluster node has no display. Plot modules import
# ``plt`` from here so that the backend is chosen before pyplot loads.
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

DPI = 150  # one resolution for every figure (screen, report and docs alike)


def save(fig, path):
    """Write ``fig`` to ``path`` as PNG at :data:`DPI` (parent folders made) and close it.

    Written under a temporary name beside ``path`` and renamed when complete, so a job that
    fails while drawing leaves no half-written figure; the figure is closed either way.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    path : str or Path
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.stem}.tmp{os.getpid()}.png")
    try:
        fig.savefig(tmp, dpi=DPI, format="png")
        os.replace(tmp, path)
    finally:
        plt.close(fig)
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def training_curves(histories, path, ylabel="training loss (MSE)"):
    """Loss per epoch (training solid, validation dashed), one colour per network.

    Parameters
    ----------
    histories : list of dict
        ``label``, ``train_loss`` (E,), ``val_loss`` (E,).
    path : str
    ylabel : str
        What the loss is, with units (the problem knows).
    """
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for i, h in enumerate(histories):
        col = f"C{i % 10}"
        ep = np.arange(1, len(h["train_loss"]) + 1)
        ax.semilogy(ep, h["train_loss"], "-", color=col, label=h["label"])
        ax.semilogy(ep, h["val_loss"], "--", color=col)
    ax.set_xlabel("epoch")
    ax.set_ylabel(ylabel)
    ax.set_title("Training (solid) and validation (dashed) loss")
    ax.legend(fontsize=7, ncol=2)
    fig.tight_layout()
    save(fig, path)
