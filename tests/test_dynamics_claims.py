"""Claim rows of the linear-dynamics track can fail: each threshold is checked both ways."""

from __future__ import annotations

import pandas as pd

from descramble.problems.dynamics.claims import DEV_MAX, dynamics_claims


def _modes(dev, speed):
    rows = []
    for net, sp in (("fcnn", 1.0), ("cnn", 8.0)):
        for a, (s, g) in enumerate(((3.0, 1.0), (1.4, 0.7071))):
            rows.append({"dataset": "pure_cosines", "seed": 0, "net": net, "mode": a,
                         "init": "aligned", "lr": 0.01, "s": s, "lam": 1.0, "gamma": g,
                         "offdiag": 1e-16, "max_dev": dev, "t_half_sim": 100.0 * (a + 1),
                         "t_half_theory": 100.0 * (a + 1), "speed": sp * g * speed,
                         "speed_theory": sp * g, "ordered": True})  # fmt: skip
    return pd.DataFrame(rows)


def test_claims_follow_the_measurements():
    kernel = pd.DataFrame(columns=["dataset", "seed", "init", "frac_dominant"])
    good = dynamics_claims(_modes(DEV_MAX / 2, 1.0), kernel)
    bad = dynamics_claims(_modes(2 * DEV_MAX, 1.2), kernel)
    assert len(good) == len(bad) == 5
    assert all(r["holds"] for r in good)
    # deviations above the tolerance and a 20% wrong speed fail; construction and order still hold
    assert [r["holds"] for r in bad] == [False, False, False, True, True]
    assert {r["kind"] for r in good} == {"empirical", "consistency"}
