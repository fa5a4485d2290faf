"""Read and write MRIO tables: a CSV folder, pymrio systems, and the CEADs China MRIO workbook.

All readers end in :class:`~hinterland.mrio.table.MRIO`, so a table read from any format has
passed the same validation (labels, signs, accounting identities, productivity).

CSV folder layout
-----------------
A folder holding UTF-8 CSV files and one YAML file::

    meta.yaml     unit, year, source, estimate (all four required); optional:
                  meta (a mapping: method, assumptions ...), labels (see below)
    Z.csv         intermediate flows, wide (or Z_long.csv, long, for large sparse tables)
    Y.csv         final demand, wide
    x.csv         total output             columns: region,sector,x
    v.csv         value added              columns: region,sector,v
    exports.csv   optional, exports to the rest of the world by row;  region,sector,exports
    imports.csv   optional, imports from the rest of the world by column; region,sector,imports

The wide files are pandas' layout for a frame with a MultiIndex on both axes: the first two
columns are the row labels ``region,sector``; the first two lines hold the column labels (line
1: ``region,,`` then the region of each column; line 2: ``sector,,`` (``category,,`` in Y.csv)
then the sector or category of each column); line 3 is ``region,sector`` followed by empty
cells; data start on line 4. For example, two provinces with two sectors::

    region,,110000,110000,120000,120000
    sector,,01,02,01,02
    region,sector,,,,
    110000,01,10.5,2.0,0.3,0.0
    ...

``pandas.read_csv(path, header=[0, 1], index_col=[0, 1])`` reads such a file. ``Z_long.csv``
has the columns ``region,sector,to_region,to_sector,value`` (one line per non-zero flow from
row (region, sector) to column (to_region, to_sector)); a folder with it is read as a sparse
table, in the row order of ``x.csv``.

Labels are read as text. ``labels:`` in meta.yaml says which to turn into integers, e.g.
``labels: {region: int, sector: str, category: str}`` (written by :func:`write_csv_dir`);
without it, a level whose every label is a canonical integer (``110000``, not ``01``) becomes
integer, so adcodes come back as ``int`` and sector codes such as ``01`` stay text.

pymrio
------
:func:`to_pymrio` writes x, Z and Y under pymrio's names, value added and imports as the rows
``"Value Added"`` and ``"Imports from rest of world"`` of a ``factor_inputs`` extension,
exports as a final-demand category ``"Exports to rest of world"`` (in the column block of the
exporting region), and unit, year, source, estimate, meta and the label lists in
``io.meta.metadata["hinterland"]``. :func:`from_pymrio` reads these back; on any other system
value added defaults to the balancing item ``x - 1'Z - imports`` (pymrio systems need not
carry a value-added row that closes the columns: the bundled test system's does not).

CEADs
-----
:func:`from_ceads` reads the CEADs China multi-regional input-output workbook; its layout is in
that function's docstring.
"""

from __future__ import annotations

import importlib
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml
from scipy import sparse

from hinterland.atlas import resolve
from hinterland.errors import DataError, ValidationError
from hinterland.mrio.table import DEFAULT_RTOL, MRIO, ROW_LEVELS, Y_LEVELS

__all__ = [
    "CEADS_SHEETS",
    "EXPORTS",
    "IMPORTS",
    "VALUE_ADDED",
    "from_ceads",
    "from_pymrio",
    "mrio_from_file",
    "mrio_to_file",
    "read_csv_dir",
    "to_pymrio",
    "write_csv_dir",
]

EXPORTS = "Exports to rest of world"
"""Final-demand category under which :func:`to_pymrio` writes exports."""
IMPORTS = "Imports from rest of world"
"""Row of the ``factor_inputs`` extension under which :func:`to_pymrio` writes imports."""
VALUE_ADDED = "Value Added"
"""Row of the ``factor_inputs`` extension holding value added (pymrio's own name)."""
CEADS_SHEETS = {2015: "Table", 2017: "Table_2017", 2018: "Table_2018", 2020: "Table_2020"}
"""Sheet of each year in the CEADs workbooks."""

