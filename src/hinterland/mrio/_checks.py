"""Validation and array helpers shared by the input-output kernels (private).

Used by :mod:`~hinterland.mrio.leontief`, :mod:`~hinterland.mrio.multipliers`,
:mod:`~hinterland.mrio.spillover`, :mod:`~hinterland.mrio.extraction`,
:mod:`~hinterland.mrio.iim`, :mod:`~hinterland.mrio.shocks` and
:mod:`~hinterland.mrio.dynamic`: numpy/scipy in and out, errors from :mod:`hinterland.errors`
that name the array and the position at fault. The array checks common to all kernels live in
:mod:`hinterland._arrays`; the helpers here add the input-output wording and sparse matrices.
"""

from __future__ import annotations

from typing import Literal, TypeAlias

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray

from hinterland._arrays import at as _at
from hinterland._arrays import first as _first  # noqa: F401 (imported from here by the kernels)
from hinterland._arrays import floats, nonnegative
from hinterland.errors import DataError, ValidationError, unknown

FloatArray: TypeAlias = NDArray[np.float64]
Matrix: TypeAlias = "np.ndarray | sp.sparray | sp.spmatrix"
Method: TypeAlias = Literal["lu", "inverse"]


# --------------------------------------------------------------------------------------------
# validation helpers
# --------------------------------------------------------------------------------------------


def _floats(values: ArrayLike, name: str, ndim: tuple[int, ...]) -> FloatArray:
    """Return ``values`` as a finite float array with one of the allowed dimensions."""
    if sp.issparse(values):
        values = values.toarray()
    return floats(values, name, ndim, column_hint=True)


def _owned_floats(values: ArrayLike, name: str, ndim: int | tuple[int, ...]) -> FloatArray:
    """Return a finite float copy of ``values`` with one of the allowed dimensions.

    For the arrays a frozen value object keeps (and makes read-only with :func:`_readonly`):
    the caller's array is never the one frozen.
    """
    return floats(values, name, ndim, copy=True, unreadable="could not read it")


def _length(a: np.ndarray, name: str, n: int) -> None:
    """Raise unless ``a`` has one row per region-sector of ``A``."""
    if a.shape[0] != n:
        raise ValidationError(
            f"{name} has {a.shape[0]} rows but A is {n} x {n}; give one value per region-sector"
        )


def _vector(values: ArrayLike, name: str, n: int | None = None, ref: str = "A") -> FloatArray:
    """Return a finite (n,) float vector."""
    a = _floats(values, name, (1,))
    if n is not None and a.shape[0] != n:
        raise ValidationError(
            f"{name} has {a.shape[0]} values but {ref} has {n} sectors; give one per sector"
        )
    return a


def _columns(values: ArrayLike, name: str, n: int, ref: str = "A") -> FloatArray:
    """Return a finite (n,) or (n, k) float array (right-hand sides as columns)."""
    a = _floats(values, name, (1, 2))
    if a.shape[0] != n:
        raise ValidationError(
            f"{name} has {a.shape[0]} rows but {ref} has {n} sectors; give shape ({n},) or ({n}, k)"
        )
    return a


def _rows(values: ArrayLike, name: str, n: int, ref: str = "A") -> FloatArray:
    """Return a finite (n,) or (m, n) float array (row vectors)."""
    a = _floats(values, name, (1, 2))
    if a.shape[-1] != n:
        raise ValidationError(
            f"{name} has {a.shape[-1]} columns but {ref} has {n} sectors; give shape ({n},) or "
            f"(m, {n})"
        )
    return a


def _matrix(M: Matrix, name: str) -> Matrix:
    """Return a finite square float matrix: a dense copy or a sparse CSR copy."""
    if sp.issparse(M):
        out = M.tocsr().astype(np.float64, copy=True)
        out.sum_duplicates()
        bad = ~np.isfinite(out.data)
        if bad.any():
            coo = out.tocoo()
            i = int(np.argmax(~np.isfinite(coo.data)))
            where = _at(name, (coo.row[i], coo.col[i]))
            raise ValidationError(f"{where} is {coo.data[i]}; every value must be finite")
    else:
        out = np.array(_floats(M, name, (2,)), dtype=np.float64, copy=True)
    if out.ndim != 2 or out.shape[0] != out.shape[1] or out.shape[0] == 0:
        raise ValidationError(f"{name} must be square (n, n) with n >= 1; received {out.shape}")
    return out


