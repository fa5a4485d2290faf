"""The min-cost flow LP: hand-solved networks, agreement with networkx, invariants (Hypothesis).

Networks are built in memory: node ``ext*`` is an external source, a six-digit id a province
hub, anything else a transit node.
"""

from __future__ import annotations

import dataclasses

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from corridor_nets import build
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from hinterland.corridors import solve
from hinterland.corridors.flow import FlowProblem, build_lp, solve_lp
from hinterland.errors import SolverError, ValidationError

SETTINGS = settings(max_examples=60, deadline=None)
SRC, HUB, HUB2 = "ext_src", "110000", "120000"


def two_routes(cap_cheap=6.0, cap_dear=None, demand=10.0, supply=None, price=1000.0):
    """A source, two routes (cost 1 via a, cost 3 via b), one hub."""
    return build(
        [("e1", SRC, "a", cap_cheap, 1.0), ("e2", "a", HUB, None, 0.0),
         ("e3", SRC, "b", cap_dear, 3.0), ("e4", "b", HUB, None, 0.0)],
        {(SRC, "crude_oil"): supply},
        {(HUB, "crude_oil"): demand},
        price=price,
    )  # fmt: skip


# ------------------------------------------------------------------ hand-solved networks


def test_cheap_route_fills_and_the_dear_one_takes_the_rest():
    # 6 units at cost 1 + 4 units at cost 3 = 18, nothing unmet
    net = two_routes()
    r = solve(net)
    assert r.flows.to_dict() == pytest.approx({"e1": 6.0, "e2": 6.0, "e3": 4.0, "e4": 4.0})
    assert r.cost == pytest.approx(18.0)
    assert r.objective == pytest.approx(18.0)
    assert r.unmet_by_commodity["crude_oil"] == pytest.approx(0.0)
    assert r.supplied[(SRC, "crude_oil")] == pytest.approx(10.0)
    assert r.status == "Optimal" and r.solve_time >= 0
    r.check(net)


def test_short_capacity_leaves_unmet_demand_at_its_price():
    # capacities 6 + 3 < 10: 1 unit unmet; cost 6 * 1 + 3 * 3 = 15; objective 15 + 1 * 1000
    r = solve(two_routes(cap_dear=3.0))
    assert r.unmet[(110000, "crude_oil")] == pytest.approx(1.0)
    assert r.cost == pytest.approx(15.0)
    assert r.objective == pytest.approx(1015.0)


def test_supply_limit_binds():
    # the source can send 7: cheap route 6, dear route 1, 3 unmet; cost 6 + 3 = 9
    r = solve(two_routes(supply=7.0))
    assert r.flows["e3"] == pytest.approx(1.0)
    assert r.unmet_by_commodity["crude_oil"] == pytest.approx(3.0)
    assert r.cost == pytest.approx(9.0)


def test_unmet_price_below_the_route_cost_leaves_demand_unmet():
    # a unit costs 3 on the dear route but only 2 unmet: the LP serves 6 by the cheap route only
    r = solve(two_routes(price=2.0))
    assert r.flows["e3"] == pytest.approx(0.0)
    assert r.unmet_by_commodity["crude_oil"] == pytest.approx(4.0)
    assert r.objective == pytest.approx(6.0 + 4 * 2.0)


def test_a_demand_without_a_path_is_unmet_not_an_error():
    net = build(
        [("e1", SRC, HUB, None, 1.0), ("e2", "p", HUB2, None, 1.0)],
        {(SRC, "crude_oil"): None},
        {(HUB, "crude_oil"): 5.0, (HUB2, "crude_oil"): 7.0},
    )
    r = solve(net)
    assert r.unmet.to_dict() == pytest.approx(
        {(110000, "crude_oil"): 0.0, (120000, "crude_oil"): 7.0}
    )
    assert r.flows["e2"] == 0.0
    r.check(net)


def test_a_hub_does_not_create_flow_for_its_neighbours():
    # 110000 has no supply and no demand-free source, 120000 is reached only through it:
    # with zero routing cost, unmet at 110000 must not be used to feed 120000 (u <= d)
    net = build(
        [("e1", HUB, HUB2, None, 0.0)], {}, {(HUB, "crude_oil"): 1.0, (HUB2, "crude_oil"): 3.0}
    )
    r = solve(net)
    assert r.flows["e1"] == 0.0
    assert r.unmet.sum() == pytest.approx(4.0)