_VECTORS = ("x", "v", "exports", "imports")


def _need(module: str):
    try:
        return importlib.import_module(module)
    except ImportError:
        raise ModuleNotFoundError(
            f"this reader needs the optional package {module!r}: pip install {module}"
        ) from None


def _plain(obj: Any) -> Any:
    """Return ``obj`` with numpy scalars, tuples and Paths turned into YAML/JSON-safe values."""
    if isinstance(obj, dict):
        return {str(_plain(k)): _plain(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_plain(v) for v in obj]
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, Path):
        return str(obj)
    return obj


@contextmanager
def _prefixed(where: str) -> Iterator[None]:
    """Re-raise a DataError with ``where`` (file, folder, sheet) in front of its message."""
    try:
        yield
    except DataError as exc:
        if str(exc).startswith(where):
            raise
        raise DataError(f"{where}: {exc}") from None


# --- CSV folder ----------------------------------------------------------------------------

_INT_LABEL = re.compile(r"-?(0|[1-9][0-9]*)")


def _label_kind(values: list) -> str:
    if values and all(isinstance(a, int | np.integer) and not isinstance(a, bool) for a in values):
        return "int"
    return "str"


def _typed(labels: pd.Index, kind: str | None, file: str, level: str) -> pd.Index:
    text = [str(a).strip() for a in labels]
    if kind is None:
        kind = "int" if text and all(_INT_LABEL.fullmatch(a) for a in text) else "str"
    if kind == "str":
        return pd.Index(text, dtype=object)
    if kind != "int":
        raise DataError(f"meta.yaml: labels.{level} must be 'int' or 'str'; got {kind!r}")
    bad = [a for a in text if not _INT_LABEL.fullmatch(a)]
    if bad:
        raise DataError(f"{file}: {level} label {bad[0]!r} is not an integer (labels.{level}: int)")
    return pd.Index([int(a) for a in text], dtype=object)


def _typed_multi(idx: pd.MultiIndex, names: tuple, kinds: dict, file: str) -> pd.MultiIndex:
    levels = [_typed(idx.get_level_values(i), kinds.get(n), file, n) for i, n in enumerate(names)]
    return pd.MultiIndex.from_arrays(levels, names=list(names))


def _numeric_frame(df: pd.DataFrame, file: str, first_line: int, first_col: int) -> pd.DataFrame:
    """Convert text cells to float, naming line and column of the first bad cell."""
    values = df.to_numpy(dtype=object)
    out = pd.DataFrame(
        pd.to_numeric(pd.Series(values.ravel()), errors="coerce").to_numpy().reshape(values.shape),
        index=df.index,
        columns=df.columns,
    )
    bad = out.isna().to_numpy()
    if bad.any():
        i, j = divmod(int(np.argmax(bad.ravel())), bad.shape[1])
        raise DataError(
            f"{file} line {first_line + i}, column {first_col + j + 1} "
            f"(row {df.index[i]!r}, column {df.columns[j]!r}): expected a number, found "
            f"{values[i, j]!r}"
        )
    return out.astype(float)


def _read_csv(path: Path, **kw) -> pd.DataFrame:
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8", **kw)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, ValueError, IndexError) as exc:
        raise DataError(f"{path}: cannot be read as the documented UTF-8 CSV ({exc})") from None


def _read_wide(path: Path, col_names: tuple, kinds: dict) -> pd.DataFrame:
    df = _read_csv(path, header=[0, 1], index_col=[0, 1])
    if not isinstance(df.columns, pd.MultiIndex) or df.columns.nlevels != 2:
        raise DataError(f"{path.name}: expected two header lines of column labels")
    if tuple(df.index.names) != ROW_LEVELS:
        raise DataError(
            f"{path.name} line 3: expected the row-label header 'region,sector'; got "
            f"{','.join(map(str, df.index.names))!r}"
        )
    df.index = _typed_multi(df.index, ROW_LEVELS, kinds, path.name)
    df.columns = _typed_multi(df.columns, col_names, kinds, path.name)
    return _numeric_frame(df, path.name, first_line=4, first_col=2)


