"""Learning dynamics of two-layer linear networks (Saxe et al.; Pinson, Lenaerts & Ginis 2023).

Modules, one concern each:

``datasets``
    Class images: pure cosines (Pinson eq. 21), sums of cosines, geometric shapes.
``structure``
    The input-output correlation SVD of a dataset and the vec-2D DFT of its
    right singular vectors.
``linear_nets``
    The two networks' algebra: circular convolution by the convolution
    theorem, forward passes, loss gradients.
``gd``
    Full-batch gradient descent from an aligned-balanced or small random
    initialisation, logging every mode strength per step.
``theory``
    Saxe's sigmoid and Pinson's per-mode CNN trajectories.
``analysis``
    Simulation against theory, learning order, speed factors, kernel spectra.
``plots`` and ``claims``
    Figures and claim rows.

This problem trains its own networks (``interface.SHARED_STAGES = False``):
its rules live in ``workflow/rules/dynamics.smk``.
"""
