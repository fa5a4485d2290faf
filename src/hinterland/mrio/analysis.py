"""Labelled MRIO analyses: multipliers, linkages, spillovers, extraction, exposure and shocks.

Each function takes a validated :class:`~hinterland.mrio.table.MRIO` and returns labelled pandas
objects (index ``(region, sector)`` or ``region``) in the table's unit; the numbers come from the
kernels in :mod:`hinterland.mrio.math`, :mod:`~hinterland.mrio.shocks`,
:mod:`~hinterland.mrio.iim` and :mod:`~hinterland.mrio.dynamic`. Results say whether the table is
an estimate.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from hinterland.errors import ValidationError, unknown
from hinterland.mrio import dynamic, iim, shocks
from hinterland.mrio import math as iom
from hinterland.mrio.build import separate_net_imports
from hinterland.mrio.table import MRIO

MODELS = ("capacity", "iim", "ario")


def _region_codes(m: MRIO) -> np.ndarray:
    regions = list(m.regions)
    return np.array([regions.index(r) for r in m.index.get_level_values("region")])


def _solver(m: MRIO) -> iom.LeontiefSolver:
    return iom.leontief_factor(m.A_sparse() if m.is_sparse else m.A().to_numpy())


def _y(m: MRIO) -> np.ndarray:
    return m.Y.to_numpy().sum(axis=1) + m.exports.to_numpy()


def multipliers(m: MRIO) -> pd.DataFrame:
    """Output and value-added multipliers (type I, open model) of every region-sector."""
    solver = _solver(m)
    x = m.x.to_numpy()
    v = np.divide(m.v.to_numpy(), x, out=np.zeros_like(x), where=x > 0)
    return pd.DataFrame(
        {
            "output_multiplier": iom.output_multipliers(solver),
            "value_added_multiplier": iom.value_added_multipliers(solver, v),
        },
        index=m.index,
    )


def linkages(m: MRIO) -> pd.DataFrame:
    """Rasmussen backward/forward linkages (forward on the Ghosh inverse) and key sectors."""
    lk = iom.rasmussen_linkages(_solver(m), x=m.x.to_numpy())
    return pd.DataFrame(
        {"backward": lk.backward, "forward": lk.forward, "key_sector": lk.key}, index=m.index
    )


def dependence(m: MRIO) -> pd.DataFrame:
    """Output of each region (rows) sustained by the final demand of each region (columns).

    ``x_rs = sum over r's sectors of L Y_s``, where ``Y_s`` is the final demand of region ``s``
    (the column block of ``Y`` headed by ``s``); exports to the rest of the world form their own
    column ``"exports"``. The row shares tell how much of a province's output hangs on demand
    elsewhere.
    """
    solver = _solver(m)
    cols = m.Y.T.groupby(level="region").sum().T
    demand = pd.concat([cols, m.exports.rename("exports")], axis=1)
    x = solver.solve(demand.to_numpy())
    out = pd.DataFrame(x, index=m.index, columns=demand.columns).groupby(level="region").sum()
    out.index.name, out.columns.name = "producing_region", "demanding_region"
    return out


def spillovers(m: MRIO) -> pd.DataFrame:
    """Intra-regional, feedback and spillover output driven by each region's products' demand.

    One row per region ``s``: the output effect of the final demand for region ``s``'s products
    split into ``intra`` (s's own chain with trade links cut), ``feedback`` (back in s through
    other regions) and ``spillover`` (in other regions) (Miller 1966; Round 1985).
    """
    codes = _region_codes(m)
    y = _y(m)
    k = len(m.regions)
    ys = np.zeros((len(y), k))
    ys[np.arange(len(y)), codes] = y
    dec = iom.spillover_decomposition(_solver(m), ys, codes)
    frame = pd.DataFrame(
        {
            "intra": dec.intra.sum(axis=0),
            "feedback": dec.feedback.sum(axis=0),
            "spillover": dec.spillover.sum(axis=0),
            "total": dec.total.sum(axis=0),
        },
        index=pd.Index(list(m.regions), name="region"),
    )
    frame["spillover_share"] = frame["spillover"] / frame["total"]
    return frame


def value_added_in_trade(m: MRIO) -> pd.DataFrame:
    """Value added generated in each region (rows) by each region's final demand (columns).

    A last column ``"exports"`` holds the value added embodied in exports to the rest of the
    world, so the whole table sums to total value added.
    """
    codes = _region_codes(m)
    regions = list(m.regions)
    y_regions = [regions.index(r) for r in m.Y.columns.get_level_values("region")]
    x = m.x.to_numpy()
    v = np.divide(m.v.to_numpy(), x, out=np.zeros_like(x), where=x > 0)
    solver = _solver(m)
    flows = iom.value_added_flows(solver, v, m.Y.to_numpy(), codes, y_region_of=np.array(y_regions))
    out = pd.DataFrame(
        flows.flows,
        index=pd.Index([regions[i] for i in flows.origins], name="producing_region"),
        columns=pd.Index([regions[i] for i in flows.destinations], name="demanding_region"),
    )
    exported = pd.Series(v * solver.solve(m.exports.to_numpy()), index=m.index)
    out["exports"] = exported.groupby(level="region").sum().reindex(out.index)
    return out


def _selection(m: MRIO, region=None, sector=None) -> np.ndarray:
    idx = m.index
    sel = np.ones(len(idx), dtype=bool)
    if region is not None:
        regions = [region] if np.isscalar(region) else list(region)
        bad = [r for r in regions if r not in set(m.regions)]
        if bad:
            raise unknown("region of the table", bad[0], list(m.regions))
        sel &= idx.get_level_values("region").isin(regions)
    if sector is not None:
        sectors = [sector] if np.isscalar(sector) else list(sector)
        bad = [s for s in sectors if s not in set(m.sectors)]
        if bad:
            raise unknown("sector of the table", bad[0], list(m.sectors))
        sel &= idx.get_level_values("sector").isin(sectors)
    if region is None and sector is None:
        raise ValidationError("name a region, a sector, or both to extract")
    return sel


def extraction(m: MRIO, *, region=None, sector=None, kind: str = "full") -> pd.Series:
    """Output lost in every region-sector when the chosen part's links are extracted."""
    sel = _selection(m, region, sector)
    res = iom.hypothetical_extraction(_solver(m), _y(m), sel, kind=kind)
    return pd.Series(res.loss, index=m.index, name="output_loss")


