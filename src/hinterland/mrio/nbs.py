r"""Read a national NBS input-output table in the competitive-import layout (42 sectors).

The layout is that of the NBS flow tables (《中国投入产出表》, 42 products, 万元 at producers'
prices) as converted to CSV in ``../shared/data/nbs_io/nbs_io_<year>_42_flows.csv``: one row per
product (``01``..``42``) and the total rows ``TII``, ``VA001``..``VA004``, ``TVA``, ``TI``;
columns ``code, name_zh, name_en``, one column per using sector, ``TIU``, the final-use columns
(``TC`` final consumption, ``FU201`` gross fixed capital formation, ``FU202`` changes in
inventories, ``EX`` exports), ``IM`` imports (positive, subtracted) and ``GO`` gross output.
Row identity: ``GO = TIU + TC + FU201 + FU202 + EX - IM``; column identity ``TI = TII + TVA``.

Values are converted to 亿元 (1 亿元 = 10,000 万元) on reading. Every cell is checked: a missing
row or column, a non-number, a negative flow, or an identity that fails is a
:class:`~hinterland.errors.DataError` naming the file, the row and the column.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from hinterland.errors import DataError

__all__ = ["FINAL_COLUMNS", "NationalIO", "read_nbs_flows"]

FINAL_COLUMNS = ("TC", "FU201", "FU202", "EX", "IM", "GO")
"""Final-use and total columns read from an NBS flow table."""
WAN_TO_YI = 1e-4
"""万元 -> 亿元."""
IDENTITY_RTOL = 1e-6


@dataclass(frozen=True, slots=True)
class NationalIO:
    """A national competitive-import table in 亿元.

    Attributes
    ----------
    sectors, names_zh, names_en : product codes and names, in table order.
    Z : (S, S) intermediate use (domestic and imported products together).
    consumption, gfcf, inventories, exports, imports, output : (S,) final-use columns, imports
        (positive) and gross output ``x``.
    va : (S,) total value added (row ``TVA``).
    year : int
    source : str
        The publication and the file it was read from.
    """

    sectors: tuple[str, ...]
    names_zh: tuple[str, ...]
    names_en: tuple[str, ...]
    Z: np.ndarray
    consumption: np.ndarray
    gfcf: np.ndarray
    inventories: np.ndarray
    exports: np.ndarray
    imports: np.ndarray
    output: np.ndarray
    va: np.ndarray
    year: int
    source: str

    def __post_init__(self) -> None:
        n = len(self.sectors)
        if self.Z.shape != (n, n):
            raise DataError(f"national table: Z is {self.Z.shape}, expected ({n}, {n})")
        for name in ("consumption", "gfcf", "inventories", "exports", "imports", "output", "va"):
            if getattr(self, name).shape != (n,):
                raise DataError(f"national table: column {name} does not have {n} rows")

    @property
    def A(self) -> np.ndarray:
        """Technical coefficients ``Z / x`` (competitive: domestic and imported inputs)."""
        return self.Z / self.output[None, :]

    @property
    def va_ratio(self) -> np.ndarray:
        """Value added per unit of output, ``TVA / x``."""
        return self.va / self.output

    @property
    def import_share(self) -> np.ndarray:
        r"""Imported share of each product's use, :math:`\mu_i = IM_i / (TIU_i + TC_i + FU201_i)`.

        The proportional import assumption: every intermediate user, consumer and investor
        buys the same imported share of a product; changes in inventories are domestic goods.
        With it the domestic row identity holds exactly:
        :math:`(1 - \mu_i)(TIU_i + TC_i + FU201_i) + FU202_i + EX_i = GO_i`.
        """
        use = self.Z.sum(axis=1) + self.consumption + self.gfcf
        return self.imports / use


def _number(text: str, where: str) -> float:
    t = str(text).replace(",", "").strip()
    if t == "":
        return 0.0
    try:
        value = float(t)
    except ValueError:
        raise DataError(f"{where}: not a number ({t!r})") from None
    if not np.isfinite(value):
        raise DataError(f"{where}: not a finite number ({t!r})")
    return value


def _balances(got: np.ndarray, x: np.ndarray, message: str, sectors: list[str], path) -> None:
    """Raise DataError (``path: message`` with sector, output, sum) where ``got`` misses ``x``."""
    bad = np.abs(got - x) > IDENTITY_RTOL * np.maximum(np.abs(x), 1.0)
    if bad.any():
        i = int(np.argmax(bad))
        raise DataError(f"{path}: " + message.format(repr(sectors[i]), x[i], got[i]))


def read_nbs_flows(path: str | Path, *, year: int | None = None, source: str = "") -> NationalIO:
    """Read an NBS 42-sector competitive flow table (CSV, 万元) into a :class:`NationalIO`.

    Parameters
    ----------
    path : the CSV file (layout in the module docstring).
    year : the table's year; by default read from a file name such as ``nbs_io_2020_42_flows.csv``.
    source : the publication to cite; a default naming NBS and the file is used otherwise.

    Raises
    ------
    DataError
        Naming the file and the row and column at fault.
    """
    import pandas as pd

    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: national table not found (or not a file)")
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataError(f"{path}: not a readable UTF-8 CSV ({exc.__class__.__name__})") from None
    if "code" not in raw.columns:
        raise DataError(f"{path}: missing column 'code'")
    raw["code"] = raw["code"].str.strip()
    if raw["code"].duplicated().any():
        raise DataError(f"{path}: row {raw['code'][raw['code'].duplicated()].iloc[0]!r} twice")
    rows = raw.set_index("code")
    sectors = [c for c in rows.index if c.isdigit() and c in rows.columns]
    if len(sectors) < 2:
        raise DataError(f"{path}: no sector appears both as a row and as a column")
    missing = [c for c in (*FINAL_COLUMNS, "TIU") if c not in rows.columns]
    if missing:
        raise DataError(f"{path}: missing column(s) {missing}")
    if "TVA" not in rows.index:
        raise DataError(f"{path}: missing row 'TVA' (total value added)")

    def cell(r: str, c: str) -> float:
        return _number(rows.at[r, c], f"{path}: row {r!r}, column {c!r}")

    Z = np.array([[cell(r, c) for c in sectors] for r in sectors]) * WAN_TO_YI
    if (Z < 0).any():
        i, j = np.argwhere(Z < 0)[0]
        raise DataError(f"{path}: negative flow in row {sectors[i]!r}, column {sectors[j]!r}")
    cols = {c: np.array([cell(r, c) for r in sectors]) * WAN_TO_YI for c in FINAL_COLUMNS}
    va = np.array([cell("TVA", c) for c in sectors]) * WAN_TO_YI
    x = cols["GO"]
    if (x <= 0).any():
        j = int(np.argmax(x <= 0))
        raise DataError(f"{path}: row {sectors[j]!r}, column 'GO': output must be > 0")
    rhs = Z.sum(axis=1) + cols["TC"] + cols["FU201"] + cols["FU202"] + cols["EX"] - cols["IM"]
    _balances(rhs, x, "row {} does not balance: GO {:.6g} but TIU + final use - IM = {:.6g} (亿元)",
              sectors, path)  # fmt: skip
    col = Z.sum(axis=0) + va
    _balances(col, x, "column {} does not balance: output {:.6g} but intermediate input + TVA = "
              "{:.6g} (亿元)", sectors, path)  # fmt: skip
    if year is None:
        digits = [p for p in path.stem.split("_") if p.isdigit() and len(p) == 4]
        if not digits:
            raise DataError(f"{path}: give the table's year (--year); none in the file name")
        year = int(digits[0])
    names_zh = tuple(rows.loc[sectors, "name_zh"]) if "name_zh" in rows.columns else tuple(sectors)
    names_en = tuple(rows.loc[sectors, "name_en"]) if "name_en" in rows.columns else tuple(sectors)
    return NationalIO(
        sectors=tuple(sectors),
        names_zh=names_zh,
        names_en=names_en,
        Z=Z,
        consumption=cols["TC"],
        gfcf=cols["FU201"],
        inventories=cols["FU202"],
        exports=cols["EX"],
        imports=cols["IM"],
        output=x,
        va=va,
        year=int(year),
        source=source
        or f"国家统计局《中国投入产出表{year}》42部门 (competitive layout; {path.name})",
    )
