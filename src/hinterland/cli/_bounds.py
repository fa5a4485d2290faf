"""Bounds of the command line's numbers, counts and horizons, checked before any work.

Every count or horizon option (``--days``, ``--n``, ``--top``, ``--k``, ``--p``, budgets) has
a stated range, so that no request can allocate hundreds of GiB or run for hours; every real
option refuses NaN and infinity; the options that name a grouping, a group, a scenario set or a
hinterland refuse an empty string. The checks are Click callbacks: they run while the command
line is parsed, and a value out of range is a usage error (one ``error:`` line, exit code 2).
Use :func:`count`, :func:`real` and :func:`text` as an option's ``callback`` and :func:`says`
to add the range to its help text.
"""

from __future__ import annotations

import math

import typer

DAYS = (1, 3650)
"""Horizon of a shock or a closure, days (ten years; ARIO runs one step a day)."""
TOP = (1, 10_000)
"""Rows shown by a table (a province-sector table of 31 x 42 has 1,302)."""
GRID = (2, 50)
"""Points of a Pareto grid (one MILP solve each)."""
HUBS = (1, 31)
"""Computing hubs to choose (at most one per province)."""
BUDGET = (0.0, 1.0e6)
"""A backup budget, 100 million yuan (1e6 x 1e8 yuan = 100 trillion yuan, above China's GDP)."""
BUDGETS = 50
"""Budgets in one frontier (one MILP solve each)."""
SHARE = (0.0, 1.0)
"""A share, a probability or a CVaR level."""
YEAR = (1900, 2100)
"""A year."""


def says(help: str, bounds: tuple) -> str:
    """Return ``help`` with the range appended, e.g. ``"rows shown [1..10000]"``."""
    lo, hi = bounds
    return f"{help} [{lo:g}..{hi:g}]" if isinstance(lo, float) else f"{help} [{lo}..{hi}]"


def count(bounds: tuple[int, int]):
    """A callback refusing an integer outside ``bounds`` (``None`` passes: the option's unset)."""
    lo, hi = bounds

    def check(value):
        if value is not None and not lo <= value <= hi:
            raise typer.BadParameter(f"must be in {lo}..{hi}; got {value}")
        return value

    return check


def real(bounds: tuple[float, float]):
    """A callback refusing NaN, infinity and a number outside ``bounds`` (``None`` passes)."""
    lo, hi = bounds

    def check(value):
        if value is not None and not (math.isfinite(value) and lo <= value <= hi):
            raise typer.BadParameter(f"must be a finite number in {lo:g}..{hi:g}; got {value}")
        return value

    return check


def finite(value):
    """A callback refusing NaN and infinity (``None`` passes)."""
    if value is not None and not math.isfinite(value):
        raise typer.BadParameter(f"must be a finite number; got {value}")
    return value


def text(value):
    """A callback refusing an empty or blank string (``None`` passes: the option's unset)."""
    if value is not None and not str(value).strip():
        raise typer.BadParameter("is empty; give a name (or leave the option out)")
    return value


def budgets(value):
    """A callback for ``--budgets``: 1..:data:`BUDGETS` comma-separated numbers in range."""
    if value is None:
        return value
    try:
        values = [float(b) for b in str(value).split(",") if b.strip()]
    except ValueError:
        raise typer.BadParameter(f"must be numbers separated by commas; got {value!r}") from None
    if not 1 <= len(values) <= BUDGETS:
        raise typer.BadParameter(f"must list 1..{BUDGETS} budgets; got {len(values)}")
    lo, hi = BUDGET
    bad = [b for b in values if not (math.isfinite(b) and lo <= b <= hi)]
    if bad:
        raise typer.BadParameter(f"{bad[0]} is not a finite number in {lo:g}..{hi:g}")
    return value