def _read_vector(path: Path, name: str, kinds: dict) -> pd.Series:
    df = _read_csv(path)
    if list(df.columns) != ["region", "sector", name]:
        raise DataError(
            f"{path.name} line 1: expected columns region,sector,{name}; got "
            f"{','.join(map(str, df.columns))}"
        )
    idx = pd.MultiIndex.from_frame(df[["region", "sector"]])
    idx = _typed_multi(idx, ROW_LEVELS, kinds, path.name)
    vals = _numeric_frame(df[[name]].set_index(idx), path.name, first_line=2, first_col=2)
    return vals[name]


def _read_long(path: Path, idx: pd.MultiIndex, kinds: dict) -> sparse.csr_array:
    cols = ["region", "sector", "to_region", "to_sector", "value"]
    df = _read_csv(path)
    if list(df.columns) != cols:
        raise DataError(f"{path.name} line 1: expected columns {','.join(cols)}")
    rows = _typed_multi(pd.MultiIndex.from_frame(df[cols[:2]]), ROW_LEVELS, kinds, path.name)
    to = pd.MultiIndex.from_arrays([df["to_region"], df["to_sector"]], names=list(ROW_LEVELS))
    to = _typed_multi(to, ROW_LEVELS, kinds, path.name)
    vals = _numeric_frame(df[["value"]], path.name, first_line=2, first_col=4)["value"]
    i, j = idx.get_indexer(rows), idx.get_indexer(to)
    for pos, what, labels in ((i, "row", rows), (j, "column", to)):
        if (pos < 0).any():
            k = int(np.argmax(pos < 0))
            raise DataError(
                f"{path.name} line {k + 2}: {what} {labels[k]!r} is not a label of x.csv"
            )
    n = len(idx)
    return sparse.csr_array((vals.to_numpy(), (i, j)), shape=(n, n))


def read_csv_dir(path: str | Path, *, rtol: float = DEFAULT_RTOL) -> MRIO:
    """Read a table from a CSV folder (layout in the module docstring).

    Parameters
    ----------
    path : str or Path
        The folder.
    rtol : float, default 1e-6
        Tolerance of the accounting identities.

    Returns
    -------
    MRIO
        Dense if the folder holds ``Z.csv``, sparse if it holds ``Z_long.csv``.

    Raises
    ------
    DataError
        If a file is missing or malformed (naming file, line and column) or the table fails
        validation (message prefixed with the folder).
    """
    folder = Path(path)
    if not folder.is_dir():
        raise DataError(f"{folder}: not a folder (expected meta.yaml, Z.csv, Y.csv, x.csv, v.csv)")
    info = _read_meta_yaml(folder / "meta.yaml")
    kinds = info.get("labels") or {}
    if not isinstance(kinds, dict):
        raise DataError(f"{folder / 'meta.yaml'}: labels must be a mapping such as {{region: int}}")
    with _prefixed(str(folder)):
        for name in ("Y.csv", "x.csv", "v.csv"):
            if not (folder / name).exists():
                raise DataError(f"missing {name}")
        vec = {
            name: _read_vector(folder / f"{name}.csv", name, kinds)
            for name in _VECTORS
            if (folder / f"{name}.csv").exists()
        }
        Y = _read_wide(folder / "Y.csv", Y_LEVELS, kinds)
        common = {
            "unit": info["unit"],
            "year": info["year"],
            "source": info["source"],
            "estimate": info["estimate"],
            "meta": info.get("meta") or {},
            "rtol": rtol,
        }
        if (folder / "Z.csv").exists():
            Z = _read_wide(folder / "Z.csv", ROW_LEVELS, kinds)
            return MRIO.from_frames(
                Z,
                Y,
                vec["x"],
                vec["v"],
                exports=vec.get("exports"),
                imports=vec.get("imports"),
                **common,
            )
        if not (folder / "Z_long.csv").exists():
            raise DataError("missing Z.csv (or Z_long.csv)")
        idx = vec["x"].index
        Z = _read_long(folder / "Z_long.csv", idx, kinds)
        vec = {k: _reorder(s, idx) for k, s in vec.items()}
        return MRIO(
            Z=Z,
            Y=_reorder(Y, idx),
            x=vec["x"],
            v=vec["v"],
            exports=vec.get("exports"),
            imports=vec.get("imports"),
            **common,
        )


