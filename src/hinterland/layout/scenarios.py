r"""Disruption scenarios for backup placement, read from YAML and validated with pydantic.

A scenario file::

    name: my_scenarios            # optional
    note: what the numbers are    # optional
    scenarios:
      - name: blockade_first_line
        probability: 0.02
        description: Blockade of the first-line coastal provinces
        shocks:
          - provinces: [310000, "third_front:first_line"]   # adcodes, groupings, or "all"
            industries: all                                # or a list of industry codes
            loss_share: 0.8                                # share of capacity lost, 0..1
      - name: no_disruption
        probability: 0.98
        shocks: []

A scenario may also close strategic channels of the corridor model
(:mod:`hinterland.corridors`); the provinces left short of a commodity lose capacity in the
industries that depend on it::

      - name: malacca_closed
        probability: 0.01
        channels:
          - nodes: [choke_malacca]            # corridor node or edge ids
            cut: 1.0                          # share of their capacity removed
            industries:                       # commodity -> industries that need it
              crude_oil: [PETR, CHEM]
            pass_through: 1.0                 # capacity lost per unit of demand share unmet

What the numbers mean (mutually exclusive scenarios whose probabilities sum to 1, compounding
shocks, the loss from a channel closure) is in :mod:`hinterland.layout.scenario_model`, the
pydantic models (:class:`ScenarioSet`, :class:`Scenario`, :class:`Shock`,
:class:`ChannelClosure`); the province entries (adcodes, names, ``"all"``, grouping specs such
as ``"third_front:first_line"``) in :mod:`hinterland.layout.provinces`. This module reads and
validates the file, and re-exports every name of both.

Every error in a file is a :class:`hinterland.errors.ValidationError` whose message names the
file, the scenario and the field path (e.g. ``scenarios[2].shocks[0].loss_share``).
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import pydantic

from hinterland.errors import ValidationError, unknown
from hinterland.layout.provinces import DEFAULT_EXCLUDED as DEFAULT_EXCLUDED
from hinterland.layout.provinces import candidate_mask, resolve_provinces
from hinterland.layout.provinces import rule_message as rule_message
from hinterland.layout.scenario_model import PROBABILITY_TOL as PROBABILITY_TOL
from hinterland.layout.scenario_model import ChannelClosure, Scenario, ScenarioSet, Shock

__all__ = [
    "ChannelClosure",
    "Scenario",
    "ScenarioSet",
    "Shock",
    "candidate_mask",
    "default_scenarios",
    "example_scenarios",
    "load_scenarios",
    "resolve_provinces",
    "resolve_scenarios",
]


def _message(exc: pydantic.ValidationError, doc: Any, origin: str) -> str:
    parts = []
    for err in exc.errors():
        loc = err["loc"]
        path = ""
        for key in loc:
            path += f"[{key}]" if isinstance(key, int) else (f".{key}" if path else str(key))
        who = ""
        if len(loc) >= 2 and loc[0] == "scenarios" and isinstance(loc[1], int):
            try:
                who = f"scenario {doc['scenarios'][loc[1]]['name']!r}: "
            except (KeyError, IndexError, TypeError):
                who = f"scenario #{loc[1] + 1}: "
        msg = err["msg"].removeprefix("Value error, ")
        got = ""
        if err["type"] not in ("value_error", "missing") and "input" in err:
            got = f" (got {err['input']!r})"
        parts.append(f"{who}{path or 'file'}: {msg}{got}")
    return f"{origin}: " + "; ".join(parts)


def parse_scenarios(
    doc: Any, *, origin: str = "scenarios", industries: Iterable[str] | None = None
) -> ScenarioSet:
    """Validate a parsed scenario document (a mapping, or a list of scenarios).

    ``industries``, when given, are the valid industry codes (checked in every shock).

    Raises
    ------
    ValidationError
        Naming ``origin``, the scenario and the field path of every problem.
    """
    if isinstance(doc, list):
        doc = {"scenarios": doc}
    context = None if industries is None else {"industries": [str(i) for i in industries]}
    try:
        return ScenarioSet.model_validate(doc, context=context)
    except pydantic.ValidationError as exc:
        raise ValidationError(_message(exc, doc, origin)) from None


def load_scenarios(path: str | Path, *, industries: Iterable[str] | None = None) -> ScenarioSet:
    """Read and validate a scenario YAML file.

    Parameters
    ----------
    path : str or Path
    industries : iterable of str, optional
        Valid industry codes; unknown codes in the file are then an error listing them.

    Raises
    ------
    DataError
        If the file cannot be read or is not YAML.
    ValidationError
        If a field is invalid; the message names the file, scenario and field path.
    """
    from hinterland.atlas._files import load_yaml

    doc = load_yaml(path, "scenario file ")
    return parse_scenarios(doc, origin=str(path), industries=industries)


EXAMPLE_PREFIX = "example:"


def _data_dir() -> Path:
    return Path(str(resources.files("hinterland.layout") / "data"))


def example_scenarios() -> dict[str, Path]:
    """The example scenario files shipped with the package, by name (``example:<name>``).

    ``default`` is the set used when no file is given; the others are in ``data/examples``. All
    are illustrative: probabilities and loss shares are assumptions, as each file says.
    """
    found = {"default": _data_dir() / "default_scenarios.yaml"}
    found.update({p.stem: p for p in sorted((_data_dir() / "examples").glob("*.yaml"))})
    return found


def resolve_scenarios(spec: ScenarioSet | str | Path | None = None) -> ScenarioSet:
    """Return a scenario set from a set, a YAML path, ``"example:<name>"`` or None (default).

    Raises
    ------
    ValidationError
        For an unknown example name (listing the shipped ones).
    DataError, ValidationError
        As :func:`load_scenarios` for a file.
    """
    if spec is None:
        return default_scenarios()
    if isinstance(spec, ScenarioSet):
        return spec
    text = str(spec)
    if text.startswith(EXAMPLE_PREFIX):
        name = text[len(EXAMPLE_PREFIX) :]
        shipped = example_scenarios()
        if name not in shipped:
            raise unknown("example scenario set", name, list(shipped))
        return load_scenarios(shipped[name])
    return load_scenarios(spec)


def default_scenarios() -> ScenarioSet:
    """The embedded, illustrative scenario set (``layout/data/default_scenarios.yaml``).

    Its probabilities and loss shares are assumptions for demonstration, not estimates.
    """
    return load_scenarios(_data_dir() / "default_scenarios.yaml")
