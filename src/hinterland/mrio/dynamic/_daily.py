"""The per-industry part of a batched ARIO day, shared by the dense and trade-coefficient loops.

Steps 1-5 of :mod:`hinterland.mrio.dynamic` on ``(k, n)`` arrays (one row per scenario):
demand, overproduction, capacity, the input constraint from the day's lowest inventory ratio,
proportional rationing; and the running totals a batch records. Private: numpy in, numpy out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from hinterland.mrio.dynamic._kernels import SCARCITY_TOL, FloatArray
from hinterland.mrio.dynamic.parameters import ARIOParams

#: Floor of the supplier weights in the order split (see :mod:`.batch`).
WEIGHT_FLOOR = 1e-12


def _inverse(a: FloatArray) -> FloatArray:
    """Return ``1 / a`` where ``a > 0`` and 0 elsewhere."""
    return np.where(a > 0, 1.0 / np.where(a > 0, a, 1.0), 0.0)


@dataclass(frozen=True, slots=True)
class Daily:
    """What every day of a batch shares: the baseline, the events, the behaviour."""

    x0: FloatArray
    inv_x0: FloatArray
    y0: FloatArray
    lost0: FloatArray  # (k, n) share of capital destroyed at full damage
    cut0: FloatArray | None  # (k, n) share of final demand cut at full damage
    events: object  # BatchEvents (its schedule)
    alpha_base: float
    alpha_max: float
    alpha_step: float
    psi: float
    capacity_split: bool

    @classmethod
    def of(cls, params: ARIOParams, events) -> Daily:
        """Return the days of ``events`` (a ``BatchEvents``) in the model ``params``."""
        return cls(
            x0=params.x0, inv_x0=_inverse(params.x0),
            y0=params.y0, lost0=events.damage * _inverse(params.capital)[None, :],
            cut0=events.demand_cut, events=events, alpha_base=params.alpha_base,
            alpha_max=params.alpha_max, alpha_step=1.0 / params.alpha_tau, psi=params.psi,
            capacity_split=params.order_split == "capacity",
        )  # fmt: skip

    def take(self, rows: NDArray[np.intp]) -> Daily:
        """Return the days of the scenarios ``rows`` only."""
        return replace(
            self,
            lost0=self.lost0[rows],
            cut0=None if self.cut0 is None else self.cut0[rows],
            events=self.events.take(rows),
        )

    def supply(
        self, t: int, inter: FloatArray, x: FloatArray, alpha: FloatArray
    ) -> tuple[FloatArray, ...]:
        """Steps 1-3 of day ``t``: return ``y, demand, alpha, cap_ratio, x_opt, u_opt``."""
        share = self.events.schedule(t)  # (k,)
        y = self.y0[None, :] if self.cut0 is None else self.y0 * (1.0 - self.cut0 * share[:, None])
        demand = inter + y
        with np.errstate(divide="ignore", invalid="ignore"):
            scarcity = np.where(demand > 0, (demand - x) / demand, 0.0)
        alpha = np.where(
            scarcity > SCARCITY_TOL,
            alpha + (self.alpha_max - alpha) * scarcity * self.alpha_step,
            alpha + (self.alpha_base - alpha) * self.alpha_step,
        )
        np.maximum(alpha, 1.0, out=alpha)
        cap_ratio = (1.0 - self.lost0 * share[:, None]) * alpha
        x_opt = np.minimum(demand, self.x0 * cap_ratio)
        return y, demand, alpha, cap_ratio, x_opt, x_opt * self.inv_x0

    def ration(
        self, low: FloatArray, x_opt: FloatArray, u_opt: FloatArray, demand: FloatArray
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Steps 4-5 from the lowest inventory ratio ``low``: return ``x, u, q``."""
        with np.errstate(divide="ignore", invalid="ignore"):
            fill = np.minimum(1.0, low / (self.psi * u_opt))
        x = x_opt * np.where(u_opt > 0, fill, 1.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            q = np.where(demand > 0, x / demand, 0.0)
        return x, x * self.inv_x0, q

    def new_weights(self, cap_ratio: FloatArray, weights: FloatArray) -> FloatArray:
        """Supplier weights for the day's orders (capacity split: today's capacity ratio)."""
        return np.maximum(cap_ratio, WEIGHT_FLOOR) if self.capacity_split else weights


@dataclass
class Totals:
    """Running totals of a batch: output loss and unmet demand per industry, national output."""

    x0: FloatArray
    loss: FloatArray  # (k, n)
    unmet: FloatArray  # (k, n)
    national: FloatArray  # (k, days + 1)

    @classmethod
    def zeros(cls, k: int, n: int, days: int, x0: FloatArray) -> Totals:
        """Return the totals of ``k`` scenarios before day 1."""
        national = np.empty((k, days + 1))
        national[:, 0] = x0.sum()
        return cls(x0, np.zeros((k, n)), np.zeros((k, n)), national)

    @classmethod
    def stack(cls, parts: list[Totals]) -> Totals:
        """Return the totals of consecutive blocks of scenarios as one."""
        if len(parts) == 1:
            return parts[0]
        return cls(
            parts[0].x0,
            np.concatenate([p.loss for p in parts]),
            np.concatenate([p.unmet for p in parts]),
            np.concatenate([p.national for p in parts]),
        )

    def add(self, t: int, x: FloatArray, y: FloatArray, q: FloatArray) -> None:
        """Record day ``t``."""
        self.loss += self.x0 - x
        self.unmet += y * (1.0 - q)
        self.national[:, t] = x.sum(axis=1)
