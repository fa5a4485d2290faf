r"""Validation of an MRIO table: labels, numbers, accounting identities, productiveness.

The checks that :class:`hinterland.mrio.table.MRIO` runs once, when a table is built (the rules
and tolerances are in that module's docstring): :func:`check_attributes` (unit, year, source,
flags), :func:`check_labels` (shapes and MultiIndex labels of Z, Y, x, v, exports, imports),
:func:`check_numbers` (numeric, finite, non-negative where required), :func:`check_identities`
(row and column accounting identities within ``rtol``) and :func:`check_productive`
(:math:`\rho(A) < 1`, by the cheap norm bounds first). Each raises :class:`DataError` naming
the labels and values at fault; the label helpers are shared with the table's doors.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse import linalg as spla

from hinterland.errors import DataError

__all__ = [
    "DENSE_LIMIT",
    "check_attributes",
    "check_identities",
    "check_labels",
    "check_numbers",
    "check_productive",
]

ROW_LEVELS = ("region", "sector")
"""Level names of the row (and Z column) MultiIndex."""
Y_LEVELS = ("region", "category")
"""Level names of the final-demand column MultiIndex."""
DENSE_LIMIT = 2000
"""Above this many rows the spectral radius is computed by ARPACK, not a dense eigensolver."""

_SHOW = 5  # labels listed in a message
_RHO_SLACK = 1e-12  # rho(A) within this of 1 counts as 1 (I - A numerically singular)


# --- helpers: messages ---------------------------------------------------------------------


def _show(labels: Sequence | pd.Index) -> str:
    items = list(labels)
    text = ", ".join(repr(_plain(a)) for a in items[:_SHOW])
    return text + (f" ... ({len(items)} in all)" if len(items) > _SHOW else "")


def _plain(label: Any) -> Any:
    """Return a label with numpy scalars turned into Python ones (for readable messages)."""
    if isinstance(label, tuple):
        return tuple(_plain(a) for a in label)
    if isinstance(label, np.generic):
        return label.item()
    return label


def _same_labels(got: pd.Index, expected: pd.Index, what: str, ref: str) -> None:
    """Raise DataError saying which labels differ between ``got`` and ``expected``."""
    if len(got) == len(expected) and got.equals(expected):
        return
    extra = got.difference(expected, sort=False)
    missing = expected.difference(got, sort=False)
    if len(extra) or len(missing):
        parts = []
        if len(extra):
            parts.append(f"{len(extra)} not in {ref}: {_show(extra)}")
        if len(missing):
            parts.append(f"{len(missing)} of {ref} missing: {_show(missing)}")
        raise DataError(f"{what} labels do not match {ref}: " + "; ".join(parts))
    if len(got) != len(expected):
        raise DataError(f"{what} has {len(got)} labels, {ref} has {len(expected)} (duplicates?)")
    pos = int(np.argmax([a != b for a, b in zip(got, expected, strict=True)]))
    raise DataError(
        f"{what} labels are in a different order from {ref}: position {pos} is "
        f"{_plain(got[pos])!r}, expected {_plain(expected[pos])!r}"
    )


def _check_multiindex(idx: pd.Index, what: str, names: tuple[str, str]) -> None:
    if not isinstance(idx, pd.MultiIndex) or idx.nlevels != 2:
        raise DataError(f"{what} must be a 2-level MultiIndex {names}; got {type(idx).__name__}")
    if tuple(idx.names) != names:
        raise DataError(f"{what} level names must be {names}; got {tuple(idx.names)}")
    dup = idx[idx.duplicated()]
    if len(dup):
        raise DataError(f"{what} has duplicate label(s): {_show(dup.unique())}")


def _require_numeric(df: pd.DataFrame, what: str) -> None:
    """Raise DataError naming the first cell that does not hold a number (text, None, bool)."""
    for pos, dtype in enumerate(df.dtypes):
        if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
            continue
        col = df.iloc[:, pos]
        bad = ~col.map(lambda a: isinstance(a, numbers.Real) and not isinstance(a, bool | np.bool_))
        if not bad.any():
            continue  # an object column of numbers
        row = col.index[int(np.argmax(bad.to_numpy()))]
        raise DataError(
            f"{what} column {_plain(df.columns[pos])!r} is not numeric (dtype {dtype}): "
            f"row {_plain(row)!r} holds {col.loc[row]!r}"
        )


def _require_finite(values: np.ndarray, what: str, rows: pd.Index, cols: pd.Index | None) -> None:
    bad = ~np.isfinite(values)
    if not bad.any():
        return
    flat = int(np.argmax(bad.ravel()))
    if values.ndim == 1:
        raise DataError(f"{what} has a non-finite value {values[flat]} at {_plain(rows[flat])!r}")
    i, j = divmod(flat, values.shape[1])
    raise DataError(
        f"{what} has a non-finite value {values[i, j]} at row {_plain(rows[i])!r}, "
        f"column {_plain(cols[j])!r}"
    )


# --- helpers: numbers ----------------------------------------------------------------------


def _row_sums(Z: np.ndarray | sparse.csr_array) -> np.ndarray:
    return np.asarray(Z.sum(axis=1)).ravel()


def _col_sums(Z: np.ndarray | sparse.csr_array) -> np.ndarray:
    return np.asarray(Z.sum(axis=0)).ravel()


def _coefficients(Z: np.ndarray | sparse.csr_array, x: np.ndarray):
    """Return A = Z / x column-wise (x_j = 0 -> column 0), dense or CSR like Z."""
    inv = np.divide(1.0, x, out=np.zeros_like(x, dtype=float), where=x != 0)
    if sparse.issparse(Z):
        A = sparse.csr_array(Z, dtype=float, copy=True)
        A.data *= inv[A.indices]
        return A
    return Z * inv[None, :]


def _spectral_radius(A: np.ndarray | sparse.csr_array) -> float:
    """Return rho(A): dense eigenvalues up to DENSE_LIMIT rows, ARPACK beyond."""
    n = A.shape[0]
    if n <= DENSE_LIMIT:
        dense = A.toarray() if sparse.issparse(A) else A
        return float(np.max(np.abs(np.linalg.eigvals(dense)))) if n else 0.0
    try:
        lam = spla.eigs(
            sparse.csr_array(A),
            k=1,
            which="LM",
            return_eigenvectors=False,
            tol=1e-10,
            maxiter=max(1000, 20 * n),
        )
    except spla.ArpackNoConvergence:
        raise DataError(
            f"could not establish that A = Z / x is productive: column and row sums of A "
            f"reach 1 and ARPACK did not converge on the spectral radius ({n} rows)"
        ) from None
    return float(np.abs(lam).max())


def check_attributes(t) -> None:
    """Check and normalise the unit, year, source, estimate flag, meta and rtol."""
    if not isinstance(t.unit, str) or not t.unit.strip():
        raise DataError(f"unit must be a non-empty string such as '10k yuan'; got {t.unit!r}")
    if isinstance(t.year, bool) or not isinstance(t.year, int | np.integer):
        raise DataError(f"year must be an integer; got {t.year!r}")
    if not 1900 <= int(t.year) <= 2100:
        raise DataError(f"year must be between 1900 and 2100; got {t.year}")
    object.__setattr__(t, "year", int(t.year))
    if not isinstance(t.source, str) or not t.source.strip():
        raise DataError(f"source must be a non-empty string; got {t.source!r}")
    if not isinstance(t.estimate, bool | np.bool_):
        raise DataError(f"estimate must be True or False; got {t.estimate!r}")
    object.__setattr__(t, "estimate", bool(t.estimate))
    if not isinstance(t.meta, Mapping):
        raise DataError(f"meta must be a dict; got {type(t.meta).__name__}")
    if not (isinstance(t.rtol, float | int) and np.isfinite(t.rtol) and t.rtol >= 0):
        raise DataError(f"rtol must be a finite number >= 0; got {t.rtol!r}")


def check_labels(t) -> pd.MultiIndex:
    """Check the shapes and labels of the arrays; return the row index of the table."""
    Z = t.Z
    if not (isinstance(Z, pd.DataFrame) or sparse.issparse(Z)):
        raise DataError(f"Z must be a DataFrame or a scipy sparse array; got {type(Z).__name__}")
    if Z.shape[0] != Z.shape[1]:
        raise DataError(f"Z is not square: {Z.shape[0]} rows x {Z.shape[1]} columns")
    for name in ("x", "v", "exports", "imports"):
        obj = getattr(t, name)
        if not (isinstance(obj, pd.Series) or (obj is None and name in ("exports", "imports"))):
            raise DataError(f"{name} must be a pandas Series; got {type(obj).__name__}")
    if isinstance(Z, pd.DataFrame):
        _check_multiindex(Z.index, "Z rows", ROW_LEVELS)
        _same_labels(Z.columns, Z.index, "Z columns", "Z rows")
        idx = Z.index
        _same_labels(t.x.index, idx, "x", "Z rows")
    else:
        _check_multiindex(t.x.index, "x index", ROW_LEVELS)
        idx = t.x.index
        if Z.shape[0] != len(idx):
            raise DataError(
                f"sparse Z has shape {Z.shape}; expected ({len(idx)}, {len(idx)}) from the "
                "labels of x"
            )
    if not isinstance(t.Y, pd.DataFrame):
        raise DataError(f"Y must be a DataFrame; got {type(t.Y).__name__}")
    _same_labels(t.Y.index, idx, "Y rows", "Z rows")
    _check_multiindex(t.Y.columns, "Y columns", Y_LEVELS)
    regions = idx.get_level_values("region").unique()
    foreign = t.Y.columns.get_level_values("region").unique().difference(regions)
    if len(foreign):
        raise DataError(
            f"Y columns name region(s) that are not regions of the table: {_show(foreign)}; "
            "demand from outside the table belongs in exports"
        )
    for name in ("v", "exports", "imports"):
        obj = getattr(t, name)
        if obj is not None:
            _same_labels(obj.index, idx, name, "Z rows")
    return idx


def check_numbers(t, idx: pd.MultiIndex):
    """Check that every array holds finite numbers (Z and x >= 0); return them as arrays."""
    if isinstance(t.Z, pd.DataFrame):
        _require_numeric(t.Z, "Z")
        Z = t.Z.to_numpy(dtype=float)
        _require_finite(Z, "Z", idx, idx)
        if Z.size and Z.min() < 0:
            i, j = np.unravel_index(int(np.argmin(Z)), Z.shape)
            raise DataError(
                f"Z has {int((Z < 0).sum())} negative entr(ies); most negative {Z[i, j]:.6g} "
                f"at row {_plain(idx[i])!r}, column {_plain(idx[j])!r}"
            )
    else:
        if t.Z.dtype.kind not in "fiu":
            raise DataError(f"sparse Z must hold numbers; got dtype {t.Z.dtype}")
        if not (isinstance(t.Z, sparse.csr_array) and t.Z.dtype == np.float64):
            object.__setattr__(t, "Z", _sparse_float(t.Z))  # one storage: float CSR
        Z = t.Z
        coo = Z.tocoo()
        bad = ~np.isfinite(coo.data)
        if bad.any():
            k = int(np.argmax(bad))
            raise DataError(
                f"Z has a non-finite value {coo.data[k]} at row "
                f"{_plain(idx[coo.row[k]])!r}, column {_plain(idx[coo.col[k]])!r}"
            )
        if coo.nnz and coo.data.min() < 0:
            k = int(np.argmin(coo.data))
            raise DataError(
                f"Z has {int((coo.data < 0).sum())} negative entr(ies); most negative "
                f"{coo.data[k]:.6g} at row {_plain(idx[coo.row[k]])!r}, column "
                f"{_plain(idx[coo.col[k]])!r}"
            )
    _require_numeric(t.Y, "Y")
    Y = t.Y.to_numpy(dtype=float)
    _require_finite(Y, "Y", idx, t.Y.columns)
    out = []
    for name in ("x", "v", "exports", "imports"):
        s = getattr(t, name)
        _require_numeric(s.to_frame(), name)
        arr = s.to_numpy(dtype=float)
        _require_finite(arr, name, idx, None)
        out.append(arr)
    x = out[0]
    if x.size and x.min() < 0:
        k = int(np.argmin(x))
        raise DataError(
            f"x has {int((x < 0).sum())} negative entr(ies); most negative {x[k]:.6g} at "
            f"(region, sector) = {_plain(idx[k])!r}"
        )
    return Z, Y, *out


def check_identities(t, idx, Z, Y, x, v, e, m) -> None:
    """Check the row and column accounting identities within ``t.rtol``."""
    zr, zc = _row_sums(Z), _col_sums(Z)
    rows = (
        "row identity x = Z·1 + Y·1 + exports",
        zr + Y.sum(axis=1) + e,
        np.maximum(np.abs(x), zr + np.abs(Y).sum(axis=1) + np.abs(e)),
        "Z·1 + Y·1 + exports",
    )
    cols = (
        "column identity x = 1'Z + imports + v",
        zc + m + v,
        np.maximum(np.abs(x), zc + np.abs(m) + np.abs(v)),
        "1'Z + imports + v",
    )
    for name, total, scale, expr in (rows, cols):
        gap = x - total
        bad = np.abs(gap) > t.rtol * scale
        if bad.any():
            rel = np.where(scale > 0, np.abs(gap) / np.where(scale > 0, scale, 1.0), np.inf)
            k = int(np.argmax(np.where(bad, rel, -1.0)))
            raise DataError(
                f"{name} broken beyond rtol={t.rtol:g} in {int(bad.sum())} of {len(x)} "
                f"rows; worst at (region, sector) = {_plain(idx[k])!r}: x = {x[k]:.10g}, "
                f"{expr} = {total[k]:.10g}, gap = {gap[k]:.6g} (relative {rel[k]:.3g})"
            )


def check_productive(t, idx, Z, x) -> None:
    """Check that A = Z / x is productive (spectral radius below 1)."""
    if not len(x):
        return
    A = _coefficients(Z, x)
    colsum = _col_sums(A)
    if colsum.max() < 1 or _row_sums(A).max() < 1:
        return
    rho = _spectral_radius(A)
    if rho >= 1 - _RHO_SLACK:
        k = int(np.argmax(colsum))
        raise DataError(
            f"technical coefficients A = Z / x are not productive: spectral radius "
            f"{rho:.6g} >= 1, so I - A is singular or has no non-negative inverse; the "
            f"largest column sum of A is {colsum[k]:.6g} at (region, sector) = "
            f"{_plain(idx[k])!r}"
        )


# --- helpers for the doors ---------------------------------------------------------------


def _issparse(obj) -> bool:
    return sparse.issparse(obj)


def _float_array(arr, name: str) -> np.ndarray:
    try:
        out = np.asarray(arr, dtype=float)
    except (TypeError, ValueError) as exc:
        raise DataError(f"{name} is not numeric: {exc}") from None
    return out


def _sparse_float(Z) -> sparse.csr_array:
    try:
        out = sparse.csr_array(Z, dtype=float, copy=True)
    except (TypeError, ValueError) as exc:
        raise DataError(f"Z cannot be read as a numeric sparse array: {exc}") from None
    out.sum_duplicates()
    out.sort_indices()
    return out


def _named_frame(df: pd.DataFrame, what: str, rows: tuple, cols: tuple) -> pd.DataFrame:
    for axis, names in ((0, rows), (1, cols)):
        labels = df.axes[axis]
        side = "rows" if axis == 0 else "columns"
        if not isinstance(labels, pd.MultiIndex) or labels.nlevels != 2:
            raise DataError(f"{what} {side} must be a 2-level MultiIndex {names}")
    out = df.copy(deep=False)
    out.index = out.index.set_names(list(rows))
    out.columns = out.columns.set_names(list(cols))
    return out


def _vector(obj, name: str) -> pd.Series:
    if isinstance(obj, pd.DataFrame):
        if obj.shape[1] == 1:
            obj = obj.iloc[:, 0]
        elif obj.shape[0] == 1:
            obj = obj.iloc[0, :]
        else:
            raise DataError(f"{name} must be a Series or a one-column/one-row DataFrame")
    if not isinstance(obj, pd.Series):
        raise DataError(f"{name} must be a pandas Series; got {type(obj).__name__}")
    if not isinstance(obj.index, pd.MultiIndex) or obj.index.nlevels != 2:
        raise DataError(f"{name} index must be a 2-level MultiIndex {ROW_LEVELS}")
    out = obj.copy(deep=False)
    out.index = out.index.set_names(list(ROW_LEVELS))
    out.name = name
    return out


def _align(obj, idx: pd.MultiIndex, what: str, axis: int = 0):
    """Put ``obj`` in ``idx`` order along ``axis`` if it holds the same labels, else raise."""
    labels = obj.axes[axis]
    if labels.equals(idx):
        return obj
    if len(labels) == len(idx) and not labels.has_duplicates and labels.difference(idx).empty:
        return obj.reindex(idx, axis=axis)
    _same_labels(labels, idx, what, "Z rows")
    return obj  # pragma: no cover - _same_labels raised


def _to_float(obj, what: str):
    frame = obj.to_frame() if isinstance(obj, pd.Series) else obj
    _require_numeric(frame, what)
    return obj.astype(float)
