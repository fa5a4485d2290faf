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

The loss share of province :math:`r` and industry :math:`k` from a channel closure is
``pass_through`` times the share of :math:`r`'s demand for the commodity that the flow model
leaves unmet after the closure (minus before), compounded over the commodities that feed
:math:`k` and with the scenario's other shocks. ``pass_through = 1`` is the Leontief reading
(output falls in proportion to the missing input); it is an assumption, stated in the file.

Scenarios are mutually exclusive states of the world: their probabilities must sum to 1
(within 1e-9). Within one shock, the provinces listed are a union (a province named twice is
hit once). Shocks of one scenario that hit the same province and industry compound:
:math:`\delta = 1 - \prod_k (1 - \delta_k)` (independent damage to the surviving capacity).

Province entries are six-digit adcodes, province names (zh or en), ``"all"``, or grouping specs
resolved with :func:`hinterland.atlas.grouping` as in :mod:`hinterland.coordination`:
``"grouping:code"`` (e.g. ``"third_front:first_line"``, ``"four_blocs:northeast"``), a group
code found in exactly one way (``"first_line"``), or a grouping of one group (``"coastal"``).

Every error in a file is a :class:`hinterland.errors.ValidationError` whose message names the
file, the scenario and the field path (e.g. ``scenarios[2].shocks[0].loss_share``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
import pandas as pd
import pydantic
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from hinterland.errors import ValidationError, unknown
from hinterland.mrio.sectors import expand

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

PROBABILITY_TOL = 1e-9


def _group_members(spec: str) -> list[int]:
    from hinterland.atlas import grouping, groupings

    if ":" in spec:
        name, code = spec.split(":", 1)
        return list(grouping(name).group(code).adcodes)
    found = {g.name: grp for g in groupings().values() for grp in g.groups if grp.code == spec}
    if found:
        if len({grp.adcodes for grp in found.values()}) > 1:
            names = ", ".join(f"{n}:{spec}" for n in found)
            raise ValidationError(f"group code {spec!r} is ambiguous; name one of: {names}")
        return list(next(iter(found.values())).adcodes)
    g = grouping(spec)
    if len(g.groups) == 1:
        return list(g.groups[0].adcodes)
    raise ValidationError(
        f"{spec!r} is a grouping with several groups; name one as {g.name}:<code> "
        f"(codes: {', '.join(g.codes())})"
    )


DEFAULT_EXCLUDED = "third_front:first_line"
"""Provinces that may not host backup by default: the first line of the Third Front (the coast)."""


def candidate_mask(
    regions: Iterable[int],
    candidates: int | str | Iterable[int | str] | None = None,
    excluded: int | str | Iterable[int | str] = DEFAULT_EXCLUDED,
) -> tuple[pd.Series, str]:
    """Which regions may host backup capacity, and a one-line description of the rule.

    Parameters
    ----------
    regions : iterable of int
        Adcodes, in the instance's order.
    candidates : spec, optional
        Provinces allowed (anything :func:`resolve_provinces` reads: adcodes, names, grouping
        specs, or a list of them). When given, ``excluded`` is not used.
    excluded : spec, default ``"third_front:first_line"``
        Provinces not allowed, when ``candidates`` is not given.

    Returns
    -------
    mask : Series of bool, by adcode
    rule : str
        ``"in <spec>"`` or ``"outside <spec>"``, for the instance's assumptions.
    """
    regions = [int(r) for r in regions]

    def text(spec) -> str:
        return spec if isinstance(spec, str | int) else ", ".join(map(str, spec))

    if candidates is not None:
        keep = set(resolve_provinces(candidates))
        return pd.Series([r in keep for r in regions], index=regions), f"in {text(candidates)}"
    out = set(resolve_provinces(excluded))
    return pd.Series([r not in out for r in regions], index=regions), f"outside {text(excluded)}"


def rule_message(rule: str):
    """:func:`candidate_mask`'s rule (``"in X"`` or ``"outside X"``) as a catalogue message."""
    from hinterland.messages import Spec, msg

    kind, spec = rule.split(" ", 1)
    return msg("layout.rule.in" if kind == "in" else "layout.rule.outside", spec=Spec(spec))


def resolve_provinces(spec: int | str | Iterable[int | str]) -> list[int]:
    """Return the adcodes named by an adcode, a province name, ``"all"`` or a grouping spec.

    Parameters
    ----------
    spec : int, str or iterable of them
        ``510000``, ``"510000"``, ``"Sichuan"``, ``"all"``, ``"coastal"``,
        ``"third_front:first_line"``; an iterable gives the union, in first-seen order.

    Raises
    ------
    ValidationError
        Listing the valid adcodes and grouping names when ``spec`` names nothing.
    """
    from hinterland.atlas import adcodes, groupings, resolve

    if not isinstance(spec, str | int) and isinstance(spec, Iterable):
        out: list[int] = []
        for item in spec:
            out += [a for a in resolve_provinces(item) if a not in out]
        return out
    if isinstance(spec, bool):
        raise ValidationError(f"province must be an adcode or grouping name; got {spec!r}")
    if isinstance(spec, int) or str(spec).strip().isdigit():
        code = int(spec)
        if code not in adcodes():
            shown = ", ".join(map(str, adcodes()))
            raise ValidationError(f"unknown province adcode {code}; valid: {shown}")
        return [code]
    text = str(spec).strip()
    if text.lower() == "all":
        return list(adcodes())
    try:
        return _group_members(text)
    except ValidationError as exc:
        if ":" in text or "ambiguous" in str(exc) or "several groups" in str(exc):
            raise
    try:
        return [resolve(text)]
    except ValidationError:
        names = sorted(groupings())
        raise ValidationError(
            f"unknown province or grouping {text!r}; valid: a six-digit adcode such as 510000, "
            f"a province name, 'all', or a grouping spec such as 'third_front:first_line' "
            f"(groupings: {', '.join(names)})"
        ) from None


class Shock(BaseModel):
    """Loss of a share of capacity of some industries in some provinces."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    provinces: list[int | str] = Field(min_length=1)
    industries: list[str] | Literal["all"] = "all"
    loss_share: Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]

    @field_validator("provinces")
    @classmethod
    def _provinces(cls, value: list[int | str]) -> list[int | str]:
        for item in value:
            try:
                resolve_provinces(item)
            except ValidationError as exc:
                raise ValueError(str(exc)) from None
        return value

    @field_validator("industries", mode="before")
    @classmethod
    def _industries(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list) and [str(v).lower() for v in value] == ["all"]:
            return "all"
        if isinstance(value, list):
            if not value:
                raise ValueError("industries is empty; write 'all' or list industry codes")
            if "all" in [str(v).lower() for v in value]:
                raise ValueError("'all' cannot be combined with industry codes")
            valid = (info.context or {}).get("industries")
            if valid is not None:
                bad = [str(v) for v in value if str(v) not in set(valid)]
                if bad:
                    raise ValueError(
                        f"unknown industry code(s) {bad}; valid: {', '.join(map(str, valid))}"
                    )
        return value

    def adcodes(self) -> list[int]:
        """The provinces hit, as adcodes (union of the entries)."""
        return resolve_provinces(self.provinces)


class ChannelClosure(BaseModel):
    """Closure of corridor edges or nodes; short provinces lose capacity of dependent industries."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    edges: list[str] = Field(default_factory=list)
    nodes: list[str] = Field(default_factory=list)
    cut: Annotated[float, Field(gt=0.0, le=1.0, allow_inf_nan=False)] = 1.0
    industries: dict[str, list[str] | Literal["all"]] = Field(min_length=1)
    pass_through: Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)] = 1.0

    @model_validator(mode="after")
    def _something_closed(self) -> ChannelClosure:
        if not self.edges and not self.nodes:
            raise ValueError("a channel closure names edges or nodes of the corridor network")
        return self


