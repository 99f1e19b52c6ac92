"""Claim rows shared by every problem: one row per checked claim of a paper.

A problem's checks build rows with :func:`claim`; ``collect_claims`` stacks
every problem's rows into ``results/tables/claims.tsv``.
"""

from __future__ import annotations

import pandas as pd

COLUMNS = ("claim", "source", "expected", "measured", "holds")


def claim(claim, source, expected, measured, holds):
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
        What the pipeline measured.
    holds : bool

    Returns
    -------
    dict
    """
    return {"claim": claim, "source": source, "expected": expected, "measured": measured,
            "holds": bool(holds)}  # fmt: skip


def table(rows):
    """Claim rows as a DataFrame with the shared columns."""
    return pd.DataFrame(list(rows), columns=list(COLUMNS))
