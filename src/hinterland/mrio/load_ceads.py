"""Read the CEADs China multi-regional input-output workbook (layout in :func:`from_ceads`).

Provinces become GB/T 2260 adcodes, sectors their two-digit codes; the result is a validated
:class:`~hinterland.mrio.table.MRIO`.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from hinterland.atlas import resolve
from hinterland.errors import DataError, ValidationError
from hinterland.mrio._load_common import _need, _prefixed
from hinterland.mrio.table import DEFAULT_RTOL, MRIO

__all__ = ["CEADS_SHEETS", "from_ceads"]

CEADS_SHEETS = {2015: "Table", 2017: "Table_2017", 2018: "Table_2018", 2020: "Table_2020"}
"""Sheet of each year in the CEADs workbooks."""


_PROVINCE_ALIASES = {
    "shannxi": 610000,  # the CEADs English sheet's spelling of Shaanxi
    "shaanxi": 610000,
    "xizang": 540000,
    "tibet": 540000,
    "inner mongolia": 150000,
    "innermongolia": 150000,
    "nei mongol": 150000,
    "neimenggu": 150000,
    "guangxi zhuang": 450000,
    "ningxia hui": 640000,
    "xinjiang uygur": 650000,
    "xinjiang uyghur": 650000,
}


def _province(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return resolve(str(value).strip())
    except ValidationError:
        key = " ".join(str(value).replace("_", " ").split()).casefold()
        for suffix in (" autonomous region", " province", " municipality"):
            key = key.removesuffix(suffix)
        return _PROVINCE_ALIASES.get(key)


def _code(value: Any) -> str | None:
    """Return a sector code as text ('01'), or None if the cell holds no code."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return f"{int(value):02d}" if float(value).is_integer() and value >= 0 else None
    text = str(value).strip()
    return text or None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class _Sheet:
    """The cells of one worksheet (0-based indices) and how to name a place in it."""

    def __init__(self, path: Path, name: str, rows: list[tuple]):
        self.path, self.name, self.rows = path, name, rows

    def cell(self, r: int, c: int) -> Any:
        row = self.rows[r] if r < len(self.rows) else ()
        return row[c] if c < len(row) else None

    def ref(self, r: int, c: int) -> str:
        from openpyxl.utils import get_column_letter

        return f"{get_column_letter(c + 1)}{r + 1}"

    def fail(self, r: int | None, c: int | None, what: str) -> DataError:
        place = f"{self.path.name}, sheet {self.name!r}"
        if r is not None and c is not None:
            place += f", cell {self.ref(r, c)}"
        elif r is not None:
            place += f", row {r + 1}"
        return DataError(f"{place}: {what}")


def _pick_sheet(names: list[str], sheet: str | None, year: int | None, path: Path) -> str:
    if sheet is not None:
        if sheet not in names:
            raise DataError(f"{path.name}: no sheet {sheet!r}; sheets: {names}")
        return sheet
    if year is not None:
        for cand in (f"Table_{year}", CEADS_SHEETS.get(year)):
            if cand in names:
                return cand
    found = [n for n in names if n == "Table" or re.fullmatch(r"Table_\d{4}", n)]
    if len(found) == 1:
        return found[0]
    if len(names) == 1:
        return names[0]
    raise DataError(f"{path.name}: cannot tell which sheet to read among {names}; pass sheet=")


def _sheet_year(ws: _Sheet, year: int | None) -> int:
    if year is not None:
        return int(year)
    m = re.fullmatch(r"Table_(\d{4})", ws.name)
    if m:
        return int(m.group(1))
    title = " ".join(str(v) for v in (ws.rows[0] if ws.rows else ()) if not _blank(v))
    m = re.search(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)", title)
    if m:
        return int(m.group(1))
    raise ws.fail(0, None, "cannot tell the year from the sheet name or the title row; pass year=")


