"""Wiring for rule scripts: logging to the rule's log file, thread limits that take effect."""

from __future__ import annotations

import contextlib
import logging
import os
import sys

from threadpoolctl import threadpool_limits

THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


def limit_threads(n):
    """Give every BLAS/OpenMP thread pool and torch ``n`` threads, loaded yet or not.

    A rule script has imported numpy (and with it OpenBLAS) before it reaches
    :func:`runtime`, and a BLAS library reads ``OPENBLAS_NUM_THREADS`` once,
    when it is loaded: setting the variable then changes nothing. So the pools
    already loaded are resized in place through ``threadpoolctl``, torch is
    told directly if it is loaded, and the variables are set for the
    libraries a job loads later (torch's OpenMP reads ``OMP_NUM_THREADS``).

    Parameters
    ----------
    n : int
        Threads for the job (a rule's ``threads:``).
    """
    n = int(n)
    for var in THREAD_VARIABLES:
        os.environ[var] = str(n)
    threadpool_limits(limits=n)  # kept for the whole job: the object is not used to restore
    # importing torch here (3-4 s) would tax every job that never uses it
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(n)


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
    threads = int(getattr(smk, "threads", 1))
    limit_threads(threads)
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
