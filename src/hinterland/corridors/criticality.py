r"""N-1 and N-2 criticality of the corridor network: which closures hurt most.

:func:`criticality` ranks edges and nodes (or pairs of them) by the demand left unmet when they
close, then by the rerouting cost, with the cost of each closure as in
:mod:`hinterland.corridors.closure`.

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
:mod:`hinterland.corridors.resilience` re-exports :func:`criticality` and :data:`POOLS`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from hinterland.corridors.closure import unit_value, unmet_value
from hinterland.corridors.flow import FlowProblem, solve_lp, solve_lp_many
from hinterland.corridors.network import CorridorNetwork
from hinterland.errors import ValidationError, unknown

__all__ = ["POOLS", "criticality"]

POOLS = ("flow", "top")
"""Ways to choose the pairs of an N-2 analysis (see :func:`criticality`)."""


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
    values = unmet_value(du, money[None, :])
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
