"""Claim rows shared by every problem: one row per checked claim of a paper.

A problem's checks build rows with :func:`claim`; ``collect_claims`` stacks
every problem's rows into ``results/tables/claims.tsv``.

Every row has a ``kind``:

``empirical``
    A paper's claim, measured on data (trained networks, sampled probes,
    test sets), that could have gone either way -- in particular, a network
    that learned nothing (its own initial weights) would fail it. Only these
    rows count in the scorecard's "N of M paper claims reproduce"
    (:func:`scorecard`).
``control``
    A contrast or sanity check of ours that gives an empirical row its
    meaning ("the network recovers the phase at all", "the FCNN does not
    tend to I", a no-skill baseline). Measured, and it could fail, but it is
    no claim of the paper: reported, never counted as a reproduction. Its
    ``note`` says which row it supports.
``consistency``
    Holds by construction (an algebraic identity, a matrix built to satisfy
    the hypothesis, two solvers of the same closed form). Still worth running
    as a check of the code, but it reproduces nothing; its ``note`` says why
    it holds by construction.

``measured`` holds measured numbers only; fixed sentences (how the numbers
were pooled, why a row holds by construction, why a verdict needs more
seeds) go to ``note``.

A claim about a mean over seeds is judged with its spread: a Student-t
interval over the per-seed values (:func:`seed_interval`, or
:func:`difference_interval` for two unpaired groups), and the claim holds only
if the interval clears the threshold. One seed gives no interval, so such a
claim does not hold (:data:`ONE_SEED_NOTE`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

__all__ = [
    "COLUMNS",
    "KINDS",
    "LEVEL",
    "ONE_SEED_NOTE",
    "Interval",
    "claim",
    "difference_interval",
    "fmt_values",
    "interval_claim",
    "join_notes",
    "scorecard",
    "seed_interval",
    "seed_note",
    "table",
    "validate",
]

COLUMNS = ("claim", "source", "kind", "expected", "measured", "holds", "note")
KINDS = ("empirical", "control", "consistency")
LEVEL = 0.95
ONE_SEED_NOTE = "1 seed: no interval; needs >= 2 seeds"


def _check_kind(kind, note):
    if kind not in KINDS:
        raise ValueError(f"claim kind must be one of {KINDS}, got {kind!r}")
    if kind != "empirical" and not (isinstance(note, str) and note.strip()):
        # a row that cannot fail, or is no claim of the paper, must say why, or a reader
        # takes it for evidence
        why = {"consistency": "why it holds by construction",
               "control": "which claim it is a control for"}[kind]  # fmt: skip
        raise ValueError(f"a {kind} claim needs a note saying {why}")


def claim(claim, source, expected, measured, holds, *, kind, note=""):
    """One claim row.

    Parameters
    ----------
    claim : str
        The paper's statement, as checked.
    source : str
        Paper and place.
    expected : str
        What would make it hold (with the threshold).
    measured : str
        The measured numbers, nothing else.
    holds : bool
    kind : {"empirical", "control", "consistency"}
        ``empirical``: a paper's claim measured on data, could have failed.
        ``control``: a contrast or sanity check of ours (not counted).
        ``consistency``: holds by construction (a check of the code).
    note : str
        Fixed sentences: pooling, the statistical rule; for a control row the
        claim it supports, for a consistency row why it holds by
        construction (required for both).

    Returns
    -------
    dict
        Keys :data:`COLUMNS`, in that order.

    Raises
    ------
    ValueError
        If ``kind`` is not in :data:`KINDS`, or a control or consistency row has
        no note.
    """
    _check_kind(kind, note)
    return {"claim": claim, "source": source, "kind": kind, "expected": expected,
            "measured": measured, "holds": bool(holds), "note": note}  # fmt: skip


def fmt_values(values, digits=3):
    """Numbers as ``"1.23, 4.56"``: ``digits`` significant digits each, comma-separated.

    Parameters
    ----------
    values : float or iterable of float
        One number gives one formatted number.
    digits : int
        Significant digits (``g`` format).

    Returns
    -------
    str
    """
    if np.ndim(values) == 0:
        return f"{values:.{digits}g}"
    return ", ".join(f"{v:.{digits}g}" for v in values)


def join_notes(*parts):
    """The non-empty ``parts`` joined by ``"; "`` (a row's note from optional sentences).

    Parameters
    ----------
    *parts : str
        Empty strings are dropped.

    Returns
    -------
    str
    """
    return "; ".join(p for p in parts if p)


def seed_note(*intervals):
    """:data:`ONE_SEED_NOTE` when any of ``intervals`` could not be formed, else ``""``.

    Parameters
    ----------
    *intervals : Interval

    Returns
    -------
    str
    """
    return ONE_SEED_NOTE if any(not iv.ok for iv in intervals) else ""


def interval_claim(text, source, expected, interval, holds, *, kind, note="", measured=None):
    """A claim row judged on a seed interval, saying so when there is none.

    Parameters
    ----------
    text, source, expected : str
        The claim, its source and what would make it hold, as for :func:`claim`.
    interval : Interval or sequence of Interval
        The interval(s) the verdict uses; the note gets :data:`ONE_SEED_NOTE`
        when any of them could not be formed.
    holds : bool
        The verdict (for instance ``interval.below(tol)``).
    kind : {"empirical", "control", "consistency"}
    note : str
        The row's fixed sentences (pooling, the statistical rule).
    measured : str, optional
        The measured numbers; default ``interval.format()`` (one interval).

    Returns
    -------
    dict
        A row of :func:`descramble.claims.claim`.
    """
    ivs = (interval,) if isinstance(interval, Interval) else tuple(interval)
    if measured is None:
        measured = ivs[0].format()
    note = join_notes(note, seed_note(*ivs))
    return claim(text, source, expected, measured, holds, kind=kind, note=note)


def table(rows):
    """Claim rows as a DataFrame with the shared columns (validated)."""
    df = pd.DataFrame(list(rows), columns=list(COLUMNS))
    validate(df)
    return df


def validate(df):
    """Check a claims table: the shared columns, known kinds, consistency notes.

    Parameters
    ----------
    df : pandas.DataFrame
        As built by :func:`table` or read back with ``io.read_tsv`` (empty
        notes read back as NaN).

    Returns
    -------
    pandas.DataFrame
        ``df`` itself.

    Raises
    ------
    ValueError
        Missing or extra columns, an unknown kind, or a control or
        consistency row without a note.
    """
    if list(df.columns) != list(COLUMNS):
        raise ValueError(f"claims table has columns {list(df.columns)}, expected {list(COLUMNS)}")
    for i, row in df.iterrows():
        note = row["note"] if isinstance(row["note"], str) else ""
        try:
            _check_kind(row["kind"], note)
        except ValueError as exc:
            raise ValueError(f"claim row {i} ({row['claim']!r}): {exc}") from None
    return df


def scorecard(df):
    """Counts for the README: paper claims reproduced, controls and consistency checks passed.

    Parameters
    ----------
    df : pandas.DataFrame
        A claims table (:data:`COLUMNS`).

    Returns
    -------
    dict
        ``empirical``, ``reproduced`` (empirical rows that hold), ``control``,
        ``control_pass``, ``consistency``, ``consistency_pass``. Only the
        first two make the "N of M paper claims reproduce" line; a control
        that fails voids the empirical row it supports; a consistency row
        that fails is a bug.
    """
    holds = df["holds"].astype(bool)
    out = {}
    for kind in KINDS:
        sel = df["kind"] == kind
        out[kind] = int(sel.sum())
        out[f"{kind}_pass"] = int((holds & sel).sum())
    out["reproduced"] = out.pop("empirical_pass")
    return out


@dataclass(frozen=True)
class Interval:
    """A mean over seeds (or a difference of two) with its Student-t interval.

    Attributes
    ----------
    n : int
        Seeds behind it (for a difference: the smaller group).
    mean : float
        The mean (or the difference of the two means).
    se : float
        Its standard error; NaN with fewer than 2 seeds.
    lo, hi : float
        ``mean -+ t_{(1+level)/2, df} se``; NaN with fewer than 2 seeds.
    level : float
    """

    n: int
    mean: float
    se: float
    lo: float
    hi: float
    level: float = LEVEL

    @property
    def ok(self):
        """Whether there is an interval (at least 2 seeds, finite bounds)."""
        return self.n >= 2 and bool(np.isfinite(self.lo) and np.isfinite(self.hi))

    def above(self, x):
        """The whole interval lies above ``x`` (False without an interval)."""
        return self.ok and self.lo > x

    def below(self, x):
        """The whole interval lies below ``x`` (False without an interval)."""
        return self.ok and self.hi < x

    def within(self, a, b):
        """The whole interval lies in ``[a, b]`` (False without an interval)."""
        return self.ok and a <= self.lo and self.hi <= b

    def format(self, scale=1.0, unit="", digits=3, seeds="seeds"):
        """``"5.00% [95% CI 2.50, 7.50; 3 seeds]"``, or ``"5.00% (1 seed)"``.

        Parameters
        ----------
        scale : float
            Multiplies every number (100 for percent).
        unit : str
            Appended to every number.
        digits : int
            Significant digits (``g`` format).
        seeds : str
            What ``n`` counts (plural).
        """

        def f(v):
            return f"{scale * v:.{digits}g}{unit}"

        label = seeds[:-1] if self.n == 1 and seeds.endswith("s") else seeds
        if not self.ok:
            return f"{f(self.mean)} ({self.n} {label})"
        ci = f"{100 * self.level:g}% CI {f(self.lo)}, {f(self.hi)}"
        return f"{f(self.mean)} [{ci}; {self.n} {label}]"


def _clean(values):
    v = np.asarray(values, dtype=float).ravel()
    return v[np.isfinite(v)]


def seed_interval(values, level=LEVEL):
    """Student-t interval of the mean of per-seed values.

    Parameters
    ----------
    values : array_like
        One value per seed (NaN dropped). For a paired comparison pass the
        per-seed differences (or reductions).
    level : float
        Coverage (0.95: ``mean +- t_{0.975, n-1} sd / sqrt(n)``).

    Returns
    -------
    Interval
        With ``lo = hi = NaN`` when fewer than 2 values remain.
    """
    v = _clean(values)
    n = int(v.size)
    if n == 0:
        return Interval(0, float("nan"), float("nan"), float("nan"), float("nan"), level)
    mean = float(v.mean())
    if n < 2:
        return Interval(n, mean, float("nan"), float("nan"), float("nan"), level)
    se = float(v.std(ddof=1) / np.sqrt(n))
    half = float(stats.t.ppf(0.5 + level / 2, n - 1)) * se
    return Interval(n, mean, se, mean - half, mean + half, level)


def difference_interval(a, b, level=LEVEL):
    """Welch interval of ``mean(a) - mean(b)`` for two unpaired groups of seeds.

    Parameters
    ----------
    a, b : array_like
        Per-seed values of each group (NaN dropped). Use this when the two
        groups are different networks with no natural pairing (different
        SNRs, different architectures trained on different data).
    level : float

    Returns
    -------
    Interval
        ``n`` is the smaller group; no interval unless both have >= 2 values.
    """
    a, b = _clean(a), _clean(b)
    n = int(min(a.size, b.size))
    if n == 0:
        return Interval(0, float("nan"), float("nan"), float("nan"), float("nan"), level)
    diff = float(a.mean() - b.mean())
    if n < 2:
        return Interval(n, diff, float("nan"), float("nan"), float("nan"), level)
    va, vb = a.var(ddof=1) / a.size, b.var(ddof=1) / b.size
    se = float(np.sqrt(va + vb))
    if se == 0.0:
        # both groups constant: the difference is known exactly
        return Interval(n, diff, 0.0, diff, diff, level)
    # Welch-Satterthwaite degrees of freedom (a zero-variance group adds nothing)
    den = sum(v * v / (m - 1) for v, m in ((va, a.size), (vb, b.size)) if v > 0)
    df = (va + vb) ** 2 / den
    half = float(stats.t.ppf(0.5 + level / 2, df)) * se
    return Interval(n, diff, se, diff - half, diff + half, level)
