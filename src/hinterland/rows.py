"""One validated-row reader for the CSV files the package and its users give.

A loader declares its layout, one :class:`Column` per column (name, kind, whether the column
and its cells are required, bounds or choices) and the unique key, and gets a typed frame, or
a :class:`~hinterland.errors.DataError` naming the file, the row as the user counts it (the
header is line 1, so the first data row is line 2; a frame given in memory names rows by
position: ``edges row 0``), the column and the value at fault::

    SITES = Layout(
        (Column("site"), Column("electricity_price", "number", required=False, low=0.0)),
        key=("site",),
    )
    rows = read_rows("sites.csv", SITES)      # rows.frame: site (str), electricity_price (float)

Kinds: ``text`` (stripped; empty is ``""``), ``number`` (finite float; empty is NaN),
``integer`` (a whole number, as ``Int64``; empty is ``NA``),
``adcode`` (a six-digit GB/T 2260 code, as ``Int64``; ``province``: one of the 31 provinces),
``yesno`` (yes/no, true/false, 1/0; empty is no) and ``choice`` (one of ``choices``).
Numbers are parsed column by column with pandas, so a file of many rows is checked at once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from hinterland.errors import DataError, ValidationError

__all__ = ["Column", "Layout", "Rows", "check_rows", "read_rows"]

Kind = Literal["text", "number", "integer", "adcode", "province", "yesno", "choice"]
KINDS = ("text", "number", "integer", "adcode", "province", "yesno", "choice")
_YES, _NO = {"yes", "y", "true", "1"}, {"no", "n", "false", "0", ""}
_ADCODE = re.compile(r"^\d{6}$")


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a layout.

    Parameters
    ----------
    name : str
        The column name in the header.
    kind : {"text", "number", "integer", "adcode", "province", "yesno", "choice"}, default "text"
    required : bool, default True
        Whether the column must be in the header.
    empty : bool, default True
        Whether a cell may be empty (``""``, NaN, ``NA``); ``False`` refuses it.
    low, high : float, optional
        Inclusive bounds of a ``number``.
    above : float, optional
        Exclusive lower bound of a ``number`` (``above=0``: > 0).
    choices : tuple of str
        The values a ``choice`` may take.
    """

    name: str
    kind: Kind = "text"
    required: bool = True
    empty: bool = True
    low: float | None = None
    high: float | None = None
    above: float | None = None
    choices: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValidationError(f"column {self.name!r}: kind {self.kind!r} is not one of {KINDS}")
        if (self.kind == "choice") != bool(self.choices):
            raise ValidationError(f"column {self.name!r}: choices go with kind 'choice' only")

    def bound(self) -> str:
        """The bounds of a number as text: ``>= 0``, ``> 0``, ``in [0, 1]`` or ``""``."""
        if self.low is not None and self.high is not None:
            return f"in [{self.low:g}, {self.high:g}]"
        if self.above is not None:
            return f"> {self.above:g}"
        if self.low is not None:
            return f">= {self.low:g}"
        if self.high is not None:
            return f"<= {self.high:g}"
        return ""


@dataclass(frozen=True, slots=True)
class Layout:
    """The columns of a file, its unique key and what else it may hold.

    Parameters
    ----------
    columns : tuple of Column
    key : tuple of str
        Columns whose values together are unique (a repeat names both rows).
    extra : bool, default True
        Whether columns not in ``columns`` are allowed (kept as text).
    one_of : tuple of str
        At least one of these (optional) columns must be present.
    hint : str
        Appended to a column error (``"see docs/corridors-data.md"``).
    """

    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    extra: bool = True
    one_of: tuple[str, ...] = ()
    hint: str = ""

    def names(self) -> list[str]:
        """The declared column names, in order."""
        return [c.name for c in self.columns]


@dataclass(frozen=True, slots=True)
class Rows:
    """A validated table: the typed frame and how to name its rows in messages.

    ``frame`` keeps the file's row order (a 0-based ``RangeIndex``) and its columns; declared
    columns are typed, others stay text. ``at(i)`` names row ``i`` as the user counts it.
    """

    name: str
    frame: pd.DataFrame
    csv: bool = True
    text: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)

    def at(self, i: int) -> str:
        """Name row ``i`` (0-based): ``edges.csv line 7`` in a file, ``edges row 5`` in a frame."""
        return f"{self.name} line {i + 2}" if self.csv else f"{self.name} row {i}"

    def fail(self, i: int, message: str) -> DataError:
        """A :class:`DataError` about row ``i``: ``"<file> line <n>: <message>"``."""
        return DataError(f"{self.at(i)}: {message}")


def read_rows(path: str | Path, layout: Layout, *, comment: str | None = "#") -> Rows:
    """Read a CSV file and validate it against ``layout``.

    Lines beginning with ``comment`` are dropped (``None`` keeps them). The file is read by
    :func:`hinterland.atlas._files.read_text_csv` (missing, empty, binary, non-UTF-8, a
    repeated column name: one error naming the file).

    Raises
    ------
    DataError
        Naming the file, the line, the column and the value at fault.
    """
    from hinterland.atlas._files import read_text_csv

    path = Path(path)
    return check_rows(read_text_csv(path, comment=comment), layout, name=str(path), csv=True)


