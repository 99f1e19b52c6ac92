"""The shared claim row: kinds, notes, columns, and the seed intervals verdicts rest on."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from descramble.claims import (
    COLUMNS,
    ONE_SEED_NOTE,
    claim,
    difference_interval,
    fmt_values,
    interval_claim,
    join_notes,
    scorecard,
    seed_interval,
    seed_note,
    table,
    validate,
)
from descramble.io import read_tsv, write_tsv


def test_columns_and_kinds():
    assert COLUMNS == ("claim", "source", "kind", "expected", "measured", "holds", "note")
    r = claim("c", "s", "e", "1.0", 1, kind="empirical")
    assert list(r) == list(COLUMNS) and r["holds"] is True and r["note"] == ""
    with pytest.raises(ValueError, match="kind"):
        claim("c", "s", "e", "1.0", True, kind="theorem")
    with pytest.raises(ValueError, match="kind"):
        claim("c", "s", "e", "1.0", True, kind="Empirical")
    with pytest.raises(TypeError):
        claim("c", "s", "e", "1.0", True)  # kind is required, never defaulted


def test_consistency_rows_need_a_note():
    with pytest.raises(ValueError, match="by construction"):
        claim("c", "s", "e", "0", True, kind="consistency")
    with pytest.raises(ValueError, match="by construction"):
        claim("c", "s", "e", "0", True, kind="consistency", note="   ")
    r = claim("c", "s", "e", "0", True, kind="consistency", note="holds by construction: A = A")
    assert r["kind"] == "consistency"


def test_table_validates_and_survives_a_tsv_round_trip(tmp_path):
    cons = {"kind": "consistency", "note": "by construction"}
    rows = [
        claim("a", "s", "e", "1", True, kind="empirical"),
        claim("b", "s", "e", "2", False, kind="empirical", note=ONE_SEED_NOTE),
        claim("c", "s", "e", "3", True, **cons),
    ]
    df = table(rows)
    write_tsv(tmp_path / "c.tsv", df)
    back = read_tsv(tmp_path / "c.tsv")
    validate(back)  # empty notes read back as NaN: allowed on empirical rows
    assert back["holds"].tolist() == [True, False, True]
    bad = back.copy()
    bad.loc[1, "kind"] = "anecdotal"
    with pytest.raises(ValueError, match="row 1"):
        validate(bad)
    bad = back.copy()
    bad.loc[2, "note"] = np.nan
    with pytest.raises(ValueError, match="by construction"):
        validate(bad)
    with pytest.raises(ValueError, match="columns"):
        validate(back.drop(columns="note"))


def test_scorecard_counts_only_empirical_rows_as_reproduced():
    cons = {"kind": "consistency", "note": "by construction"}
    ctrl = {"kind": "control", "note": "control for a"}
    df = table(
        [
            claim("a", "s", "e", "1", True, kind="empirical"),
            claim("b", "s", "e", "1", False, kind="empirical"),
            claim("c", "s", "e", "1", True, **cons),
            claim("d", "s", "e", "1", False, **cons),
            claim("e", "s", "e", "1", True, **ctrl),
            claim("f", "s", "e", "1", True, **ctrl),
            claim("g", "s", "e", "1", False, **ctrl),
        ]
    )
    assert scorecard(df) == {
        "empirical": 2,
        "reproduced": 1,
        "control": 3,
        "control_pass": 2,
        "consistency": 2,
        "consistency_pass": 1,
    }


def test_a_control_row_must_name_what_it_supports():
    with pytest.raises(ValueError, match="control claim needs a note"):
        claim("x", "s", "e", "1", True, kind="control")


def test_seed_interval_is_the_student_t_interval():
    v = np.array([0.05, 0.06, 0.04])
    iv = seed_interval(v)
    half = stats.t.ppf(0.975, 2) * v.std(ddof=1) / np.sqrt(3)
    assert iv.n == 3 and iv.mean == pytest.approx(0.05)
    assert (iv.lo, iv.hi) == pytest.approx((0.05 - half, 0.05 + half))
    assert iv.above(0.0) and not iv.above(0.03) and iv.within(0.0, 0.1)
    assert not seed_interval([0.05, -0.04, 0.01]).above(0.0)
    assert seed_interval([0.05, -0.04, 0.01]).mean > 0  # the mean alone would have passed


def test_one_value_gives_no_interval_and_no_verdict():
    for values in ([0.3], [0.3, np.nan], []):
        iv = seed_interval(values)
        assert not iv.ok
        assert not iv.above(-1e9) and not iv.below(1e9) and not iv.within(-1e9, 1e9)
    assert seed_interval([0.3]).format(100, "%") == "30% (1 seed)"
    assert "CI" in seed_interval([0.1, 0.3]).format()


def test_difference_interval_is_welch():
    a, b = np.array([1.0, 1.2, 1.1, 1.3]), np.array([0.5, 0.9, 0.7])
    iv = difference_interval(a, b)
    va, vb = a.var(ddof=1) / 4, b.var(ddof=1) / 3
    df = (va + vb) ** 2 / (va**2 / 3 + vb**2 / 2)
    half = stats.t.ppf(0.975, df) * np.sqrt(va + vb)
    assert iv.mean == pytest.approx(a.mean() - b.mean())
    assert (iv.lo, iv.hi) == pytest.approx((iv.mean - half, iv.mean + half))
    assert iv.n == 3 and iv.above(0.0)
    assert not difference_interval([1.0, 1.2], [0.5]).ok  # one group of one seed
    exact = difference_interval([0.5, 0.5], [0.6, 0.6])  # no spread at all: exact
    assert exact.ok and exact.below(0.0) and exact.lo == exact.hi == pytest.approx(-0.1)
    one_flat = difference_interval([0.5, 0.5], [0.6, 0.7, 0.65])
    assert one_flat.ok and one_flat.lo < one_flat.mean < one_flat.hi


def test_table_columns_in_order():
    df = table([claim("a", "s", "e", "1", True, kind="empirical")])
    assert isinstance(df, pd.DataFrame) and list(df.columns) == list(COLUMNS)


def test_row_text_helpers():
    assert fmt_values([0.12345, 2, 1e-5]) == "0.123, 2, 1e-05"
    assert fmt_values(np.array([1.23456]), 4) == "1.235"
    assert fmt_values(0.5, 4) == "0.5"  # one number: no list
    assert join_notes("a", "", "b") == "a; b" and join_notes("", "") == ""
    two, one = seed_interval([1.0, 2.0]), seed_interval([1.0])
    assert seed_note(two) == "" and seed_note(two, one) == ONE_SEED_NOTE


def test_interval_claim_says_when_there_is_no_interval():
    two, one = seed_interval([1.0, 1.1, 1.2]), seed_interval([1.0])
    r = interval_claim("c", "s", "e", two, two.above(0.0), kind="empirical", note="pooled")
    assert r["measured"] == two.format() and r["holds"] and r["note"] == "pooled"
    r = interval_claim("c", "s", "e", one, one.above(0.0), kind="control", note="for c")
    assert r["note"] == f"for c; {ONE_SEED_NOTE}" and not r["holds"]
    r = interval_claim("c", "s", "e", [two, one], False, kind="empirical", measured="m")
    assert r["measured"] == "m" and r["note"] == ONE_SEED_NOTE
