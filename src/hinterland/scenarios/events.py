r"""Disruption events of an ensemble spec and the schedule they follow.

An event is a capacity loss (:class:`CapacityEvent`), a final-demand loss (:class:`DemandEvent`,
ARIO only) or a closure of corridor channels (:class:`ChannelEvent`); :data:`Event` is the
discriminated union on ``kind``. :class:`Timing` is the disruption schedule of a sample (first
day, days of full damage, days of linear recovery); days are drawn as numbers and rounded to
whole days. Any field may be a number or a distribution
(:data:`~hinterland.scenarios.distributions.Param`).

Events of a sample compound on the same province and sector as independent damage to the
surviving capacity, :math:`\delta = 1 - \prod_k (1 - \delta_k)`, as the layout scenarios do
(:mod:`hinterland.layout.scenarios`); a channel closure becomes lost capacity through the
corridor flow model (share of a province's demand left unmet times ``pass_through``).
:mod:`hinterland.scenarios.spec` re-exports every public name here.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from hinterland.scenarios.distributions import STRICT, Param, check_share, check_within

__all__ = ["CapacityEvent", "ChannelEvent", "DemandEvent", "Event", "Timing"]


class Timing(BaseModel):
    """The disruption schedule of a sample: first day, days of full damage, days of recovery."""

    model_config = STRICT
    day: Param = 1
    duration: Param = 0
    recovery_days: Param = 90

    @field_validator("day")
    @classmethod
    def _day(cls, v: Any) -> Any:
        return check_within(v, 1.0, math.inf, "day")

    @field_validator("duration")
    @classmethod
    def _duration(cls, v: Any) -> Any:
        return check_within(v, 0.0, math.inf, "duration (days)")

    @field_validator("recovery_days")
    @classmethod
    def _recovery(cls, v: Any) -> Any:
        return check_within(v, 1.0, math.inf, "recovery_days")


class _Event(BaseModel):
    model_config = STRICT
    name: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")


class CapacityEvent(_Event):
    """Loss of a share of the capacity (productive capital) of sectors in provinces."""

    kind: Literal["capacity"]
    provinces: list[int | str] | Literal["all"] = Field(min_length=1)
    sectors: list[str] | Literal["all"] = "all"
    severity: Param

    @field_validator("severity")
    @classmethod
    def _severity(cls, v: Any) -> Any:
        return check_share(v)


class DemandEvent(_Event):
    """Loss of a share of the final demand addressed to sectors of provinces (ARIO only)."""

    kind: Literal["demand"]
    provinces: list[int | str] | Literal["all"] = Field(min_length=1)
    sectors: list[str] | Literal["all"] = "all"
    cut: Param

    @field_validator("cut")
    @classmethod
    def _cut(cls, v: Any) -> Any:
        return check_share(v)


class ChannelEvent(_Event):
    """Closure of corridor nodes or edges; provinces left short lose capacity of sectors."""

    kind: Literal["channel"]
    nodes: list[str] = Field(default_factory=list)
    edges: list[str] = Field(default_factory=list)
    cut: Param = 1.0
    industries: dict[str, list[str] | Literal["all"]] = Field(min_length=1)
    pass_through: Param = 1.0

    @field_validator("cut", "pass_through")
    @classmethod
    def _shares(cls, v: Any) -> Any:
        return check_share(v)

    @model_validator(mode="after")
    def _something_closed(self) -> ChannelEvent:
        if not self.nodes and not self.edges:
            raise ValueError("a channel event names nodes or edges of the corridor network")
        return self


Event = Annotated[CapacityEvent | DemandEvent | ChannelEvent, Field(discriminator="kind")]