def from_ceads(
    path: str | Path,
    *,
    sheet: str | None = None,
    year: int | None = None,
    unit: str = "10k yuan",
    blank_as_zero: bool = False,
    rtol: float = DEFAULT_RTOL,
) -> MRIO:
    """Read a CEADs China multi-regional input-output table from its Excel workbook.

    Layout (Excel rows and columns; 31 provinces x 42 sectors in the published tables, here
    ``P`` provinces x ``S`` sectors with ``F`` final-use categories, all read from the sheet):

    - rows 1-4, the header: a title; the province of each column block (written once at the
      block's first column, forward-filled); sector names (final-use category names over the
      final-use blocks); sector codes (``01``-``42``);
    - from row 5, ``P x S`` province-sector rows: column A the province (forward-filled),
      B the sector name, C the sector code; the rows run while column C holds a code;
    - columns from D: ``P x S`` intermediate-use columns (blocks in the row order of the
      provinces, sectors in the row order of the codes), then ``P`` final-use blocks of ``F``
      columns (5 in CEADs: e.g. rural and urban household consumption, government
      consumption, fixed capital formation, changes in inventories), then exports, then total
      output (the last used column);
    - below the province-sector rows: imports, value added, total input.

    Provinces are mapped to GB/T 2260 adcodes from Chinese or English names (the English sheet's
    ``Shannxi`` is Shaanxi 610000; ``Inner Mongolia``, ``Tibet``/``Xizang`` are recognised).
    Sectors are keyed by their code; names go to ``meta["sector_names"]``.

    Parameters
    ----------
    path : str or Path
        The .xlsx workbook.
    sheet : str, optional
        Sheet to read. Default: ``Table_<year>`` (or ``CEADS_SHEETS[year]``) if ``year`` is
        given, else the one sheet named ``Table`` or ``Table_<yyyy>``.
    year : int, optional
        Reference year. Default: from the sheet name, else from the title row.
    unit : str, default "10k yuan"
        Unit of the flows (CEADs publishes in 万元).
    blank_as_zero : bool, default False
        Read empty data cells as 0 (otherwise an empty cell is an error that names it).
    rtol : float, default 1e-6
        Tolerance of the accounting identities and of total input against total output.

    Returns
    -------
    MRIO
        A survey-based table (``estimate=False``).

    Raises
    ------
    DataError
        Naming the file, sheet, cell and value at fault: a missing header row, a province name
        not recognised, a column block of the wrong width, a code out of order, a non-numeric
        or empty cell, total input differing from total output, or a failed identity.
    """
    path = Path(path)
    openpyxl = _need("openpyxl")
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DataError(f"{path}: cannot be read as an .xlsx workbook ({exc})") from None
    try:
        name = _pick_sheet(list(wb.sheetnames), sheet, year, path)
        rows = [tuple(r) for r in wb[name].iter_rows(values_only=True)]
    finally:
        wb.close()
    ws = _Sheet(path, name, rows)
    year = _sheet_year(ws, year)
    provinces, codes, sector_names, first_rows = _ceads_rows(ws)
    P, S = len(provinces), len(codes)
    n = P * S
    F, categories = _ceads_columns(ws, provinces, codes, first_rows)
    c_y, c_e = 3 + n, 3 + n + P * F
    r_aux = 4 + n
    if len(ws.rows) < r_aux + 3:
        raise ws.fail(
            None,
            None,
            f"the sheet ends at row {len(ws.rows)}; expected imports, value added and total "
            f"input in rows {r_aux + 1}-{r_aux + 3}, below the {n} province-sector rows",
        )

    def numbers(r0, r1, c0, c1) -> np.ndarray:
        out = np.empty((r1 - r0, c1 - c0))
        for i in range(r0, r1):
            row = ws.rows[i]
            for j in range(c0, c1):
                val = row[j] if j < len(row) else None
                if isinstance(val, int | float) and not isinstance(val, bool):
                    out[i - r0, j - c0] = val
                elif _blank(val) and blank_as_zero:
                    out[i - r0, j - c0] = 0.0
                else:
                    row_is = _row_label(i, n, codes, provinces)
                    col_is = _col_label(j, n, P, S, F, provinces, codes, categories)
                    raise ws.fail(
                        i, j, f"expected a number, found {val!r} (row {row_is}, column {col_is})"
                    )
        if not np.isfinite(out).all():
            i, j = np.argwhere(~np.isfinite(out))[0]
            raise ws.fail(r0 + i, c0 + j, f"expected a finite number, found {out[i, j]!r}")
        return out

    Z = numbers(4, 4 + n, 3, 3 + n)
    Y = numbers(4, 4 + n, c_y, c_e)
    e = numbers(4, 4 + n, c_e, c_e + 1).ravel()
    x = numbers(4, 4 + n, c_e + 1, c_e + 2).ravel()
    m = numbers(r_aux, r_aux + 1, 3, 3 + n).ravel()
    v = numbers(r_aux + 1, r_aux + 2, 3, 3 + n).ravel()
    total_input = numbers(r_aux + 2, r_aux + 3, 3, 3 + n).ravel()
    gap = np.abs(total_input - x)
    bad = gap > rtol * np.maximum(np.abs(x), np.abs(total_input))
    if bad.any():
        k = int(np.argmax(np.where(bad, gap, -1.0)))
        raise ws.fail(
            r_aux + 2,
            3 + k,
            f"total input {total_input[k]!r} differs from total output {x[k]!r} in cell "
            f"{ws.ref(4 + k, c_e + 1)} (province {provinces[k // S]}, sector {codes[k % S]})",
        )
    meta = {
        "method": "survey-based MRIO published by CEADs (read from the workbook)",
        "file": path.name,
        "sheet": name,
        "sector_names": dict(zip(codes, sector_names, strict=True)),
        "final_demand_categories": list(categories),
        "reference": (
            "Chinese provincial multi-regional input-output database for 2012, 2015, and 2017. "
            "Scientific Data (2021)"
        ),
    }
    with _prefixed(f"{path.name}, sheet {name!r}"):
        return MRIO.from_arrays(
            Z,
            Y,
            x,
            v,
            regions=provinces,
            sectors=codes,
            categories=categories,
            exports=e,
            imports=m,
            unit=unit,
            year=year,
            source=f"CEADs China MRIO {year} ({path.name}, sheet {name})",
            estimate=False,
            meta=meta,
            rtol=rtol,
        )