def exposure(m: MRIO, frontline: str = "third_front:first_line") -> pd.DataFrame:
    """Key-industry exposure to a frontline grouping, and the hinterland's backup ratio.

    Per sector: the frontline's share of national output; the share of the inputs the sector
    draws nationwide that come from frontline suppliers; the hinterland (every other province)
    share of output; and the backup ratio = hinterland output / frontline output.
    """
    from hinterland.coordination import _members

    _, members = _members(frontline)
    regions = m.index.get_level_values("region")
    front = np.asarray(regions.isin(members))
    sectors = list(m.sectors)
    code = pd.Index(sectors).get_indexer(m.index.get_level_values("sector"))
    x = m.x.to_numpy()
    total = np.bincount(code, weights=x, minlength=len(sectors))
    front_out = np.bincount(code, weights=np.where(front, x, 0.0), minlength=len(sectors))
    Z, _, _, _ = m.to_arrays()
    col_front = np.asarray(Z[front].sum(axis=0)).ravel()  # inputs from frontline suppliers
    col_all = np.asarray(Z.sum(axis=0)).ravel()
    inputs_from_front = np.bincount(code, weights=col_front, minlength=len(sectors))
    inputs_all = np.bincount(code, weights=col_all, minlength=len(sectors))
    with np.errstate(divide="ignore", invalid="ignore"):
        out = pd.DataFrame(
            {
                "frontline_output_share": front_out / total,
                "frontline_input_share": inputs_from_front / inputs_all,
                "hinterland_output_share": 1 - front_out / total,
            },
            index=pd.Index(sectors),
        )
    out["backup_ratio"] = out["hinterland_output_share"] / out["frontline_output_share"]
    out.index.name = "sector"
    return out


@dataclass(frozen=True, slots=True)
class ShockResult:
    """Output lost after a shock, by region-sector and aggregated, in the table's unit."""

    model: str
    days: int
    loss: pd.Series
    shocked: pd.Series
    unit: str
    estimate: bool
    source: str
    trajectory: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def national_output_loss(self) -> float:
        """Total output lost over the period."""
        return float(self.loss.sum())

    @property
    def loss_by_region(self) -> pd.Series:
        """Output lost per region."""
        return self.loss.groupby(level="region").sum()

    @property
    def loss_outside_shocked_share(self) -> float:
        """Share of the loss in regions other than the shocked ones.

        Computed over regions with a net loss: a region whose output rises (it takes over
        orders, as in ARIO) counts as zero loss, so the share stays in [0, 1].
        """
        shocked_regions = set(self.shocked[self.shocked].index.get_level_values("region"))
        by_region = self.loss_by_region.clip(lower=0.0)
        total = by_region.sum()
        outside = by_region[~by_region.index.isin(shocked_regions)].sum()
        return float(outside / total) if total > 0 else 0.0

    def to_dict(self) -> dict:
        """Headline figures (JSON-friendly)."""
        return {
            "model": self.model,
            "days": self.days,
            "unit": self.unit,
            "table": self.source,
            "table_is_estimate": self.estimate,
            "national_output_loss": self.national_output_loss,
            "loss_outside_shocked_share": self.loss_outside_shocked_share,
            "loss_by_region": {str(k): float(v) for k, v in self.loss_by_region.items()},
        }


