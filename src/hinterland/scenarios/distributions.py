r"""Uncertain parameters of an ensemble spec: a number or a distribution, and their copula.

Every parameter is a number or a distribution: ``uniform`` (low, high), ``triangular`` (low,
mode, high), ``lognormal`` (median, sigma of the log), ``beta`` (a, b, scaled to [low, high]),
``discrete`` (values, probabilities summing to 1). Each distribution is a frozen pydantic model
that knows its :meth:`support`; :data:`Param` is the field type of a parameter, and
:func:`check_within` refuses a value or a support outside the bounds a field allows (shares, for
instance, must stay in [0, 1] over the whole support, so an unbounded lognormal is refused
there). :class:`Correlation` is an optional Gaussian copula between named parameters.

The events that use these parameters are in :mod:`hinterland.scenarios.events`, the whole spec
in :mod:`hinterland.scenarios.spec`, which re-exports every public name here.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

__all__ = [
    "PROBABILITY_TOL",
    "Beta",
    "Correlation",
    "Discrete",
    "Distribution",
    "Finite",
    "LogNormal",
    "Param",
    "Triangular",
    "Uniform",
    "check_share",
    "check_within",
]

PROBABILITY_TOL = 1e-9
Finite = Annotated[float, Field(allow_inf_nan=False)]
STRICT = ConfigDict(extra="forbid", frozen=True)
"""The configuration of every spec model: unknown fields refused, instances frozen."""


class Uniform(BaseModel):
    """Uniform on [low, high]."""

    model_config = STRICT
    dist: Literal["uniform"]
    low: Finite
    high: Finite

    @model_validator(mode="after")
    def _order(self) -> Uniform:
        if not self.low < self.high:
            raise ValueError(f"low = {self.low:g} must be < high = {self.high:g}")
        return self

    def support(self) -> tuple[float, float]:
        """Smallest and largest value the distribution can take."""
        return self.low, self.high


class Triangular(BaseModel):
    """Triangular on [low, high] with its mode."""

    model_config = STRICT
    dist: Literal["triangular"]
    low: Finite
    mode: Finite
    high: Finite

    @model_validator(mode="after")
    def _order(self) -> Triangular:
        if not (self.low <= self.mode <= self.high and self.low < self.high):
            raise ValueError(
                f"need low <= mode <= high and low < high; got low = {self.low:g}, "
                f"mode = {self.mode:g}, high = {self.high:g}"
            )
        return self

    def support(self) -> tuple[float, float]:
        """Smallest and largest value the distribution can take."""
        return self.low, self.high


class LogNormal(BaseModel):
    """Lognormal with the given median and standard deviation of the log."""

    model_config = STRICT
    dist: Literal["lognormal"]
    median: Annotated[float, Field(gt=0.0, allow_inf_nan=False)]
    sigma: Annotated[float, Field(gt=0.0, allow_inf_nan=False)]

    def support(self) -> tuple[float, float]:
        """Smallest and largest value the distribution can take."""
        return 0.0, math.inf


class Beta(BaseModel):
    """Beta(a, b) scaled to [low, high] (default [0, 1])."""

    model_config = STRICT
    dist: Literal["beta"]
    a: Annotated[float, Field(gt=0.0, allow_inf_nan=False)]
    b: Annotated[float, Field(gt=0.0, allow_inf_nan=False)]
    low: Finite = 0.0
    high: Finite = 1.0

    @model_validator(mode="after")
    def _order(self) -> Beta:
        if not self.low < self.high:
            raise ValueError(f"low = {self.low:g} must be < high = {self.high:g}")
        return self

    def support(self) -> tuple[float, float]:
        """Smallest and largest value the distribution can take."""
        return self.low, self.high


class Discrete(BaseModel):
    """A finite set of values with probabilities summing to 1."""

    model_config = STRICT
    dist: Literal["discrete"]
    values: list[Finite] = Field(min_length=1)
    probabilities: list[Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]]

    @model_validator(mode="after")
    def _probabilities(self) -> Discrete:
        if len(self.values) != len(self.probabilities):
            raise ValueError(
                f"{len(self.values)} values but {len(self.probabilities)} probabilities"
            )
        total = math.fsum(self.probabilities)
        if abs(total - 1.0) > PROBABILITY_TOL:
            raise ValueError(f"probabilities must sum to 1; they sum to {total:.12g}")
        return self

    def support(self) -> tuple[float, float]:
        """Smallest and largest value the distribution can take."""
        return min(self.values), max(self.values)


Distribution = Annotated[
    Uniform | Triangular | LogNormal | Beta | Discrete, Field(discriminator="dist")
]


def _param_kind(value: Any) -> str:
    return "distribution" if isinstance(value, dict) or hasattr(value, "dist") else "number"


Param = Annotated[
    Annotated[Finite, Tag("number")] | Annotated[Distribution, Tag("distribution")],
    Discriminator(_param_kind),
]


def check_within(value: Any, low: float, high: float, what: str) -> Any:
    """Raise unless a fixed value or a distribution's support lies in [low, high]."""
    lo, hi = (value, value) if isinstance(value, int | float) else value.support()
    if lo < low or hi > high:
        shown = f"{lo:g}" if lo == hi else f"[{lo:g}, {hi:g}]"
        raise ValueError(f"{what} must lie in [{low:g}, {high:g}]; the value/support is {shown}")
    return value


def check_share(value: Any) -> Any:
    """Raise unless a fixed value or a distribution's support lies in [0, 1]."""
    return check_within(value, 0.0, 1.0, "a share")


class Correlation(BaseModel):
    """A Gaussian copula between named uncertain parameters."""

    model_config = STRICT
    parameters: list[str] = Field(min_length=2)
    matrix: list[list[Finite]]

    @model_validator(mode="after")
    def _matrix(self) -> Correlation:
        import numpy as np

        k = len(self.parameters)
        if len(set(self.parameters)) != k:
            raise ValueError("parameters are repeated")
        c = np.array(self.matrix, dtype=float) if self.matrix else np.zeros((0, 0))
        if c.shape != (k, k):
            raise ValueError(f"matrix must be {k} x {k} (one row per parameter)")
        if not np.allclose(c, c.T, atol=1e-12) or not np.allclose(np.diag(c), 1.0):
            raise ValueError("matrix must be symmetric with ones on the diagonal")
        if (np.abs(c) > 1).any() or np.linalg.eigvalsh(c).min() <= 0:
            raise ValueError("matrix must be a positive definite correlation matrix")
        return self
