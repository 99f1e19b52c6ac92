"""Interface of the linear-dynamics problem: it opts out of the shared stages.

Its networks are trained by full-batch gradient descent in
:mod:`descramble.problems.dynamics.gd`, by the rules of
``workflow/rules/dynamics.smk``; the shared synthesize/train/descramble
stages make nothing for it (see :mod:`descramble.problems`).
"""

SHARED_STAGES = False
