r"""Resilience of the corridor network: closures, criticality, redundancy, the western channels.

- :func:`close`: the flow LP (:mod:`hinterland.corridors.flow`) before and after closing edges
  and nodes; what is left unmet, where, and what the closure costs.

What a closure costs (``cost_increase``) is the change in routing cost plus the value of the
demand it leaves unmet, at each commodity's import price (``params.goods_value``, sourced in
``params.yaml``: ``unmet_demand_value``):

.. math:: \Delta C = \Delta \sum_e c_e f_e + \sum_k v_k \, \Delta u_k .

Routing cost alone falls when less is delivered (closing Hormuz "saves" the freight of the crude
that no longer arrives); the value term counts what was not delivered. As long as every unit's
value exceeds its costliest route, :math:`\Delta C \ge 0` for any closure (a closure only
shrinks the feasible set of the LP); ``tests/corridors`` checks it over the N-1 run.
- :func:`criticality`: N-1 and N-2 rankings of edges and nodes by the demand left unmet when
  they close, then by the rerouting cost.
- :func:`redundancy`: per province and commodity, edge-disjoint paths from the external sources
  and the min-cut capacity against demand (networkx).
- :func:`western_comparison`: the same closures with and without the westward channels.

Pruning N-2 exactly. Write :math:`P_X` for the feasible set of the LP with the elements
:math:`X` closed and :math:`F_a` for an optimal flow with :math:`a` closed. Closing both
:math:`a` and :math:`b` cuts every edge once, so :math:`P_{a \cup b} = P_a \cap P_b`. If
:math:`F_a` also fits :math:`b`'s closure (no flow above :math:`b`'s reduced capacities) then
:math:`F_a \in P_{a \cup b} \subseteq P_a` and :math:`F_a` is optimal for the pair: the pair
does exactly what :math:`a` alone does. Only pairs where :math:`F_a` violates :math:`b` *and*
:math:`F_b` violates :math:`a` need a solve. The same argument skips singles that carry no
baseline flow above their reduced capacity (closing an unused edge changes nothing). And since
commodities share no constraint, a pair whose members touch different commodities does, per
commodity, what the member touching it does: no solve either.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from hinterland.corridors.flow import FlowProblem, FlowResult, solve, solve_lp, solve_lp_many
from hinterland.corridors.network import CorridorNetwork
from hinterland.errors import ValidationError, unknown

__all__ = ["ClosureResult", "close", "criticality", "redundancy", "western_comparison"]

POOLS = ("flow", "top")
"""Ways to choose the pairs of an N-2 analysis (see :func:`criticality`)."""
_SOURCE = ("__source__",)  # the super-source of redundancy(); tuples never clash with node ids


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
    table["value"] = _values(table["increase"].to_numpy(float), money.to_numpy(float))
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


def _values(increase: np.ndarray, money: np.ndarray) -> np.ndarray:
    """Increase of unmet demand x yuan per unit; 0 where nothing more is unmet (even unpriced)."""
    out = increase * money
    return np.where(increase == 0.0, 0.0, out)


# ----------------------------------------------------------------------------- criticality


def _elements(
    network: CorridorNetwork, candidates: Iterable[Any] | None, commodity: str | None, what: str
) -> list[tuple[str, str]]:
    """Candidate elements as ``(kind, id)``."""
    if candidates is not None:
        out = []
        for c in candidates:
            if isinstance(c, tuple):
                kind, cid = c
                if kind not in ("edge", "node"):
                    raise ValidationError(f"candidate {c!r}: kind must be 'edge' or 'node'")
            else:
                is_edge, is_node = c in network.edges.index, c in network.nodes.index
                if is_edge and is_node:
                    raise ValidationError(
                        f"candidate {c!r} is both an edge and a node id; pass ('edge', {c!r}) "
                        f"or ('node', {c!r})"
                    )
                if not (is_edge or is_node):
                    raise unknown("edge or node", c, [*network.edges.index, *network.nodes.index])
                kind, cid = ("edge" if is_edge else "node"), c
            out.append((kind, cid))
        return out
    if what not in ("all", "edges", "nodes"):
        raise unknown("elements", what, ("all", "edges", "nodes"))
    e = network.edges if commodity is None else network.edge_table(commodity=commodity)
    out = [("edge", i) for i in e.index] if what != "nodes" else []
    if what != "edges":
        touched = set(e["from"]) | set(e["to"])
        out += [("node", n) for n in network.nodes.index if n in touched]
    return out


def _snap(a: np.ndarray) -> np.ndarray:
    """Round to 9 significant digits of the largest value, so solver noise does not reorder ties."""
    scale = float(np.max(np.abs(a), initial=0.0)) or 1.0
    return np.round(a / scale, 9) * scale


def _upper(cap: np.ndarray, idx: np.ndarray, cut: float) -> np.ndarray:
    u = cap.copy()
    u[idx] = 0.0 if cut == 1.0 else cap[idx] * (1.0 - cut)
    return u


def _evaluate(
    problem: FlowProblem,
    sets: Sequence[np.ndarray],
    cut: float,
    base_x: np.ndarray,
    solver: str,
    tol: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Unmet, cost per commodity, edge flows and a solved flag for each closure set."""
    cap = problem.lp.upper[: problem.lp.n_edges]
    n_e, m = problem.lp.n_edges, len(sets)
    base_u, base_c = problem.totals(base_x)
    unmet, cost = np.tile(base_u, (m, 1)), np.tile(base_c, (m, 1))
    flows = np.tile(base_x[:n_e], (m, 1))
    uppers = [_upper(cap, idx, cut) for idx in sets]
    todo = [
        i
        for i, (idx, u) in enumerate(zip(sets, uppers, strict=True))
        if np.any(base_x[idx] > u[idx] + tol)
    ]
    for i, sol in zip(
        todo, solve_lp_many(problem.lp, (uppers[i] for i in todo), solver=solver), strict=True
    ):
        x = np.maximum(sol.x, 0.0)
        unmet[i], cost[i] = problem.totals(x)
        flows[i] = x[:n_e]
    solved = np.zeros(m, dtype=bool)
    solved[todo] = True
    return unmet, cost, flows, solved


