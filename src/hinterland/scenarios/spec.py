r"""Ensemble specs: uncertain disruption events read from YAML and validated with pydantic.

A spec::

    name: my_ensemble
    note: what the numbers are (say which are assumptions)
    model: {kind: ario, days: 365}          # capacity | iim | ario; precision: mixed | double
    sampling: {method: lhs}                 # lhs | sobol | saltelli | morris
    outputs: [national_loss, loss_by_region, loss_by_sector, recovery_days]
    timing:                                 # one disruption schedule per sample
      day: 1
      duration: {dist: triangular, low: 0, mode: 14, high: 60}   # days of full damage
      recovery_days: {dist: uniform, low: 30, high: 180}         # then a linear recovery
    events:
      - name: coastal                       # names the sampled parameters: coastal.severity
        kind: capacity                      # capacity | channel | demand
        provinces: ["third_front:first_line"]
        sectors: all                        # or a list of the table's sector codes
        severity: {dist: beta, a: 2, b: 5, low: 0.0, high: 0.5}
      - name: malacca
        kind: channel
        nodes: [choke_malacca]
        cut: {dist: discrete, values: [0.0, 0.5, 1.0], probabilities: [0.6, 0.3, 0.1]}
        industries: {crude_oil: [PETR, CHEM]}
        pass_through: 0.5
    correlation:                            # optional Gaussian copula
      parameters: [coastal.severity, timing.duration]
      matrix: [[1.0, 0.5], [0.5, 1.0]]

Every parameter is a number or a distribution: ``uniform`` (low, high), ``triangular`` (low,
mode, high), ``lognormal`` (median, sigma of the log), ``beta`` (a, b, scaled to [low, high]),
``discrete`` (values, probabilities summing to 1). Shares (severity, cut, pass_through) must stay
in [0, 1] over the whole support (an unbounded lognormal is refused there); days are drawn as
numbers and rounded to whole days.

Events of a sample compound on the same province and sector as independent damage to the
surviving capacity, :math:`\delta = 1 - \prod_k (1 - \delta_k)`, as the layout scenarios do
(:mod:`hinterland.layout.scenarios`); a channel closure becomes lost capacity through the
corridor flow model (share of a province's demand left unmet times ``pass_through``).

Every error is a :class:`hinterland.errors.ValidationError` whose message names the file and
the field path (e.g. ``events[1].cut.probabilities``). Sectors and provinces are checked against
the table when a run starts (:func:`hinterland.scenarios.evaluate.Evaluator`).
"""

from __future__ import annotations

import hashlib
import json
import math
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import pydantic
from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

from hinterland.errors import ValidationError, unknown

__all__ = [
    "Beta",
    "CapacityEvent",
    "ChannelEvent",
    "Correlation",
    "DemandEvent",
    "Discrete",
    "EnsembleSpec",
    "LogNormal",
    "Triangular",
    "Uniform",
    "example_specs",
    "load_spec",
    "parse_spec",
]

EXAMPLE_PREFIX = "example:"
PROBABILITY_TOL = 1e-9
Finite = Annotated[float, Field(allow_inf_nan=False)]
_STRICT = ConfigDict(extra="forbid", frozen=True)


class Uniform(BaseModel):
    """Uniform on [low, high]."""

    model_config = _STRICT
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

    model_config = _STRICT
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

    model_config = _STRICT
    dist: Literal["lognormal"]
    median: Annotated[float, Field(gt=0.0, allow_inf_nan=False)]
    sigma: Annotated[float, Field(gt=0.0, allow_inf_nan=False)]

    def support(self) -> tuple[float, float]:
        """Smallest and largest value the distribution can take."""
        return 0.0, math.inf


class Beta(BaseModel):
    """Beta(a, b) scaled to [low, high] (default [0, 1])."""

    model_config = _STRICT
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

    model_config = _STRICT
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


def _within(value: Any, low: float, high: float, what: str) -> Any:
    """Raise unless a fixed value or a distribution's support lies in [low, high]."""
    lo, hi = (value, value) if isinstance(value, int | float) else value.support()
    if lo < low or hi > high:
        shown = f"{lo:g}" if lo == hi else f"[{lo:g}, {hi:g}]"
        raise ValueError(f"{what} must lie in [{low:g}, {high:g}]; the value/support is {shown}")
    return value


