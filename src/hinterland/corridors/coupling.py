r"""From a corridor closure to an MRIO capacity shock: a thin adapter.

A closure leaves province :math:`r` short of a share :math:`\sigma_{rk}` of its import demand
for commodity :math:`k` (:attr:`ClosureResult.shortfall_share`). The sectors :math:`J(k)` fed by
:math:`k` (:data:`SECTORS`) lose the capacity share
:math:`s_{rj} = \max_{k:\, j \in J(k)} \pi_k \min(1, \max(0, \sigma_{rk}))` in :math:`r`, with
:math:`\pi_k` a pass-through (default 1: an upper bound, no domestic output, stocks or
substitution; e.g. the import dependence of the input scales it down), and the shock runs through
:mod:`hinterland.mrio.shocks` as in :func:`hinterland.mrio.analysis.shock`. Default mapping (NBS
17 sectors): ``crude_oil`` -> ``PETR``; ``natural_gas`` -> ``ELEC`` (gas supply sits in ``PETR``
in that table: map it too to hit it); ``container`` -> :data:`TRADE_EXPOSED`. The LP rations by
least cost, so a national shortfall lands whole on the dearest-to-reach provinces;
``allocation="proportional"`` gives every province the national share :math:`\Delta U_k / D_k`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from hinterland.corridors.resilience import ClosureResult
from hinterland.errors import ValidationError, unknown
from hinterland.mrio import math as iom
from hinterland.mrio import shocks
from hinterland.mrio.analysis import rationing_arrays
from hinterland.mrio.table import MRIO

__all__ = ["SECTORS", "TRADE_EXPOSED", "EconomyLoss", "economy_loss", "sectors_for", "severities"]

TRADE_EXPOSED = ("TEXT", "CHEM", "METL", "MACH", "OMAN")
"""Container-dependent manufacturing: textiles, chemicals, metals, machinery (with electronics),
other manufacturing (NBS 17-sector codes)."""
SECTORS: Mapping[str, tuple[str, ...]] = {
    "crude_oil": ("PETR",), "natural_gas": ("ELEC",), "container": TRADE_EXPOSED
}  # fmt: skip
"""MRIO sectors fed by each commodity (NBS 17-sector codes)."""
SECTORS_42: Mapping[str, tuple[str, ...]] = {
    "crude_oil": ("11",),
    "natural_gas": ("24", "25"),
    "container": ("07", "08", "12", "14", "16", "19", "20"),
}
"""The same for an NBS 42-sector table: crude oil feeds petroleum refining (11); natural gas
feeds power and heat (24) and gas supply (25); containers carry textiles and apparel (07, 08),
chemicals (12), metals (14), general equipment (16), electrical machinery (19) and electronics
(20), the manufactures with the highest export shares in the NBS 2020 table."""


def sectors_for(mrio: MRIO) -> Mapping[str, tuple[str, ...]]:
    """Return the commodity -> sector mapping that fits the table's classification."""
    return SECTORS_42 if set(SECTORS_42["container"]) <= set(mrio.sectors) else SECTORS


def severities(
    closure: ClosureResult,
    *,
    sectors: Mapping[str, tuple[str, ...]] = SECTORS,
    pass_through: float | Mapping[str, float] = 1.0,
    allocation: str = "lp",
) -> dict[tuple[int, str], float]:
    """Capacity cut ``{(adcode, sector): severity}`` implied by a closure (formula above)."""
    if allocation not in ("lp", "proportional"):
        raise unknown("allocation", allocation, ("lp", "proportional"))
    national = closure.unmet_by_commodity["increase_share"]
    out: dict[tuple[int, str], float] = {}
    for (adcode, k), share in closure.shortfall_share.items():
        pi = pass_through.get(k, 1.0) if isinstance(pass_through, Mapping) else pass_through
        if not 0.0 <= pi <= 1.0:
            raise ValidationError(f"pass_through for {k} = {pi!r} must be in [0, 1]")
        sev = pi * min(1.0, max(0.0, national[k] if allocation == "proportional" else share))
        for sector in sectors.get(k, ()) if sev > 0.0 else ():
            out[int(adcode), sector] = max(out.get((int(adcode), sector), 0.0), sev)
    return out


@dataclass(frozen=True, slots=True)
class EconomyLoss:
    """Severity applied and output lost (MRIO unit, over ``days``) by ``(region, sector)``."""

    severity: pd.Series
    loss: pd.Series
    days: int
    unit: str

    @property
    def by_region(self) -> pd.Series:
        """Output lost per region."""
        return self.loss.groupby(level="region").sum()

    @property
    def national(self) -> float:
        """Total output lost."""
        return float(self.loss.sum())


def economy_loss(
    closure: ClosureResult,
    mrio: MRIO,
    *,
    model: str = "ario",
    days: int = 365,
    sectors: Mapping[str, tuple[str, ...]] | None = None,
    pass_through: float | Mapping[str, float] = 1.0,
    allocation: str = "lp",
) -> EconomyLoss:
    """Output lost while the closure's shortfalls cut sector capacities for ``days`` days.

    Models
    ------
    - ``ario`` (default): the adaptive regional IO model of :mod:`hinterland.mrio.dynamic`;
      the cut capacity is held for the whole ``days`` (the channel stays closed) and the loss
      is the output lost over those days, with inventories, rationing and the other
      industries' adaptation as the model has them.
    - ``capacity``: static rationing (loss = annual loss x days / 365). An upper bound: on a
      dense table every customer is rationed by its scarcest input, so a refining cut in a few
      provinces can stop most of the economy (on the estimated China table, Hormuz closed
      for a year: more than the year's output); use it only as that bound.

    Other arguments as :func:`severities` (``sectors`` defaults to :func:`sectors_for` the
    table). Raises :class:`ValidationError` for an unknown model, or a mapped sector or a
    short province missing from the table.
    """
    if model not in ("ario", "capacity"):
        raise unknown("coupling model", model, ("ario", "capacity"))
    if sectors is None:
        sectors = sectors_for(mrio)
    sev = severities(closure, sectors=sectors, pass_through=pass_through, allocation=allocation)
    regions, index = {str(r): r for r in mrio.regions}, {key: i for i, key in enumerate(mrio.index)}
    vector = np.zeros(len(index))
    for (adcode, sector), s in sev.items():
        if str(adcode) not in regions:
            raise unknown("region of the table", adcode, list(mrio.regions))
        if sector not in mrio.sectors:
            raise unknown("sector of the table (check the mapping)", sector, list(mrio.sectors))
        vector[index[regions[str(adcode)], sector]] = s
    Z, y, x0 = rationing_arrays(mrio)
    if model == "capacity":
        cap = shocks.CapacityShock(vector > 0, vector).capacity(x0)
        res = shocks.constrained_output(iom.technical_coefficients(Z, x0), y, x0, cap)
        lost = res.loss * days / 365.0
    else:
        from hinterland.mrio import dynamic

        params = dynamic.ARIOParams.from_table(
            Z, y[:, None], x0, len(mrio.regions), len(mrio.sectors)
        )
        # held for the whole horizon: recovery starts after the last simulated day
        event = dynamic.CapitalShock.from_share(
            params.capital, vector, duration=int(days), recovery="exogenous", recovery_days=1
        )
        lost = dynamic.simulate(params, event, int(days)).output_loss()
    severity = pd.Series(vector, index=mrio.index, name="severity")
    loss = pd.Series(lost, index=mrio.index, name="output_loss")
    return EconomyLoss(severity, loss, int(days), mrio.unit)
