"""Wiring for rule scripts: logging to the rule's log file, thread limits."""

from __future__ import annotations

import contextlib
import logging
import os
import sys


@contextlib.contextmanager
def runtime(smk, name):
    """Set up a rule job and log its outcome.

    Logs go to ``smk.log[0]`` (and stderr); torch and BLAS get
    ``smk.threads`` threads; an exception is logged with its message
    before it propagates, so the rule's log says why the job failed.

    Parameters
    ----------
    smk : snakemake.script.Snakemake
        The ``snakemake`` object of a rule script.
    name : str
        Logger name, usually the rule name.

    Yields
    ------
    logging.Logger
    """
    threads = str(getattr(smk, "threads", 1))
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[var] = threads
    # torch reads OMP_NUM_THREADS when it is first imported; a job that has already imported it
    # is told directly. Importing it here (3-4 s) would tax every job that never uses it.
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(int(threads))
    logger = logging.getLogger(f"descramble.{name}")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    fmt = logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s")
    handlers = [logging.StreamHandler(sys.stderr)]
    if len(smk.log):
        handlers.append(logging.FileHandler(smk.log[0], mode="w"))
    for h in handlers:
        h.setFormatter(fmt)
        logger.addHandler(h)
    for sub in ("descramble.train",):
        lg = logging.getLogger(sub)
        lg.setLevel(logging.INFO)
        for h in handlers:
            lg.addHandler(h)
    logger.info("start: wildcards %s, threads %s", dict(smk.wildcards), threads)
    try:
        yield logger
    except BaseException as exc:
        logger.error("FAILED: %s: %s", type(exc).__name__, exc)
        raise
    logger.info("done: %s", ", ".join(map(str, smk.output)))
    for h in handlers:
        h.close()
