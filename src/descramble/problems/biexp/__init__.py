"""The MR-relaxometry problem: biexponential T2 decays and the ILR networks (Sule et al. Figs 5-7).

``interface`` is what shared stages call (see :mod:`descramble.problems`);
the other modules hold the problem's science.
"""
