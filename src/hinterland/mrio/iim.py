r"""The inoperability input-output model (IIM) and its dynamic form (DIIM).

Inoperability :math:`q_i \in [0, 1]` is the fraction of sector :math:`i`'s as-planned output
that is not produced (0: fully operable, 1: stopped). With as-planned output :math:`x` (n,) and
technical coefficients :math:`A`, Santos & Haimes (2004) write the Leontief model in
normalised form

.. math::

    q = A^* q + c^*, \qquad A^* = \hat{x}^{-1} A \hat{x}, \qquad
    c^* = \hat{x}^{-1} \Delta c,

where :math:`a^*_{ij} = a_{ij} x_j / x_i` (the interdependency matrix; for
:math:`A = Z\hat{x}^{-1}` it equals the allocation coefficients :math:`B = \hat{x}^{-1} Z`) and
:math:`c^*` is the demand reduction as a share of as-planned output (the demand-side
perturbation). The dynamic IIM (Lian & Haimes 2006) moves in daily steps towards that
balance at sector recovery rates :math:`k_i`:

.. math::

    q(t+1) = q(t) + K\,[A^* q(t) + c^*(t) - q(t)], \qquad K = \operatorname{diag}(k).

Kernels only: numpy/scipy in and out; the step is pure and :func:`run` records a trajectory.

References
----------
Santos, J. R., & Haimes, Y. Y. (2004). Modeling the demand reduction input-output (I-O)
inoperability due to terrorism of interconnected infrastructures. *Risk Analysis*, 24(6),
1437-1451.

Haimes, Y. Y., Horowitz, B. M., Lambert, J. H., Santos, J. R., Lian, C., & Crowther, K. G.
(2005). Inoperability input-output model for interdependent infrastructure sectors. I: Theory
and methodology. *Journal of Infrastructure Systems*, 11(2), 67-79.

Lian, C., & Haimes, Y. Y. (2006). Managing the risk of terrorism to interdependent
infrastructure systems through the dynamic inoperability input-output model. *Systems
Engineering*, 9(3), 241-258.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike

from hinterland.errors import DataError, ValidationError
from hinterland.mrio._checks import (
    FloatArray,
    Matrix,
    Method,
    _at,
    _first,
    _floats,
    _matrix,
    _scale,
    _vector,
)
from hinterland.mrio.leontief import LeontiefSolver, _factor

__all__ = [
    "InoperabilityModel",
    "InoperabilityRun",
    "InoperabilityState",
    "demand_perturbation",
    "interdependency_matrix",
    "recovery_rates",
    "run",
    "static_inoperability",
    "step",
]

_TOL = 1e-12


def _unit_interval(q: FloatArray, name: str, error: type[Exception], where: str = "") -> None:
    """Raise ``error`` unless every value of ``q`` lies in [0, 1] (1e-12 of slack)."""
    bad = (q < -_TOL) | (q > 1.0 + _TOL)
    if bad.any():
        idx = _first(bad)
        raise error(
            f"{_at(name, idx)} = {q[idx]:.6g}{where} is outside [0, 1]; inoperability is a share "
            "of as-planned output (0 operable, 1 stopped)"
        )


def _planned_output(x: ArrayLike, n: int | None = None) -> FloatArray:
    xv = _vector(x, "x", n)
    bad = xv <= 0
    if bad.any():
        i = int(np.argmax(bad))
        raise DataError(
            f"x[{i}] = {xv[i]:g}; as-planned output must be > 0, inoperability of a sector that "
            "produces nothing is undefined (drop the sector)"
        )
    return xv


def _nonnegative_matrix(M: Matrix, name: str) -> None:
    data = M.data if sp.issparse(M) else M
    if (data < 0).any():
        raise DataError(f"{name} has negative entries; the IIM needs {name} >= 0")


def interdependency_matrix(A: Matrix, x: ArrayLike) -> Matrix:
    r"""The interdependency matrix :math:`A^* = \hat{x}^{-1} A \hat{x}`, by broadcasting.

    .. math::

        a^*_{ij} = \frac{a_{ij}\, x_j}{x_i},

    the share of sector :math:`i`'s as-planned output lost per unit of inoperability of sector
    :math:`j`. For :math:`A = Z \hat{x}^{-1}` this is :math:`\hat{x}^{-1} Z`, the allocation
    coefficients.

    Parameters
    ----------
    A : ndarray or scipy.sparse matrix, shape (n, n)
        Technical coefficients, >= 0.
    x : array_like, shape (n,)
        As-planned output, > 0 (money units per period).

    Returns
    -------
    ndarray or scipy.sparse CSR matrix, shape (n, n)
        :math:`A^*`, unitless.

    Raises
    ------
    ValidationError
        If shapes do not match or a value is not finite.
    DataError
        If ``A`` has negative entries or an output is <= 0.

    References
    ----------
    Santos & Haimes (2004), eq. (5).
    """
    Am = _matrix(A, "A")
    _nonnegative_matrix(Am, "A")
    xv = _planned_output(x, Am.shape[0])
    return _scale(Am, row=1.0 / xv, col=xv)


def demand_perturbation(dc: ArrayLike, x: ArrayLike) -> FloatArray:
    r"""The demand-side perturbation :math:`c^* = \hat{x}^{-1} \Delta c`.

    Parameters
    ----------
    dc : array_like, shape (n,) or (n, k)
        Reduction of final demand (money units per period, >= 0; a reduction is positive).
    x : array_like, shape (n,)
        As-planned output, > 0, same units.

    Returns
    -------
    ndarray, shape like ``dc``
        :math:`c^*`, each value in [0, 1].

    Raises
    ------
    ValidationError
        If a reduction is negative or exceeds as-planned output.

    References
    ----------
    Santos & Haimes (2004), eq. (6).
    """
    xv = _planned_output(x)
    d = _floats(dc, "dc", (1, 2))
    if d.shape[0] != xv.shape[0]:
        raise ValidationError(f"dc has {d.shape[0]} rows but x has {xv.shape[0]} sectors")
    c = d / (xv if d.ndim == 1 else xv[:, None])
    _unit_interval(c, "c* = dc / x", ValidationError)
    return c


def static_inoperability(
    A_star: Matrix | LeontiefSolver, c_star: ArrayLike, *, method: Method = "lu"
) -> FloatArray:
    r"""Equilibrium inoperability :math:`q = (I - A^*)^{-1} c^*`, solved (not inverted).

    Parameters
    ----------
    A_star : ndarray, scipy.sparse matrix or LeontiefSolver
        Interdependency matrix (n, n) (:func:`interdependency_matrix`) or a factorisation of
        :math:`I - A^*` from ``leontief_factor(A_star)``, reused for many perturbations.
    c_star : array_like, shape (n,) or (n, k)
        Demand perturbation(s), each value in [0, 1].
    method : {"lu", "inverse"}, default "lu"
        Strategy of the factorisation; ignored when ``A_star`` is a factorisation.

    Returns
    -------
    ndarray, shape like ``c_star``
        Inoperability :math:`q`, checked to lie in [0, 1].

    Raises
    ------
    ValidationError
        If ``c_star`` has the wrong shape or a value outside [0, 1].
    DataError
        If :math:`I - A^*` is singular, :math:`A^*` has negative entries, or the solution
        leaves [0, 1] (the perturbation is too large for the linear model).

    References
    ----------
    Santos & Haimes (2004), eq. (7).
    """
    if isinstance(A_star, LeontiefSolver):
        solver = A_star
    else:
        solver = _factor(A_star, method, "A*")
    _nonnegative_matrix(solver.A, "A*")
    c = _floats(c_star, "c_star", (1, 2))
    _unit_interval(c, "c_star", ValidationError)
    q = solver.solve(c)
    _unit_interval(q, "q", DataError, " (the equilibrium)")
    return q


def recovery_rates(
    q0: ArrayLike,
    qT: ArrayLike,
    days: ArrayLike,
    *,
    a_star_diag: ArrayLike | None = None,
) -> FloatArray:
    r"""Sector recovery rates :math:`k_i` from a recovery time.

    .. math::

        k_i = \frac{\ln\left(q_i(0) / q_i(T_i)\right)}{T_i} \qquad \text{or, with }
        a^*_{ii}, \qquad k_i = \frac{\ln\left(q_i(0) / q_i(T_i)\right)}{T_i\,(1 - a^*_{ii})}.

    The first form is the exponential recovery :math:`q_i(t) = q_i(0) e^{-k_i t}` of a sector
    on its own; the second (Haimes et al. 2005, Lian & Haimes 2006) accounts for the sector's
    dependence on itself, :math:`\dot q_i = -k_i (1 - a^*_{ii}) q_i`. Both are continuous-time
    rates; in the daily steps of :func:`step` a lone sector recovers as
    :math:`(1 - k_i(1 - a^*_{ii}))^t`, close to :math:`e^{-k_i(1 - a^*_{ii}) t}` for small
    rates. ``q0`` and ``qT`` enter only through their ratio: a common choice is
    :math:`q_i(T_i) = 0.01\, q_i(0)` (99% recovered).

    Parameters
    ----------
    q0 : array_like, scalar or shape (n,)
        Inoperability after the event, in (0, 1].
    qT : array_like, scalar or shape (n,)
        Inoperability reached after ``days``, with 0 < qT < q0.
    days : array_like, scalar or shape (n,)
        Recovery time :math:`T_i` in days, > 0.
    a_star_diag : array_like, shape (n,), optional
        Diagonal :math:`a^*_{ii}` of the interdependency matrix, each in [0, 1).

    Returns
    -------
    ndarray, shape (n,) (broadcast of the inputs)
        Rates :math:`k_i` per day, in (0, 1].

    Raises
    ------
    ValidationError
        If a value is out of range, or a rate exceeds 1 per day (the daily step would overshoot
        below zero; lengthen the recovery time).

    References
    ----------
    Haimes et al. (2005), eq. (21); Lian & Haimes (2006), eq. (8).
    """
    a, b, t = np.broadcast_arrays(
        _floats(q0, "q0", (0, 1)), _floats(qT, "qT", (0, 1)), _floats(days, "days", (0, 1))
    )
    a, b, t = (np.atleast_1d(v).astype(np.float64) for v in (a, b, t))
    for name, bad, want in (
        ("q0", (a <= 0) | (a > 1), "in (0, 1]"),
        ("qT", (b <= 0) | (b >= a), "in (0, q0)"),
        ("days", t <= 0, "> 0"),
    ):
        if bad.any():
            i = int(np.argmax(bad))
            value = {"q0": a, "qT": b, "days": t}[name][i]
            raise ValidationError(f"{name}[{i}] = {value:g} must be {want}")
    k = np.log(a / b) / t
    if a_star_diag is not None:
        d = _vector(a_star_diag, "a_star_diag", k.shape[0], ref="q0")
        bad = (d < 0) | (d >= 1)
        if bad.any():
            i = int(np.argmax(bad))
            raise ValidationError(f"a_star_diag[{i}] = {d[i]:g} must be in [0, 1)")
        k = k / (1.0 - d)
    too_fast = k > 1.0
    if too_fast.any():
        i = int(np.argmax(too_fast))
        raise ValidationError(
            f"recovery of sector {i} from q = {a[i]:g} to {b[i]:g} in {t[i]:g} days needs "
            f"k = {k[i]:.3g} > 1 per day; a daily step cannot represent it (lengthen days)"
        )
    return k


@dataclass(frozen=True, slots=True, eq=False)
class InoperabilityModel:
    r"""Parameters of the dynamic IIM, validated on creation.

    Attributes
    ----------
    A_star : ndarray or scipy.sparse CSR matrix, shape (n, n)
        Interdependency matrix :math:`A^* \ge 0`.
    k : ndarray, shape (n,)
        Recovery rates per day, each in [0, 1] (:func:`recovery_rates`).
    x : ndarray, shape (n,)
        As-planned output per day (money units per day, > 0; annual output / 365), for losses.
    """

    A_star: Matrix
    k: FloatArray
    x: FloatArray

    def __post_init__(self) -> None:
        A = _matrix(self.A_star, "A_star")
        _nonnegative_matrix(A, "A_star")
        n = A.shape[0]
        k = _vector(self.k, "k", n, ref="A_star")
        bad = (k < 0) | (k > 1)
        if bad.any():
            i = int(np.argmax(bad))
            raise ValidationError(
                f"k[{i}] = {k[i]:g} must be in [0, 1]; with k > 1 a daily step overshoots"
            )
        object.__setattr__(self, "A_star", A)
        object.__setattr__(self, "k", k)
        object.__setattr__(self, "x", _planned_output(self.x, n))

    @classmethod
    def from_coefficients(cls, A: Matrix, x: ArrayLike, k: ArrayLike) -> InoperabilityModel:
        r"""Build the model from technical coefficients :math:`A` and as-planned output.

        Parameters
        ----------
        A : ndarray or scipy.sparse matrix, shape (n, n)
            Technical coefficients, >= 0.
        x : array_like, shape (n,)
            As-planned output per day, > 0.
        k : array_like, shape (n,)
            Recovery rates per day, in [0, 1].

        Returns
        -------
        InoperabilityModel
            With :math:`A^* = \hat{x}^{-1} A \hat{x}` (:func:`interdependency_matrix`).
        """
        return cls(interdependency_matrix(A, x), k, x)  # type: ignore[arg-type]

    @property
    def n(self) -> int:
        """Number of sectors."""
        return int(self.A_star.shape[0])


@dataclass(frozen=True, slots=True, eq=False)
class InoperabilityState:
    """The state of the dynamic IIM on one day.

    Attributes
    ----------
    day : int
        Day index, >= 0.
    q : ndarray, shape (n,)
        Inoperability of each sector, in [0, 1].
    """

    day: int
    q: FloatArray

    def __post_init__(self) -> None:
        q = _floats(self.q, "q", (1,))
        _unit_interval(q, "q", ValidationError)
        if int(self.day) < 0:
            raise ValidationError(f"day = {self.day} must be >= 0")
        q.flags.writeable = False
        object.__setattr__(self, "q", q)
        object.__setattr__(self, "day", int(self.day))


def _perturbation(c_star: ArrayLike | None, n: int, days: int | None) -> FloatArray:
    """Validated c*: zeros, constant (n,), or one row per day (days, n)."""
    if c_star is None:
        return np.zeros(n)
    c = _floats(c_star, "c_star", (1, 2))
    if c.shape[-1] != n:
        raise ValidationError(f"c_star has {c.shape[-1]} sectors but the model has {n}")
    if c.ndim == 2 and days is not None and c.shape[0] != days:
        raise ValidationError(
            f"c_star has {c.shape[0]} rows but the run has {days} days; give one row per day "
            "(c*(t) acts from day t to t+1) or a constant (n,) vector"
        )
    _unit_interval(c, "c_star", ValidationError)
    return c


def _advance(q: FloatArray, model: InoperabilityModel, c: FloatArray, day: int) -> FloatArray:
    r"""One DIIM step, written :math:`(1-k) q + k (A^* q + c^*)`: non-negative by construction."""
    k = model.k
    new = (1.0 - k) * q + k * (model.A_star @ q + c)
    _unit_interval(
        new,
        "q",
        DataError,
        f" on day {day + 1} (the linear model left its domain: the perturbation is too large)",
    )
    return new


def step(
    state: InoperabilityState, model: InoperabilityModel, c_star: ArrayLike | None = None
) -> InoperabilityState:
    r"""One day of the dynamic IIM (pure: returns a new state).

    .. math::

        q(t+1) = q(t) + K\,[A^* q(t) + c^*(t) - q(t)]
               = (I - K)\, q(t) + K\,[A^* q(t) + c^*(t)].

    Parameters
    ----------
    state : InoperabilityState
        The state on day :math:`t`.
    model : InoperabilityModel
        :math:`A^*`, recovery rates :math:`k` and as-planned output.
    c_star : array_like, shape (n,), optional
        Demand perturbation :math:`c^*(t)` acting during day :math:`t`, in [0, 1]; zero if
        omitted.

    Returns
    -------
    InoperabilityState
        The state on day :math:`t + 1`.

    Raises
    ------
    ValidationError
        If ``c_star`` has the wrong shape or a value outside [0, 1].
    DataError
        If the new inoperability leaves [0, 1].

    References
    ----------
    Lian & Haimes (2006), eq. (5).
    """
    c = _perturbation(c_star, model.n, None)
    if c.ndim != 1:
        raise ValidationError(f"c_star for one step must have shape ({model.n},); got {c.shape}")
    if state.q.shape[0] != model.n:
        raise ValidationError(f"state has {state.q.shape[0]} sectors but the model has {model.n}")
    return InoperabilityState(state.day + 1, _advance(state.q, model, c, state.day))


@dataclass(frozen=True, slots=True, eq=False)
class InoperabilityRun:
    r"""A recorded dynamic IIM trajectory and its economic loss.

    Attributes
    ----------
    q : ndarray, shape (T + 1, n)
        Inoperability on days 0..T (row 0 is the initial state).
    daily_loss : ndarray, shape (T, n)
        Output lost on days 0..T-1, :math:`x_i q_i(t)` (money units).
    loss : ndarray, shape (n,)
        Output lost per sector over the run, :math:`x_i \sum_{t=0}^{T-1} q_i(t)`.
    total_loss : float
        Sum of ``loss``.
    """

    q: FloatArray
    daily_loss: FloatArray
    loss: FloatArray
    total_loss: float


def run(
    model: InoperabilityModel,
    q0: ArrayLike,
    days: int,
    c_star: ArrayLike | None = None,
) -> InoperabilityRun:
    r"""Run the dynamic IIM for ``days`` daily steps and record the trajectory and loss.

    .. math::

        q(t+1) = q(t) + K\,[A^* q(t) + c^*(t) - q(t)], \qquad
        Q_i = x_i \sum_{t=0}^{T-1} q_i(t),

    with :math:`q(t)` taken to hold during day :math:`t` (left Riemann sum; :math:`q(T)` is the
    state after the last day). With a constant :math:`c^*`, :math:`0 < k_i \le 1` and a
    productive :math:`A^*`, :math:`q(t)` converges to the static
    :math:`(I - A^*)^{-1} c^*`; with :math:`c^* = 0` from such an equilibrium it decays
    monotonically to 0.

    Parameters
    ----------
    model : InoperabilityModel
        :math:`A^*`, recovery rates and as-planned output per day.
    q0 : array_like, shape (n,)
        Initial inoperability, in [0, 1].
    days : int
        Number of daily steps :math:`T \ge 0`.
    c_star : array_like, shape (n,) or (days, n), optional
        Demand perturbation, constant or one row per day (row :math:`t` acts from day
        :math:`t` to :math:`t+1`); zero if omitted (pure recovery).

    Returns
    -------
    InoperabilityRun
        ``q`` (T + 1, n), ``daily_loss`` (T, n), ``loss`` (n,), ``total_loss``.

    Raises
    ------
    ValidationError
        If an input has the wrong shape or is out of range.
    DataError
        If inoperability leaves [0, 1] during the run.

    References
    ----------
    Lian & Haimes (2006); Haimes et al. (2005), eq. (22) for the loss.
    """
    if int(days) != days or days < 0:
        raise ValidationError(f"days = {days!r} must be a non-negative integer")
    days = int(days)
    state = InoperabilityState(0, q0)
    if state.q.shape[0] != model.n:
        raise ValidationError(f"q0 has {state.q.shape[0]} sectors but the model has {model.n}")
    c = _perturbation(c_star, model.n, days)
    path = np.empty((days + 1, model.n))
    path[0] = state.q
    for t in range(days):
        ct = c[t] if c.ndim == 2 else c
        path[t + 1] = _advance(path[t], model, ct, t)
    daily = path[:-1] * model.x
    loss = daily.sum(axis=0)
    return InoperabilityRun(q=path, daily_loss=daily, loss=loss, total_loss=float(loss.sum()))
