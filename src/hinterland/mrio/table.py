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

The checks themselves are in :mod:`hinterland.mrio._table_checks`; this module holds the table,
its doors (:meth:`MRIO.from_arrays`, :meth:`MRIO.from_frames`) and its views.

References
----------
Miller, R. E., & Blair, P. D. (2009). *Input-Output Analysis: Foundations and Extensions*
(2nd ed.). Cambridge University Press.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse

from hinterland.errors import DataError, ValidationError
from hinterland.mrio._table_checks import (
    DENSE_LIMIT,
    ROW_LEVELS,
    Y_LEVELS,
    _align,
    _check_multiindex,
    _coefficients,
    _float_array,
    _issparse,
    _named_frame,
    _sparse_float,
    _to_float,
    _vector,
    check_attributes,
    check_identities,
    check_labels,
    check_numbers,
    check_productive,
)

__all__ = ["DEFAULT_RTOL", "DENSE_LIMIT", "MRIO", "ROW_LEVELS", "Y_LEVELS"]

DEFAULT_RTOL = 1e-6
"""Default relative tolerance of the accounting identities."""


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

    # --- validation (hinterland.mrio._table_checks) ------------------------------------------

    def __post_init__(self) -> None:
        check_attributes(self)
        idx = check_labels(self)
        set_ = object.__setattr__  # frozen: fill the documented defaults once
        for name in ("exports", "imports"):
            if getattr(self, name) is None:
                set_(self, name, pd.Series(0.0, index=idx, name=name))
        Z, Y, x, v, e, m = check_numbers(self, idx)
        check_identities(self, idx, Z, Y, x, v, e, m)
        check_productive(self, idx, Z, x)

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
