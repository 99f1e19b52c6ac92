"""Theorem claim rows on constructed results: kinds, notes, and the Theorem 2 gate."""

import numpy as np
import pytest

from descramble import theorems as th
from descramble.claims import COLUMNS, table


def _t1(distances=(3.0, 1.0, 0.3), limit=1e-12):
    rows = [{"N": N, "distance": d, "distance_std": 0.1, "max_angle_deg": 10 * d, "repeats": 3}
            for N, d in zip((100, 1000, 10000), distances, strict=True)]  # fmt: skip
    return th.Theorem1Result(rows=rows, limit={"N": np.inf, "distance": limit,
                                               "max_angle_deg": 1e-10})  # fmt: skip


def _t2(slope=2.0, slope_sampled=0.0):
    snrs = [0.01, 0.02, 0.04, 1.0]
    rows = [{"snr": s, "sigma": 1 / s, "distance": s**2, "max_angle_deg": 1.0,
             "distance_sampled": 1.5 + s, "max_angle_deg_sampled": 30.0} for s in snrs]  # fmt: skip
    return th.Theorem2Result(rows=rows, slope=slope, intercept=0.0, slope_sampled=slope_sampled,
                             intercept_sampled=0.0, fit_snrs=(0.01, 0.04), N=20000)  # fmt: skip


def _t2_limit(d_inf=None, se=1e-6):
    """A Theorem 2 limit whose d_inf (one per SNR) is given; default exactly snr^2."""
    snrs = np.array([0.01, 0.02, 0.04, 0.08, 1.0])
    d_inf = snrs**2 if d_inf is None else np.asarray(d_inf, dtype=float)
    Ns = np.array([1000, 4000, 16000])
    dist = d_inf[:, None] + 0.5 * Ns[None, :] ** -0.5
    se = np.full(snrs.size, se)
    resolved = d_inf > 2 * se
    sel = (snrs <= 0.08) & resolved
    if sel.sum() >= 2:
        slope = np.polyfit(np.log(snrs[sel]), np.log(d_inf[sel]), 1)[0]
        fit = (float(snrs[sel].min()), float(snrs[sel].max()))
    else:
        slope, fit = float("nan"), (float("nan"), float("nan"))
    return th.Theorem2Limit(Ns=Ns, snrs=snrs, distance=dist, d_inf=d_inf, c=np.full(5, 0.5),
                            d_inf_se=se, residual=np.zeros(5), resolved=resolved,
                            slope=float(slope), intercept=0.0, fit_snrs=fit)  # fmt: skip


def _c1(spectrum, distance):
    fmap = list(range(5)) if spectrum == "lowpass" else list(range(4, -1, -1))
    return th.Corollary1Result(spectrum=spectrum, n=8, eigenvalues=np.ones(5),
                               limit_distance=distance, limit_identity=distance,
                               limit_weight_change=distance, frequency_map=fmap, probe_N=500,
                               probe_distance=0.3, probe_identity=0.3)  # fmt: skip


def _mds(p_distance=1e-8):
    return th.MDSResult(n=6, p_distance=p_distance, objective_exact=1.0, objective_iter=1.0,
                        objective_gap=0.0, det_exact=1.0, start="identity", iterations=50,
                        rebases=1, converged=True)  # fmt: skip


FIG2 = {"n_vectors": 5, "max_angle_deg": 3.0, "distance": 1.0, "N": 100}


def _rows(t1=None, t2=None, low=1e-12, high=3.0, mds=1e-8, fig2=FIG2, t2_limit=None):
    rows = th.descrambling_claims(t1 or _t1(), t2 or _t2(), _c1("lowpass", low),
                                  _c1("highpass", high), _mds(mds), fig2=fig2,
                                  t2_limit=t2_limit or _t2_limit())  # fmt: skip
    table(rows)  # shared columns, kinds, notes
    return {r["claim"].split(":")[0]: r for r in rows}


def test_one_set_of_columns():
    assert th.CLAIM_COLUMNS == COLUMNS


def test_kinds_of_the_theorem_rows():
    out = _rows()
    kinds = {k: r["kind"] for k, r in out.items()}
    # the theorems hold for every W: only Theorem 2's rate, judged in its own limit, is a
    # claim the numbers could contradict; the finite-N sweep is its diagnostic
    assert kinds == {
        "Theorem 1": "control",
        "Theorem 1 (large-data limit X X^T/N = I)": "consistency",
        "Theorem 2 (in its limit N -> inf)": "empirical",
        "Theorem 2 at one finite N": "control",
        "Theorem 2, expected-Gram form": "consistency",
        "Corollary 1": "consistency",
        "Corollary 1 needs a spectrum decreasing with frequency": "consistency",
        "MDS proposition": "consistency",
        "Fig. 2": "control",
    }
    for r in out.values():
        if r["kind"] == "consistency":
            assert r["note"].startswith("holds by construction"), r
        if r["kind"] == "control":
            assert "every W" in r["note"] or "diagnostic" in r["note"], r
    lim = "Theorem 2 (in its limit N -> inf)"
    assert "d(N) = d_inf + c N^-1/2" in out[lim]["expected"]


def test_theorem2_is_judged_in_its_limit():
    lim, one = "Theorem 2 (in its limit N -> inf)", "Theorem 2 at one finite N"
    # d_inf = snr^2: the law holds whatever the single-N sweep says
    out = _rows(t2=_t2(slope=2.0, slope_sampled=0.0))
    assert out[lim]["holds"] and not out[one]["holds"]
    assert "slope 2.000" in out[lim]["measured"]
    assert "sampled-probe slope 0.000" in out[one]["measured"]
    assert "N=20000" in out[one]["measured"]
    # a limit flat in the SNR fails, and so does one that cannot be told from 0
    out = _rows(t2_limit=_t2_limit(d_inf=np.full(5, 0.01)))
    assert not out[lim]["holds"]
    out = _rows(t2_limit=_t2_limit(se=1.0))
    assert not out[lim]["holds"] and "unresolved" in out[lim]["measured"]


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"t1": _t1(distances=(3.0, 1.0, 1.2))}, "Theorem 1"),
        ({"t1": _t1(limit=1e-3)}, "Theorem 1 (large-data limit X X^T/N = I)"),
        ({"low": 0.1}, "Corollary 1"),
        ({"high": 0.1}, "Corollary 1 needs a spectrum decreasing with frequency"),
        ({"mds": 1e-3}, "MDS proposition"),
        ({"fig2": {**FIG2, "max_angle_deg": 12.0}}, "Fig. 2"),
    ],
)
def test_each_verdict_flips(kwargs, key):
    assert _rows()[key]["holds"]
    assert not _rows(**kwargs)[key]["holds"]


def test_fixed_sentences_are_not_measurements():
    for r in _rows().values():
        for phrase in ("does not hold", "by construction", "floored", "strictly decreasing"):
            assert phrase not in r["measured"], (phrase, r["measured"])


def test_without_fig2_one_row_fewer():
    t1, t2 = _t1(), _t2()
    args = (t1, t2, _c1("lowpass", 1e-12), _c1("highpass", 3.0), _mds())
    assert len(th.descrambling_claims(*args)) == len(th.descrambling_claims(*args, fig2=FIG2)) - 1
    # the limit row comes with its result
    assert len(th.descrambling_claims(*args, t2_limit=_t2_limit())) == len(
        th.descrambling_claims(*args)) + 1
