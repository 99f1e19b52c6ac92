"""Phase recovery from equispaced samples of an oscillation (Sule et al., Corollary 3).

A CNN whose first layer is one circular convolution (stride 1) and an FCNN of
the same size learn to recover the frequency-phase parameter alpha of
``x_k = cos(2 pi k alpha / n + pi/4) + sigma xi_k``; their first layers are
descrambled with probes of growing size to see whether the descrambler tends
to the identity, as Corollary 3 states for the CNN.
"""
