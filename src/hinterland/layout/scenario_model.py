r"""Disruption scenarios for backup placement, as validated pydantic models.

:class:`ScenarioSet` holds mutually exclusive states of the world (:class:`Scenario`): their
probabilities must sum to 1 (within 1e-9). A scenario brings shocks (:class:`Shock`, a share of
capacity lost in some industries of some provinces) and channel closures
(:class:`ChannelClosure`, corridor nodes or edges of :mod:`hinterland.corridors` closed).
:meth:`ScenarioSet.loss_shares` turns them into the loss share :math:`\delta` of every
scenario, province and industry.

Within one shock, the provinces listed are a union (a province named twice is hit once). Shocks
of one scenario that hit the same province and industry compound:
:math:`\delta = 1 - \prod_k (1 - \delta_k)` (independent damage to the surviving capacity).

The loss share of province :math:`r` and industry :math:`k` from a channel closure is
``pass_through`` times the share of :math:`r`'s demand for the commodity that the flow model
leaves unmet after the closure (minus before), compounded over the commodities that feed
:math:`k` and with the scenario's other shocks. ``pass_through = 1`` is the Leontief reading
(output falls in proportion to the missing input); it is an assumption, stated in the file.

The file format and its reader are in :mod:`hinterland.layout.scenarios`, which re-exports
every name here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Annotated, Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from hinterland.errors import ValidationError
from hinterland.layout.provinces import resolve_provinces
from hinterland.mrio.sectors import expand

__all__ = ["PROBABILITY_TOL", "ChannelClosure", "Scenario", "ScenarioSet", "Shock"]

PROBABILITY_TOL = 1e-9


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