def _row_label(i: int, n: int, codes, provinces) -> str:
    S = len(codes)
    k = i - 4
    if 0 <= k < n:
        return f"{provinces[k // S]}/{codes[k % S]}"
    return {0: "imports", 1: "value added", 2: "total input"}.get(k - n, f"row {i + 1}")


def _col_label(j: int, n, P, S, F, provinces, codes, categories) -> str:
    k = j - 3
    if 0 <= k < n:
        return f"{provinces[k // S]}/{codes[k % S]}"
    k -= n
    if 0 <= k < P * F:
        return f"final use {provinces[k // F]}/{categories[k % F]}"
    return "exports" if k == P * F else "total output"


def _ceads_rows(ws: _Sheet) -> tuple[list[int], list[str], list[str], list[int]]:
    """Read provinces, sector codes and names from the row labels; check the header start."""
    if len(ws.rows) < 5:
        raise ws.fail(
            None,
            None,
            f"{len(ws.rows)} rows; expected four header rows and data from row 5",
        )
    hint = (
        "; is a header row missing? The layout has four header rows (title, provinces, "
        "sector names, sector codes) and data from row 5"
    )
    if _province(ws.cell(1, 3)) is None:
        raise ws.fail(1, 3, f"expected the first province name, found {ws.cell(1, 3)!r}{hint}")
    first = _code(ws.cell(4, 2))
    if first is None:
        raise ws.fail(
            4, 2, f"expected the sector code of the first data row, found {ws.cell(4, 2)!r}{hint}"
        )
    if _code(ws.cell(3, 3)) != first:
        raise ws.fail(
            3,
            3,
            f"expected sector code {first!r} (header row 4 holds the sector codes "
            f"of the columns), found {ws.cell(3, 3)!r}{hint}",
        )
    provinces: list[int] = []
    first_rows: list[int] = []
    per: list[list[str]] = []
    names: list[str] = []
    current = None
    r = 4
    while r < len(ws.rows) and _code(ws.cell(r, 2)) is not None:
        raw = ws.cell(r, 0)
        if not _blank(raw):
            code = _province(raw)
            if code is None:
                raise ws.fail(r, 0, f"{raw!r} is not a province name (Chinese or English)")
            if code != current:
                if code in provinces:
                    raise ws.fail(
                        r, 0, f"province {raw!r} appears again; its rows must be contiguous"
                    )
                provinces.append(code)
                first_rows.append(r)
                per.append([])
                current = code
        elif current is None:
            raise ws.fail(r, 0, "expected the province of the first data row, found an empty cell")
        per[-1].append(_code(ws.cell(r, 2)))
        if len(provinces) == 1:
            names.append("" if _blank(ws.cell(r, 1)) else str(ws.cell(r, 1)).strip())
        r += 1
    codes = per[0]
    S = len(codes)
    if len(set(codes)) != len(codes):
        raise ws.fail(None, None, f"sector codes repeat within the first province: {codes}")
    for p, got in enumerate(per):
        if got != codes:
            last = first_rows[p] + len(got)
            raise ws.fail(
                None,
                None,
                f"rows {first_rows[p] + 1}-{last} (province {provinces[p]}) have sector codes "
                f"{got}; expected {codes} as in rows {first_rows[0] + 1}-{first_rows[0] + S}",
            )
    return provinces, codes, names, first_rows


