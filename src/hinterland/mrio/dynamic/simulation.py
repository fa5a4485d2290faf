"""ARIO simulation: recorder, result, and the loop that applies one shock (:func:`simulate`)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from hinterland.errors import ValidationError
from hinterland.mrio._checks import _readonly
from hinterland.mrio.dynamic._kernels import FloatArray
from hinterland.mrio.dynamic.events import CapitalShock
from hinterland.mrio.dynamic.parameters import ARIOParams
from hinterland.mrio.dynamic.step import ARIOState, steady_state, step

__all__ = ["ARIOResult", "Recorder", "simulate"]


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
        t = state.day
        self.production[t] = state.production
        self.capacity[t] = state.capacity
        self.final_demand_unmet[t] = state.final_demand_unmet

    def result(self, params: ARIOParams, final_state: ARIOState) -> ARIOResult:
        """Return the recorded trajectories as an :class:`ARIOResult`."""
        return ARIOResult(
            production=self.production,
            capacity=self.capacity,
            final_demand_unmet=self.final_demand_unmet,
            baseline=params.x0,
            final_state=final_state,
        )


def simulate(params: ARIOParams, shock: CapitalShock | None, days: int) -> ARIOResult:
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

    Returns
    -------
    ARIOResult
        Daily output, capacity and unmet final demand, rows ``0..days``.

    Raises
    ------
    ValidationError
        If ``days`` < 1 or the shock does not fit the model.

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
    days = int(days)
    if shock is not None:
        shock.check(params, days)
    state = steady_state(params)
    recorder = Recorder(days, params.n)
    recorder.record(state)
    for t in range(1, days + 1):
        if shock is not None and t >= shock.day:
            if shock.recovery == "exogenous":
                state = dataclasses.replace(state, damage=shock.damage_on(t))
            else:
                if t == shock.day:
                    state = dataclasses.replace(state, damage=shock.damage.copy())
                if t == shock.day + shock.duration:
                    rebuild, damaged = shock.rebuilding_demand(params)
                    state = dataclasses.replace(state, rebuild=rebuild, damaged=damaged)
        state = step(state, params)
        recorder.record(state)
    return recorder.result(params, state)
