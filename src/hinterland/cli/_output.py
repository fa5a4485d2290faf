"""Shared output of the command modules: formats, languages and the table/CSV/JSON emitters.

numpy and pandas are imported inside the functions, so that ``hinterland --help`` does not
load them.
"""

from __future__ import annotations

import json
import math
from enum import Enum
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    import pandas as pd


class Fmt(str, Enum):
    """Output formats."""

    table = "table"
    csv = "csv"
    json = "json"


FORMAT_HELP = "table (for reading), csv or json (every field, numbers unrounded, for scripts)"
"""The help of every command's ``--format`` option."""


INDICATOR_HELP = (
    "atlas indicator code, e.g. gdp_per_capita (yuan per person); see 'atlas indicators'"
)
"""The help of the ``--indicator`` options."""


class Lang(str, Enum):
    """Languages of user-facing text."""

    zh = "zh"
    en = "en"


def _default(o):
    import numpy as np

    if isinstance(o, np.generic):
        return o.item()
    if isinstance(o, np.ndarray):
        return o.tolist()
    if isinstance(o, float) and not np.isfinite(o):
        return None
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")


def _clean(o):
    if isinstance(o, dict):
        return {str(k): _clean(v) for k, v in o.items()}
    if isinstance(o, list | tuple):
        return [_clean(v) for v in o]
    if isinstance(o, float) and not math.isfinite(o):
        return None
    return o


def emit_json(obj) -> None:
    """Print ``obj`` as indented JSON (NaN and infinities as null, numpy scalars as numbers)."""
    typer.echo(json.dumps(_clean(obj), ensure_ascii=False, indent=2, default=_default))


#: In a terminal table, values under this share of their column's largest are rounding
#: (a loss of 1e-13 亿元 beside one of 3,405): they print as 0 in the column's format.
NOISE = 1e-9
#: The format of a column of shares.
PERCENT = "{:.1%}"


def emit_frame(df: pd.DataFrame, fmt: Fmt, title: str = "", *, per_column: bool = True) -> None:
    """Print a frame as a rich table, CSV or JSON records.

    In the table, the numbers of a column take one format (the report's
    :func:`~hinterland._numbers.column_format`: the same decimals down the column); with
    ``per_column=False`` (a key/value table, whose values are different measures) each value
    takes its own (:func:`cell`). CSV and JSON keep every digit.
    """
    import pandas as pd
    from rich.console import Console
    from rich.table import Table

    from hinterland._numbers import column_format, formatted, is_year, shares

    if fmt is Fmt.csv:
        typer.echo(df.to_csv(), nl=False)
        return
    if fmt is Fmt.json:
        emit_json(json.loads(df.reset_index().to_json(orient="records", force_ascii=False)))
        return
    table = Table(title=title or None)
    index_name = df.index.name or ""
    # the first column names the row (a run id, a province): whole when it is short
    longest = max([len(str(i)) for i in df.index] + [len(str(index_name))], default=0)
    whole = {"no_wrap": True, "min_width": longest} if longest <= 24 else {"overflow": "fold"}
    table.add_column(str(index_name), **whole)
    forms = [
        column_format(df[c], noise=NOISE) if per_column and not is_year(c) else None
        for c in df.columns
    ]
    for c, form in zip(df.columns, forms, strict=True):  # figures right-aligned
        counts = pd.api.types.is_integer_dtype(df[c]) and not all(
            _is_region(v) or _is_sector(v) for v in df[c]
        )  # integers that are not codes (adcodes stay left, as text)
        figures = form is not None or counts
        table.add_column(str(c), overflow="fold", justify="right" if figures else "left")
    years = [is_year(c) for c in df.columns]
    for i, c in enumerate(df.columns):  # shares and probabilities in [0, 1]: percentages
        name = str(c)
        named = name.endswith("_share") or name.startswith("share_") or name == "probability"
        if per_column and named and shares(df[c]):
            forms[i] = PERCENT

    def shown(v, form, year: bool) -> str:
        if isinstance(v, float) and v == v and (form or (year and v.is_integer())):
            return formatted(v, form) if form else str(int(v))
        return cell(v)

    for idx, row in df.iterrows():
        table.add_row(str(idx), *[shown(*a) for a in zip(row, forms, years, strict=True)])
    Console().print(table)


def cell(v) -> str:
    """A table cell: blank for NaN, "—" for None, 4 significant digits below 1, else 2 decimals."""
    import numpy as np

    if v is None:
        return "—"
    if isinstance(v, float):
        return "" if np.isnan(v) else f"{v:,.4g}" if abs(v) < 1 else f"{v:,.2f}"
    return str(v)


