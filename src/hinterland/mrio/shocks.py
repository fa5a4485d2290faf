r"""Capacity-constrained output of an input-output economy under proportional rationing.

A shock caps the output of some region-sectors at a share of their pre-shock output. Under a
Leontief technology (no substitution between inputs, nor between supplying regions) a capped
supplier cannot serve every order, and what it does not deliver limits its customers, which in
turn cannot serve all of theirs. This module computes the output every region-sector can still
produce, and the final demand the economy can still deliver, when each constrained supplier
rations its output *proportionally*: every customer, intermediate or final, receives the same
share of what it ordered (Hallegatte 2008; Pichler & Farmer 2022).

Notation (all flows per year, or per any period, in one unit): :math:`A` the ``(n, n)``
technical coefficients, :math:`a_{ij}` the input from :math:`i` per unit of output of
:math:`j`; :math:`y` final demand; :math:`x^0 = A x^0 + y` pre-shock output; :math:`\bar x`
the capacity (``cap``); :math:`f` the final demand actually delivered.

Algorithm (one round, repeated until no supplier is over capacity):

1. Demand-consistent output for the final demand still served, :math:`d = (I - A)^{-1} f`
   (one LU factorisation of :math:`I - A`, reused in every round).
2. Rationing ratio of each supplier, :math:`r_i = \min(1, \bar x_i / d_i)`: supplier :math:`i`
   delivers the share :math:`r_i` of every order it receives.
3. Leontief bottleneck: customer :math:`j` receives :math:`r_i a_{ij} d_j` of input :math:`i`,
   so it can produce at most :math:`d_j \min_{i: a_{ij} > 0} r_i`, and then itself delivers only
   that share of its orders. The share of its orders that :math:`j` delivers is the fixed point

   .. math::

       \rho_j = \min\Bigl(r_j,\ \min_{i:\,a_{ij} > 0} \rho_i\Bigr),

   the smallest rationing ratio among :math:`j` and everything upstream of it in the supply
   graph, found by iterating the expression until nothing changes.
4. Final users of :math:`j` receive :math:`f_j \leftarrow \rho_j f_j`.

Because every sector downstream of an over-capacity supplier :math:`i` (every :math:`k` with
:math:`L_{ik} > 0`) is cut by at least :math:`r_i`, the new :math:`d_i = \sum_k L_{ik} f_k`
is at most :math:`\bar x_i`: the first round restores feasibility and later rounds only absorb
rounding. The result satisfies, by construction,

.. math::

    x = A x + f, \qquad 0 \le f \le y, \qquad 0 \le x \le \bar x,

and is monotone: a lower capacity anywhere never raises any output. With a fully connected
table (every :math:`a_{ij} > 0`) every sector is upstream of every other, so the rationing
becomes a uniform cut of all final demand by :math:`\min_i \bar x_i / x^0_i`: this is the
known worst case of strict Leontief technology with proportional rationing, where no customer
can substitute another supplier or do without a small input (Oosterhaven & Bouwmeester 2016;
Pichler & Farmer 2022). Read the result as an upper bound on the short-run loss; the dynamic
model in :mod:`hinterland.mrio.dynamic` adds inventories, substitution between supplying regions
and recovery.

References
----------
Hallegatte, S. (2008). An adaptive regional input-output model and its application to the
assessment of the economic cost of Katrina. *Risk Analysis*, 28(3), 779-799.

Koks, E. E., Carrera, L., Jonkeren, O., Aerts, J. C. J. H., Husby, T. G., Thissen, M.,
Standardi, G., & Mysiak, J. (2016). Regional disaster impact analysis: comparing input-output
and computable general equilibrium models. *Natural Hazards and Earth System Sciences*, 16(8),
1911-1924.

Oosterhaven, J., & Bouwmeester, M. C. (2016). A new approach to modeling the impact of
disruptive events. *Journal of Regional Science*, 56(4), 583-595.

Pichler, A., & Farmer, J. D. (2022). Simultaneous supply and demand constraints in input-output
networks: the case of Covid-19 in Germany, Italy, and Spain. *Economic Systems Research*,
34(3), 273-293.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.linalg import LinAlgWarning, lu_factor, lu_solve

from hinterland._arrays import nonnegative
from hinterland.errors import SolverError, ValidationError
from hinterland.mrio._checks import _length, _owned_floats, _readonly, _selection

__all__ = ["CapacityShock", "RationingResult", "constrained_output"]

FloatArray = NDArray[np.float64]

#: Relative tolerance of the table identity ``x0 = A x0 + y`` checked before solving.
IDENTITY_RTOL = 1e-8


# ----------------------------------------------------------------------------- validation


def _coefficients(A: ArrayLike) -> FloatArray:
    """Return ``A`` as a square, finite, non-negative float matrix."""
    a = _owned_floats(A, "A", 2)
    if a.shape[0] != a.shape[1] or a.shape[0] == 0:
        raise ValidationError(f"A must be a non-empty square matrix; received shape {a.shape}")
    nonnegative(a, "A", "technical coefficients must be >= 0")
    return a


def _final_demand(y: ArrayLike, n: int) -> FloatArray:
    """Return final demand as an ``(n,)`` vector; an ``(n, k)`` matrix is summed over columns."""
    a = _owned_floats(y, "y", (1, 2))
    _length(a, "y", n)
    nonnegative(a, "y", "final demand must be >= 0")
    return a.sum(axis=1) if a.ndim == 2 else a


# ----------------------------------------------------------------------------- value objects


@dataclass(frozen=True, slots=True)
class CapacityShock:
    r"""A validated capacity shock: chosen region-sectors lose a share of their capacity.

    Capacity is :math:`\bar x_i = (1 - s_i)\, x^0_i` for a shocked region-sector :math:`i` of
    severity :math:`s_i \in [0, 1]`, and :math:`(1 + o)\, x^0_i` elsewhere, with
    :math:`o \ge 0` the spare (over-production) capacity of the unshocked sectors.

    Parameters
    ----------
    shocked : ndarray of bool, shape (n,)
        True for each shocked region-sector (use :meth:`from_positions` for positions).
    severity : float or ndarray, shape (n,)
        Share of capacity lost, in ``[0, 1]``; an array gives one share per region-sector and
        is read only where ``shocked`` is True.
    overproduction : float, default 0
        Spare capacity of the unshocked region-sectors, as a share of :math:`x^0`. It never
        binds in :func:`constrained_output` (demand there is at most :math:`x^0`), but sets the
        capacity vector that other models read.

    Raises
    ------
    ValidationError
        If ``shocked`` is not boolean, a severity is outside ``[0, 1]``, or ``overproduction``
        is negative.
    """

    shocked: NDArray[np.bool_]
    severity: FloatArray
    overproduction: float = 0.0

    def __post_init__(self) -> None:
        shocked = np.asarray(self.shocked)
        if shocked.dtype != np.bool_ or shocked.ndim != 1:
            raise ValidationError(
                "shocked must be a 1-dimensional boolean mask (one per region-sector); received "
                f"dtype {shocked.dtype} and shape {shocked.shape}; use "
                "CapacityShock.from_positions for integer positions"
            )
        n = shocked.shape[0]
        sev = _owned_floats(self.severity, "severity", (0, 1))
        sev = np.full(n, float(sev)) if sev.ndim == 0 else sev
        _length(sev, "severity", n)
        bad = shocked & ((sev < 0) | (sev > 1))
        if bad.any():
            i = int(np.argmax(bad))
            raise ValidationError(
                f"severity[{i}] = {sev[i]:g} is outside [0, 1]; it is the share of capacity lost"
            )
        ovp = float(self.overproduction)
        if not np.isfinite(ovp) or ovp < 0:
            raise ValidationError(f"overproduction = {ovp:g} must be a finite share >= 0")
        sev = np.where(shocked, sev, 0.0)
        shocked = shocked.copy()
        _readonly(shocked, sev)
        object.__setattr__(self, "shocked", shocked)
        object.__setattr__(self, "severity", sev)
        object.__setattr__(self, "overproduction", ovp)

    @classmethod
    def from_positions(
        cls,
        n: int,
        positions: ArrayLike,
        severity: float | ArrayLike,
        *,
        overproduction: float = 0.0,
    ) -> CapacityShock:
        """Build a shock from integer positions of the shocked region-sectors.

        Parameters
        ----------
        n : int
            Number of region-sectors (``regions * sectors``, region-major).
        positions : array_like of int
            Positions of the shocked region-sectors.
        severity : float or array_like
            A share for all of them, or one per position (in the order of ``positions``).
        overproduction : float, default 0
            Spare capacity of the others (see the class).
        """
        mask = _selection(positions, n, "positions")
        pos = np.asarray(positions, dtype=np.intp).reshape(-1)
        sev = _owned_floats(severity, "severity", (0, 1))
        full = np.zeros(n)
        if sev.ndim == 0:
            full[mask] = float(sev)
        else:
            if sev.shape[0] != pos.shape[0]:
                raise ValidationError(
                    f"severity has {sev.shape[0]} values but positions has {pos.shape[0]}; "
                    "give one severity per position or a single one"
                )
            full[pos] = sev
        return cls(mask, full, overproduction)

    def capacity(self, x0: ArrayLike) -> FloatArray:
        r"""Return the capacity vector :math:`\bar x` for pre-shock output ``x0``.

        Parameters
        ----------
        x0 : array_like, shape (n,)
            Pre-shock output.

        Returns
        -------
        ndarray, shape (n,)
            :math:`(1 - s_i) x^0_i` where shocked, :math:`(1 + o) x^0_i` elsewhere.
        """
        x = _owned_floats(x0, "x0", 1)
        _length(x, "x0", self.shocked.shape[0])
        nonnegative(x, "x0", "output must be >= 0")
        return np.where(self.shocked, (1.0 - self.severity) * x, (1.0 + self.overproduction) * x)


@dataclass(frozen=True, slots=True)
class RationingResult:
    r"""Feasible output after a capacity shock (arrays are read-only).

    Attributes
    ----------
    x : ndarray, shape (n,)
        Feasible output, :math:`0 \le x \le \bar x`, with :math:`x = A x + y_d`.
    y_delivered : ndarray, shape (n,)
        Final demand actually delivered, :math:`0 \le y_d \le y`.
    loss : ndarray, shape (n,)
        Output lost, :math:`x^0 - x` (rounding differences below the identity tolerance between
        ``x0`` and :math:`(I - A)^{-1} y` are not counted, so never negative).
    capacity : ndarray, shape (n,)
        The capacity the solve used.
    rounds : int
        Rationing rounds run until no supplier was over capacity (0 when nothing binds, 1 in
        exact arithmetic otherwise; rounding may add one).
    """

    x: FloatArray
    y_delivered: FloatArray
    loss: FloatArray
    capacity: FloatArray
    rounds: int

    def __post_init__(self) -> None:
        _readonly(self.x, self.y_delivered, self.loss, self.capacity)

    @property
    def total_loss(self) -> float:
        r"""Total output lost, :math:`\sum_i (x^0_i - x_i)`."""
        return float(self.loss.sum())

    def loss_share_outside(self, mask: ArrayLike) -> float:
        r"""Share of the total loss that falls outside the region-sectors in ``mask``.

        .. math:: \frac{\sum_{i \notin M} (x^0_i - x_i)}{\sum_i (x^0_i - x_i)}

        With ``mask`` the shocked region-sectors this is the share of the loss passed on to the
        rest of the economy through supply chains (0 when nothing is lost).

        Parameters
        ----------
        mask : array_like of bool, shape (n,), or of int
            The region-sectors counted as inside (e.g. ``shock.shocked``), as a boolean mask or
            as integer positions.

        Returns
        -------
        float
            A share in ``[0, 1]``.
        """
        inside = _selection(mask, self.loss.shape[0])
        total = float(self.loss.sum())
        if total <= 0.0:
            return 0.0
        return float(self.loss[~inside].sum()) / total


# ----------------------------------------------------------------------------- kernel


def _downstream_min(r: FloatArray, supplies: NDArray[np.bool_]) -> FloatArray:
    r"""Return :math:`\rho_j = \min(r_j, \min_{i: a_{ij} > 0} \rho_i)` by fixed-point iteration.

    Only rows with :math:`\rho_i < 1` can lower anything, so each pass costs
    ``O(k n)`` for ``k`` constrained sectors; the number of passes is the length of the longest
    supply path that lowers a value (2 for a fully connected table).
    """
    rho = r.copy()
    while True:
        short = np.flatnonzero(rho < 1.0)
        if short.size == 0:
            return rho
        reach = np.where(supplies[short], rho[short, None], 1.0).min(axis=0)
        new = np.minimum(rho, reach)
        if np.array_equal(new, rho):
            return rho
        rho = new


def constrained_output(
    A: ArrayLike,
    y: ArrayLike,
    x0: ArrayLike,
    cap: ArrayLike,
    *,
    tol: float = 1e-12,
    max_iter: int = 100,
    lu: tuple[np.ndarray, np.ndarray] | None = None,
) -> RationingResult:
    r"""Feasible output when capacities bind, under Leontief technology and proportional rationing.

    Each supplier whose demand exceeds its capacity delivers the same share
    :math:`r_i = \bar x_i / d_i` of every order (intermediate and final); each customer can
    produce only as much as its scarcest input allows and passes the shortfall on in the same
    way. Final demand is cut by the resulting delivery shares and the demand recomputed until no
    supplier is over capacity (see the module docstring for the rounds):

    .. math::

        d = (I - A)^{-1} f, \quad r_i = \min\Bigl(1, \frac{\bar x_i}{d_i}\Bigr), \quad
        \rho_j = \min\Bigl(r_j, \min_{i:\,a_{ij}>0} \rho_i\Bigr), \quad
        f \leftarrow \rho \circ f,

    starting from :math:`f = y`. The result satisfies :math:`x = A x + y_d`,
    :math:`0 \le y_d \le y`, :math:`0 \le x \le \bar x`; a zero shock changes nothing and a
    lower capacity never yields more output.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Technical coefficients :math:`a_{ij} = z_{ij} / x_j`, non-negative, with
        :math:`I - A` non-singular.
    y : array_like, shape (n,) or (n, k)
        Final demand; the columns of a matrix (categories, destination regions) are summed.
    x0 : array_like, shape (n,)
        Pre-shock output; must satisfy :math:`x^0 = A x^0 + y` within ``1e-8`` relative.
    cap : array_like, shape (n,)
        Capacity :math:`\bar x \ge 0`, e.g. from :meth:`CapacityShock.capacity`. Values above
        ``x0`` are allowed and never bind.
    tol : float, default 1e-12
        Relative excess of demand over capacity treated as rounding.
    max_iter : int, default 100
        Most rationing rounds before giving up.
    lu : tuple, optional
        ``scipy.linalg.lu_factor(np.eye(n) - A)``, to reuse one factorisation across many
        shocks on the same table (it is most of the cost); computed when omitted.

    Returns
    -------
    RationingResult
        Output ``x``, delivered final demand ``y_delivered``, ``loss = x0 - x``.

    Raises
    ------
    ValidationError
        If shapes differ, a value is negative or not finite, ``x0`` is not the output of ``A``
        and ``y``, or :math:`I - A` is singular.
    SolverError
        If demand still exceeds capacity after ``max_iter`` rounds (not expected: in exact
        arithmetic one round suffices).

    References
    ----------
    Hallegatte (2008), *Risk Analysis* 28(3); Pichler & Farmer (2022), *Economic Systems
    Research* 34(3).

    Examples
    --------
    Sector 0 sells half its output to sector 1 (:math:`a_{01} = 0.5`) and half to final
    demand; capping it at half its output halves both sectors:

    >>> import numpy as np
    >>> A = np.array([[0.0, 0.5], [0.0, 0.0]])
    >>> r = constrained_output(A, [10.0, 20.0], [20.0, 20.0], [10.0, 20.0])
    >>> r.x.tolist(), r.y_delivered.tolist()
    ([10.0, 10.0], [5.0, 10.0])
    """
    a = _coefficients(A)
    n = a.shape[0]
    f0 = _final_demand(y, n)
    x_pre = _owned_floats(x0, "x0", 1)
    _length(x_pre, "x0", n)
    nonnegative(x_pre, "x0", "output must be >= 0")
    bar = _owned_floats(cap, "cap", 1)
    _length(bar, "cap", n)
    nonnegative(bar, "cap", "capacity must be >= 0")
    if not (np.isfinite(tol) and 0 <= tol < 1):
        raise ValidationError(f"tol = {tol!r} must be in [0, 1)")
    if int(max_iter) < 1:
        raise ValidationError(f"max_iter = {max_iter!r} must be >= 1")

    # Feasibility of the inputs before solving: the pre-shock table must balance.
    balance = a @ x_pre + f0
    resid = np.abs(x_pre - balance)
    limit = IDENTITY_RTOL * np.maximum(np.maximum(x_pre, balance), x_pre.max(initial=0.0) * 1e-6)
    bad = resid > limit
    if bad.any():
        i = int(np.argmax(resid - limit))
        raise ValidationError(
            f"x0 is not the output of A and y: at position {i}, x0 = {x_pre[i]:g} but "
            f"(A x0 + y) = {balance[i]:g} (difference {x_pre[i] - balance[i]:g}, tolerance "
            f"{IDENTITY_RTOL:g} relative); pass a balanced table"
        )
    if lu is None:
        m = -a
        m[np.diag_indices(n)] += 1.0
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", LinAlgWarning)  # singular: reported below
            lu = lu_factor(m, overwrite_a=True, check_finite=False)
    elif np.shape(lu[0]) != (n, n):
        raise ValidationError(
            f"lu factors a {np.shape(lu[0])} matrix but A is {n} x {n}; pass lu_factor(I - A)"
        )
    if not np.all(np.isfinite(lu[0])) or np.any(np.diag(lu[0]) == 0):
        raise ValidationError(
            "I - A is singular: A has a unit root, so no output solves x = Ax + y"
        )

    supplies = a > 0
    f = f0.copy()
    d = np.maximum(lu_solve(lu, f, check_finite=False), 0.0)
    rounds = 0
    # gaps below the smallest normal float are rounding (subnormal outputs cannot be rationed
    # to a relative tolerance: Hypothesis found 2.8e-313 > 2.8e-313 * (1 + tol) forever)
    floor = np.finfo(np.float64).tiny
    while (over := d > bar * (1.0 + tol) + floor).any():
        if rounds == int(max_iter):
            worst = int(np.argmax(d - bar))
            raise SolverError(
                f"demand still exceeds capacity after {rounds} rationing rounds at position "
                f"{worst} (demand {d[worst]:g}, capacity {bar[worst]:g})"
            )
        r = np.ones(n)
        r[over] = bar[over] / d[over]
        f = _downstream_min(r, supplies) * f
        d = np.maximum(lu_solve(lu, f, check_finite=False), 0.0)
        rounds += 1
    x = np.minimum(d, bar)
    loss = np.maximum(x_pre - x, 0.0)
    return RationingResult(x=x, y_delivered=f, loss=loss, capacity=bar, rounds=rounds)
