r"""Hypothetical extraction and value added (or any satellite account) embodied in trade.

:func:`hypothetical_extraction` measures the output lost when a group's intermediate links are
removed, by a low-rank update of one factorisation; :func:`value_added_flows` gives the value
added generated in each region by each region's final demand. Notation as in
:mod:`hinterland.mrio.math`.

References
----------
Miller, R. E., & Blair, P. D. (2009). *Input-Output Analysis: Foundations and Extensions*
(2nd ed.). Cambridge University Press.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray

from hinterland.errors import ValidationError
from hinterland.mrio._checks import (
    FloatArray,
    Matrix,
    _choice,
    _columns,
    _dense,
    _floats,
    _mask,
    _regions,
    _submatrix,
    _vector,
)
from hinterland.mrio.leontief import LeontiefSolver, _as_solver, _DenseLU, _factor, _lu

__all__ = [
    "EmbodiedFlows",
    "ExtractionResult",
    "hypothetical_extraction",
    "value_added_flows",
]


# --------------------------------------------------------------------------------------------
# hypothetical extraction
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class ExtractionResult:
    r"""Output with and without the extracted links.

    Attributes
    ----------
    baseline : ndarray, shape (n,) or (n, k)
        :math:`x = L y`.
    extracted : ndarray, shape like ``baseline``
        :math:`\bar{x} = (I - \bar{A})^{-1} y`.
    loss : ndarray, shape like ``baseline``
        ``baseline - extracted`` by sector (money units).
    total_loss : float or ndarray (k,)
        Sum of ``loss`` over sectors.
    """

    baseline: FloatArray
    extracted: FloatArray
    loss: FloatArray
    total_loss: float | FloatArray


_KINDS = ("full", "backward", "forward")


def _removed(si: NDArray, sj: NDArray, kind: str, keep_internal: bool) -> NDArray[np.bool_]:
    """Whether entry (i, j) of A is extracted, for broadcastable selections ``si``, ``sj``."""
    if kind == "backward":
        out = sj & ~si if keep_internal else sj & np.ones_like(si)
    elif kind == "forward":
        out = si & ~sj if keep_internal else si & np.ones_like(sj)
    else:
        out = (si ^ sj) if keep_internal else (si | sj)
    return out


def _extracted_matrix(A: Matrix, sel: NDArray, kind: str, keep_internal: bool) -> Matrix:
    if sp.issparse(A):
        coo = A.tocoo()
        keep = ~_removed(sel[coo.row], sel[coo.col], kind, keep_internal)
        return sp.csr_array((coo.data[keep], (coo.row[keep], coo.col[keep])), shape=A.shape)
    return np.where(_removed(sel[:, None], sel[None, :], kind, keep_internal), 0.0, A)


def _low_rank(A: Matrix, sel: NDArray, kind: str, keep_internal: bool) -> tuple[FloatArray, ...]:
    r"""Factors ``U`` (n, m), ``W`` (n, m) with :math:`A - \bar{A} = U W'`."""
    n = A.shape[0]
    idx = np.flatnonzero(sel)
    P = np.zeros((n, idx.size))
    P[idx, np.arange(idx.size)] = 1.0
    cols = _dense(_submatrix(A, np.arange(n), idx))  # A[:, S]   (n, k)
    rows = _dense(_submatrix(A, idx, np.arange(n))).T  # A[S, :]' (n, k)
    if kind in ("backward", "full") and keep_internal:
        cols[idx] = 0.0
    if kind == "full" or keep_internal:
        rows[idx] = 0.0  # A[S, S] is removed (once) by the column part, or kept
    if kind == "backward":
        return cols, P
    if kind == "forward":
        return P, rows
    return np.hstack([cols, P]), np.hstack([P, rows])


def hypothetical_extraction(
    A: Matrix | LeontiefSolver,
    y: ArrayLike,
    selected: ArrayLike,
    *,
    kind: Literal["full", "backward", "forward"] = "full",
    keep_internal: bool = False,
) -> ExtractionResult:
    r"""Output lost when the intermediate links of a group of sectors are removed.

    With :math:`E` the selected sectors (a sector, a region's block, a sector in every region),
    :math:`\bar{A}` is :math:`A` with these entries set to 0:

    - ``kind="backward"``: columns :math:`E` (the group buys no intermediate inputs),
    - ``kind="forward"``: rows :math:`E` (the group sells no intermediate inputs),
    - ``kind="full"``: rows and columns :math:`E`,

    and with ``keep_internal=True`` the links inside the group, :math:`A_{EE}`, are kept (only
    the links with the rest of the economy are cut, as in Dietzenbacher, van der Linden &
    Steenge 1993). Final demand is kept. The loss is

    .. math::

        x - \bar{x} = (I - A)^{-1} y - (I - \bar{A})^{-1} y.

    Computed from the factorisation of :math:`I - A`: :math:`A - \bar{A} = U W'` has rank
    :math:`m \le 2|E|`, and by the Sherman-Morrison-Woodbury identity

    .. math::

        x - \bar{x} = L U\,(I_m + W' L U)^{-1} W' x,

    which costs :math:`m` solves; when :math:`m > n/2` the system :math:`I - \bar{A}` is
    factored directly instead. Forward extraction in the supply-driven (Ghosh) model is this
    function applied to :math:`B'` and primary inputs :math:`v` with ``kind="backward"``.

    Parameters
    ----------
    A : ndarray, scipy.sparse matrix or LeontiefSolver
        Technical coefficients (n, n) or their factorisation (reused).
    y : array_like, shape (n,) or (n, k)
        Final demand (money units).
    selected : array_like of bool, shape (n,)
        The extracted sectors.
    kind : {"full", "backward", "forward"}, default "full"
        Which links of the group are removed.
    keep_internal : bool, default False
        Keep the links within the group.

    Returns
    -------
    ExtractionResult
        ``baseline``, ``extracted``, ``loss`` (shaped like ``y``) and ``total_loss``.

    Raises
    ------
    ValidationError
        If ``selected`` is not a boolean (n,) mask, ``kind`` is unknown or shapes do not match.
    DataError
        If :math:`I - A` or :math:`I - \bar{A}` is singular.

    References
    ----------
    Miller, R. E., & Lahr, M. L. (2001). A taxonomy of extractions. In M. L. Lahr & R. E.
    Miller (Eds.), *Regional Science Perspectives in Economic Analysis* (pp. 407-441). Elsevier.
    Dietzenbacher, E., & Lahr, M. L. (2013). Expanding extractions. *Economic Systems Research*,
    25(3), 341-360.
    Dietzenbacher, E., van der Linden, J. A., & Steenge, A. E. (1993). The regional extraction
    method: EC input-output comparisons. *Economic Systems Research*, 5(2), 185-206.
    Miller & Blair (2009), section 12.2.5.
    """
    _choice(kind, "kind", _KINDS)
    solver = _as_solver(A)
    n = solver.n
    yv = _columns(y, "y", n)
    sel = _mask(selected, n)
    x = solver.solve(yv)
    U, W = _low_rank(solver.A, sel, kind, bool(keep_internal))
    m = U.shape[1]
    if m == 0:
        loss = np.zeros_like(x)
    elif 2 * m <= n:
        LU = solver.solve(U)
        cap = np.eye(m) + W.T @ LU
        small = _DenseLU(_lu(cap, "A_bar (the extracted A)", None))
        loss = LU @ small.solve(W.T @ x)
    else:
        Abar = _extracted_matrix(solver.A, sel, kind, bool(keep_internal))
        loss = x - _factor(Abar, solver.method, "A_bar").solve(yv)
    total = loss.sum(axis=0)
    return ExtractionResult(
        baseline=x,
        extracted=x - loss,
        loss=loss,
        total_loss=float(total) if np.ndim(total) == 0 else total,
    )


# --------------------------------------------------------------------------------------------
# embodied value added
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class EmbodiedFlows:
    """Value added (or any satellite account) generated in one region by another's demand.

    Attributes
    ----------
    flows : ndarray, shape (r, d)
        ``flows[i, j]``: generated in region ``origins[i]`` by final demand of region
        ``destinations[j]``, in the unit of the coefficients times money.
    origins : ndarray, shape (r,)
        Producing regions (sorted region numbers).
    destinations : ndarray, shape (d,)
        Final-demand regions (sorted region numbers).
    """

    flows: FloatArray
    origins: NDArray
    destinations: NDArray

    @property
    def generated(self) -> FloatArray:
        """Total generated in each producing region (row sums), shape (r,)."""
        return self.flows.sum(axis=1)

    @property
    def absorbed(self) -> FloatArray:
        """Total embodied in each region's final demand (column sums), shape (d,)."""
        return self.flows.sum(axis=0)


def value_added_flows(
    A: Matrix | LeontiefSolver,
    v: ArrayLike,
    Y: ArrayLike,
    region_of: ArrayLike,
    *,
    y_region_of: ArrayLike | None = None,
) -> EmbodiedFlows:
    r"""Value added generated in region :math:`r` by the final demand of region :math:`s`.

    .. math::

        F_{rs} = \sum_{i \in r} v_i \,(L\, Y_{\cdot s})_i, \qquad
        Y_{\cdot s} = \sum_{c:\ \text{region}(c) = s} Y_{\cdot c},

    from one factorisation and one solve with all columns of :math:`Y`. Off-diagonal entries
    are value added embodied in interregional trade (exports of value added from :math:`r` to
    :math:`s`); row sums are value added by region of production (:math:`v' x` per region if
    :math:`Y` is the table's total final demand), column sums the value-added footprint of each
    region's final demand. Any coefficient per unit of output (jobs, emissions) works the same
    way.

    Parameters
    ----------
    A : ndarray, scipy.sparse matrix or LeontiefSolver
        Technical coefficients (n, n) or their factorisation.
    v : array_like, shape (n,)
        Value added per money unit of output.
    Y : array_like, shape (n, c)
        Final demand by supplying sector (rows) and demand column (e.g. region x category).
    region_of : array_like of int, shape (n,)
        Region number of each sector.
    y_region_of : array_like of int, shape (c,), optional
        Region number of each column of ``Y``. Without it, ``Y`` must have one column per
        region of ``region_of``, in sorted order.

    Returns
    -------
    EmbodiedFlows
        ``flows`` (r, d) with ``origins`` and ``destinations``.

    Raises
    ------
    ValidationError
        If shapes do not match.

    References
    ----------
    Johnson, R. C., & Noguera, G. (2012). Accounting for intermediates: production sharing and
    trade in value added. *Journal of International Economics*, 86(2), 224-236.
    Meng, B., Wang, Z., & Koopman, R. (2013). How are global value chains fragmented and
    extended in China's domestic production networks? IDE Discussion Paper 424.
    """
    solver = _as_solver(A)
    n = solver.n
    vv = _vector(v, "v", n)
    Ym = _floats(Y, "Y", (2,))
    if Ym.shape[0] != n:
        raise ValidationError(f"Y has {Ym.shape[0]} rows but A has {n} sectors")
    origins, codes = _regions(region_of, n)
    if y_region_of is None:
        if Ym.shape[1] != origins.size:
            raise ValidationError(
                f"Y has {Ym.shape[1]} columns but region_of has {origins.size} regions; give one "
                "column per region or pass y_region_of"
            )
        destinations, ycodes = origins, np.arange(origins.size)
    else:
        destinations, ycodes = _regions(y_region_of, Ym.shape[1], "y_region_of")
    Yagg = np.zeros((n, destinations.size))
    np.add.at(Yagg.T, ycodes, Ym.T)
    generated = vv[:, None] * solver.solve(Yagg)  # (n, d)
    flows = np.zeros((origins.size, destinations.size))
    np.add.at(flows, codes, generated)
    return EmbodiedFlows(flows=flows, origins=origins, destinations=destinations)
