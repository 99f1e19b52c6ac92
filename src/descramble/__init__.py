"""descramble: open up neural networks that solve inverse problems.

One concern per module: ``signals`` (forward models), ``priors`` (parameter
sampling), ``noise``, ``nlls`` (batched regularised least squares),
``models`` and ``train`` (networks), ``operators`` and ``descramblers``
(smoothness descrambling), ``svd`` and ``fits`` (singular-vector analysis),
``io`` (HDF5 artefacts with provenance), ``plots``, ``claims``.
"""

__version__ = "0.1.0"
