r"""The MRIO table: a validated, immutable multi-regional input-output table.

Notation, for :math:`n` region-sector pairs (rows of Z, in region-major order):

- :math:`Z` (:math:`n \times n`): intermediate flows, :math:`Z_{ij}` sold by row :math:`i`
  to column :math:`j`; non-negative.
- :math:`Y` (:math:`n \times R K`): final demand of :math:`R` regions in :math:`K` categories;
  may be negative (changes in inventories).
- :math:`e` (:math:`n`): exports to the rest of the world, by row; zero if absent.
- :math:`m` (:math:`n`): imports from the rest of the world, by column; zero if absent.
- :math:`v` (:math:`n`): value added, by column; may be negative.
- :math:`x` (:math:`n`): total output; non-negative.

The accounting identities, checked when a table is built, are

.. math::

    x_i = \sum_j Z_{ij} + \sum_k Y_{ik} + e_i \quad \text{(rows)}, \qquad
    x_j = \sum_i Z_{ij} + m_j + v_j \quad \text{(columns)},

each within a relative tolerance ``rtol`` (default ``1e-6``): row :math:`i` passes when
:math:`|{\rm gap}_i| \le {\rm rtol} \cdot \max(|x_i|, \sum_j Z_{ij} + \sum_k |Y_{ik}| + |e_i|)`,
that is relative to the output or to the gross flows of the row if these are larger (they are
when inventories fall); likewise for columns. The technical coefficients
:math:`A_{ij} = Z_{ij} / x_j` (a column with :math:`x_j = 0` is set to 0) must be productive:
:math:`\rho(A) < 1`, which for :math:`A \ge 0` is equivalent to :math:`(I - A)^{-1}` existing and
being non-negative (Miller & Blair 2009, section 2.6). The check is done cheaply first with the
sufficient conditions :math:`\max_j \sum_i A_{ij} < 1` or :math:`\max_i \sum_j A_{ij} < 1`
(a matrix norm bounds the spectral radius), which hold for any table whose columns all have
positive value added plus imports. Only if both fail is :math:`\rho(A)` computed: by a dense
eigenvalue decomposition up to ``DENSE_LIMIT`` (2,000) rows, by ARPACK (``scipy.sparse.linalg
.eigs``, the eigenvalue of largest modulus, which for :math:`A \ge 0` is the Perron root) beyond.

Storage. ``Z`` is a DataFrame for tables up to a few thousand rows. For large systems (e.g. a
9,800-row synthetic table) build with ``MRIO.from_arrays(..., sparse=True)``: ``Z`` is then a
``scipy.sparse.csr_array`` whose rows and columns follow :attr:`MRIO.index`, no dense
:math:`n \times n` object is ever built, and :meth:`MRIO.to_arrays` and :attr:`MRIO.Z_sparse`
hand the sparse array to the kernels. ``Y``, ``x``, ``v`` are always dense.

References
----------
Miller, R. E., & Blair, P. D. (2009). *Input-Output Analysis: Foundations and Extensions*
(2nd ed.). Cambridge University Press.
"""

from __future__ import annotations

import dataclasses
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse import linalg as spla

from hinterland.errors import DataError, ValidationError

__all__ = ["DEFAULT_RTOL", "DENSE_LIMIT", "MRIO", "ROW_LEVELS", "Y_LEVELS"]

ROW_LEVELS = ("region", "sector")
"""Level names of the row (and Z column) MultiIndex."""
Y_LEVELS = ("region", "category")
"""Level names of the final-demand column MultiIndex."""
DEFAULT_RTOL = 1e-6
"""Default relative tolerance of the accounting identities."""
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


