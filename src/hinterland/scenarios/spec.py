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


Every parameter is a number or a distribution (:mod:`hinterland.scenarios.distributions`:
``uniform``, ``triangular``, ``lognormal``, ``beta``, ``discrete``, and the Gaussian copula);
the events and their timing, and how events of a sample compound, are in
:mod:`hinterland.scenarios.events`. This module holds the whole spec (:class:`EnsembleSpec`:
model, sampling, outputs, and the checks across them), its reader and the shipped examples, and
re-exports the public names of both.

Every error is a :class:`hinterland.errors.ValidationError` whose message names the file and
the field path (e.g. ``events[1].cut.probabilities``). Sectors and provinces are checked against
the table when a run starts (:func:`hinterland.scenarios.evaluate.Evaluator`).
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import pydantic
from pydantic import BaseModel, Field, model_validator

from hinterland.errors import ValidationError, unknown
from hinterland.scenarios.distributions import PROBABILITY_TOL as PROBABILITY_TOL
from hinterland.scenarios.distributions import (
    STRICT,
    Beta,
    Correlation,
    Discrete,
    LogNormal,
    Triangular,
    Uniform,
)
from hinterland.scenarios.distributions import Distribution as Distribution
from hinterland.scenarios.distributions import Finite as Finite
from hinterland.scenarios.distributions import Param as Param
from hinterland.scenarios.events import CapacityEvent, ChannelEvent, DemandEvent, Event
from hinterland.scenarios.events import Timing as Timing

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


class Model(BaseModel):
    """The loss model: static capacity, inoperability IIM or ARIO, over ``days``."""

    model_config = STRICT
    kind: Literal["capacity", "iim", "ario"] = "ario"
    days: Annotated[int, Field(ge=1, le=3650)] = 365
    table: str = "active"
    precision: Literal["double", "mixed"] = "mixed"  # ARIO flows in float32 deviations


class Sampling(BaseModel):
    """How the uncertain parameters are sampled (scipy.stats.qmc or SALib designs)."""

    model_config = STRICT
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

    model_config = STRICT
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