def test_commodities_are_independent():
    # the crude flows do not change when a gas network shares the nodes
    crude = [("c1", SRC, "a", 6.0, 1.0), ("c2", "a", HUB, None, 0.0),
             ("c3", SRC, HUB, None, 3.0)]  # fmt: skip
    gas = [("g1", SRC, "a", 1.0, 5.0, "natural_gas"), ("g2", "a", HUB, 2.0, 0.0, "natural_gas"),
           ("g3", SRC, HUB, None, 0.5, "natural_gas")]  # fmt: skip
    alone = solve(build(crude, {(SRC, "crude_oil"): None}, {(HUB, "crude_oil"): 10.0}))
    both = solve(
        build(
            crude + gas,
            {(SRC, "crude_oil"): None, (SRC, "natural_gas"): 4.0},
            {(HUB, "crude_oil"): 10.0, (HUB, "natural_gas"): 5.0},
        )
    )
    pd.testing.assert_series_equal(both.flows[["c1", "c2", "c3"]], alone.flows)
    assert both.cost_by_commodity["crude_oil"] == pytest.approx(alone.cost)  # 6 + 12 = 18
    assert both.cost_by_commodity["natural_gas"] == pytest.approx(4 * 0.5)  # direct route, 4 sent
    assert both.unmet_by_commodity.to_dict() == pytest.approx(
        {"crude_oil": 0.0, "natural_gas": 1.0}
    )


def test_cost_scale_changes_the_cost_unit_not_the_flows():
    # costs in yuan per tonne, flows in Mt: 1e6 yuan per (Mt x yuan/t)
    edges = [("e1", SRC, "a", 6.0, 1.0), ("e2", "a", HUB, None, 0.0), ("e3", SRC, HUB, None, 3.0)]
    args = (edges, {(SRC, "crude_oil"): None}, {(HUB, "crude_oil"): 10.0})
    plain = solve(build(*args))
    net = build(*args, cost_scale={"crude_oil": 1e6})
    scaled = solve(net)
    pd.testing.assert_series_equal(scaled.flows, plain.flows)
    assert scaled.cost == pytest.approx(18e6) and scaled.objective == pytest.approx(18e6)
    scaled.check(net)


def test_integer_data_give_integer_flows():
    net = two_routes(cap_cheap=7.0, cap_dear=2.0, demand=8.0)
    r = solve(net)
    np.testing.assert_array_equal(r.flows.to_numpy(), np.round(r.flows.to_numpy()))


# ------------------------------------------------------------------ check() and errors


def test_check_catches_capacity_and_conservation_violations():
    net = two_routes()
    r = solve(net)
    over = dataclasses.replace(r, flows=r.flows.where(r.flows.index != "e1", 7.0))
    with pytest.raises(ValidationError, match=r"edge 'e1': value 7 is outside \[0, 6\]"):
        over.check(net)
    leak = dataclasses.replace(r, flows=r.flows.where(r.flows.index != "e2", 5.0))
    with pytest.raises(ValidationError, match=r"not conserved at node '(a|110000)' for crude_oil"):
        leak.check(net)


def test_solver_failure_raises_with_the_highs_status():
    with pytest.raises(SolverError, match=r"model status 'Time limit reached'"):
        solve(two_routes(), time_limit=0.0)


def test_unknown_solver_is_a_validation_error():
    with pytest.raises(ValidationError, match=r"unknown solver 'gurobi'; valid: choose, ipm"):
        solve(two_routes(), solver="gurobi")


def test_ipm_agrees_with_simplex():
    net = two_routes(cap_dear=3.0)
    assert solve(net, solver="ipm").objective == pytest.approx(solve(net).objective, rel=1e-7)


def test_build_lp_matrix_is_the_node_arc_incidence():
    lp = FlowProblem.from_network(two_routes()).lp
    # 4 nodes x 1 commodity rows; columns: 4 flows, 1 supply, 1 unmet
    assert lp.A.shape == (4, 6)
    a = lp.A.toarray()
    np.testing.assert_array_equal(a[:, :4].sum(axis=0), 0)  # each arc leaves one node, enters one
    assert lp.b.sum() == 10.0