def _nonnegative(a: FloatArray, name: str, reason: str) -> None:
    """Raise a :class:`DataError` naming the first negative value of ``a`` (data at fault)."""
    nonnegative(a, name, reason, error=DataError)


def _regions(region_of: ArrayLike, n: int, name: str = "region_of") -> tuple[np.ndarray, NDArray]:
    """Return the sorted region numbers and each sector's position among them."""
    r = np.asarray(region_of)
    if r.ndim != 1 or r.shape[0] != n:
        raise ValidationError(
            f"{name} must have shape ({n},), one region number per sector; received {r.shape}"
        )
    if r.dtype.kind not in "iu":
        raise ValidationError(f"{name} must hold integer region numbers; received dtype {r.dtype}")
    labels, codes = np.unique(r, return_inverse=True)
    return labels, codes.reshape(-1)


def _mask(selected: ArrayLike, n: int, name: str = "selected") -> NDArray[np.bool_]:
    """Return ``selected`` as a boolean ``(n,)`` mask (integer positions are refused)."""
    m = np.asarray(selected)
    if m.dtype != np.bool_ or m.shape != (n,):
        raise ValidationError(
            f"{name} must be a boolean mask of shape ({n},); received dtype {m.dtype}, "
            f"shape {m.shape}"
        )
    return m


def _selection(mask: ArrayLike, n: int, name: str = "mask") -> NDArray[np.bool_]:
    """Return a boolean ``(n,)`` mask (a copy) from a boolean mask or from integer positions."""
    m = np.asarray(mask)
    if m.dtype == np.bool_:
        if m.shape != (n,):
            raise ValidationError(
                f"{name} must be a boolean array of shape ({n},); received shape {m.shape}"
            )
        return m.copy()
    if m.ndim != 1 or (m.size and m.dtype.kind not in "iu"):
        raise ValidationError(
            f"{name} must be a boolean mask of shape ({n},) or integer positions; "
            f"received dtype {m.dtype} and shape {m.shape}"
        )
    out = np.zeros(n, dtype=bool)
    if m.size:
        bad = (m < 0) | (m >= n)
        if bad.any():
            raise ValidationError(
                f"{name} holds position {int(m[np.argmax(bad)])}, outside 0..{n - 1}"
            )
        out[m] = True
    return out


def _choice(value: str, name: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise unknown(name, value, choices)
    return value


def _readonly(M: Matrix, *more: Matrix) -> Matrix:
    """Make ``M`` and ``more`` read-only in place, so that 'frozen' means frozen; return ``M``.

    A sparse matrix is frozen through its ``data`` array.
    """
    for a in (M, *more):
        (a.data if sp.issparse(a) else a).setflags(write=False)
    return M


def _scale(M: Matrix, row: FloatArray | None = None, col: FloatArray | None = None) -> Matrix:
    """Return ``row[:, None] * M * col[None, :]`` by broadcasting (sparse stays sparse)."""
    if sp.issparse(M):
        out = M.tocoo(copy=True)
        if row is not None:
            out.data *= row[out.row]
        if col is not None:
            out.data *= col[out.col]
        return out.tocsr()
    out = M
    if row is not None:
        out = out * row[:, None]
    if col is not None:
        out = out * col[None, :]
    return out


def _reciprocal(x: FloatArray) -> FloatArray:
    """``1 / x`` where ``x > 0`` and 0 where ``x == 0`` (no division by zero is performed)."""
    return np.divide(1.0, x, out=np.zeros_like(x), where=x > 0)


def _axis_sums(M: Matrix, axis: int) -> FloatArray:
    return np.asarray(abs(M).sum(axis=axis)).reshape(-1)


def _submatrix(M: Matrix, rows: NDArray, cols: NDArray) -> Matrix:
    if sp.issparse(M):
        return M[rows][:, cols]
    return M[np.ix_(rows, cols)]


def _dense(M: Matrix) -> FloatArray:
    return M.toarray() if sp.issparse(M) else np.array(M)


def _output(x: ArrayLike, n: int, ref: str = "Z") -> FloatArray:
    xv = _vector(x, "x", n, ref=ref)
    _nonnegative(xv, "x", "gross output must be >= 0")
    return xv
