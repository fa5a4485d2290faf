"""Number formats shared by the front ends: one format per column of a table.

Used by the report's tables (:mod:`hinterland.report.builder`) and the terminal tables of the
CLI (:mod:`hinterland.cli._output`), so that a figure reads the same in both.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["column_format", "formatted", "is_year", "shares", "year_ranges"]


def is_year(name) -> bool:
    """A column of years (or year-like labels): its numbers are printed without separators."""
    text = str(name).lower()
    return "year" in text or "年" in text or (text.isdigit() and len(text) == 4)


def column_format(values: pd.Series, *, noise: float = 0.0) -> str | None:
    """One number format for a column, so that its figures line up with the same decimals.

    Whole numbers: none; largest magnitude >= 1,000: none; >= 100: one; >= 10: two; >= 1:
    three; >= 0.001: four; smaller (p-values, tolerances): three significant digits in
    scientific notation. ``None`` for a column that mixes magnitudes (a column of different
    measures, whose smallest non-zero value is under 1e-5 of its largest): each value then
    takes its own four significant digits. ``noise``: values under ``noise`` times the largest
    are rounding (1e-13 of a loss in 亿元) and do not make a column mixed; they print as 0.
    """
    if values.dtype == object:  # rows built one by one: numbers in an object column
        items = values.dropna()
        if len(items) and all(
            isinstance(x, float | int | np.floating | np.integer) and not isinstance(x, bool)
            for x in items
        ):
            values = items.astype(float)
    if not pd.api.types.is_float_dtype(values):
        return None
    v = values.dropna().abs()
    v = v[np.isfinite(v)]
    if v.empty:
        return None
    top = float(v.max())
    small = v[v > noise * top]
    if not small.empty and float(small.min()) < top * 1e-5 and not (v == v.round()).all():
        return None
    if (v == v.round()).all() or top >= 1000:
        return "{:,.0f}"
    if top >= 100:
        return "{:,.1f}"
    if top >= 10:
        return "{:,.2f}"
    if top >= 1:
        return "{:,.3f}"
    if top >= 0.001:
        return "{:.4f}"
    return "{:.3g}"


def formatted(value: float, form: str) -> str:
    """``form.format(value)``, without the minus of a value that rounds to zero ("-0.0")."""
    text = form.format(value)
    if text.startswith("-") and not any(c in "123456789" for c in text.split("e")[0]):
        return text[1:]
    return text


def year_ranges(years: str, lang: str) -> str:
    """Years listed one by one as runs: 2000—2002、2005 (zh) or 2000-2002, 2005 (en)."""
    try:
        ys = sorted({int(y) for y in str(years).replace("，", ",").split(",") if y.strip()})
    except ValueError:
        return str(years)
    dash, sep = ("—", "、") if lang == "zh" else ("-", ", ")
    runs: list[list[int]] = []
    for y in ys:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return sep.join(f"{r[0]}{dash}{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def shares(values: pd.Series) -> bool:
    """Numbers, all in [0, 1] (to 1e-12) where not missing: a column to show as percentages."""
    values = pd.to_numeric(values, errors="coerce")
    if not pd.api.types.is_float_dtype(values):
        return False
    v = values.dropna()
    return len(v) > 0 and bool(((v >= -1e-12) & (v <= 1 + 1e-12)).all())