def _share(value: Any) -> Any:
    return _within(value, 0.0, 1.0, "a share")


class Timing(BaseModel):
    """The disruption schedule of a sample: first day, days of full damage, days of recovery."""

    model_config = _STRICT
    day: Param = 1
    duration: Param = 0
    recovery_days: Param = 90

    @field_validator("day")
    @classmethod
    def _day(cls, v: Any) -> Any:
        return _within(v, 1.0, math.inf, "day")

    @field_validator("duration")
    @classmethod
    def _duration(cls, v: Any) -> Any:
        return _within(v, 0.0, math.inf, "duration (days)")

    @field_validator("recovery_days")
    @classmethod
    def _recovery(cls, v: Any) -> Any:
        return _within(v, 1.0, math.inf, "recovery_days")


class _Event(BaseModel):
    model_config = _STRICT
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
        return _share(v)


class DemandEvent(_Event):
    """Loss of a share of the final demand addressed to sectors of provinces (ARIO only)."""

    kind: Literal["demand"]
    provinces: list[int | str] | Literal["all"] = Field(min_length=1)
    sectors: list[str] | Literal["all"] = "all"
    cut: Param

    @field_validator("cut")
    @classmethod
    def _cut(cls, v: Any) -> Any:
        return _share(v)


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
        return _share(v)

    @model_validator(mode="after")
    def _something_closed(self) -> ChannelEvent:
        if not self.nodes and not self.edges:
            raise ValueError("a channel event names nodes or edges of the corridor network")
        return self


Event = Annotated[CapacityEvent | DemandEvent | ChannelEvent, Field(discriminator="kind")]


class Correlation(BaseModel):
    """A Gaussian copula between named uncertain parameters."""

    model_config = _STRICT
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


class Model(BaseModel):
    """The loss model: static capacity, inoperability IIM or ARIO, over ``days``."""

    model_config = _STRICT
    kind: Literal["capacity", "iim", "ario"] = "ario"
    days: Annotated[int, Field(ge=1, le=3650)] = 365
    table: str = "active"
    precision: Literal["double", "mixed"] = "mixed"  # ARIO flows in float32 deviations


class Sampling(BaseModel):
    """How the uncertain parameters are sampled (scipy.stats.qmc or SALib designs)."""

    model_config = _STRICT
    method: Literal["lhs", "sobol", "saltelli", "morris"] = "lhs"
    chunk_size: Annotated[int, Field(ge=1, le=10_000)] = 16


OUTPUTS = (
    "national_loss",
    "loss_by_region",
    "loss_by_sector",
    "unmet_demand",
    "unmet_imports",
    "recovery_days",
    "profile",
)


