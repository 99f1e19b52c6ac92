"""Resumable training state: saved atomically every few epochs, resumed only by the same settings.

A checkpoint holds everything the next epoch depends on (weights, Adam's
state, the shuffling generator, the learning-rate schedule, the history and
the best epoch so far), so a resumed run gives the same weights as an
uninterrupted one (tests/test_train.py checks).
"""

from __future__ import annotations

import os
from pathlib import Path

import torch


def save_checkpoint(path, *, settings, epoch, model, opt, generator, sched, history, best):
    """Write the training state after ``epoch`` to ``path`` (via a temporary file and a rename).

    Parameters
    ----------
    path : str or Path
    settings : dict
        What made the run (sizes, lr, seed, ...); a resume must match it.
    epoch : int
        Epochs done.
    model : torch.nn.Module
    opt : torch.optim.Optimizer
    generator : torch.Generator
        The shuffling generator.
    sched : torch.optim.lr_scheduler.LRScheduler or None
    history : dict
        ``train_loss`` and ``val_loss`` lists so far.
    best : tuple
        (val loss, state dict, epoch) of the best epoch so far.
    """
    tmp = Path(str(path) + ".tmp")
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    torch.save(
        {
            "settings": settings,
            "epoch": epoch,
            "model": model.state_dict(),
            "opt": opt.state_dict(),
            "generator": generator.get_state(),
            "sched": sched.state_dict() if sched is not None else None,
            "history": history,
            "best": best,
        },
        tmp,
    )
    os.replace(tmp, path)  # a killed job leaves the previous checkpoint, never half of one


def load_checkpoint(path, *, settings, epochs, model, opt, generator, sched, device, logger):
    """Restore the state saved at ``path`` into the given objects, if it was made by ``settings``.

    Parameters
    ----------
    path : str or Path
        May not exist (nothing to resume).
    settings : dict
        This run's settings; a checkpoint made by others is ignored.
    epochs : int
        This run's epochs; a checkpoint from beyond them is ignored.
    model, opt, generator, sched
        As for :func:`save_checkpoint`; loaded in place.
    device : torch.device
        Where the tensors go.
    logger : logging.Logger

    Returns
    -------
    tuple or None
        ``(history, best, epoch)`` to continue from, or None to start fresh.
    """
    if not Path(path).exists():
        return None
    state = torch.load(path, map_location=device, weights_only=False)
    if state.get("settings") != settings or state["epoch"] > epochs:
        logger.info("ignoring checkpoint %s: made by other settings", path)
        return None
    model.load_state_dict(state["model"])
    opt.load_state_dict(state["opt"])
    generator.set_state(state["generator"])
    if sched is not None:
        sched.load_state_dict(state["sched"])
    logger.info("resumed from checkpoint %s at epoch %d", path, state["epoch"])
    return state["history"], tuple(state["best"][:3]), state["epoch"]
