"""Interface of the MNIST problem to the shared stages (see :mod:`descramble.problems`).

The MNIST track trains SELU classifiers with its own SGD loop
(:mod:`.classifier`) and makes every artefact in ``workflow/rules/mnist.smk``,
so the shared synthesize/train/descramble stages make nothing for it.
"""

SHARED_STAGES = False
