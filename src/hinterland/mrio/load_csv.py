"""Read and write an MRIO table as a folder of CSV files (the layout below).

:func:`read_csv_dir` ends in :class:`~hinterland.mrio.table.MRIO`, so a table read from a folder
has passed the same validation as one read from any other format (labels, signs, accounting
identities, productivity).

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
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from scipy import sparse

from hinterland.atlas._files import load_yaml, read_text_csv
from hinterland.errors import DataError, ValidationError
from hinterland.mrio._load_common import _plain, _prefixed
from hinterland.mrio.table import DEFAULT_RTOL, MRIO, ROW_LEVELS, Y_LEVELS

__all__ = ["read_csv_dir", "write_csv_dir"]

_VECTORS = ("x", "v", "exports", "imports")


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
    bad = ~np.isfinite(out.to_numpy(dtype=float))  # text, NaN and infinity alike
    if bad.any():
        i, j = divmod(int(np.argmax(bad.ravel())), bad.shape[1])
        raise DataError(
            f"{file} line {first_line + i}, column {first_col + j + 1} "
            f"(row {df.index[i]!r}, column {df.columns[j]!r}): expected a number, found "
            f"{values[i, j]!r}"
        )
    return out.astype(float)


def _read_csv(path: Path, **kw) -> pd.DataFrame:
    return read_text_csv(path, **kw)


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
    if idx.has_duplicates:
        k = int(np.argmax(idx.duplicated()))
        raise DataError(f"{path.name} line {k + 2}: row {idx[k]!r} appears twice")
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
    doc = load_yaml(path)
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