def _reorder(obj, idx: pd.MultiIndex):
    """Put ``obj`` rows in ``idx`` order if it holds the same labels (else leave it to MRIO)."""
    same = len(obj.index) == len(idx) and obj.index.difference(idx).empty
    return obj.reindex(idx) if same and not obj.index.equals(idx) else obj


def _read_meta_yaml(path: Path) -> dict:
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataError(f"{path}: cannot be read ({exc.strerror})") from None
    except yaml.YAMLError:
        raise DataError(f"{path}: not valid YAML") from None
    if not isinstance(doc, dict):
        raise DataError(f"{path}: expected a mapping with unit, year, source, estimate")
    missing = [k for k in ("unit", "year", "source", "estimate") if k not in doc]
    if missing:
        raise DataError(f"{path}: missing key(s) {', '.join(missing)}")
    return doc


def write_csv_dir(mrio: MRIO, path: str | Path, *, z_layout: str | None = None) -> Path:
    """Write a table as a CSV folder (layout in the module docstring); return the folder.

    Parameters
    ----------
    mrio : MRIO
        The table.
    path : str or Path
        The folder; created if need be, files in it overwritten.
    z_layout : {"wide", "long"}, optional
        ``Z.csv`` (wide) or ``Z_long.csv`` (non-zero flows only). Default: long for a sparse
        table, wide otherwise.
    """
    folder = Path(path)
    layout = z_layout or ("long" if mrio.is_sparse else "wide")
    if layout not in ("wide", "long"):
        raise ValidationError(f"z_layout must be 'wide' or 'long'; got {z_layout!r}")
    folder.mkdir(parents=True, exist_ok=True)
    for stale in ("Z.csv", "Z_long.csv"):
        (folder / stale).unlink(missing_ok=True)
    idx = mrio.index
    if layout == "wide":
        Z = mrio.Z if not mrio.is_sparse else pd.DataFrame(mrio.Z.toarray(), idx, idx)
        Z.to_csv(folder / "Z.csv")
    else:
        coo = mrio.Z_sparse.tocoo()
        coo.sum_duplicates()
        order = np.lexsort((coo.col, coo.row))
        r, c = coo.row[order], coo.col[order]
        pd.DataFrame(
            {
                "region": idx.get_level_values(0)[r],
                "sector": idx.get_level_values(1)[r],
                "to_region": idx.get_level_values(0)[c],
                "to_sector": idx.get_level_values(1)[c],
                "value": coo.data[order],
            }
        ).to_csv(folder / "Z_long.csv", index=False)
    mrio.Y.to_csv(folder / "Y.csv")
    for name in _VECTORS:
        getattr(mrio, name).rename(name).to_frame().to_csv(folder / f"{name}.csv")
    doc = {
        "unit": mrio.unit,
        "year": mrio.year,
        "source": mrio.source,
        "estimate": mrio.estimate,
        "labels": {
            "region": _label_kind(mrio.regions),
            "sector": _label_kind(mrio.sectors),
            "category": _label_kind(mrio.categories),
        },
        "meta": _plain(dict(mrio.meta)),
    }
    (folder / "meta.yaml").write_text(
        yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return folder


# --- pymrio --------------------------------------------------------------------------------


def _map_categories(Y: pd.DataFrame, mapping: dict | None) -> pd.DataFrame:
    """Rename final-demand categories; several mapped to one name are summed."""
    if not mapping:
        return Y
    cats = Y.columns.get_level_values(-1)
    unknown = [k for k in mapping if k not in set(cats)]
    if unknown:
        raise ValidationError(
            f"categories mapping names categories not in Y: {unknown}; Y has "
            f"{list(dict.fromkeys(cats))}"
        )
    new = pd.MultiIndex.from_arrays(
        [Y.columns.get_level_values(0), [mapping.get(c, c) for c in cats]], names=Y.columns.names
    )
    if not new.has_duplicates:
        return Y.set_axis(new, axis=1)
    return Y.T.groupby(new, sort=False).sum().T.set_axis(new.unique(), axis=1)


def to_pymrio(mrio: MRIO, *, categories: dict | None = None):
    """Return a ``pymrio.IOSystem`` holding the table (see the module docstring for names).

    ``categories`` maps final-demand categories to pymrio's (e.g. ``{"城镇居民消费":
    "Final consumption expenditure by households"}``); categories mapped to one name are
    summed, unmapped ones keep their name.

    Z (dense, also for a sparse table), Y and x under pymrio's names; a ``factor_inputs``
    extension with rows ``VALUE_ADDED`` and ``IMPORTS``; exports, if any are non-zero, as the
    final-demand category ``EXPORTS`` of the exporting region. ``io.meta.metadata
    ["hinterland"]`` keeps unit, year, source, estimate, meta and the labels, so that
    :func:`from_pymrio` (also after ``save_all`` / ``load_all``) returns the same table.
    """
    pymrio = _need("pymrio")
    idx = mrio.index
    Z = pd.DataFrame(mrio.Z.toarray(), idx, idx) if mrio.is_sparse else mrio.Z.copy()
    Y = _map_categories(mrio.Y.copy(), categories)
    e = mrio.exports
    if (e != 0).any():
        regions = idx.get_level_values("region")
        parts = {(r, EXPORTS): e.where(regions == r, 0.0) for r in mrio.regions}
        Y = pd.concat([Y, pd.DataFrame(parts, index=idx)], axis=1)
        order = [c for r in mrio.regions for c in Y.columns if c[0] == r]
        Y = Y[order]
        Y.columns = Y.columns.set_names(list(Y_LEVELS))
    F = pd.DataFrame(
        [mrio.v.to_numpy(), mrio.imports.to_numpy()],
        index=pd.Index([VALUE_ADDED, IMPORTS], name="inputtype"),
        columns=idx,
    )
    io = pymrio.IOSystem(
        Z=Z,
        Y=Y,
        x=pd.DataFrame({"indout": mrio.x.to_numpy()}, index=idx),
        unit=pd.DataFrame({"unit": mrio.unit}, index=idx),
        name=mrio.source,
        description=f"{mrio.source}, {mrio.year}" + (" (estimate)" if mrio.estimate else ""),
        factor_inputs={
            "name": "Factor Inputs",
            "F": F,
            "unit": pd.DataFrame({"unit": mrio.unit}, index=F.index),
        },
    )
    io.meta.change_meta("year", mrio.year, log=False)
    io.meta.change_meta(
        "hinterland",
        _plain(
            {
                "unit": mrio.unit,
                "year": mrio.year,
                "source": mrio.source,
                "estimate": mrio.estimate,
                "meta": dict(mrio.meta),
                "value_added": VALUE_ADDED,
                "regions": mrio.regions,
                "sectors": mrio.sectors,
                "categories": list(dict.fromkeys(Y.columns.get_level_values(-1))),
            }
        ),
        log=False,
    )
    return io


def _restore(labels: pd.Index, stored: list | None) -> pd.Index:
    """Restore label types lost in pymrio's text files ('01' read back as 1), by value."""
    if not stored:
        return labels

    def key(a):
        return int(a) if isinstance(a, str) and a.strip().isdigit() else a

    lookup = {key(s): s for s in stored}
    if len(lookup) != len(stored):
        return labels  # e.g. '1' and '01' both stored: ambiguous, leave as read
    try:
        return pd.Index([lookup[key(a)] for a in labels], dtype=object, name=labels.name)
    except (KeyError, TypeError):
        return labels


def _relabel(idx: pd.MultiIndex, stored: list[list | None]) -> pd.MultiIndex:
    return pd.MultiIndex.from_arrays(
        [_restore(idx.get_level_values(i), s) for i, s in enumerate(stored)], names=idx.names
    )


def _extension(io, name: str):
    ext = getattr(io, name, None)
    if ext is not None and hasattr(ext, "F"):
        return ext
    for ext in io.get_extensions(data=True):
        if ext.name == name:
            return ext
    return None


def _f_row(F: pd.DataFrame, row: str) -> pd.Series:
    got = F.loc[row]
    return got.sum(axis=0) if isinstance(got, pd.DataFrame) else got


def from_pymrio(
    io,
    *,
    year: int | None = None,
    unit: str | None = None,
    source: str | None = None,
    estimate: bool | None = None,
    meta: dict | None = None,
    value_added: str | None = None,
    extension: str = "factor_inputs",
    exports_category: str | None = EXPORTS,
    categories: dict | None = None,
    imports_row: str | None = IMPORTS,
    rtol: float = DEFAULT_RTOL,
) -> MRIO:
    """Return the table held by a ``pymrio.IOSystem``.

    Parameters
    ----------
    io : pymrio.IOSystem
        With Z and Y (x is used if present, else computed; a system given only as A and Y is
        completed with ``calc_all()`` on a copy: the caller's object is not changed).
    year, unit, source, estimate, meta : optional
        Override what the system says. Defaults: what :func:`to_pymrio` stored in
        ``io.meta.metadata["hinterland"]``; else ``io.meta`` ``year``, the single unit of
        ``io.unit``, ``"pymrio IOSystem <name>"``, False.
    value_added : str, optional
        ``"residual"`` for ``v = x - 1'Z - imports``, or the name of a row of the extension's
        ``F`` (the column identity is then checked). Default: the row named by
        :func:`to_pymrio`, else ``"residual"``.
    extension : str, default "factor_inputs"
        Extension (instance or set name) holding value added and imports.
    exports_category : str or None, default EXPORTS
        Final-demand category taken out of Y as exports to the rest of the world, if present.
    categories : dict, optional
        Final-demand category of the system -> category of the table (several to one are
        summed; unmapped ones keep their name). Applied after exports are taken out.
    imports_row : str or None, default IMPORTS
        Row of the extension's F taken as imports from the rest of the world, if present.
    rtol : float, default 1e-6
        Tolerance of the accounting identities.

    Returns
    -------
    MRIO

    Raises
    ------
    DataError
        If the year or unit cannot be told, a named row is missing, or validation fails.
    """
    if getattr(io, "Z", None) is None or getattr(io, "x", None) is None:
        io = io.copy()
        io.calc_all()
    info = dict(io.meta.metadata.get("hinterland") or {})
    idx = _relabel(io.Z.index, [info.get("regions"), info.get("sectors")])
    Z = io.Z.set_axis(idx, axis=0).set_axis(idx, axis=1)
    Y = io.Y.set_axis(idx, axis=0)
    cols = _relabel(Y.columns, [info.get("regions"), info.get("categories")])
    Y = Y.set_axis(cols, axis=1)
    x = io.x.set_axis(idx, axis=0)
    exports = None
    if exports_category is not None and exports_category in cols.get_level_values(-1):
        is_exp = cols.get_level_values(-1) == exports_category
        exports = Y.loc[:, is_exp].sum(axis=1)
        Y = Y.loc[:, ~is_exp]
    Y = _map_categories(Y, categories)
    ext = _extension(io, extension)
    imports = None
    if imports_row is not None and ext is not None and imports_row in ext.F.index:
        imports = _f_row(ext.F, imports_row).set_axis(idx)
    choice = value_added or info.get("value_added") or "residual"
    if choice == "residual":
        m = 0.0 if imports is None else imports.to_numpy(dtype=float)
        xv = np.asarray(x, dtype=float).ravel()
        v = pd.Series(xv - io.Z.to_numpy(dtype=float).sum(axis=0) - m, index=idx)
    else:
        if ext is None or choice not in ext.F.index:
            rows = [] if ext is None else list(ext.F.index)
            raise DataError(
                f"pymrio extension {extension!r} has no row {choice!r} for value added; "
                f"rows: {rows}"
            )
        v = _f_row(ext.F, choice).set_axis(idx)
    if unit is None:
        unit = info.get("unit") or _pymrio_unit(io)
    year = year if year is not None else info.get("year", io.meta.metadata.get("year"))
    if year is None:
        raise DataError(f"pymrio system {io.name!r} does not say its year; pass year=")
    source = source or info.get("source") or f"pymrio IOSystem {io.name}"
    estimate = bool(info.get("estimate", False)) if estimate is None else estimate
    if meta is None:
        meta = info.get("meta") or {
            "method": "read from a pymrio IOSystem",
            "value_added": choice,
            "pymrio_name": io.name,
        }
    return MRIO.from_frames(
        Z,
        Y,
        x,
        v,
        exports=exports,
        imports=imports,
        unit=str(unit),
        year=int(year),
        source=source,
        estimate=estimate,
        meta=dict(meta),
        rtol=rtol,
    )


def _pymrio_unit(io) -> str:
    units = None if io.unit is None else pd.unique(io.unit.to_numpy().ravel())
    if units is None or len(units) != 1:
        raise DataError(
            f"pymrio system {io.name!r} has unit(s) {None if units is None else list(units)}; "
            "expected one unit for all flows, or pass unit="
        )
    return str(units[0])


# --- CEADs ---------------------------------------------------------------------------------

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


# --- dispatch ------------------------------------------------------------------------------

_FORMATS = ("ceads", "pymrio", "csv")


def _guess_format(path: Path) -> str:
    if path.is_dir():
        if (path / "meta.yaml").exists():
            return "csv"
        if (path / "file_parameters.json").exists():
            return "pymrio"
    elif path.suffix.lower() in (".xlsx", ".xlsm"):
        return "ceads"
    raise ValidationError(
        f"cannot tell the format of {path}; pass format= one of {', '.join(_FORMATS)}"
    )


def mrio_from_file(path: str | Path, format: str | None = None, **options) -> MRIO:
    """Read a table from a file or folder in one of the supported formats.

    Parameters
    ----------
    path : str or Path
        An .xlsx workbook (``"ceads"``), a folder saved by pymrio's ``save_all``
        (``"pymrio"``, read with ``pymrio.load_all``), or a CSV folder (``"csv"``).
    format : {"ceads", "pymrio", "csv"}, optional
        Default: guessed from the path (``.xlsx``; ``file_parameters.json``; ``meta.yaml``).
    **options
        Passed to :func:`from_ceads`, :func:`from_pymrio` or :func:`read_csv_dir`.

    Returns
    -------
    MRIO
    """
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: no such file or folder")
    fmt = format or _guess_format(path)
    if fmt == "ceads":
        return from_ceads(path, **options)
    if fmt == "csv":
        return read_csv_dir(path, **options)
    if fmt == "pymrio":
        pymrio = _need("pymrio")
        try:
            io = pymrio.load_all(path)
        except (OSError, ValueError, KeyError) as exc:
            raise DataError(f"{path}: cannot be read by pymrio.load_all ({exc})") from None
        with _prefixed(str(path)):
            return from_pymrio(io, **options)
    raise ValidationError(f"unknown format {fmt!r}; valid: {', '.join(_FORMATS)}")


def mrio_to_file(mrio: MRIO, path: str | Path, format: str = "csv") -> Path:
    """Write a table as a CSV folder (``"csv"``) or with pymrio's ``save_all`` (``"pymrio"``)."""
    path = Path(path)
    if format == "csv":
        return write_csv_dir(mrio, path)
    if format == "pymrio":
        to_pymrio(mrio).save_all(path)
        return path
    raise ValidationError(f"unknown format {format!r} for writing; valid: csv, pymrio")