# --- the table -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class MRIO:
    """A validated, immutable multi-regional input-output table.

    Build it with :meth:`from_arrays` or :meth:`from_frames` (or the loaders in
    :mod:`hinterland.mrio.load`); all of them end here, in one validation.

    Parameters
    ----------
    Z : pandas.DataFrame or scipy.sparse.csr_array
        Intermediate flows, ``n x n``. As a DataFrame its index and columns are the same
        MultiIndex with levels ``(region, sector)``; as a sparse array (large tables) its rows
        and columns follow ``x.index``.
    Y : pandas.DataFrame
        Final demand, ``n x (regions x categories)``; index as Z, columns a MultiIndex
        ``(region, category)`` whose regions are regions of the table.
    x : pandas.Series
        Total output, index as Z (the labels of the table).
    v : pandas.Series
        Value added by column.
    exports, imports : pandas.Series, optional
        Exports to the rest of the world by row; imports from the rest of the world by column.
        Zero if not given (stored as zero Series).
    unit : str
        Unit of all flows, e.g. ``"10k yuan"``.
    year : int
        Reference year.
    source : str
        Where the numbers come from.
    estimate : bool, default False
        True for a model-built (non-survey) table; shown in :meth:`summary` and the repr.
    meta : dict, optional
        Method, assumptions and anything else worth keeping with the table.
    rtol : float, default 1e-6
        Relative tolerance of the accounting identities (see the module docstring).

    Raises
    ------
    DataError
        For a non-square Z, labels that do not match (naming them), negative entries in Z or x,
        an identity broken beyond ``rtol`` (naming the worst region and sector and the gap), or
        a coefficient matrix that is not productive.

    Notes
    -----
    The DataFrames are not copied; treat them as read-only and use :meth:`with_` for changes.
    Equality is identity (``eq=False``): compare tables with their arrays.
    """

    Z: pd.DataFrame | sparse.csr_array
    Y: pd.DataFrame
    x: pd.Series
    v: pd.Series
    unit: str
    year: int
    source: str
    exports: pd.Series | None = None
    imports: pd.Series | None = None
    estimate: bool = False
    meta: dict = field(default_factory=dict)
    rtol: float = DEFAULT_RTOL

    # --- validation ------------------------------------------------------------------------

    def __post_init__(self) -> None:
        self._check_attributes()
        idx = self._check_labels()
        set_ = object.__setattr__  # frozen: fill the documented defaults once
        for name in ("exports", "imports"):
            if getattr(self, name) is None:
                set_(self, name, pd.Series(0.0, index=idx, name=name))
        Z, Y, x, v, e, m = self._check_numbers(idx)
        self._check_identities(idx, Z, Y, x, v, e, m)
        self._check_productive(idx, Z, x)

    def _check_attributes(self) -> None:
        if not isinstance(self.unit, str) or not self.unit.strip():
            raise DataError(
                f"unit must be a non-empty string such as '10k yuan'; got {self.unit!r}"
            )
        if isinstance(self.year, bool) or not isinstance(self.year, int | np.integer):
            raise DataError(f"year must be an integer; got {self.year!r}")
        if not 1900 <= int(self.year) <= 2100:
            raise DataError(f"year must be between 1900 and 2100; got {self.year}")
        object.__setattr__(self, "year", int(self.year))
        if not isinstance(self.source, str) or not self.source.strip():
            raise DataError(f"source must be a non-empty string; got {self.source!r}")
        if not isinstance(self.estimate, bool | np.bool_):
            raise DataError(f"estimate must be True or False; got {self.estimate!r}")
        object.__setattr__(self, "estimate", bool(self.estimate))
        if not isinstance(self.meta, Mapping):
            raise DataError(f"meta must be a dict; got {type(self.meta).__name__}")
        if not (isinstance(self.rtol, float | int) and np.isfinite(self.rtol) and self.rtol >= 0):
            raise DataError(f"rtol must be a finite number >= 0; got {self.rtol!r}")

    def _check_labels(self) -> pd.MultiIndex:
        Z = self.Z
        if not (isinstance(Z, pd.DataFrame) or sparse.issparse(Z)):
            raise DataError(
                f"Z must be a DataFrame or a scipy sparse array; got {type(Z).__name__}"
            )
        if Z.shape[0] != Z.shape[1]:
            raise DataError(f"Z is not square: {Z.shape[0]} rows x {Z.shape[1]} columns")
        for name in ("x", "v", "exports", "imports"):
            obj = getattr(self, name)
            if not (isinstance(obj, pd.Series) or (obj is None and name in ("exports", "imports"))):
                raise DataError(f"{name} must be a pandas Series; got {type(obj).__name__}")
        if isinstance(Z, pd.DataFrame):
            _check_multiindex(Z.index, "Z rows", ROW_LEVELS)
            _same_labels(Z.columns, Z.index, "Z columns", "Z rows")
            idx = Z.index
            _same_labels(self.x.index, idx, "x", "Z rows")
        else:
            _check_multiindex(self.x.index, "x index", ROW_LEVELS)
            idx = self.x.index
            if Z.shape[0] != len(idx):
                raise DataError(
                    f"sparse Z has shape {Z.shape}; expected ({len(idx)}, {len(idx)}) from the "
                    "labels of x"
                )
        if not isinstance(self.Y, pd.DataFrame):
            raise DataError(f"Y must be a DataFrame; got {type(self.Y).__name__}")
        _same_labels(self.Y.index, idx, "Y rows", "Z rows")
        _check_multiindex(self.Y.columns, "Y columns", Y_LEVELS)
        regions = idx.get_level_values("region").unique()
        foreign = self.Y.columns.get_level_values("region").unique().difference(regions)
        if len(foreign):
            raise DataError(
                f"Y columns name region(s) that are not regions of the table: {_show(foreign)}; "
                "demand from outside the table belongs in exports"
            )
        for name in ("v", "exports", "imports"):
            obj = getattr(self, name)
            if obj is not None:
                _same_labels(obj.index, idx, name, "Z rows")
        return idx

    def _check_numbers(self, idx: pd.MultiIndex):
        if isinstance(self.Z, pd.DataFrame):
            _require_numeric(self.Z, "Z")
            Z = self.Z.to_numpy(dtype=float)
            _require_finite(Z, "Z", idx, idx)
            if Z.size and Z.min() < 0:
                i, j = np.unravel_index(int(np.argmin(Z)), Z.shape)
                raise DataError(
                    f"Z has {int((Z < 0).sum())} negative entr(ies); most negative {Z[i, j]:.6g} "
                    f"at row {_plain(idx[i])!r}, column {_plain(idx[j])!r}"
                )
        else:
            if self.Z.dtype.kind not in "fiu":
                raise DataError(f"sparse Z must hold numbers; got dtype {self.Z.dtype}")
            if not (isinstance(self.Z, sparse.csr_array) and self.Z.dtype == np.float64):
                object.__setattr__(self, "Z", _sparse_float(self.Z))  # one storage: float CSR
            Z = self.Z
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
        _require_numeric(self.Y, "Y")
        Y = self.Y.to_numpy(dtype=float)
        _require_finite(Y, "Y", idx, self.Y.columns)
        out = []
        for name in ("x", "v", "exports", "imports"):
            s = getattr(self, name)
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

    def _check_identities(self, idx, Z, Y, x, v, e, m) -> None:
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
            bad = np.abs(gap) > self.rtol * scale
            if bad.any():
                rel = np.where(scale > 0, np.abs(gap) / np.where(scale > 0, scale, 1.0), np.inf)
                k = int(np.argmax(np.where(bad, rel, -1.0)))
                raise DataError(
                    f"{name} broken beyond rtol={self.rtol:g} in {int(bad.sum())} of {len(x)} "
                    f"rows; worst at (region, sector) = {_plain(idx[k])!r}: x = {x[k]:.10g}, "
                    f"{expr} = {total[k]:.10g}, gap = {gap[k]:.6g} (relative {rel[k]:.3g})"
                )

    def _check_productive(self, idx, Z, x) -> None:
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

    # --- doors -----------------------------------------------------------------------------

    @classmethod
    def from_arrays(
        cls,
        Z,
        Y,
        x,
        v,
        *,
        regions: Sequence,
        sectors: Sequence,
        categories: Sequence,
        exports=None,
        imports=None,
        unit: str,
        year: int,
        source: str,
        estimate: bool = False,
        meta: dict | None = None,
        rtol: float = DEFAULT_RTOL,
        sparse: bool | None = None,
    ) -> MRIO:
        """Build a table from numpy arrays (or a scipy sparse Z) and label lists.

        Rows are region-major: row ``r * S + s`` is sector ``sectors[s]`` of region
        ``regions[r]``; Y columns likewise ``r * K + k`` for category ``categories[k]``.

        Parameters
        ----------
        Z : array_like or scipy sparse, shape (n, n)
            Intermediate flows, ``n = len(regions) * len(sectors)``.
        Y : array_like, shape (n, len(regions) * len(categories))
            Final demand.
        x, v : array_like, shape (n,)
            Total output and value added.
        regions, sectors, categories : sequence
            Labels (e.g. adcodes, sector codes, final-demand categories).
        exports, imports : array_like, shape (n,), optional
            Rest-of-world exports by row and imports by column; zero if omitted.
        unit, year, source, estimate, meta, rtol
            As for :class:`MRIO`.
        sparse : bool, optional
            Store Z as a ``scipy.sparse.csr_array`` (True) or a DataFrame (False). Default:
            sparse if ``Z`` is given sparse. A sparse table never builds a dense ``n x n``
            object.

        Returns
        -------
        MRIO

        Raises
        ------
        DataError
            If a shape does not fit the labels (naming the argument) or validation fails.

        Examples
        --------
        The two-sector example of Miller & Blair (2009, section 2.3):

        >>> import numpy as np
        >>> t = MRIO.from_arrays(
        ...     np.array([[150.0, 500.0], [200.0, 100.0]]), np.array([[350.0], [1700.0]]),
        ...     [1000.0, 2000.0], [650.0, 1400.0], regions=["R"], sectors=["1", "2"],
        ...     categories=["f"], unit="$", year=2009, source="Miller & Blair (2009), 2.3",
        ... )
        >>> t.A().to_numpy().round(2).tolist()
        [[0.15, 0.25], [0.2, 0.05]]
        """
        idx = pd.MultiIndex.from_product([list(regions), list(sectors)], names=ROW_LEVELS)
        cols = pd.MultiIndex.from_product([list(regions), list(categories)], names=Y_LEVELS)
        n = len(idx)
        is_sparse = _issparse(Z) if sparse is None else bool(sparse)

        def shaped(name, arr, shape):
            a = _float_array(arr, name)
            if a.shape != shape:
                raise DataError(f"{name} has shape {a.shape}; expected {shape} from the labels")
            return a

        if _issparse(Z) or is_sparse:
            Zs = _sparse_float(Z)
            if Zs.shape != (n, n):
                raise DataError(f"Z has shape {Zs.shape}; expected {(n, n)} from the labels")
            Zv = Zs if is_sparse else pd.DataFrame(Zs.toarray(), index=idx, columns=idx)
        else:
            Zv = pd.DataFrame(shaped("Z", Z, (n, n)), index=idx, columns=idx)
        Yv = pd.DataFrame(shaped("Y", Y, (n, len(cols))), index=idx, columns=cols)
        vec = {
            name: pd.Series(shaped(name, arr, (n,)), index=idx, name=name)
            for name, arr in (("x", x), ("v", v), ("exports", exports), ("imports", imports))
            if arr is not None
        }
        return cls._assemble(Zv, Yv, vec, unit, year, source, estimate, meta, rtol)

    @classmethod
    def from_frames(
        cls,
        Z: pd.DataFrame,
        Y: pd.DataFrame,
        x: pd.Series | pd.DataFrame,
        v: pd.Series | pd.DataFrame,
        *,
        exports: pd.Series | pd.DataFrame | None = None,
        imports: pd.Series | pd.DataFrame | None = None,
        unit: str,
        year: int,
        source: str,
        estimate: bool = False,
        meta: dict | None = None,
        rtol: float = DEFAULT_RTOL,
    ) -> MRIO:
        """Build a table from labelled pandas objects.

        Level names are set to ``(region, sector)`` and ``(region, category)`` on any 2-level
        MultiIndex; Z columns, Y rows, x, v, exports and imports are put in Z's row order when
        they hold the same labels; values are converted to float.

        Parameters
        ----------
        Z : pandas.DataFrame
            Intermediate flows with a 2-level MultiIndex on both axes.
        Y : pandas.DataFrame
            Final demand, rows as Z, columns a 2-level MultiIndex (region, category).
        x, v : pandas.Series or one-column / one-row DataFrame
            Total output and value added (pymrio's ``x`` with column ``indout`` and a row of a
            pymrio ``F`` are accepted).
        exports, imports : pandas.Series or DataFrame, optional
            As x; zero if omitted.
        unit, year, source, estimate, meta, rtol
            As for :class:`MRIO`.

        Returns
        -------
        MRIO

        Raises
        ------
        DataError
            If labels differ (naming them), a value is not numeric (naming its place), or
            validation fails.
        """
        if not isinstance(Z, pd.DataFrame):
            raise DataError(f"Z must be a DataFrame; got {type(Z).__name__}")
        if Z.shape[0] != Z.shape[1]:
            raise DataError(f"Z is not square: {Z.shape[0]} rows x {Z.shape[1]} columns")
        Z = _named_frame(Z, "Z", ROW_LEVELS, ROW_LEVELS)
        idx = Z.index
        _check_multiindex(idx, "Z rows", ROW_LEVELS)
        Z = _to_float(_align(Z, idx, "Z columns", axis=1), "Z")
        if not isinstance(Y, pd.DataFrame):
            raise DataError(f"Y must be a DataFrame; got {type(Y).__name__}")
        Y = _to_float(_align(_named_frame(Y, "Y", ROW_LEVELS, Y_LEVELS), idx, "Y rows"), "Y")
        vec = {
            name: _to_float(_align(_vector(obj, name), idx, name), name)
            for name, obj in (("x", x), ("v", v), ("exports", exports), ("imports", imports))
            if obj is not None
        }
        return cls._assemble(Z, Y, vec, unit, year, source, estimate, meta, rtol)

    @classmethod
    def _assemble(cls, Z, Y, vec: dict, unit, year, source, estimate, meta, rtol) -> MRIO:
        """The one constructor call behind every door (vectors keyed x, v, exports, imports)."""
        return cls(
            Z=Z,
            Y=Y,
            x=vec["x"],
            v=vec["v"],
            exports=vec.get("exports"),
            imports=vec.get("imports"),
            unit=unit,
            year=year,
            source=source,
            estimate=estimate,
            meta=dict(meta or {}),
            rtol=rtol,
        )

    def with_(self, **changes) -> MRIO:
        """Return a validated copy with some fields changed (``dataclasses.replace``)."""
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            raise ValidationError(f"MRIO has no field(s) {sorted(unknown)}")
        return dataclasses.replace(self, **changes)

    # --- views -----------------------------------------------------------------------------

    @property
    def index(self) -> pd.MultiIndex:
        """The ``(region, sector)`` labels of the rows (and of the columns of Z)."""
        return self.x.index

    @property
    def regions(self) -> list:
        """Region labels in table order."""
        return self.index.get_level_values("region").unique().tolist()

    @property
    def sectors(self) -> list:
        """Sector labels in order of first appearance."""
        return self.index.get_level_values("sector").unique().tolist()

    @property
    def categories(self) -> list:
        """Final-demand categories in order of first appearance."""
        return self.Y.columns.get_level_values("category").unique().tolist()

    @property
    def is_sparse(self) -> bool:
        """True if Z is stored as a sparse array."""
        return sparse.issparse(self.Z)

    @property
    def Z_sparse(self) -> sparse.csr_array:
        """Z as a ``scipy.sparse.csr_array`` (a copy; converted from dense if need be)."""
        if self.is_sparse:
            return sparse.csr_array(self.Z, dtype=float, copy=True)
        return sparse.csr_array(self.Z.to_numpy(dtype=float))

    def A(self) -> pd.DataFrame:
        r"""Return the technical coefficients :math:`A_{ij} = Z_{ij} / x_j` as a DataFrame.

        Columns with :math:`x_j = 0` are 0. For a sparse table with more than
        ``DENSE_LIMIT`` rows use :meth:`A_sparse`.

        Raises
        ------
        ValidationError
            If the table is sparse and larger than ``DENSE_LIMIT`` rows.
        """
        if self.is_sparse:
            if len(self.index) > DENSE_LIMIT:
                raise ValidationError(
                    f"A() would build a dense {len(self.index)} x {len(self.index)} frame from a "
                    "sparse table; use A_sparse()"
                )
            Z = self.Z.toarray()
        else:
            Z = self.Z.to_numpy(dtype=float)
        A = _coefficients(Z, self.x.to_numpy(dtype=float))
        return pd.DataFrame(A, index=self.index, columns=self.index)

    def A_sparse(self) -> sparse.csr_array:
        """Return the technical coefficients as a ``scipy.sparse.csr_array``."""
        return _coefficients(self.Z_sparse, self.x.to_numpy(dtype=float))

    def to_arrays(self) -> tuple[np.ndarray | sparse.csr_array, np.ndarray, np.ndarray, np.ndarray]:
        """Return copies of ``(Z, Y, x, v)`` as numpy arrays (Z a csr_array if sparse).

        Exports and imports are ``self.exports.to_numpy()`` and ``self.imports.to_numpy()``.
        """
        Z = self.Z_sparse if self.is_sparse else self.Z.to_numpy(dtype=float, copy=True)
        return (
            Z,
            self.Y.to_numpy(dtype=float, copy=True),
            self.x.to_numpy(dtype=float, copy=True),
            self.v.to_numpy(dtype=float, copy=True),
        )

    def summary(self) -> dict:
        """Return a small dict describing the table (for the CLI and reports)."""
        return {
            "n_regions": len(self.regions),
            "n_sectors": len(self.sectors),
            "n_rows": len(self.index),
            "total_output": float(self.x.sum()),
            "unit": self.unit,
            "year": self.year,
            "source": self.source,
            "estimate": self.estimate,
            "method": self.meta.get("method"),
            "sparse": self.is_sparse,
        }

    def __repr__(self) -> str:
        est = ", ESTIMATE" if self.estimate else ""
        return (
            f"MRIO({len(self.regions)} regions x {len(self.sectors)} sectors, {self.year}, "
            f"{self.unit}, source={self.source!r}{est})"
        )


# --- helpers for the doors -----------------------------------------------------------------


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