def rationing_arrays(m: MRIO) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Dense ``Z``, final demand with exports ``y`` and output ``x`` as the shock models use them.

    Negative final demand (net imports, falling inventories) cannot be rationed: it is treated
    as imported intermediate inputs under the proportional import assumption
    (:func:`~hinterland.mrio.build.separate_net_imports`). Shared by :func:`shock`, the corridor
    coupling and the ensemble evaluator, so that all three ration the same economy.
    """
    x0 = m.x.to_numpy(dtype=float)
    Z, Y, _, _ = m.to_arrays()
    Z = Z.toarray() if hasattr(Z, "toarray") else np.asarray(Z, dtype=float)
    y = Y.sum(axis=1) + m.exports.to_numpy(dtype=float)
    Z, y, _ = separate_net_imports(Z, y, x0)
    return Z, y, x0


def shock(
    m: MRIO,
    *,
    region,
    sector=None,
    severity: float = 0.5,
    days: int = 180,
    model: str = "capacity",
) -> ShockResult:
    """Output lost when ``region`` (all sectors, or ``sector``) loses ``severity`` of capacity.

    Models
    ------
    - ``capacity``: static capacity-constrained model with proportional rationing; the feasible
      output holds for ``days`` days (loss = annual shortfall x days / 365). An upper bound: with
      dense linkages every customer is rationed by its scarcest input.
    - ``iim``: dynamic inoperability IIM; the shocked region-sectors start at inoperability
      ``severity`` and recover to 1% of it in ``days`` days.
    - ``ario``: the adaptive regional IO model; ``severity`` of the capital of the shocked
      region-sectors is destroyed on day 1 and recovers linearly over ``days`` days; the
      simulation runs ``days`` days.
    """
    if model not in MODELS:
        raise unknown("shock model", model, MODELS)
    if not 0.0 <= severity <= 1.0:
        raise ValidationError(f"severity must be in [0, 1]; got {severity}")
    if days < 1:
        raise ValidationError(f"days must be at least 1; got {days}")
    mask = _selection(m, region, sector)
    Z, y, x0 = rationing_arrays(m)
    Y = y[:, None]
    trajectory = None
    if model == "capacity":
        A = iom.technical_coefficients(Z, x0)
        cap = shocks.CapacityShock(mask, severity).capacity(x0)
        res = shocks.constrained_output(A, y, x0, cap)
        loss = res.loss * days / 365.0
    elif model == "iim":
        # region-sectors that produce nothing (Beijing's crude oil) have no inoperability: the
        # model runs on the producing ones, the others lose nothing
        live = x0 > 0
        sub = np.ix_(live, live)
        a_star = iim.interdependency_matrix(iom.technical_coefficients(Z[sub], x0[live]), x0[live])
        q0 = np.where(mask, severity, 0.0)[live]
        # recovery to 1% of the initial inoperability in ``days``: k = ln(100) / days, at most
        # 1 per day (a daily step cannot recover more than the whole gap)
        k = np.full(int(live.sum()), min(1.0, np.log(100.0) / days))
        run = iim.run(iim.InoperabilityModel(a_star, k, x0[live] / 365.0), q0, days)
        loss = np.zeros(len(x0))
        loss[live] = run.loss
        q = np.zeros((run.q.shape[0], len(x0)))
        q[:, live] = run.q
        trajectory = pd.DataFrame(q, columns=m.index)
    else:
        params = dynamic.ARIOParams.from_table(Z, Y, x0, len(m.regions), len(m.sectors))
        event = dynamic.CapitalShock.from_share(
            params.capital, severity, where=mask, recovery="exogenous", recovery_days=days
        )
        run = dynamic.simulate(params, event, days)
        loss = run.output_loss()
        trajectory = pd.DataFrame(run.production, columns=m.index)
    return ShockResult(
        model=model,
        days=int(days),
        loss=pd.Series(loss, index=m.index, name="output_loss"),
        shocked=pd.Series(mask, index=m.index, name="shocked"),
        unit=m.unit,
        estimate=m.estimate,
        source=m.source,
        trajectory=trajectory,
    )