class EnsembleSpec(BaseModel):
    """An ensemble: events with uncertain parameters, a model, outputs and a sampling design."""

    model_config = _STRICT
    name: str = Field(min_length=1, pattern=r"^\S+$")
    note: str = ""
    source: str = ""
    model: Model = Field(default_factory=Model)
    sampling: Sampling = Field(default_factory=Sampling)
    outputs: list[Literal[OUTPUTS]] = Field(  # type: ignore[valid-type]
        default_factory=lambda: ["national_loss", "loss_by_region", "loss_by_sector"]
    )
    timing: Timing = Field(default_factory=Timing)
    events: list[Event] = Field(min_length=1)
    correlation: Correlation | None = None

    @model_validator(mode="after")
    def _consistent(self) -> EnsembleSpec:
        names = [e.name for e in self.events]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ValueError(f"event names must be unique; repeated: {dup}")
        if "national_loss" not in self.outputs:
            raise ValueError("outputs must include national_loss (summaries are built on it)")
        if self.model.kind != "ario":
            if any(e.kind == "demand" for e in self.events):
                raise ValueError("demand events need model.kind = ario")
            for out in ("recovery_days", "profile"):
                if out in self.outputs and self.model.kind == "capacity":
                    raise ValueError(f"output {out} needs a dynamic model (iim or ario)")
        uncertain = self.uncertain()
        if self.correlation is not None:
            bad = [p for p in self.correlation.parameters if p not in uncertain]
            if bad:
                raise ValueError(
                    f"correlation.parameters: {bad} are not uncertain parameters; valid: "
                    f"{', '.join(uncertain) or '(none)'}"
                )
            if self.sampling.method in ("saltelli", "morris"):
                raise ValueError(
                    f"sampling.method = {self.sampling.method} assumes independent inputs; "
                    "remove the correlation or sample by lhs or sobol"
                )
        if not uncertain:
            raise ValueError("no parameter is uncertain: give at least one a distribution")
        return self

    def uncertain(self) -> dict[str, Any]:
        """The uncertain parameters by name (``timing.duration``, ``<event>.<field>``)."""
        out: dict[str, Any] = {}
        for field in ("day", "duration", "recovery_days"):
            value = getattr(self.timing, field)
            if not isinstance(value, int | float):
                out[f"timing.{field}"] = value
        for e in self.events:
            for field in ("severity", "cut", "pass_through"):
                value = getattr(e, field, None)
                if value is not None and not isinstance(value, int | float):
                    out[f"{e.name}.{field}"] = value
        return out

    def fixed(self, name: str) -> float:
        """Return the fixed value of parameter ``name`` (``timing.day``, ``<event>.<field>``)."""
        head, field = name.split(".", 1)
        owner = self.timing if head == "timing" else next(e for e in self.events if e.name == head)
        return float(getattr(owner, field))

    def digest(self) -> str:
        """SHA-256 of the spec's canonical JSON (what a run stores as the spec's hash)."""
        text = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _message(exc: pydantic.ValidationError, origin: str) -> str:
    parts = []
    for err in exc.errors():
        path = ""
        for key in err["loc"]:
            if isinstance(key, int):
                path += f"[{key}]"
            elif key in ("uniform", "triangular", "lognormal", "beta", "discrete"):
                continue  # the discriminator tag adds nothing for the reader
            elif key in ("capacity", "demand", "channel", "number", "distribution"):
                continue
            elif str(key).startswith(("function-", "tagged-union", "literal")):
                continue
            else:
                path += f".{key}" if path else str(key)
        msg = err["msg"].removeprefix("Value error, ")
        got = ""
        if err["type"] not in ("value_error", "missing") and "input" in err:
            shown = repr(err["input"])
            got = f" (got {shown[:60]})"
        parts.append(f"{path or 'spec'}: {msg}{got}")
    # several union branches report on the same field: keep the first per path
    seen: dict[str, str] = {}
    for part in parts:
        seen.setdefault(part.split(":", 1)[0], part)
    return f"{origin}: " + "; ".join(seen.values())


def parse_spec(doc: Any, *, origin: str = "spec") -> EnsembleSpec:
    """Validate a parsed spec document.

    Raises
    ------
    ValidationError
        One line naming ``origin`` and the field path of every problem.
    """
    if not isinstance(doc, dict):
        raise ValidationError(f"{origin}: expected a mapping at the top level")
    try:
        return EnsembleSpec.model_validate(doc)
    except pydantic.ValidationError as exc:
        raise ValidationError(_message(exc, origin)) from None


def _data_dir() -> Path:
    return Path(str(resources.files("hinterland.scenarios") / "data"))


def example_specs() -> dict[str, Path]:
    """The example specs shipped with the package, by name (``example:<name>``)."""
    return {p.stem: p for p in sorted(_data_dir().glob("*.yaml"))}


def load_spec(spec: str | Path | EnsembleSpec) -> EnsembleSpec:
    """Return a spec from a YAML path, ``"example:<name>"`` or a spec.

    Raises
    ------
    DataError
        If the file cannot be read or is not YAML.
    ValidationError
        For an unknown example or an invalid field (the message names the file and field).
    """
    from hinterland.atlas._files import load_yaml

    if isinstance(spec, EnsembleSpec):
        return spec
    text = str(spec)
    if text.startswith(EXAMPLE_PREFIX):
        name = text[len(EXAMPLE_PREFIX) :]
        shipped = example_specs()
        if name not in shipped:
            raise unknown("example ensemble", name, list(shipped))
        path = shipped[name]
    else:
        path = Path(text)
    return parse_spec(load_yaml(path, "ensemble spec "), origin=str(spec))