def test_build_lp_kernel_directly():
    # one arc 0 -> 1 of capacity 2, supply 5 at 0, demand 3 at 1: flow 2, unmet 1
    lp = build_lp(
        tail=np.array([0]), head=np.array([1]), commodity=np.array([0]), cost=np.array([1.0]),
        capacity=np.array([2.0]), supply_node=np.array([0]), supply_commodity=np.array([0]),
        supply_limit=np.array([5.0]), demand_node=np.array([1]), demand_commodity=np.array([0]),
        demand=np.array([3.0]), price=np.array([10.0]), n_nodes=2, n_commodities=1,
    )  # fmt: skip
    sol = solve_lp(lp)
    np.testing.assert_allclose(sol.x, [2.0, 2.0, 1.0])
    assert sol.objective == pytest.approx(12.0)


# ------------------------------------------------------------------ agreement with networkx


@st.composite
def graphs(draw, uncapacitated=False, commodities=("crude_oil",)):
    """Random small directed networks from ``ext_src`` to the hub ``110000``."""
    n = draw(st.integers(3, 7))
    names = [SRC] + [f"p{i}" for i in range(1, n - 1)] + [HUB]
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, n - 2), st.integers(1, n - 1)).filter(lambda t: t[0] != t[1]),
            min_size=1, max_size=16, unique=True,
        )
    )  # fmt: skip
    cap = st.one_of(st.none(), st.integers(0, 10)) if uncapacitated else st.integers(0, 10)
    edges = []
    for i, (a, b) in enumerate(pairs):
        k = draw(st.sampled_from(commodities))
        edges.append((f"e{i}", names[a], names[b], draw(cap), draw(st.integers(0, 5)), k))
    return edges


def _digraph(edges) -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_nodes_from([SRC, HUB])
    for _, a, b, cap, cost, _ in edges:
        g.add_edge(a, b, capacity=cap, weight=cost)
    return g


@SETTINGS
@given(graphs())
def test_max_flow_equals_networkx(edges):
    # zero costs, a demand larger than any cut: what arrives is the maximum flow
    edges = [(i, a, b, cap, 0.0, k) for i, a, b, cap, _, k in edges]
    big = 1.0 + sum(e[3] for e in edges)
    r = solve(build(edges, {(SRC, "crude_oil"): None}, {(HUB, "crude_oil"): big}))
    delivered = big - r.unmet_by_commodity["crude_oil"]
    assert delivered == pytest.approx(nx.maximum_flow_value(_digraph(edges), SRC, HUB), abs=1e-9)


@SETTINGS
@given(graphs())
def test_min_cost_flow_cost_equals_networkx(edges):
    g = _digraph(edges)
    value = nx.maximum_flow_value(g, SRC, HUB)
    assume(value > 0)
    g.nodes[SRC]["demand"], g.nodes[HUB]["demand"] = -value, value
    expected = nx.min_cost_flow_cost(g)
    net = build(edges, {(SRC, "crude_oil"): value}, {(HUB, "crude_oil"): value}, price=1e6)
    r = solve(net)
    assert r.unmet.sum() == pytest.approx(0.0, abs=1e-9)
    assert r.cost == pytest.approx(expected, abs=1e-9)


@SETTINGS
@given(
    graphs(uncapacitated=True, commodities=("crude_oil", "natural_gas")),
    st.lists(st.one_of(st.none(), st.floats(0, 20)), min_size=2, max_size=2),
    st.lists(st.floats(0, 30), min_size=3, max_size=3),
)
def test_flows_are_conserved_and_within_capacity(edges, limits, demands):
    hubs_demand = {(HUB, "crude_oil"): demands[0], (HUB, "natural_gas"): demands[1]}
    if any(a == "p1" or b == "p1" for _, a, b, *_ in edges):
        edges = [*edges, ("x", "p1", HUB2, None, 1.0, "crude_oil")]
        hubs_demand[HUB2, "crude_oil"] = demands[2]
    supply = {(SRC, "crude_oil"): limits[0], (SRC, "natural_gas"): limits[1]}
    net = build(edges, supply, hubs_demand)
    r = solve(net)
    worst = r.check(net)
    assert worst["conservation"] <= 1e-6 * 30
    cap = net.edges["capacity"].fillna(np.inf)
    assert (r.flows <= cap + 1e-7).all() and (r.flows >= 0).all()
    assert (r.unmet <= net.demand["demand"] + 1e-7).all()
