r"""Multi-commodity minimum-cost flow on the corridor network, as a linear program (HiGHS).

Sets: nodes :math:`N`; commodities :math:`K`; edges :math:`E`, each of one commodity
:math:`k(e)`, from :math:`t(e)` to :math:`h(e)`; supplies :math:`S \subseteq N \times K` (an
external node sends commodity :math:`k` only if ``supply.csv`` lists it); demands
:math:`D \subseteq N \times K` at province hubs.

Data: cost :math:`c_e \ge 0` per unit moved (times ``params.cost_scale`` of its commodity);
capacity :math:`\bar f_e` (:math:`+\infty` when empty); supply limit :math:`\bar s_{nk}`
(:math:`+\infty` when empty); demand :math:`d_{nk} \ge 0`; price of unmet demand
:math:`p_k > 0` (``params.unmet_price``, scaled likewise).

Variables: flow :math:`f_e`, supply used :math:`s_{nk}`, unmet demand :math:`u_{nk}`.

.. math::

    \min_{f, s, u} \quad & \sum_{e \in E} c_e f_e + \sum_{(n,k) \in D} p_k u_{nk} \\
    \text{s.t.} \quad
    & \sum_{e:\, h(e) = n,\, k(e) = k} f_e - \sum_{e:\, t(e) = n,\, k(e) = k} f_e
      + s_{nk} + u_{nk} = d_{nk} \qquad \forall n \in N,\ k \in K, \\
    & 0 \le f_e \le \bar f_e, \qquad 0 \le s_{nk} \le \bar s_{nk}, \qquad
      0 \le u_{nk} \le d_{nk},

with :math:`s_{nk} \equiv 0` off :math:`S` and :math:`u_{nk} \equiv 0`, :math:`d_{nk} = 0` off
:math:`D` (transit nodes: inflow = outflow). The point :math:`f = 0, s = 0, u = d` is always
feasible and all costs are non-negative, so the LP always has an optimum: a network that cannot
serve its demand reports unmet demand, never an error. The bound :math:`u \le d` keeps a hub
from creating flow for its neighbours at the unmet price. Commodities share no constraint, so
the LP separates into one problem per commodity; flows of one never affect another.

The price :math:`p_k` should exceed the cost of the costliest route for :math:`k`, or leaving
demand unmet is cheaper than serving it. With one price per commodity the LP leaves short the
provinces that are dearest to reach (least-cost rationing), not every province in proportion.

The constraint matrix is built column-wise with :mod:`scipy.sparse` and passed to HiGHS
(``highspy``) as a ``HighsLp``. :func:`solve_lp_many` re-solves one model under many capacity
vectors from the previous basis (dual simplex warm start), as the closure analyses need.

References
----------
Ahuja, R. K., Magnanti, T. L., & Orlin, J. B. (1993). *Network Flows: Theory, Algorithms, and
Applications*. Prentice Hall, ch. 9 and 17.

Huangfu, Q., & Hall, J. A. J. (2018). Parallelizing the dual revised simplex method.
*Mathematical Programming Computation*, 10(1), 119-142.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy import sparse

from hinterland._highs import quiet_highs, run_timed
from hinterland.errors import SolverError, ValidationError, unknown

if TYPE_CHECKING:
    from hinterland.corridors.network import CorridorNetwork

__all__ = [
    "SOLVERS",
    "FlowLP",
    "FlowProblem",
    "FlowResult",
    "LPSolution",
    "build_lp",
    "solve",
    "solve_lp",
    "solve_lp_many",
]

SOLVERS = ("simplex", "ipm", "choose")
"""HiGHS ``solver`` option values accepted; the default ``simplex`` gives vertex solutions."""

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]


# ----------------------------------------------------------------------------- kernel


@dataclass(frozen=True, slots=True)
class FlowLP:
    """The LP in arrays: ``min c'x  s.t.  A x = b,  lower <= x <= upper``.

    Columns are ``[f (n_edges), s (n_supply), u (n_demand)]``; row ``n * n_commodities + k``
    is the balance of node ``n`` for commodity ``k``.
    """

    A: sparse.csc_array
    b: FloatArray
    c: FloatArray
    lower: FloatArray
    upper: FloatArray
    n_edges: int
    n_supply: int
    n_demand: int


def build_lp(
    *,
    tail: IntArray,
    head: IntArray,
    commodity: IntArray,
    cost: FloatArray,
    capacity: FloatArray,
    supply_node: IntArray,
    supply_commodity: IntArray,
    supply_limit: FloatArray,
    demand_node: IntArray,
    demand_commodity: IntArray,
    demand: FloatArray,
    price: FloatArray,
    n_nodes: int,
    n_commodities: int,
) -> FlowLP:
    """Assemble the min-cost flow LP of the module docstring from integer-coded arrays.

    Parameters
    ----------
    tail, head, commodity : ndarray of int, shape (E,)
        End nodes (``0..n_nodes-1``) and commodity (``0..n_commodities-1``) of each edge.
    cost, capacity : ndarray, shape (E,)
        Cost per unit and capacity (``inf`` = not binding) of each edge.
    supply_node, supply_commodity, supply_limit : ndarray, shape (S,)
        Where each supply is, of what, and its limit (``inf`` = not binding).
    demand_node, demand_commodity, demand : ndarray, shape (D,)
        Where each demand is, of what, and how much.
    price : ndarray, shape (n_commodities,)
        Price of one unit of unmet demand of each commodity.
    n_nodes, n_commodities : int
        Sizes of the node and commodity sets.

    Returns
    -------
    FlowLP
    """
    n_e, n_s, n_d = len(tail), len(supply_node), len(demand_node)
    kk = n_commodities
    rows = np.concatenate(
        [
            head * kk + commodity,
            tail * kk + commodity,
            supply_node * kk + supply_commodity,
            demand_node * kk + demand_commodity,
        ]
    )
    cols = np.concatenate(
        [np.arange(n_e), np.arange(n_e), n_e + np.arange(n_s), n_e + n_s + np.arange(n_d)]
    )
    vals = np.concatenate([np.ones(n_e), -np.ones(n_e), np.ones(n_s), np.ones(n_d)])
    shape = (n_nodes * kk, n_e + n_s + n_d)
    A = sparse.csc_array(sparse.coo_array((vals, (rows, cols)), shape=shape))
    A.sort_indices()
    b = np.zeros(shape[0])
    np.add.at(b, demand_node * kk + demand_commodity, demand)
    c = np.concatenate([cost, np.zeros(n_s), price[demand_commodity]]).astype(float)
    upper = np.concatenate([capacity, supply_limit, demand]).astype(float)
    return FlowLP(A, b, c, np.zeros(shape[1]), upper, n_e, n_s, n_d)


@dataclass(frozen=True, slots=True)
class LPSolution:
    """Primal solution ``x``, objective, HiGHS model status and wall time of ``run()`` (s)."""

    x: FloatArray
    objective: float
    status: str
    seconds: float


def _highs(lp: FlowLP, solver: str, time_limit: float | None) -> Any:
    import highspy

    if solver not in SOLVERS:
        raise unknown("solver", solver, SOLVERS)
    h = quiet_highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("solver", solver)
    if time_limit is not None:
        h.setOptionValue("time_limit", float(time_limit))
    inf = highspy.kHighsInf
    model = highspy.HighsLp()
    model.num_col_, model.num_row_ = lp.A.shape[1], lp.A.shape[0]
    model.col_cost_ = lp.c
    model.col_lower_ = lp.lower
    model.col_upper_ = np.where(np.isfinite(lp.upper), lp.upper, inf)
    model.row_lower_ = lp.b
    model.row_upper_ = lp.b
    model.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    model.a_matrix_.start_ = lp.A.indptr.astype(np.int32)
    model.a_matrix_.index_ = lp.A.indices.astype(np.int32)
    model.a_matrix_.value_ = lp.A.data.astype(float)
    status = h.passModel(model)
    if status == highspy.HighsStatus.kError:
        raise SolverError(
            f"HiGHS rejected the flow LP ({lp.A.shape[0]} rows, {lp.A.shape[1]} columns)"
        )
    return h


def _run(h: Any, n: int) -> LPSolution:
    import highspy

    status, name, info, seconds = run_timed(h)
    if status == highspy.HighsModelStatus.kModelEmpty:
        return LPSolution(np.zeros(n), 0.0, name, seconds)
    if status != highspy.HighsModelStatus.kOptimal:
        raise SolverError(
            f"HiGHS did not solve the flow LP: model status {name!r} ({status}); the LP is "
            "feasible by construction, so this is a numerical or limit failure"
        )
    x = np.asarray(h.getSolution().col_value, dtype=float)
    return LPSolution(x, float(info.objective_function_value), name, seconds)


def solve_lp(
    lp: FlowLP,
    *,
    upper: FloatArray | None = None,
    solver: str = "simplex",
    time_limit: float | None = None,
) -> LPSolution:
    """Solve the flow LP with HiGHS.

    Parameters
    ----------
    lp : FlowLP
    upper : ndarray, shape (n_edges,), optional
        Edge capacities replacing ``lp.upper[:n_edges]`` (``inf`` = not binding).
    solver : {"simplex", "ipm", "choose"}, default "simplex"
        HiGHS' ``solver`` option.
    time_limit : float, optional
        Seconds HiGHS may run.

    Raises
    ------
    SolverError
        If HiGHS does not report an optimal solution; the message gives its model status.
    """
    return next(solve_lp_many(lp, [upper], solver=solver, time_limit=time_limit))


def solve_lp_many(
    lp: FlowLP,
    uppers: Iterable[FloatArray | None],
    *,
    solver: str = "simplex",
    time_limit: float | None = None,
) -> Iterator[LPSolution]:
    """Solve the flow LP once per edge-capacity vector, warm-starting each from the last basis.

    Parameters are those of :func:`solve_lp`; ``uppers`` yields capacity vectors (or None for
    the LP's own). One HiGHS instance is kept; only the edge bounds change between solves.
    """
    import highspy

    h = _highs(lp, solver, time_limit)
    n_e, idx = lp.n_edges, np.arange(lp.n_edges, dtype=np.int32)
    lower = np.zeros(n_e)
    for upper in uppers:
        u = lp.upper[:n_e] if upper is None else np.asarray(upper, dtype=float)
        if u.shape != (n_e,) or np.any(u < 0):
            raise ValidationError(f"upper must be {n_e} capacities >= 0; got shape {u.shape}")
        if n_e:
            h.changeColsBounds(n_e, idx, lower, np.where(np.isfinite(u), u, highspy.kHighsInf))
        yield _run(h, lp.A.shape[1])


# ----------------------------------------------------------------------------- labelled layer


@dataclass(frozen=True, slots=True)
class FlowResult:
    r"""Optimal flows on a corridor network.

    Attributes
    ----------
    flows : Series
        Flow on each edge, index edge ``id``, in the edge's commodity unit per year.
    supplied : Series
        Supply used, index ``(node, commodity)``.
    unmet : Series
        Unmet demand, index ``(adcode, commodity)`` (one entry per demand row).
    unmet_by_commodity : Series
        Total unmet demand per commodity.
    cost : float
        Routing cost :math:`\sum_e c_e f_e`, times ``params.cost_scale`` of each commodity
        (without it, sums over commodities mix the cost units of the data).
    cost_by_commodity : Series
        Routing cost per commodity.
    status : str
        HiGHS' model status.
    objective : float
        Routing cost plus the price of unmet demand.
    solve_time : float
        Seconds HiGHS ran.
    """

    flows: pd.Series
    supplied: pd.Series
    unmet: pd.Series
    unmet_by_commodity: pd.Series
    cost: float
    cost_by_commodity: pd.Series
    status: str
    objective: float
    solve_time: float

    def check(self, network: CorridorNetwork, *, tol: float = 1e-6) -> dict[str, float]:
        """Verify conservation and bounds against ``network``, without the solver's help.

        Recomputes, from the network's frames, the balance of every node and commodity
        (inflow - outflow + supply used + unmet - demand), and checks every flow, supply used and
        unmet demand against its bounds, and the routing cost.

        Parameters
        ----------
        network : CorridorNetwork
            The network that was solved.
        tol : float, default 1e-6
            Tolerance relative to the largest capacity, supply or demand (at least 1).

        Returns
        -------
        dict
            Largest residual of each check (``conservation``, ``capacity``, ``supply``,
            ``unmet``, ``cost``).

        Raises
        ------
        ValidationError
            Naming the node and commodity, edge, supply or demand at fault.
        """
        e, f = network.edges, self.flows
        if not f.index.equals(e.index):
            raise ValidationError("the flows are not indexed by the network's edges")
        data = [e["capacity"], network.supply["supply"], network.demand["demand"]]
        scale = max(1.0, *(float(np.nanmax(np.r_[0.0, s.to_numpy(float)])) for s in data))
        lim = tol * scale
        worst: dict[str, float] = {}

        def bound(name: str, x: pd.Series, hi: pd.Series, what: str) -> None:
            over = np.maximum(x - hi.fillna(np.inf), -x).to_numpy(float)
            worst[name] = float(over.max(initial=0.0))
            if worst[name] > lim:
                i = int(np.argmax(over))
                raise ValidationError(
                    f"{what} {x.index[i]!r}: value {x.iloc[i]:g} is outside [0, {hi.iloc[i]:g}]"
                )

        bound("capacity", f, e["capacity"], "edge")
        sup = self.supplied.reindex(network.supply.index)
        if sup.isna().any() or len(sup) != len(self.supplied):
            raise ValidationError("supply used is not indexed by the network's supply rows")
        bound("supply", sup, network.supply["supply"], "supply")
        unmet = self.unmet.reindex(network.demand.index)
        if unmet.isna().any() or len(unmet) != len(self.unmet):
            raise ValidationError("unmet demand is not indexed by the network's demand rows")
        demand = network.demand["demand"]
        bound("unmet", unmet, demand, "unmet demand at")
        parts = [
            pd.Series(f.to_numpy(), index=pd.MultiIndex.from_arrays([e["to"], e["commodity"]])),
            -pd.Series(f.to_numpy(), index=pd.MultiIndex.from_arrays([e["from"], e["commodity"]])),
            sup,
            pd.Series(unmet.to_numpy(), index=_hub_index(demand.index)),
            -pd.Series(demand.to_numpy(), index=_hub_index(demand.index)),
        ]
        balance = pd.concat([p.rename_axis(["node", "commodity"]) for p in parts])
        balance = balance.groupby(level=["node", "commodity"]).sum()
        worst["conservation"] = float(balance.abs().max()) if len(balance) else 0.0
        if worst["conservation"] > lim:
            at = balance.abs().idxmax()
            raise ValidationError(
                f"flow is not conserved at node {at[0]!r} for {at[1]}: inflow - outflow + supply "
                f"+ unmet - demand = {balance[at]:g}"
            )
        scale = e["commodity"].map(lambda k: network.params.cost_scale.get(k, 1.0))
        cost = float((e["cost"] * scale).to_numpy() @ f.to_numpy())
        worst["cost"] = abs(cost - self.cost)
        if worst["cost"] > tol * max(1.0, abs(cost)):
            raise ValidationError(f"routing cost {self.cost:g} differs from sum c f = {cost:g}")
        return worst

    def to_frame(self, network: CorridorNetwork | None = None) -> pd.DataFrame:
        """Flows per edge; with ``network``, beside the edge's ends, commodity and capacity."""
        out = self.flows.to_frame("flow")
        if network is not None:
            cols = ["from", "to", "mode", "commodity", "capacity", "cost"]
            out = network.edges[cols].join(out)
            out["utilisation"] = out["flow"] / out["capacity"]
        return out

    def to_dict(self) -> dict[str, Any]:
        """Headline figures (JSON-friendly)."""
        return {
            "status": self.status,
            "objective": self.objective,
            "cost": self.cost,
            "cost_by_commodity": {str(k): float(v) for k, v in self.cost_by_commodity.items()},
            "unmet_by_commodity": {str(k): float(v) for k, v in self.unmet_by_commodity.items()},
            "solve_time_s": self.solve_time,
        }


def _hub_index(index: pd.MultiIndex) -> pd.MultiIndex:
    """``(adcode, commodity)`` as ``(hub node id, commodity)``."""
    return pd.MultiIndex.from_arrays(
        [index.get_level_values(0).astype(str), index.get_level_values(1)]
    )


@dataclass(frozen=True, slots=True)
class FlowProblem:
    """A network coded for the LP: the :class:`FlowLP`, and the labels to read solutions back."""

    network: CorridorNetwork
    lp: FlowLP
    commodities: tuple[str, ...]
    edge_commodity: IntArray
    demand_commodity: IntArray
    money: FloatArray
    price: FloatArray

    @classmethod
    def from_network(cls, network: CorridorNetwork) -> FlowProblem:
        """Code ``network``'s nodes and commodities as integers and build its LP."""
        ks = tuple(network.commodities)
        kpos = {k: i for i, k in enumerate(ks)}
        e, s, d = network.edges, network.supply, network.demand
        node = network.nodes.index.get_indexer
        scale = np.array([network.params.cost_scale.get(k, 1.0) for k in ks], dtype=float)
        price = scale * [network.params.unmet_price.get(k, 0.0) for k in ks]
        code = np.vectorize(kpos.__getitem__, otypes=[np.intp])
        ek = code(e["commodity"].to_numpy()) if len(e) else np.zeros(0, np.intp)
        sk = code(s.index.get_level_values(1).to_numpy()) if len(s) else np.zeros(0, np.intp)
        dk = code(d.index.get_level_values(1).to_numpy()) if len(d) else np.zeros(0, np.intp)
        cap = e["capacity"].to_numpy(dtype=float)
        lim = s["supply"].to_numpy(dtype=float)
        # Commodities share no constraint, so each commodity's objective can be divided by its
        # own positive constant without changing the optimum. Dividing by the unmet price puts
        # every coefficient in [0, 1] (crude in yuan/Mt is ~1e9 times containers in yuan/TEU),
        # which keeps HiGHS well scaled; costs are converted back to money in the results.
        cost_money = e["cost"].to_numpy(dtype=float) * scale[ek]
        money = np.where(price > 0, price, 1.0)
        lp = build_lp(
            tail=node(e["from"]),
            head=node(e["to"]),
            commodity=ek,
            cost=cost_money / money[ek],
            capacity=np.where(np.isnan(cap), np.inf, cap),
            supply_node=node(s.index.get_level_values(0)),
            supply_commodity=sk,
            supply_limit=np.where(np.isnan(lim), np.inf, lim),
            demand_node=node(d.index.get_level_values(0).astype(str)),
            demand_commodity=dk,
            demand=d["demand"].to_numpy(dtype=float),
            price=price / money,
            n_nodes=len(network.nodes),
            n_commodities=max(len(ks), 1),
        )
        return cls(network, lp, ks, ek, dk, money, price)

    def totals(self, x: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Unmet demand and routing cost per commodity of a solution vector."""
        lp, n = self.lp, len(self.commodities)
        u = x[lp.n_edges + lp.n_supply :]
        unmet = np.bincount(self.demand_commodity, weights=u, minlength=n)
        edge_money = lp.c[: lp.n_edges] * self.money[self.edge_commodity]
        cost = np.bincount(self.edge_commodity, weights=edge_money * x[: lp.n_edges], minlength=n)
        return unmet, cost

    def result(self, sol: LPSolution) -> FlowResult:
        """Label an LP solution."""
        lp, net, ks = self.lp, self.network, list(self.commodities)
        x = np.maximum(sol.x, 0.0)  # HiGHS may return -1e-12 for a zero
        unmet_k, cost_k = self.totals(x)
        return FlowResult(
            flows=pd.Series(x[: lp.n_edges], index=net.edges.index, name="flow"),
            supplied=pd.Series(
                x[lp.n_edges : lp.n_edges + lp.n_supply], index=net.supply.index, name="supplied"
            ),
            unmet=pd.Series(x[lp.n_edges + lp.n_supply :], index=net.demand.index, name="unmet"),
            unmet_by_commodity=pd.Series(
                unmet_k, index=pd.Index(ks, name="commodity"), name="unmet"
            ),
            cost=float(cost_k.sum()),
            cost_by_commodity=pd.Series(cost_k, index=pd.Index(ks, name="commodity"), name="cost"),
            status=sol.status,
            objective=float(cost_k.sum() + (unmet_k * self.price).sum()) if ks else sol.objective,
            solve_time=sol.seconds,
        )


def solve(
    network: CorridorNetwork, *, solver: str = "simplex", time_limit: float | None = None
) -> FlowResult:
    """Solve the minimum-cost flow LP of the module docstring on ``network``.

    Parameters
    ----------
    network : CorridorNetwork
    solver : {"simplex", "ipm", "choose"}, default "simplex"
        HiGHS' ``solver`` option (dual simplex gives a vertex: on integer data, integer flows).
    time_limit : float, optional
        Seconds HiGHS may run.

    Returns
    -------
    FlowResult

    Raises
    ------
    SolverError
        If HiGHS fails (never for lack of capacity: unmet demand absorbs that).

    Notes
    -----
    Two routes from a source to a hub, 10 units wanted: the cheap route (cost 1, capacity 6)
    fills and the dear one (cost 3) takes the rest, so the routing cost is
    ``6 * 1 + 4 * 3 = 18`` (``tests/corridors/test_corridors_flow.py``).
    """
    problem = FlowProblem.from_network(network)
    return problem.result(solve_lp(problem.lp, solver=solver, time_limit=time_limit))