def emit_dict(d: dict, fmt: Fmt, title: str = "", *, part_of: str | None = None) -> None:
    """Print a result: its scalars as a key/value table, each nested part as a table of its own.

    Nothing nested is dumped into a cell: a mapping of scalars or a list of records or rows
    becomes its own table titled ``title · key`` (deeper parts recursively), a short list of
    scalars one comma-separated cell. Province codes read "江苏 320000"; a ``*_share`` in
    [0, 1] reads as a percentage. CSV keeps one flat key/value table (nested parts as JSON
    text); JSON prints the result as it is. ``part_of``: the key of the part being printed.
    """
    import pandas as pd

    if fmt is Fmt.json:
        emit_json(d)
        return
    if fmt is Fmt.csv:
        flat = {
            k: json.dumps(_clean(v), ensure_ascii=False, default=_default)
            if isinstance(v, dict | list)
            else v
            for k, v in d.items()
        }
        frame = pd.DataFrame({"value": pd.Series(flat, dtype=object)})
        frame.index.name = "key"
        emit_frame(frame, fmt, title)
        return
    scalars, parts = _split(d)
    if scalars:
        # a nested mapping of numbers (loss by province) is one measure: one format for all;
        # the result's own scalars are different measures: each its own, shares as percentages
        values = scalars if part_of else {k: _share(k, v) for k, v in scalars.items()}
        numbers = all(_is_number(v) for v in values.values())
        frame = pd.DataFrame({"value": pd.Series(values, dtype=float if numbers else object)})
        frame.index.name = "key"
        emit_frame(frame, fmt, title, per_column=bool(part_of) and numbers)
    for key, part in parts.items():
        name = f"{title} · {key}" if title else str(key)
        if isinstance(part, dict):
            emit_dict(part, fmt, name, part_of=key)
        else:
            emit_frame(_rows(part), fmt, name)


def _is_number(v) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _share(key, v):
    """A ``*_share`` value in [0, 1] as a percentage ("3.2%"); anything else unchanged."""
    if str(key).endswith("_share") and isinstance(v, float) and 0.0 <= v <= 1.0:
        return f"{100 * v:.1f}%"
    return v


def _split(d: dict) -> tuple[dict, dict]:
    """Scalars (short scalar lists joined) and the nested parts of a result."""
    scalars, parts = {}, {}
    for k, v in d.items():
        if isinstance(v, list | tuple) and all(not isinstance(x, dict | list | tuple) for x in v):
            scalars[k] = ", ".join(_named(x) for x in v) if v else "—"
        elif isinstance(v, dict | list | tuple):
            if isinstance(v, dict) and all(not isinstance(x, dict | list) for x in v.values()):
                sectors = bool(v) and all(_is_sector(a) for a in v)
                parts[k] = {(_sector(a) if sectors else _named(a)): b for a, b in v.items()}
            else:
                parts[k] = v
        else:
            scalars[k] = v
    return scalars, parts


def _rows(items) -> pd.DataFrame:
    """A list of records (dicts) or rows (lists) as a frame, province codes with names."""
    import pandas as pd

    frame = pd.DataFrame(list(items))
    for col in frame.columns:
        if str(col) in ("sector", "industry") and all(_is_sector(v) for v in frame[col]):
            frame[col] = [_sector(v) for v in frame[col]]
        else:
            frame[col] = [_named(v) for v in frame[col]]
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="#")
    return frame


def _is_sector(v) -> bool:
    """An NBS 42-sector code ("01".."42")."""
    text = str(v)
    return len(text) == 2 and text.isdigit() and 1 <= int(text) <= 42


def _sector(code) -> str:
    """An NBS 42-sector code as "石油炼焦核燃料 11"."""
    from hinterland.mrio.sectors import labels

    return f"{labels([str(code)], 'zh')[0]} {code}"


def _is_region(v) -> bool:
    """A GB/T 2260 province code (six digits ending 0000)."""
    text = str(v)
    return len(text) == 6 and text.isdigit() and text.endswith("0000")


def _named(v):
    """A GB/T 2260 province code as "江苏 320000"; anything else unchanged."""
    if _is_region(v):
        from hinterland.atlas import adcodes, labels

        text = str(v)
        if int(text) in set(adcodes()):
            return f"{labels([int(text)], 'zh')[0]} {text}"
    return v


def frame_out(frame: pd.DataFrame, fmt: Fmt, title: str, top: int | None = None) -> None:
    """Print a frame, its first ``top`` rows in the table format, a MultiIndex flattened."""
    import pandas as pd

    if top is not None and fmt is Fmt.table:
        frame = frame.head(top)
    if isinstance(frame.index, pd.MultiIndex):
        frame = frame.reset_index().set_index(frame.index.names[0])
    emit_frame(frame, fmt, title)
