"""descramble: open up neural networks that solve inverse problems.

Shared machinery, one concern per module: ``io`` (HDF5 artefacts with
provenance), ``runtime`` (rule-job logging and threads), ``config``, ``rng``,
``codehash``; ``models`` (networks and the model artefact), ``train`` (the
loop) with ``loops`` (plain, fast, CUDA graph) and ``checkpoint``; ``svd``
(and the one sign convention), ``probes``, ``operators`` and
``descramblers`` (smoothness descrambling; ``descramblers.job``, one job), ``theory``
and ``theorems``, ``tables`` (rows keyed by provenance), ``claims``,
``plots`` and ``theory_plots``. Each inverse problem's science is a package
under ``problems`` (see :mod:`descramble.problems`).
"""

__version__ = "0.1.0"