class Scenario(BaseModel):
    """One state of the world: a probability and the shocks it brings (none: no disruption)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, pattern=r"^\S+$")
    probability: Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
    description: str = ""
    shocks: list[Shock] = Field(default_factory=list)
    channels: list[ChannelClosure] = Field(default_factory=list)


class ScenarioSet(BaseModel):
    """A set of mutually exclusive scenarios whose probabilities sum to 1."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = ""
    note: str = ""
    source: str = ""
    scenarios: list[Scenario] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> ScenarioSet:
        names = [s.name for s in self.scenarios]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ValueError(f"scenario names must be unique; repeated: {dup}")
        total = math.fsum(s.probability for s in self.scenarios)
        if abs(total - 1.0) > PROBABILITY_TOL:
            listed = ", ".join(f"{s.name}={s.probability:g}" for s in self.scenarios)
            raise ValueError(
                f"probabilities of the scenarios must sum to 1 (within {PROBABILITY_TOL:g}); "
                f"they sum to {total:.12g} ({listed})"
            )
        return self

    def industry_codes(self) -> list[tuple[str, str]]:
        """Every industry code named in a shock or a channel, with where: ``(code, where)``."""
        named = []
        for scen in self.scenarios:
            for j, shock in enumerate(scen.shocks):
                if shock.industries != "all":
                    where = f"scenario {scen.name!r}: shocks[{j}].industries"
                    named += [(str(c), where) for c in shock.industries]
            for j, ch in enumerate(scen.channels):
                for commodity, codes in ch.industries.items():
                    if codes != "all":
                        where = f"scenario {scen.name!r}: channels[{j}].industries.{commodity}"
                        named += [(str(c), where) for c in codes]
        return named

    def check_industries(self, valid: Iterable[str], what: str) -> None:
        """Raise :class:`ValidationError` for the first industry code not in ``valid``.

        ``what`` says where the valid codes come from (e.g. "the sectors of the MRIO table").
        """
        valid = [str(v) for v in valid]
        for code, where in self.industry_codes():
            if code not in set(valid):
                raise ValidationError(
                    f"{where}: unknown industry code {code!r} (not one of {what}); valid: "
                    f"{', '.join(valid)}"
                )

    def names(self) -> list[str]:
        """Scenario names in file order."""
        return [s.name for s in self.scenarios]

    def probability(self) -> pd.Series:
        """Probabilities indexed by scenario name."""
        return pd.Series(
            [s.probability for s in self.scenarios],
            index=pd.Index(self.names(), name="scenario"),
            name="probability",
        )

    def loss_shares(
        self,
        provinces: Iterable[int],
        industries: Iterable[str],
        *,
        unknown_industries: Literal["raise", "ignore"] = "raise",
        network: Any = None,
    ) -> pd.DataFrame:
        """Return the loss share of every scenario, province and industry.

        Parameters
        ----------
        provinces : iterable of int
            The instance's adcodes; provinces of a shock outside them are ignored.
        industries : iterable of str
            The instance's industry codes; ``"all"`` means these.
        unknown_industries : {"raise", "ignore"}, default "raise"
            What to do with an industry a shock names that is not in ``industries``:
            raise, or skip it (e.g. the default set's PETR and CHEM in an instance without
            them).
        network : CorridorNetwork, optional
            The corridor network that channel closures act on (default: the embedded one,
            loaded only when a scenario closes a channel).

        Returns
        -------
        DataFrame
            Index ``(scenario, adcode)``, one column per industry, values in [0, 1].

        Raises
        ------
        ValidationError
            If a shock names an industry not in ``industries`` (the message lists them).
        """
        provinces, industries = [int(a) for a in provinces], [str(i) for i in industries]
        p_pos = {a: k for k, a in enumerate(provinces)}
        i_pos = {c: k for k, c in enumerate(industries)}
        keep = np.ones((len(self.scenarios), len(provinces), len(industries)))
        baseline = None
        for s, scen in enumerate(self.scenarios):

            def columns(named, where: str) -> list[int]:
                inds = industries if named == "all" else expand(named, industries)
                bad = [i for i in inds if i not in i_pos]
                if bad and unknown_industries != "ignore":
                    raise ValidationError(
                        f"{where}: unknown industry code(s) {bad}; valid: {', '.join(industries)}"
                    )
                return [i_pos[i] for i in inds if i in i_pos]

            for j, shock in enumerate(scen.shocks):
                rows = [p_pos[a] for a in shock.adcodes() if a in p_pos]
                cols = columns(shock.industries, f"scenario {scen.name!r}: shocks[{j}].industries")
                keep[np.ix_([s], rows, cols)] *= 1.0 - shock.loss_share
            if scen.channels:
                if network is None:
                    network = _default_network()
                if baseline is None:  # one solve of the open network serves every closure
                    from hinterland.corridors.flow import solve

                    baseline = solve(network)
                for j, ch in enumerate(scen.channels):
                    where = f"scenario {scen.name!r}: channels[{j}]"
                    for commodity, share in _channel_shortfall(
                        network, baseline, ch, where
                    ).items():
                        cols = columns(ch.industries[commodity], f"{where}.industries.{commodity}")
                        for a, sh in share.items():
                            if a in p_pos and sh > 0:
                                keep[s, p_pos[a], cols] *= 1.0 - ch.pass_through * sh
        if unknown_industries not in ("raise", "ignore"):
            raise ValidationError(
                f"unknown_industries must be 'raise' or 'ignore'; got {unknown_industries!r}"
            )
        index = pd.MultiIndex.from_product([self.names(), provinces], names=["scenario", "adcode"])
        delta = (1.0 - keep).reshape(-1, len(industries))
        return pd.DataFrame(delta, index=index, columns=pd.Index(industries, name="industry"))


def _default_network():
    from hinterland.corridors.network import CorridorNetwork

    return CorridorNetwork.default()


def _channel_shortfall(
    network: Any, baseline: Any, ch: ChannelClosure, where: str
) -> dict[str, pd.Series]:
    """Share of each province's demand left unmet by the closure, per commodity named."""
    from hinterland.corridors.resilience import close

    valid = network.commodities
    bad = [c for c in ch.industries if c not in valid]
    if bad:
        raise ValidationError(
            f"{where}.industries: unknown commodity {bad[0]!r}; valid: {', '.join(valid)}"
        )
    try:
        res = close(network, edges=ch.edges, nodes=ch.nodes, cut=ch.cut, baseline=baseline)
    except ValidationError as exc:
        raise ValidationError(f"{where}: {exc}") from None
    share = res.shortfall_share.clip(lower=0.0, upper=1.0)
    return {
        c: share.xs(c, level="commodity") if c in share.index.get_level_values("commodity")
        else pd.Series(dtype=float)
        for c in ch.industries
    }  # fmt: skip


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
