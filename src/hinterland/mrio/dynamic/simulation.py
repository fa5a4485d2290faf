"""ARIO simulation: recorder, result, and the loop that applies one shock (:func:`simulate`)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal

import numpy as np

from hinterland.errors import ValidationError
from hinterland.mrio._checks import _readonly
from hinterland.mrio.dynamic._daily import Daily
from hinterland.mrio.dynamic._kernels import FloatArray
from hinterland.mrio.dynamic.batch import BatchEvents
from hinterland.mrio.dynamic.events import CapitalShock
from hinterland.mrio.dynamic.parameters import ARIOParams
from hinterland.mrio.dynamic.step import ARIOState, steady_state, step
from hinterland.mrio.dynamic.trade import TradeLoop, trade_shares

__all__ = ["ARIOResult", "Recorder", "simulate"]

Engine = Literal["auto", "step"]


@dataclass(frozen=True, slots=True)
class ARIOResult:
    r"""Daily trajectories of a simulation (arrays are read-only; money per day).

    Attributes
    ----------
    production : ndarray, shape (days + 1, n)
        Output of each industry, row ``t`` for day ``t`` (row 0: baseline).
    capacity : ndarray, shape (days + 1, n)
        Capacity :math:`\alpha (1 - \Delta) x^0`.
    final_demand_unmet : ndarray, shape (days + 1, n)
        Final demand addressed to each industry and not served.
    baseline : ndarray, shape (n,)
        Baseline output :math:`x^0`.
    final_state : ARIOState
        The state at the end of the last day.
    """

    production: FloatArray
    capacity: FloatArray
    final_demand_unmet: FloatArray
    baseline: FloatArray
    final_state: ARIOState

    def __post_init__(self) -> None:
        _readonly(self.production, self.capacity, self.final_demand_unmet)

    @property
    def days(self) -> int:
        """Number of simulated days."""
        return self.production.shape[0] - 1

    def output_loss(self) -> FloatArray:
        r"""Return the cumulative output loss of each industry, :math:`\sum_t (x^0 - x(t))`."""
        return (self.baseline[None, :] - self.production[1:]).sum(axis=0)

    def total_output_loss(self) -> float:
        """Return the cumulative output loss of the whole economy (money)."""
        return float(self.output_loss().sum())


class Recorder:
    """Stores the daily output, capacity and unmet final demand of a simulation.

    Parameters
    ----------
    days : int
        Days to be simulated; rows ``0..days`` are allocated.
    n : int
        Industries.
    """

    def __init__(self, days: int, n: int) -> None:
        self.production = np.full((days + 1, n), np.nan)
        self.capacity = np.full((days + 1, n), np.nan)
        self.final_demand_unmet = np.full((days + 1, n), np.nan)

    def record(self, state: ARIOState) -> None:
        """Store the day of ``state`` in row ``state.day``."""
        self.store(state.day, state.production, state.capacity, state.final_demand_unmet)

    def store(
        self, t: int, production: FloatArray, capacity: FloatArray, unmet: FloatArray
    ) -> None:
        """Store day ``t``."""
        self.production[t] = production
        self.capacity[t] = capacity
        self.final_demand_unmet[t] = unmet

    def result(self, params: ARIOParams, final_state: ARIOState) -> ARIOResult:
        """Return the recorded trajectories as an :class:`ARIOResult`."""
        return ARIOResult(
            production=self.production,
            capacity=self.capacity,
            final_demand_unmet=self.final_demand_unmet,
            baseline=params.x0,
            final_state=final_state,
        )


def simulate(
    params: ARIOParams, shock: CapitalShock | None, days: int, *, engine: Engine = "auto"
) -> ARIOResult:
    """Run the model for ``days`` days from the baseline, with one shock (or none).

    Before each day's :func:`step` the loop applies the shock: on ``shock.day`` the capital is
    destroyed; under exogenous recovery it follows :meth:`CapitalShock.damage_on`; under
    rebuilding the demand :meth:`CapitalShock.rebuilding_demand` is addressed to the rebuilding
    sectors from ``shock.day + shock.duration``.

    Parameters
    ----------
    params : ARIOParams
        The model.
    shock : CapitalShock or None
        The event; None runs the baseline.
    days : int
        Days to simulate (>= 1).
    engine : {"auto", "step"}, default "auto"
        ``"step"``: the day-by-day :func:`step` of the full state (the reference).
        ``"auto"``: when the table has regional trade coefficients (every industry of a region
        buys each product in the same regional proportions, as in the default China table and
        any table estimated from a national one; :func:`~hinterland.mrio.dynamic.trade.
        trade_shares`) and the recovery is exogenous, the same equations run on the ``R x R``
        trade shares per product (:class:`~hinterland.mrio.dynamic.trade.TradeLoop`), several
        times faster; otherwise as ``"step"``. Both give the same trajectories and final state
        to rounding (a test checks 1e-9).

    Returns
    -------
    ARIOResult
        Daily output, capacity and unmet final demand, rows ``0..days``.

    Raises
    ------
    ValidationError
        If ``days`` < 1, ``engine`` is unknown or the shock does not fit the model.

    Examples
    --------
    >>> import numpy as np
    >>> Z = np.array([[10.0, 20.0], [30.0, 5.0]])
    >>> Y = np.array([70.0, 65.0])
    >>> params = ARIOParams.from_table(Z, Y, Z.sum(1) + Y, 1, 2)
    >>> shock = CapitalShock.from_share(params.capital, 0.2, where=[0], recovery_days=30)
    >>> result = simulate(params, shock, days=120)
    >>> bool(result.production[1, 0] < params.x0[0])
    True
    """
    if isinstance(days, bool) or not isinstance(days, int | np.integer) or days < 1:
        raise ValidationError(f"days = {days!r} must be an integer >= 1")
    if engine not in ("auto", "step"):
        raise ValidationError(f"engine = {engine!r}; valid: auto, step")
    days = int(days)
    if shock is not None:
        shock.check(params, days)
    state = steady_state(params)
    recorder = Recorder(days, params.n)
    recorder.record(state)
    exogenous = shock is None or shock.recovery == "exogenous"
    t = trade_shares(params) if engine == "auto" and exogenous else None
    if t is not None:
        return _simulate_trade(params, shock, days, t, recorder)
    for d in range(1, days + 1):
        if shock is not None and d >= shock.day:
            if shock.recovery == "exogenous":
                state = dataclasses.replace(state, damage=shock.damage_on(d))
            else:
                if d == shock.day:
                    state = dataclasses.replace(state, damage=shock.damage.copy())
                if d == shock.day + shock.duration:
                    rebuild, damaged = shock.rebuilding_demand(params)
                    state = dataclasses.replace(state, rebuild=rebuild, damaged=damaged)
        state = step(state, params)
        recorder.record(state)
    return recorder.result(params, state)


def _simulate_trade(
    params: ARIOParams,
    shock: CapitalShock | None,
    days: int,
    t: FloatArray,
    recorder: Recorder,
) -> ARIOResult:
    """:func:`simulate` of an exogenous shock on the trade shares ``t`` (one scenario)."""
    damage = np.zeros(params.n) if shock is None else shock.damage
    first, duration, recovery = (
        (1, 0, 1) if shock is None else (shock.day, shock.duration, shock.recovery_days)
    )
    daily = Daily.of(params, BatchEvents(damage[None, :], first, duration, recovery))
    loop = TradeLoop(params, t, daily, 1)
    capacity = unmet = params.x0
    for d in range(1, days + 1):
        x, y, q, cap_ratio = loop.advance(d)
        capacity, unmet = params.x0 * cap_ratio[0], (y * (1.0 - q))[0]
        recorder.store(d, x[0], capacity, unmet)
    left = np.zeros(params.n) if shock is None else shock.damage_on(days)
    return recorder.result(params, loop.state(days, left, capacity, unmet))