def criticality(
    network: CorridorNetwork,
    *,
    k: int = 1,
    commodity: str | None = None,
    candidates: Iterable[Any] | None = None,
    elements: str = "all",
    pool: str = "flow",
    top: int = 20,
    cut: float = 1.0,
    solver: str = "simplex",
) -> pd.DataFrame:
    r"""Rank edges and nodes (``k=1``) or pairs of them (``k=2``) by what their closure costs.

    Each closure is scored by the unmet demand it adds, then by the routing cost it adds. With
    ``commodity`` the unmet demand and cost of that commodity are used, in its unit; without,
    the score is :math:`\sum_k \Delta u_k / D_k`, the shares of national demand left unmet
    summed over commodities (units differ, shares add), and the cost is summed over
    commodities.

    Parameters
    ----------
    network : CorridorNetwork
    k : {1, 2}
        Single closures (N-1) or pairs (N-2).
    commodity : str, optional
        Score one commodity, and by default consider only its edges and their end nodes.
    candidates : iterable, optional
        Elements to consider: edge or node ids, or ``("edge", id)`` / ``("node", id)``.
        Default: every edge and every node (``elements``), restricted to ``commodity``. With
        ``cut < 1`` the default leaves out elements with an edge without capacity.
    elements : {"all", "edges", "nodes"}, default "all"
        Which kinds make the default candidates.
    pool : {"flow", "top"}, default "flow"
        How ``k=2`` picks its pairs when ``candidates`` is not given. ``"flow"``: every pair in
        which each member carries flow (above its reduced capacity) once the other is closed;
        the pruning in the module docstring makes this exact (any pair not listed does what one
        of its members does alone), at the price of solving one LP per listed pair. ``"top"``:
        every pair among the ``top`` highest-ranked single elements, a heuristic that misses
        pairs of individually harmless parallel routes ranked below ``top``.
    top : int, default 20
        Size of the ``"top"`` pool.
    cut : float, default 1
        Share of capacity each closure removes.
    solver : str, default "simplex"
        HiGHS solver; the closures are solved in a row, each warm-started from the last basis.

    Returns
    -------
    DataFrame
        One row per element (``k=1``) or pair (``k=2``), ranked (index ``rank`` from 1), with
        ``element``, ``kind``, ``first``/``second`` (``k=2``), ``unmet_<commodity>`` (increase
        of unmet demand), ``unmet_share``, ``transport_cost_change`` (routing, yuan),
        ``unmet_value`` (unmet demand at its import price, yuan), ``cost_increase`` (their sum,
        the ranking's second key) and ``solved`` (False where the result was known without a
        solve). ``attrs`` holds the units and the baseline.
    """
    if k not in (1, 2):
        raise ValidationError(f"k = {k!r}; criticality handles single closures (1) or pairs (2)")
    if pool not in POOLS:
        raise unknown("pool", pool, POOLS)
    if not 0.0 < float(cut) <= 1.0:
        raise ValidationError(f"cut = {cut!r} must be in (0, 1]")
    if commodity is not None and commodity not in network.commodities:
        raise unknown("commodity of the network", commodity, network.commodities)
    problem = FlowProblem.from_network(network)
    lp, ks = problem.lp, list(problem.commodities)
    base = solve_lp(lp, solver=solver)
    base_x = np.maximum(base.x, 0.0)
    cap = lp.upper[: lp.n_edges]
    tol = 1e-9 * max(1.0, float(np.max(lp.b, initial=0.0)))
    given = candidates is not None
    elems = _elements(network, candidates, commodity, elements)
    edge_pos = network.edges.index.get_indexer
    sets = [
        edge_pos([cid]) if kind == "edge" else edge_pos(network.closure_edges(nodes=[cid]))
        for kind, cid in elems
    ]
    if cut < 1.0:
        finite = [bool(np.all(np.isfinite(cap[s]))) for s in sets]
        if given and not all(finite):
            bad = elems[finite.index(False)]
            raise ValidationError(
                f"{bad[0]} {bad[1]!r} has an edge without capacity; a partial cut of it is "
                "undefined (use cut=1)"
            )
        elems = [e for e, ok in zip(elems, finite, strict=True) if ok]
        sets = [s for s, ok in zip(sets, finite, strict=True) if ok]
    demand_k = np.bincount(
        problem.demand_commodity, weights=lp.upper[lp.n_edges + lp.n_supply :], minlength=len(ks)
    )
    base_u, base_c = problem.totals(base_x)

    def score(unmet: np.ndarray, cost: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        du, dc = unmet - base_u, cost - base_c
        du[np.abs(du) < tol] = 0.0
        share = (du / np.where(demand_k > 0, demand_k, np.inf)).sum(axis=1)
        if commodity is not None:
            j = ks.index(commodity)
            return du, du[:, j], dc[:, j]
        return du, share, dc.sum(axis=1)

    unmet, cost, flows, solved = _evaluate(problem, sets, cut, base_x, solver, tol)
    du, key, dcost = score(unmet, cost)
    labels = [f"{kind}:{cid}" for kind, cid in elems]
    if k == 1:
        frame = pd.DataFrame({"element": labels, "kind": [e[0] for e in elems]})
    else:
        order = np.lexsort((-_snap(dcost), -_snap(key)))
        if not given and pool == "top":
            keep = order[: int(top)]
            elems, sets, flows, solved = (
                [elems[i] for i in keep],
                [sets[i] for i in keep],
                flows[keep],
                solved[keep],
            )
            unmet, cost = unmet[keep], cost[keep]
        m = len(elems)
        uppers = [_upper(cap, s, cut) for s in sets]
        viol = np.zeros((m, m), dtype=bool)  # viol[a, b]: F_a does not fit b's closure
        for b, (s, u) in enumerate(zip(sets, uppers, strict=True)):
            viol[:, b] = np.any(flows[:, s] > u[s] + tol, axis=1)
        touches = np.zeros((m, len(ks)), dtype=bool)  # commodities of each element's edges
        for i, s in enumerate(sets):
            touches[i, problem.edge_commodity[s]] = True
        pairs = list(itertools.combinations(range(m), 2))
        mutual = {(a, b) for a, b in pairs if viol[a, b] and viol[b, a]}
        if not given and pool == "flow":
            pairs = [p for p in pairs if p in mutual]
        need = [(a, b) for a, b in pairs if (a, b) in mutual and (touches[a] & touches[b]).any()]
        union = [np.union1d(sets[a], sets[b]) for a, b in need]
        pu, pc, _, _ = _evaluate(problem, union, cut, base_x, solver, tol)
        got = {p: (pu[i], pc[i]) for i, p in enumerate(need)}
        rows_u, rows_c = [], []
        for a, b in pairs:
            if (a, b) in got:
                u_ab, c_ab = got[a, b]
            elif (a, b) in mutual:  # no shared commodity: each acts on its own commodities
                ta, tb = touches[a], touches[b]
                u_ab = np.where(ta, unmet[a], np.where(tb, unmet[b], base_u))
                c_ab = np.where(ta, cost[a], np.where(tb, cost[b], base_c))
            else:  # one member's optimum fits the pair's closure (module docstring)
                src = a if not viol[a, b] else b
                u_ab, c_ab = unmet[src], cost[src]
            rows_u.append(u_ab)
            rows_c.append(c_ab)
        shape = (len(pairs), len(ks))
        du, key, dcost = score(np.reshape(rows_u, shape), np.reshape(rows_c, shape))
        first = [f"{elems[a][0]}:{elems[a][1]}" for a, _ in pairs]
        second = [f"{elems[b][0]}:{elems[b][1]}" for _, b in pairs]
        frame = pd.DataFrame(
            {
                "element": [f"{x} + {y}" for x, y in zip(first, second, strict=True)],
                "kind": [f"{elems[a][0]}+{elems[b][0]}" for a, b in pairs],
                "first": first,
                "second": second,
            }
        )
        solved = np.array([p in got for p in pairs], dtype=bool)
    for j, name in enumerate(ks):
        if commodity is None or name == commodity:
            frame[f"unmet_{name}"] = du[:, j]
    if commodity is None:
        frame["unmet_share"] = key
    else:
        j = ks.index(commodity)
        frame["unmet_share"] = du[:, j] / demand_k[j] if demand_k[j] > 0 else 0.0
    money = unit_value(network).reindex(ks).to_numpy(float)
    values = _values(du, money[None, :])
    if commodity is not None:
        values = values[:, [ks.index(commodity)]]
    frame["transport_cost_change"] = dcost
    frame["unmet_value"] = values.sum(axis=1)
    frame["cost_increase"] = dcost + frame["unmet_value"].to_numpy()
    frame["solved"] = solved
    total = frame["cost_increase"].to_numpy()
    # second key: the closure's cost, or its routing change where the value is unknown
    frame = frame.assign(_key=_snap(key), _cost=_snap(np.where(np.isnan(total), dcost, total)))
    frame = frame.sort_values(["_key", "_cost", "element"], ascending=[False, False, True])
    frame = frame.drop(columns=["_key", "_cost"]).reset_index(drop=True)
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="rank")
    frame.attrs.update(
        {
            "units": network.units(),
            "baseline_unmet": dict(zip(ks, base_u.tolist(), strict=True)),
            "baseline_cost": dict(zip(ks, base_c.tolist(), strict=True)),
            "cut": float(cut),
            "k": k,
            "pool": None if given or k == 1 else pool,
            "solves": int(solved.sum()),
        }
    )
    return frame


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
    out["unmet_value"] = _values(du, money.reindex(ks).to_numpy(float)[None, :]).sum(axis=1)
    out["cost_increase"] = out["transport_cost_change"] + out["unmet_value"]
    order = [(s, v) for s in scenarios for v in ("with_western", "without_western")]
    out = out.loc[order]
    out.attrs["units"] = network.units()
    return out