def _ceads_columns(ws: _Sheet, provinces, codes, first_rows) -> tuple[int, list[str]]:
    """Check the column header against the rows; return final-use width and categories."""
    P, S = len(provinces), len(codes)
    n = P * S
    data = ws.rows[4 : 4 + n]
    used = (
        max(max((j for j, val in enumerate(row) if not _blank(val)), default=-1) for row in data)
        + 1
    )
    header2 = [ws.cell(1, j) for j in range(used)]
    starts, prev = [], None  # a block starts where the row-2 name changes (forward fill)
    for j in range(3, used):
        if not _blank(header2[j]):
            if str(header2[j]).strip() != prev:
                starts.append(j)
            prev = str(header2[j]).strip()
    rows_of = {p: f"rows {first_rows[p] + 1}-{first_rows[p] + S}" for p in range(P)}
    for p in range(P):
        expect = 3 + p * S
        got = starts[p] if p < len(starts) else None
        if got != expect:
            if p == 0:
                raise ws.fail(1, 3, "expected the first province name of the intermediate block")
            begin = starts[p - 1]
            width = (got if got is not None else used) - begin
            raise ws.fail(
                1,
                begin,
                f"the column block of {header2[begin]!r} spans {width} columns; expected {S} "
                f"(one per sector, as in {rows_of[p - 1]})",
            )
        code = _province(header2[got])
        if code != provinces[p]:
            raise ws.fail(
                1,
                got,
                f"column block {p + 1} is {header2[got]!r}; expected province "
                f"{provinces[p]} as in {rows_of[p]} (blocks follow the row "
                "order)",
            )
        for s in range(S):
            j = got + s
            if _code(ws.cell(3, j)) != codes[s]:
                raise ws.fail(
                    3,
                    j,
                    f"expected sector code {codes[s]!r} in the block of "
                    f"{header2[got]!r}, found {ws.cell(3, j)!r}",
                )
    if len(starts) > P and (starts[P] < 3 + n or _province(header2[starts[P]]) is not None):
        begin = starts[P - 1]
        if starts[P] != 3 + n:
            raise ws.fail(
                1,
                begin,
                f"the column block of {header2[begin]!r} spans {starts[P] - begin} columns; "
                f"expected {S} (one per sector, as in {rows_of[P - 1]})",
            )
    rest = used - 3 - n
    if rest < P + 2 or (rest - 2) % P:
        raise ws.fail(
            None,
            None,
            f"{rest} columns after the {n} intermediate-use columns (from "
            f"{ws.ref(3, 3 + n)}); expected {P} final-use blocks of equal width, then exports "
            "and total output",
        )
    F = (rest - 2) // P
    c0 = 3 + n
    categories = []
    for k in range(F):
        label = ws.cell(2, c0 + k)
        label = ws.cell(3, c0 + k) if _blank(label) else label
        categories.append(f"final use {k + 1}" if _blank(label) else str(label).strip())
    if len(set(categories)) != F:
        raise ws.fail(2, c0, f"final-use category names repeat within a block: {categories}")
    for p in range(P):
        j0 = c0 + p * F
        head = header2[j0]
        if _province(head) not in (None, provinces[p]):  # a label such as 最终使用 is fine
            raise ws.fail(
                1,
                j0,
                f"final-use block {p + 1} is {head!r}; expected province "
                f"{provinces[p]} (blocks of {F} columns, in the row order)",
            )
        for j in range(j0 + 1, j0 + F):
            if _province(header2[j]) not in (None, provinces[p]):
                raise ws.fail(
                    1,
                    j,
                    f"final-use block of {head!r} is cut short by "
                    f"{header2[j]!r}; expected {F} columns per province",
                )
        for k in range(F):
            label = ws.cell(2, j0 + k)
            label = ws.cell(3, j0 + k) if _blank(label) else label
            if not _blank(label) and str(label).strip() != categories[k]:
                raise ws.fail(
                    2,
                    j0 + k,
                    f"final-use category {label!r}; expected "
                    f"{categories[k]!r} as in the first block",
                )
    return F, categories