def check_rows(frame: pd.DataFrame, layout: Layout, *, name: str, csv: bool = False) -> Rows:
    """Validate a frame (text or numbers) against ``layout``; rows named by position.

    ``csv=True`` names rows by line (header = line 1), as :func:`read_rows` does.

    Raises
    ------
    DataError
        Naming ``name``, the row, the column and the value at fault.
    """
    cols = [str(c).strip() for c in frame.columns]
    hint = f" ({layout.hint})" if layout.hint else ""
    missing = [c.name for c in layout.columns if c.required and c.name not in cols]
    if missing:
        raise DataError(f"{name}: missing column(s) {missing}; found {cols}{hint}")
    if not layout.extra:
        unknown = [c for c in cols if c not in layout.names()]
        if unknown:
            raise DataError(
                f"{name}: unknown column(s) {unknown}; expected {', '.join(layout.names())}{hint}"
            )
    if layout.one_of and not any(c in cols for c in layout.one_of):
        raise DataError(
            f"{name}: needs one or more of the columns {', '.join(layout.one_of)}; found {cols}"
            f"{hint}"
        )
    text = frame.set_axis(cols, axis=1).reset_index(drop=True).map(_text).astype(str)
    rows = Rows(name, text.copy(), csv, text)
    typed = {c.name: _typed(rows, c) for c in layout.columns if c.name in cols}
    out = text.assign(**typed) if typed else text
    rows = Rows(name, out, csv, text)
    if layout.key:
        _unique(rows, list(layout.key))
    return rows


def _text(value: Any) -> str:
    """A cell as stripped text; NaN, None and NA are empty."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))  # adcodes and ids read as floats stay integers
    return str(value).strip()


def _first(mask: np.ndarray) -> int:
    return int(np.argmax(mask))


def _typed(rows: Rows, col: Column) -> pd.Series | np.ndarray | pd.api.extensions.ExtensionArray:
    s = rows.text[col.name]
    blank = (s == "").to_numpy()
    if not col.empty and blank.any():
        i = _first(blank)
        give = f"; give a number {col.bound()}".rstrip() if col.kind == "number" else ""
        raise rows.fail(i, f"{col.name} is empty{give}")
    if col.kind == "text":
        return s
    if col.kind == "number":
        return _numbers(rows, col, s, blank)
    if col.kind == "integer":
        v = _numbers(rows, col, s, blank)
        whole = np.isnan(v) | (v == np.round(v))
        if not whole.all():
            i = _first(~whole)
            raise rows.fail(i, f"{col.name} = {s.iat[i]!r} is not a whole number")
        return pd.array([pd.NA if np.isnan(x) else int(x) for x in v], dtype="Int64")
    if col.kind in ("adcode", "province"):
        return _adcodes(rows, col, s, blank)
    if col.kind == "yesno":
        low = s.str.lower()
        bad = ~low.isin(_YES | _NO).to_numpy()
        if bad.any():
            i = _first(bad)
            raise rows.fail(i, f"{col.name} = {s.iat[i]!r} must be yes or no")
        return low.isin(_YES).to_numpy()
    bad = ~(s.isin(col.choices).to_numpy() | blank)
    if bad.any():
        i = _first(bad)
        raise rows.fail(i, f"{col.name} = {s.iat[i]!r} is not one of {', '.join(col.choices)}")
    return s


def _numbers(rows: Rows, col: Column, s: pd.Series, blank: np.ndarray) -> np.ndarray:
    values = pd.to_numeric(s.str.replace(",", "", regex=False).where(~blank), errors="coerce")
    v = values.to_numpy(dtype=float)
    unparsed = np.isnan(v) & ~blank & ~s.str.lower().isin(["nan", "-nan", "+nan"]).to_numpy()
    if unparsed.any():
        i = _first(unparsed)
        raise rows.fail(i, f"{col.name} = {s.iat[i]!r} is not a number")
    ok = np.isfinite(v) | blank
    with np.errstate(invalid="ignore"):
        if col.low is not None:
            ok &= ~(v < col.low)
        if col.high is not None:
            ok &= ~(v > col.high)
        if col.above is not None:
            ok &= ~(v <= col.above)
    if not ok.all():
        i = _first(~ok)
        bound = col.bound()
        if math.isfinite(v[i]) and col.low is not None and col.high is not None:
            raise rows.fail(i, f"{col.name} = {s.iat[i]!r} is outside [{col.low:g}, {col.high:g}]")
        raise rows.fail(i, f"{col.name} = {s.iat[i]!r} must be a finite number {bound}".rstrip())
    return v


def _adcodes(rows: Rows, col: Column, s: pd.Series, blank: np.ndarray):
    bad = ~(s.str.fullmatch(_ADCODE.pattern).fillna(False).to_numpy() | blank)
    if bad.any():
        i = _first(bad)
        raise rows.fail(i, f"{col.name} = {s.iat[i]!r} is not a six-digit GB/T 2260 code")
    codes = pd.array([int(t) if t else pd.NA for t in s], dtype="Int64")
    if col.kind == "province":
        from hinterland.atlas import adcodes

        known = set(adcodes())
        bad = np.array([t != "" and int(t) not in known for t in s], dtype=bool)
        if bad.any():
            i = _first(bad)
            raise rows.fail(i, f"{col.name} = {s.iat[i]!r} is not a province")
    return codes


def _unique(rows: Rows, cols: list[str]) -> None:
    """Raise on the first repeated key (one or more columns), naming both rows."""
    f = rows.frame
    dup = f.duplicated(cols, keep="first").to_numpy()
    if not dup.any():
        return
    i = _first(dup)
    keys: list[tuple] = list(zip(*(rows.text[c] for c in cols), strict=True))
    first = keys.index(keys[i])
    shown = keys[i][0] if len(cols) == 1 else keys[i]
    raise rows.fail(i, f"duplicate {'/'.join(cols)} {shown!r} (first at {rows.at(first)})")


def columns_in(rows: Rows, names: Iterable[str]) -> list[str]:
    """The columns of ``names`` that ``rows`` holds, in the order given."""
    return [n for n in names if n in rows.frame.columns]
