"""Claims of Corollary 3 (Sule et al.) checked on the phase networks' tables.

Corollary 3 says that for phase recovery from equispaced samples the
smoothness descrambler of a first layer that is a 1-D convolution (stride 1)
tends to the identity as the probe grows. Its proof writes the circulant
layer as ``T Sigma T^T`` with ``T`` the trigonometric basis in frequency
order, which assumes the layer's power does not increase with frequency; the
rows below check the conclusion and that premise (empirical), the
convergence to the closed-form limit (Theorem 1, true of any layer: a
control of the probe size), the contrast
with a dense layer and that the networks recover the phase at all
(controls: ours, not the paper's), each over seeds with a 95% interval.
"""

from __future__ import annotations

from ...claims import claim, interval_claim, seed_interval

SULE = "Sule, Spencer & Czaja"
COR3 = f"{SULE}, Corollary 3"


def phase_claims(nets, tol):
    """Claim rows per training SNR.

    Parameters
    ----------
    nets : pandas.DataFrame
        ``phase_networks.tsv``.
    tol : float
        Distance ``||P - I||_F / sqrt(2n)`` below which a descrambler counts as
        the identity (and a transport distance as converged).

    Returns
    -------
    list of dict
    """
    rows = []
    for snr in sorted(nets["snr"].unique()):
        at = nets[nets["snr"] == snr]
        cnn, fcnn = at[at["arch"] == "cnn"], at[at["arch"] == "fcnn"]
        tag = f"SNR {snr:g}, n = {int(at['n'].iloc[0])}, N = {int(at['N_max'].max())} probes"
        pooled = "mean over seeds, 95% Student-t interval"
        if len(cnn):
            iv = seed_interval(cnn["to_identity_noise"])
            rows.append(interval_claim(
                f"The CNN's first-layer descrambler tends to I as the noise probe grows ({tag})",
                COR3, f"||P - I||_F / sqrt(2n) < {tol:g} (interval below)", iv, iv.below(tol),
                kind="empirical", note=pooled))  # fmt: skip
            iv = seed_interval(cnn["ordered_fraction"])
            rows.append(
                claim(
                    f"Premise of Corollary 3's proof: the trained CNN kernel's power does not "
                    f"increase with frequency ({tag})",
                    f"{COR3} (proof: W = T Sigma T^T)",
                    "share of frequency pairs in non-increasing order = 1 for every seed",
                    f"{iv.format()}; min {cnn['ordered_fraction'].min():.3g}",
                    bool((cnn["ordered_fraction"] == 1.0).all()),
                    kind="empirical",
                    note="every seed's kernel must be ordered on its own",
                )
            )
            ok = ((cnn["limit_to_identity"] < 1e-8) == (cnn["ordered_fraction"] == 1.0)).all()
            rows.append(
                claim(
                    f"The CNN's large-N descrambler is I exactly when its power is non-increasing "
                    f"in frequency ({tag})",
                    f"{SULE}, Theorem 1 with a circulant layer",
                    "limit ||P - I|| < 1e-8 iff ordered share = 1, every seed",
                    "limit ||P - I||_F / sqrt(2n): "
                    + ", ".join(f"{v:.3g}" for v in cnn["limit_to_identity"]),
                    bool(ok),
                    kind="consistency",
                    note="a circulant Gram is diagonal in the trigonometric basis, so von "
                    "Neumann's pairing keeps each frequency exactly when the orders agree: "
                    "holds by construction of the exact solver",
                )
            )
            rows.append(
                claim(
                    "A 1-D convolution layer's Gram is block-diagonal in the trigonometric basis "
                    f"({tag})",
                    f"{SULE}, proof of Corollaries 2-3",
                    "off-block share of ||T^T B T||^2 < 1e-10 for every seed",
                    f"max {cnn['off_block'].max():.3g}",
                    bool((cnn["off_block"] < 1e-10).all()),
                    kind="consistency",
                    note="the CNN's first layer is circulant by construction (one circular kernel)",
                )
            )
        if len(fcnn):
            iv = seed_interval(fcnn["to_identity_noise"])
            rows.append(interval_claim(
                f"The FCNN's first-layer descrambler does not tend to I ({tag})",
                f"{COR3} (the class is the CNNs)",
                f"||P - I||_F / sqrt(2n) > {tol:g} (interval above)", iv, iv.above(tol),
                kind="control", note="control for 'the CNN's descrambler tends to I' (no claim "
                "of the paper: Corollary 3 is about CNNs; a dense layer failing it shows the CNN "
                "row is about the convolution); " + pooled))  # fmt: skip
        for arch, g in (("CNN", cnn), ("FCNN", fcnn)):
            if not len(g):
                continue
            iv = seed_interval(g["to_limit_noise"])
            rows.append(interval_claim(
                f"The {arch}'s descrambler converges to its closed-form large-N limit "
                f"(frequency transport, noise probes; {tag})", f"{SULE}, Theorem 1",
                f"transport distance to the limit < {tol:g} (interval below)", iv, iv.below(tol),
                kind="control", note="control for 'tends to I': the largest probe is near the "
                "large-N limit, so that row's verdict speaks for the limit. Theorem 1 holds for "
                "every W (the probe Gram tends to its expectation), so an untrained network "
                "passes too given enough probes; " + pooled))  # fmt: skip
            iv = seed_interval(g["data_vs_noise_limit"])
            rows.append(interval_claim(
                f"The phase prior is isotropic: the {arch}'s data-probe limit is its "
                f"noise-probe limit ({tag})", f"{COR3} (reduction to Corollary 2)",
                f"transport distance between the two limits < {tol:g} (interval below)", iv,
                iv.below(tol), kind="empirical", note="sample 0 of every oscillation is "
                "cos(pi/4): the data's mean is not zero, so the limits can differ; " + pooled,
            ))  # fmt: skip
            iv = seed_interval(g["test_error"] / g["no_skill_error"])
            rows.append(interval_claim(
                f"The {arch} recovers the phase ({tag})", f"{COR3} (the inverse problem)",
                "test circular error / that of a uniform guess (n/4) < 0.5 (interval below)", iv,
                iv.below(0.5), kind="control", note="sanity check, not a claim of the paper: the "
                "network solved the inverse problem at all, so its descrambler rows describe a "
                "working network; " + pooled))  # fmt: skip
    return rows
