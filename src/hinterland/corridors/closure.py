r"""Closing corridor edges and nodes: what is left unmet, where, and what it costs.

:func:`close` solves the flow LP (:mod:`hinterland.corridors.flow`) before and after closing
edges and nodes and returns a :class:`ClosureResult`. What a closure costs (``cost_increase``)
is the change in routing cost plus the value of the demand it leaves unmet, at each commodity's
import price (``params.goods_value``, sourced in ``params.yaml``: ``unmet_demand_value``;
:func:`unit_value`):

.. math:: \Delta C = \Delta \sum_e c_e f_e + \sum_k v_k \, \Delta u_k .

Routing cost alone falls when less is delivered (closing Hormuz "saves" the freight of the crude
that no longer arrives); the value term counts what was not delivered. As long as every unit's
value exceeds its costliest route, :math:`\Delta C \ge 0` for any closure (a closure only
shrinks the feasible set of the LP); ``tests/corridors`` checks it over the N-1 run.
:mod:`hinterland.corridors.resilience` re-exports every name here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from hinterland.corridors.flow import FlowResult, solve
from hinterland.corridors.network import CorridorNetwork

__all__ = ["ClosureResult", "close", "unit_value", "unmet_value"]


@dataclass(frozen=True, slots=True)
class ClosureResult:
    """The network's flows before and after a closure.

    Attributes
    ----------
    edges, nodes : tuple of str
        What was closed, as asked.
    cut : float
        Share of capacity removed.
    closed_edges : tuple of str
        Every edge cut (the edges named and those of the nodes named).
    baseline, closed : FlowResult
        Flows before and after.
    demand : Series
        Demand, index ``(adcode, commodity)``.
    unmet_by_commodity : DataFrame
        Per commodity: ``baseline``, ``closed``, ``increase`` (unmet demand), ``demand``,
        ``increase_share`` (increase / demand), ``price`` (value per unit, yuan, in the
        commodity's cost unit) and ``value`` (increase x price, yuan).
    transport_cost_change : float
        Routing cost after minus before, yuan (negative when less is delivered).
    unmet_value : float
        Value of the demand the closure leaves unmet (increase x import price), yuan; NaN when
        a commodity left short has no price in the params.
    cost_increase : float
        ``transport_cost_change + unmet_value``, yuan: never negative for a closure.
    provinces_short : list of (int, str, float)
        ``(adcode, commodity, shortfall)`` for each province left with more unmet demand,
        largest first.
    """

    edges: tuple[str, ...]
    nodes: tuple[str, ...]
    cut: float
    closed_edges: tuple[str, ...]
    baseline: FlowResult
    closed: FlowResult
    demand: pd.Series
    unmet_by_commodity: pd.DataFrame
    transport_cost_change: float
    unmet_value: float
    cost_increase: float
    provinces_short: list[tuple[int, str, float]]

    @property
    def shortfall(self) -> pd.Series:
        """Unmet demand after minus before, by ``(adcode, commodity)``."""
        return (self.closed.unmet - self.baseline.unmet).rename("shortfall")

    @property
    def shortfall_share(self) -> pd.Series:
        """Shortfall as a share of demand (0 where demand is 0)."""
        d = self.demand.to_numpy(float)
        s = self.shortfall.to_numpy(float)
        share = np.divide(s, d, out=np.zeros_like(s), where=d > 0)
        return pd.Series(share, index=self.demand.index, name="shortfall_share")

    @property
    def flows(self) -> pd.DataFrame:
        """Flow per edge before, after, and the change."""
        out = pd.DataFrame({"baseline": self.baseline.flows, "closed": self.closed.flows})
        out["change"] = out["closed"] - out["baseline"]
        return out

    def to_dict(self) -> dict[str, Any]:
        """Headline figures (JSON-friendly)."""
        return {
            "edges": list(self.edges),
            "nodes": list(self.nodes),
            "cut": self.cut,
            "transport_cost_change": self.transport_cost_change,
            "unmet_value": self.unmet_value,
            "cost_increase": self.cost_increase,
            "unmet_increase": {k: float(v) for k, v in self.unmet_by_commodity["increase"].items()},
            "provinces_short": [[int(a), k, float(s)] for a, k, s in self.provinces_short],
        }


def close(
    network: CorridorNetwork,
    *,
    edges: str | Iterable[str] = (),
    nodes: str | Iterable[str] = (),
    cut: float = 1.0,
    baseline: FlowResult | None = None,
    solver: str = "simplex",
) -> ClosureResult:
    """Solve the flow LP before and after closing ``edges`` and ``nodes``.

    Parameters
    ----------
    network : CorridorNetwork
    edges, nodes : str or iterable of str
        What to close (see :meth:`CorridorNetwork.with_closures`).
    cut : float, default 1
        Share of their capacity removed.
    baseline : FlowResult, optional
        The solution of ``network`` when already known.
    solver : str, default "simplex"
        See :func:`hinterland.corridors.flow.solve`.

    Returns
    -------
    ClosureResult
    """
    edges = (edges,) if isinstance(edges, str) else tuple(edges)
    nodes = (nodes,) if isinstance(nodes, str) else tuple(nodes)
    closed_net = network.with_closures(edges=edges, nodes=nodes, cut=cut)
    base = baseline if baseline is not None else solve(network, solver=solver)
    after = solve(closed_net, solver=solver)
    demand = network.demand["demand"]
    total = demand.groupby(level="commodity").sum()
    table = pd.DataFrame({"baseline": base.unmet_by_commodity, "closed": after.unmet_by_commodity})
    increase = table["closed"] - table["baseline"]
    scale = float(np.max(np.r_[1.0, demand.to_numpy(float)]))
    table["increase"] = increase.where(increase.abs() > 1e-9 * scale, 0.0)
    table["demand"] = total.reindex(table.index, fill_value=0.0)
    table["increase_share"] = np.divide(
        table["increase"], table["demand"], out=np.zeros(len(table)), where=table["demand"] > 0
    )
    money = unit_value(network).reindex(table.index)
    table["price"] = [network.params.goods_value.get(k, np.nan) for k in table.index]
    table["value"] = unmet_value(table["increase"].to_numpy(float), money.to_numpy(float))
    value = float(table["value"].sum(skipna=False))
    short = after.unmet - base.unmet
    # a shortfall below one part per million of the commodity's national demand is rounding
    # (the provincial demands are rounded allocations of a national total), not a shortage
    national = total.reindex(short.index.get_level_values("commodity")).to_numpy(float)
    tol = np.maximum(1e-6 * national, 1e-7 * np.maximum(demand.to_numpy(float), 1.0))
    hit = short[short.to_numpy() > tol].sort_values(ascending=False)
    return ClosureResult(
        edges=edges,
        nodes=nodes,
        cut=float(cut),
        closed_edges=tuple(network.closure_edges(edges=edges, nodes=nodes)),
        baseline=base,
        closed=after,
        demand=demand,
        unmet_by_commodity=table,
        transport_cost_change=after.cost - base.cost,
        unmet_value=value,
        cost_increase=after.cost - base.cost + value,
        provinces_short=[(int(a), str(k), float(v)) for (a, k), v in hit.items()],
    )


def unit_value(network: CorridorNetwork) -> pd.Series:
    """Yuan per flow unit of unmet demand, by commodity: ``goods_value x cost_scale``.

    NaN for a commodity without a value in the params (the value of its shortfall is unknown).
    """
    p = network.params
    ks = list(network.commodities)
    return pd.Series(
        [p.goods_value.get(k, np.nan) * p.cost_scale.get(k, 1.0) for k in ks],
        index=pd.Index(ks, name="commodity"),
        name="yuan_per_unit",
    )


def unmet_value(increase: np.ndarray, money: np.ndarray) -> np.ndarray:
    """Increase of unmet demand x yuan per unit; 0 where nothing more is unmet (even unpriced)."""
    out = increase * money
    return np.where(increase == 0.0, 0.0, out)
