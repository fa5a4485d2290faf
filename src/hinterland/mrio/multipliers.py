r"""Multipliers (output, satellite, value added, employment) and Rasmussen linkages.

Each function takes the coefficients ``A`` as a matrix (factored with ``method="lu"``) or a
:class:`~hinterland.mrio.leontief.LeontiefSolver`, reused as it is. Notation as in
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
from numpy.typing import ArrayLike, NDArray

from hinterland.errors import DataError, ValidationError
from hinterland.mrio._checks import (
    FloatArray,
    Matrix,
    _choice,
    _output,
    _reciprocal,
    _rows,
    _vector,
)
from hinterland.mrio.leontief import LeontiefSolver, _as_solver

__all__ = [
    "Linkages",
    "employment_multipliers",
    "output_multipliers",
    "rasmussen_linkages",
    "satellite_multipliers",
    "value_added_multipliers",
]


# --------------------------------------------------------------------------------------------
# multipliers
# --------------------------------------------------------------------------------------------


def output_multipliers(A: Matrix | LeontiefSolver) -> FloatArray:
    r"""Type I output multipliers, the column sums of :math:`L`.

    .. math::

        m(o)_j = \sum_i l_{ij} = (\mathbf{1}' L)_j,

    computed as one transposed solve :math:`\mathbf{1}'(I - A)^{-1}`. Type I: households are
    exogenous (open model); induced (type II) effects are not included.

    Parameters
    ----------
    A : ndarray, scipy.sparse matrix or LeontiefSolver
        Technical coefficients (n, n) or their factorisation.

    Returns
    -------
    ndarray, shape (n,)
        Total output (all sectors, all regions) per unit of final demand for sector ``j``.

    References
    ----------
    Miller & Blair (2009), section 6.2.1.
    """
    solver = _as_solver(A)
    return solver.solve_transposed(np.ones(solver.n))


def satellite_multipliers(A: Matrix | LeontiefSolver, S: ArrayLike) -> FloatArray:
    r"""Satellite multipliers :math:`M = S L` (pymrio's ``M``), via transposed solves.

    .. math::

        M = S (I - A)^{-1}, \qquad m_{kj} = \sum_i s_{ki} l_{ij}.

    Parameters
    ----------
    A : ndarray, scipy.sparse matrix or LeontiefSolver
        Technical coefficients (n, n) or their factorisation.
    S : array_like, shape (n,) or (m, n)
        Satellite coefficients (:func:`satellite_coefficients`), units of the account per
        money unit of output.

    Returns
    -------
    ndarray, shape like ``S``
        Total (direct and indirect) use of each account per money unit of final demand.

    References
    ----------
    Miller & Blair (2009), section 6.2; Stadler et al. (2018), EXIOBASE 3, *J. Ind. Ecol.*
    22(3), 502-515 (the ``S``/``M`` notation of pymrio).
    """
    solver = _as_solver(A)
    return solver.solve_transposed(_rows(S, "S", solver.n))


def _coefficient_multipliers(
    A: Matrix | LeontiefSolver, coef: ArrayLike, name: str, kind: str
) -> FloatArray:
    _choice(kind, "kind", ("simple", "type_I"))
    solver = _as_solver(A)
    c = _vector(coef, name, solver.n)
    simple = solver.solve_transposed(c)
    if kind == "simple":
        return simple
    zero = c == 0
    if zero.any():
        j = int(np.argmax(zero))
        raise DataError(
            f"the type I multiplier of sector {j} is undefined: its direct coefficient "
            f"{name}[{j}] = 0; use kind='simple'"
        )
    return simple / c


def value_added_multipliers(
    A: Matrix | LeontiefSolver, v: ArrayLike, *, kind: Literal["simple", "type_I"] = "simple"
) -> FloatArray:
    r"""Value-added (income) multipliers from value-added coefficients :math:`v_i = w_i / x_i`.

    .. math::

        m(v)_j = \sum_i v_i\, l_{ij} = (v' L)_j \quad \text{(simple)}, \qquad
        m(v)^{I}_j = m(v)_j / v_j \quad \text{(type I ratio)}.

    Households are exogenous (open model): both are type I in the sense of excluding induced
    effects; type II (households closed into :math:`A`) is not provided.

    Parameters
    ----------
    A : ndarray, scipy.sparse matrix or LeontiefSolver
        Technical coefficients (n, n) or their factorisation.
    v : array_like, shape (n,)
        Value added per money unit of output (:func:`satellite_coefficients` of value added).
    kind : {"simple", "type_I"}, default "simple"
        ``"simple"``: value added economy-wide per unit of final demand for ``j``;
        ``"type_I"``: that divided by sector ``j``'s own direct coefficient.

    Returns
    -------
    ndarray, shape (n,)
        Money of value added per money of final demand (simple), or a unitless ratio (type I).

    Raises
    ------
    DataError
        For ``kind="type_I"`` when some ``v[j] = 0``.

    References
    ----------
    Miller & Blair (2009), section 6.2.2.
    """
    return _coefficient_multipliers(A, v, "v", kind)


def employment_multipliers(
    A: Matrix | LeontiefSolver, e: ArrayLike, *, kind: Literal["simple", "type_I"] = "simple"
) -> FloatArray:
    r"""Employment multipliers from employment coefficients :math:`e_i = \text{jobs}_i / x_i`.

    .. math::

        m(e)_j = \sum_i e_i\, l_{ij} = (e' L)_j \quad \text{(simple)}, \qquad
        m(e)^{I}_j = m(e)_j / e_j \quad \text{(type I ratio)}.

    Open model (type I, no induced household effects).

    Parameters
    ----------
    A : ndarray, scipy.sparse matrix or LeontiefSolver
        Technical coefficients (n, n) or their factorisation.
    e : array_like, shape (n,)
        Jobs per money unit of output (e.g. persons per 10^4 yuan).
    kind : {"simple", "type_I"}, default "simple"
        As in :func:`value_added_multipliers`.

    Returns
    -------
    ndarray, shape (n,)
        Jobs per money unit of final demand (simple), or a unitless ratio (type I).

    Raises
    ------
    DataError
        For ``kind="type_I"`` when some ``e[j] = 0``.

    References
    ----------
    Miller & Blair (2009), section 6.2.3.
    """
    return _coefficient_multipliers(A, e, "e", kind)


# --------------------------------------------------------------------------------------------
# linkages
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class Linkages:
    """Rasmussen linkage indices; an average sector scores 1 on each.

    Attributes
    ----------
    backward : ndarray, shape (n,)
        Power of dispersion (normalised column sums of :math:`L`).
    forward : ndarray, shape (n,)
        Sensitivity of dispersion (normalised row sums of :math:`G` or :math:`L`).
    forward_basis : {"ghosh", "leontief"}
        The inverse the forward index was computed on.
    """

    backward: FloatArray
    forward: FloatArray
    forward_basis: str

    @property
    def key(self) -> NDArray[np.bool_]:
        """Key sectors: both indices above 1 (Miller & Blair 2009, section 12.2)."""
        return (self.backward > 1.0) & (self.forward > 1.0)


def rasmussen_linkages(
    A: Matrix | LeontiefSolver,
    *,
    x: ArrayLike | None = None,
    forward: Literal["ghosh", "leontief"] = "ghosh",
) -> Linkages:
    r"""Rasmussen backward and forward linkage indices and key sectors.

    .. math::

        BL_j = \frac{\tfrac{1}{n}\sum_i l_{ij}}{\tfrac{1}{n^2}\sum_{i,k} l_{ik}}, \qquad
        FL_i = \frac{\tfrac{1}{n}\sum_j g_{ij}}{\tfrac{1}{n^2}\sum_{k,j} g_{kj}},

    with :math:`G = \hat{x}^{-1} L \hat{x}`, whose row sums are :math:`(L x)_i / x_i`: one
    solve with the factorisation of :math:`I - A`. A sector with :math:`x_i = 0` has a zero row
    of :math:`B`, so :math:`g_{ii} = 1` and a row sum of 1. ``forward="leontief"`` uses the row
    sums of :math:`L` instead (Rasmussen's original sensitivity of dispersion, now usually
    replaced by the Ghosh version because the Leontief row sums add unlike stimuli).

    Parameters
    ----------
    A : ndarray, scipy.sparse matrix or LeontiefSolver
        Technical coefficients (n, n) or their factorisation.
    x : array_like, shape (n,), optional
        Gross output, >= 0, needed for ``forward="ghosh"``.
    forward : {"ghosh", "leontief"}, default "ghosh"
        The inverse the forward index is computed on.

    Returns
    -------
    Linkages
        ``backward``, ``forward`` (n,) and ``key`` (both > 1).

    Raises
    ------
    ValidationError
        If ``forward="ghosh"`` and ``x`` is missing, or shapes do not match.

    References
    ----------
    Rasmussen, P. N. (1956). *Studies in Inter-Sectoral Relations*. Amsterdam: North-Holland.
    Miller & Blair (2009), sections 12.1-12.2.
    """
    _choice(forward, "forward", ("ghosh", "leontief"))
    solver = _as_solver(A)
    n = solver.n
    ones = np.ones(n)
    colsum = solver.solve_transposed(ones)
    if forward == "leontief":
        rowsum = solver.solve(ones)
    else:
        if x is None:
            raise ValidationError(
                "forward='ghosh' needs the gross output x (the Ghosh inverse is "
                "diag(x)^-1 L diag(x)); pass x=... or use forward='leontief'"
            )
        xv = _output(x, n, ref="A")
        rowsum = np.where(xv > 0, solver.solve(xv) * _reciprocal(xv), 1.0)
    return Linkages(colsum / colsum.mean(), rowsum / rowsum.mean(), forward)
