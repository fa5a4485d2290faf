"""Resilience of the corridor network: closures, criticality, redundancy, the western channels.

- :func:`close`: the flow LP (:mod:`hinterland.corridors.flow`) before and after closing edges
  and nodes; what is left unmet, where, and what the closure costs
  (:mod:`hinterland.corridors.closure`, where the cost is defined).
- :func:`criticality`: N-1 and N-2 rankings of edges and nodes by the demand left unmet when
  they close, then by the rerouting cost (:mod:`hinterland.corridors.criticality`, with the
  exact pruning of N-2 pairs).
- :func:`redundancy`: per province and commodity, edge-disjoint paths from the external sources
  and the min-cut capacity against demand (networkx); in this module.
- :func:`western_comparison`: the same closures with and without the westward channels; in this
  module.

Every name keeps this import path: the first two are re-exported here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from hinterland.corridors.closure import ClosureResult, close, unmet_value
from hinterland.corridors.closure import unit_value as unit_value
from hinterland.corridors.criticality import POOLS as POOLS
from hinterland.corridors.criticality import criticality
from hinterland.corridors.flow import FlowProblem, solve_lp_many
from hinterland.corridors.network import CorridorNetwork
from hinterland.errors import ValidationError, unknown

__all__ = ["ClosureResult", "close", "criticality", "redundancy", "western_comparison"]

_SOURCE = ("__source__",)  # the super-source of redundancy(); tuples never clash with node ids


# ----------------------------------------------------------------------------- redundancy


def redundancy(network: CorridorNetwork, *, commodity: str | None = None) -> pd.DataFrame:
    r"""Edge-disjoint paths and min-cut capacity from the external sources to each province.

    Per commodity :math:`k`, two directed graphs are built from the edges of :math:`k` that
    are open (capacity not 0):

    - paths: every node supplying :math:`k` merged into one super-source; each edge is one arc
      (a parallel edge gets its own intermediate node, so it counts); ``paths`` is the number of
      edge-disjoint paths from the super-source to the hub, ``nx.edge_disjoint_paths``;
    - cut: a super-source with an arc of capacity :math:`\bar s_n` to each supplying node;
      parallel edges' capacities added. ``min_cut`` is the value of ``nx.minimum_cut`` from the
      super-source to the hub: by max-flow/min-cut, the most the network could ever deliver to
      this province alone. An edge or supply without capacity gets a capacity larger than the
      sum of all finite ones, so a cut at least that large is reported as ``inf``.

    Parameters
    ----------
    network : CorridorNetwork
    commodity : str, optional
        One commodity; default every commodity with demand.

    Returns
    -------
    DataFrame
        Index ``(adcode, commodity)``; ``demand``, ``paths``, ``min_cut``, ``cut_over_demand``
        (``min_cut / demand``: below 1, the province cannot be fully served even with the whole
        network to itself), ``cut_edges`` (the edges of one minimum cut; ``supply:<node>`` for a
        binding supply).
    """
    d = network.demand
    ks = list(dict.fromkeys(d.index.get_level_values("commodity")))
    if commodity is not None:
        if commodity not in network.commodities:
            raise unknown("commodity of the network", commodity, network.commodities)
        ks = [commodity]
    rows = []
    for k in ks:
        e = network.edge_table(commodity=k)
        e = e[~(e["capacity"] == 0)]
        sup = network.supply["supply"]
        s = sup[sup.index.get_level_values("commodity") == k].droplevel("commodity")
        s = s[~(s == 0)]  # a source that can send nothing is no source
        sources = set(s.index)
        big = 1.0 + 2.0 * (np.nansum(e["capacity"]) + np.nansum(s))
        paths_g, cut_g = nx.DiGraph(), nx.DiGraph()
        paths_g.add_node(_SOURCE)
        cut_g.add_node(_SOURCE)
        for n in sources:
            lim = s[n]
            cut_g.add_edge(
                _SOURCE, n, capacity=big if np.isnan(lim) else float(lim), ids=[f"supply:{n}"]
            )
        for eid, a, b, c in zip(e.index, e["from"], e["to"], e["capacity"], strict=True):
            c = big if np.isnan(c) else float(c)
            if cut_g.has_edge(a, b):
                cut_g[a][b]["capacity"] += c
                cut_g[a][b]["ids"].append(eid)
            else:
                cut_g.add_edge(a, b, capacity=c, ids=[eid])
            pa, pb = (_SOURCE if a in sources else a), (_SOURCE if b in sources else b)
            if pa == pb or pb == _SOURCE:
                continue
            if paths_g.has_edge(pa, pb):
                paths_g.add_edge(pa, ("__edge__", eid))
                paths_g.add_edge(("__edge__", eid), pb)
            else:
                paths_g.add_edge(pa, pb)
        for adcode in d.xs(k, level="commodity").index:
            hub = str(adcode)
            demand = float(d.loc[(adcode, k), "demand"])
            paths, value, cut_ids = 0, 0.0, ()
            if hub in paths_g and nx.has_path(paths_g, _SOURCE, hub):
                paths = sum(1 for _ in nx.edge_disjoint_paths(paths_g, _SOURCE, hub))
            if hub in cut_g and nx.has_path(cut_g, _SOURCE, hub):
                value, (side, _) = nx.minimum_cut(cut_g, _SOURCE, hub, capacity="capacity")
                cut_ids = tuple(
                    i
                    for u, v, data in cut_g.edges(data=True)
                    if u in side and v not in side
                    for i in data["ids"]
                )
                if value >= big:  # an uncapacitated path: no finite cut
                    value, cut_ids = np.inf, ()
            rows.append(
                {
                    "adcode": int(adcode),
                    "commodity": k,
                    "demand": demand,
                    "paths": paths,
                    "min_cut": value,
                    "cut_over_demand": value / demand if demand > 0 else np.nan,
                    "cut_edges": cut_ids,
                }
            )
    out = pd.DataFrame(
        rows,
        columns=[
            "adcode",
            "commodity",
            "demand",
            "paths",
            "min_cut",
            "cut_over_demand",
            "cut_edges",
        ],
    )
    out.attrs["units"] = network.units()
    return out.set_index(["adcode", "commodity"])


# ----------------------------------------------------------------------------- western channels


def western_comparison(
    network: CorridorNetwork,
    closures: Mapping[str, Mapping[str, Any]] | None = None,
    *,
    solver: str = "simplex",
) -> pd.DataFrame:
    """Run the same closures with and without the western channels.

    Parameters
    ----------
    network : CorridorNetwork
    closures : mapping, optional
        Scenario name -> ``{"edges": [...], "nodes": [...], "cut": 1.0}`` (any key may be
        left out), e.g. ``{"Malacca closed": {"nodes": ["choke_malacca"]}}``. Default: each
        chokepoint node of the network closed on its own, named by ``name_en`` (or its id).
    solver : str, default "simplex"

    Returns
    -------
    DataFrame
        Index ``(scenario, variant)`` with ``variant`` ``with_western`` or ``without_western``
        (every ``western == yes`` edge closed) and a first scenario ``"none"`` (no closure);
        columns ``unmet_<commodity>`` (unmet demand in the commodity's unit), ``unmet_share``
        (shares of national demand unmet, summed over commodities), ``cost`` (routing), and
        against the intact network (``none`` / ``with_western``): ``transport_cost_change``,
        ``unmet_value`` (the extra unmet demand at its import price) and ``cost_increase``
        (their sum), all in yuan.
    """
    if closures is None:
        chokes = network.node_table(kind="chokepoint")
        names = chokes["name_en"] if "name_en" in chokes.columns else pd.Series(dtype=str)
        closures = {(names.get(n) or n) + " closed": {"nodes": [n]} for n in chokes.index}
    allowed = {"edges", "nodes", "cut"}
    for name, spec in closures.items():
        extra = set(spec) - allowed
        if extra:
            raise ValidationError(
                f"closure {name!r}: unknown key(s) {sorted(extra)}; use {sorted(allowed)}"
            )
    scenarios = {"none": {}, **closures}
    ks = network.commodities
    total = network.demand["demand"].groupby(level="commodity").sum().reindex(ks, fill_value=0.0)
    rows = []
    for variant, net in (("with_western", network), ("without_western", network.without_western())):
        problem = FlowProblem.from_network(net)
        uppers = []
        for spec in scenarios.values():
            closed = net.with_closures(**spec) if spec else net
            cap = closed.edges["capacity"].to_numpy(dtype=float)
            uppers.append(np.where(np.isnan(cap), np.inf, cap))
        for name, sol in zip(
            scenarios, solve_lp_many(problem.lp, uppers, solver=solver), strict=True
        ):
            unmet, cost = problem.totals(np.maximum(sol.x, 0.0))
            row = {"scenario": name, "variant": variant}
            row.update(
                {f"unmet_{k}": float(u) for k, u in zip(problem.commodities, unmet, strict=True)}
            )
            share = unmet / np.where(total.to_numpy() > 0, total.to_numpy(), np.inf)
            row.update({"unmet_share": float(share.sum()), "cost": float(cost.sum())})
            rows.append(row)
    out = pd.DataFrame(rows).set_index(["scenario", "variant"])
    ref = out.loc[("none", "with_western")]
    out["transport_cost_change"] = out["cost"] - ref["cost"]
    money = unit_value(network)
    du = np.column_stack([out[f"unmet_{k}"] - ref[f"unmet_{k}"] for k in ks])
    du[np.abs(du) < 1e-9 * max(1.0, float(total.max()))] = 0.0
    out["unmet_value"] = unmet_value(du, money.reindex(ks).to_numpy(float)[None, :]).sum(axis=1)
    out["cost_increase"] = out["transport_cost_change"] + out["unmet_value"]
    order = [(s, v) for s in scenarios for v in ("with_western", "without_western")]
    out = out.loc[order]
    out.attrs["units"] = network.units()
    return out
