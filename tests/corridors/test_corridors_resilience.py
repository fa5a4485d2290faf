"""Closures, N-1/N-2 criticality, redundancy, the western comparison and the MRIO coupling.

Hand-solved networks, brute force over every pair (N-2 pruning), and networkx for paths and cuts.
Node ``ext*`` is an external source, a six-digit id a province hub, anything else transit.
"""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from corridor_nets import build
from hypothesis import given, settings
from hypothesis import strategies as st

from hinterland.corridors import (
    CorridorNetwork,
    close,
    criticality,
    redundancy,
    solve,
    western_comparison,
)
from hinterland.corridors.coupling import economy_loss, severities
from hinterland.errors import ValidationError
from hinterland.mrio import math as iom
from hinterland.mrio.build import separate_net_imports
from hinterland.mrio.shocks import constrained_output
from hinterland.mrio.table import MRIO

SETTINGS = settings(max_examples=25, deadline=None)
SRC, HUB, HUB2 = "ext_src", "110000", "120000"


def two_routes(cap_cheap=6.0, cap_dear=None, demand=10.0, supply=None):
    """A source, two routes (cost 1 via a, cost 3 via b), one hub."""
    return build(
        [("e1", SRC, "a", cap_cheap, 1.0), ("e2", "a", HUB, None, 0.0),
         ("e3", SRC, "b", cap_dear, 3.0), ("e4", "b", HUB, None, 0.0)],
        {(SRC, "crude_oil"): supply},
        {(HUB, "crude_oil"): demand},
    )  # fmt: skip


@st.composite
def networks(draw, unit_capacity=False, gas=False):
    """Random small networks from ``ext_src`` to two hubs, integer data; crude (and gas)."""
    n = draw(st.integers(4, 7))
    names = [SRC] + [f"p{i}" for i in range(1, n - 2)] + [HUB, HUB2]
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(1, n - 1)).filter(lambda t: t[0] != t[1]),
            min_size=2, max_size=12, unique=True,
        )
    )  # fmt: skip
    cap = st.just(1) if unit_capacity else st.one_of(st.none(), st.integers(0, 8))
    ks = ["crude_oil", "natural_gas"] if gas else ["crude_oil"]
    kind = st.sampled_from(ks)
    edges = [(f"e{i}", names[a], names[b], draw(cap), draw(st.integers(0, 5)), draw(kind))
             for i, (a, b) in enumerate(pairs)]  # fmt: skip
    demand = {(h, k): draw(st.integers(1 if h == HUB else 0, 9)) for h in (HUB, HUB2) for k in ks}
    supply = {(SRC, k): draw(st.one_of(st.none(), st.integers(1, 15))) for k in ks}
    return build(edges, supply, demand)


# ------------------------------------------------------------------ close


def test_closing_an_unused_edge_changes_nothing():
    net = two_routes(demand=5.0)  # the cheap route carries everything; e3 is idle
    c = close(net, edges="e3")
    assert c.transport_cost_change == 0.0
    assert c.unmet_by_commodity.loc["crude_oil", "increase"] == 0.0
    assert c.provinces_short == []
    pd.testing.assert_series_equal(c.closed.flows, c.baseline.flows)


@SETTINGS
@given(networks(), st.data())
def test_closing_any_unused_edge_keeps_the_optimum(net, data):
    base = solve(net)
    idle = list(base.flows.index[base.flows <= 1e-12])
    if not idle:
        return
    c = close(net, edges=data.draw(st.sampled_from(idle)), baseline=base)
    assert c.closed.objective == pytest.approx(base.objective, abs=1e-9)
    assert c.closed.unmet_by_commodity["crude_oil"] == pytest.approx(
        base.unmet_by_commodity["crude_oil"], abs=1e-9
    )


def test_half_closure_of_a_partly_used_edge():
    # the cheap route (capacity 8) carries all 5; cut by half it carries 4, the dear route 1:
    # cost 4 * 1 + 1 * 3 = 7 instead of 5
    net = two_routes(cap_cheap=8.0, demand=5.0)
    c = close(net, edges="e1", cut=0.5)
    assert c.baseline.flows["e1"] == pytest.approx(5.0)
    assert c.closed.flows["e1"] == pytest.approx(4.0)
    assert c.closed.flows["e3"] == pytest.approx(1.0)
    assert c.transport_cost_change == pytest.approx(2.0)
    assert c.closed_edges == ("e1",) and c.cut == 0.5
    c.closed.check(net.with_closures(edges="e1", cut=0.5))


def test_provinces_short_name_the_province_commodity_and_shortfall():
    net = build(
        [("e1", SRC, "a", 6.0, 1.0), ("e2", "a", HUB, None, 0.0), ("e3", SRC, HUB2, 4.0, 1.0)],
        {(SRC, "crude_oil"): None},
        {(HUB, "crude_oil"): 5.0, (HUB2, "crude_oil"): 4.0},
    )
    c = close(net, nodes="a")
    assert c.closed_edges == ("e1", "e2")
    assert c.provinces_short == [(110000, "crude_oil", pytest.approx(5.0))]
    assert c.unmet_by_commodity.loc["crude_oil", "increase"] == pytest.approx(5.0)
    assert c.unmet_by_commodity.loc["crude_oil", "increase_share"] == pytest.approx(5 / 9)
    # routing falls by the 5 units not carried (cost 1 each); without a price for crude the
    # value of what is missing is unknown, and so is the cost of the closure
    assert c.transport_cost_change == pytest.approx(-5.0)
    assert np.isnan(c.unmet_value) and np.isnan(c.cost_increase)
    assert c.shortfall_share[(110000, "crude_oil")] == pytest.approx(1.0)
    assert c.shortfall_share[(120000, "crude_oil")] == pytest.approx(0.0)
    assert c.to_dict()["provinces_short"] == [[110000, "crude_oil", pytest.approx(5.0)]]


# ------------------------------------------------------------------ criticality


def test_n1_ranking_on_the_two_route_network():
    # closing the source or the hub: 10 unmet; the dear route (e3, e4, b): 4 unmet and 12 saved;
    # the cheap route (e1, e2, a): nothing unmet but 6 units move from cost 1 to cost 3 (+12)
    r = criticality(two_routes())
    by = r.set_index("element")
    assert list(r["element"][:2]) == ["node:110000", "node:ext_src"]
    assert set(r["element"][2:5]) == {"edge:e3", "edge:e4", "node:b"}
    assert set(r["element"][5:]) == {"edge:e1", "edge:e2", "node:a"}
    assert by.loc["node:110000", "unmet_crude_oil"] == pytest.approx(10.0)
    assert by.loc["edge:e3", "unmet_crude_oil"] == pytest.approx(4.0)
    assert by.loc["edge:e3", "transport_cost_change"] == pytest.approx(-12.0)
    assert by.loc["edge:e1", "unmet_crude_oil"] == pytest.approx(0.0)
    assert by.loc["edge:e1", "transport_cost_change"] == pytest.approx(12.0)
    assert by.loc["node:b", "unmet_share"] == pytest.approx(0.4)
    assert list(r.index) == list(range(1, 9))


def test_n2_finds_parallel_routes_that_are_harmless_alone():
    # two routes, each able to carry all 10: no single closure leaves anything unmet
    net = two_routes(cap_cheap=None)
    single = criticality(net, elements="edges")
    assert single.loc[single["element"].isin(["edge:e1", "edge:e3"]), "unmet_crude_oil"].eq(0).all()
    pairs = criticality(net, k=2, elements="edges")
    top = pairs.iloc[0]
    assert {top["first"], top["second"]} & {"edge:e1", "edge:e2"}
    assert {top["first"], top["second"]} & {"edge:e3", "edge:e4"}
    assert top["unmet_crude_oil"] == pytest.approx(10.0)


@SETTINGS
@given(networks())
def test_n1_equals_fresh_closures(net):
    r = criticality(net).set_index("element")
    base = solve(net)
    for label, row in r.iterrows():
        kind, cid = label.split(":", 1)
        c = close(net, **{f"{kind}s": [cid]}, baseline=base)
        assert row["unmet_crude_oil"] == pytest.approx(
            c.unmet_by_commodity.loc["crude_oil", "increase"], abs=1e-7
        )


@settings(max_examples=15, deadline=None)
@given(networks(gas=True))
def test_n2_pruning_is_exact_against_brute_force(net):
    # every pair listed by pool="flow" equals a brute-force closure; every other pair does what
    # the worse of its members does alone (per commodity, the larger unmet demand)
    base = solve(net)
    singles = criticality(net).set_index("element")
    listed = criticality(net, k=2).set_index("element")
    cols = [f"unmet_{k}" for k in net.commodities]
    for a, b in itertools.combinations(list(singles.index), 2):
        spec: dict[str, list[str]] = {"edges": [], "nodes": []}
        for label in (a, b):
            kind, cid = label.split(":", 1)
            spec[f"{kind}s"].append(cid)
        c = close(net, **spec, baseline=base)
        brute = c.unmet_by_commodity["increase"].to_numpy()
        name = f"{a} + {b}" if f"{a} + {b}" in listed.index else f"{b} + {a}"
        if name in listed.index:
            np.testing.assert_allclose(listed.loc[name, cols].to_numpy(float), brute, atol=1e-7)
            assert listed.loc[name, "transport_cost_change"] == pytest.approx(
                c.transport_cost_change, abs=1e-6
            )
        else:
            worse = singles.loc[[a, b], cols].to_numpy(float).max(axis=0)
            np.testing.assert_allclose(brute, worse, atol=1e-7)


def test_n2_top_pool_lists_every_pair_of_the_top_elements():
    r = criticality(two_routes(), k=2, pool="top", top=4)
    assert len(r) == 6
    assert r.attrs["pool"] == "top"


def test_criticality_for_one_commodity_scores_it_alone():
    net = build(
        [("c1", SRC, HUB, 6.0, 1.0), ("g1", SRC, HUB, 2.0, 1.0, "natural_gas")],
        {(SRC, "crude_oil"): None, (SRC, "natural_gas"): None},
        {(HUB, "crude_oil"): 6.0, (HUB, "natural_gas"): 2.0},
    )
    r = criticality(net, commodity="natural_gas", elements="edges")
    assert list(r["element"]) == ["edge:g1"]
    assert r.iloc[0]["unmet_natural_gas"] == pytest.approx(2.0)
    assert "unmet_crude_oil" not in r.columns


def test_criticality_errors():
    net = two_routes()
    with pytest.raises(ValidationError, match=r"k = 3"):
        criticality(net, k=3)
    with pytest.raises(ValidationError, match=r"unknown pool 'all'"):
        criticality(net, k=2, pool="all")
    with pytest.raises(ValidationError, match=r"edge 'e2' has an edge without capacity"):
        criticality(net, candidates=["e2"], cut=0.5)
    with pytest.raises(ValidationError, match=r"unknown edge or node 'zz'"):
        criticality(net, candidates=["zz"])


# ------------------------------------------------------------------ redundancy


def test_redundancy_on_hand_networks():
    r = redundancy(two_routes(cap_dear=3.0))
    row = r.loc[(110000, "crude_oil")]
    assert row["paths"] == 2
    assert row["min_cut"] == pytest.approx(9.0)  # 6 + 3
    assert row["cut_over_demand"] == pytest.approx(0.9)
    assert set(row["cut_edges"]) == {"e1", "e3"}
    unbounded = redundancy(two_routes()).loc[(110000, "crude_oil")]
    assert unbounded["min_cut"] == np.inf and unbounded["cut_edges"] == ()
    supply = redundancy(two_routes(supply=5.0)).loc[(110000, "crude_oil")]
    assert supply["min_cut"] == pytest.approx(5.0)
    assert supply["cut_edges"] == ("supply:ext_src",)


def test_parallel_edges_count_as_separate_paths():
    net = build(
        [("e1", SRC, HUB, 2.0, 1.0), ("e2", SRC, HUB, 3.0, 2.0), ("e3", "p", HUB, 1.0, 0.0)],
        {(SRC, "crude_oil"): None},
        {(HUB, "crude_oil"): 4.0},
    )
    row = redundancy(net).loc[(110000, "crude_oil")]
    assert row["paths"] == 2 and row["min_cut"] == pytest.approx(5.0)


def test_a_commodity_without_supply_has_no_path():
    net = build(
        [("e1", SRC, HUB, None, 1.0), ("g1", SRC, HUB, None, 1.0, "natural_gas")],
        {(SRC, "crude_oil"): 0.0},
        {(HUB, "crude_oil"): 4.0, (HUB, "natural_gas"): 2.0},
    )
    r = redundancy(net)
    assert r["paths"].tolist() == [0, 0] and r["min_cut"].tolist() == [0.0, 0.0]
    assert r.loc[(110000, "natural_gas"), "cut_over_demand"] == 0.0


def test_a_closed_edge_is_no_path():
    net = two_routes(cap_dear=3.0).with_closures(edges="e3")
    row = redundancy(net).loc[(110000, "crude_oil")]
    assert row["paths"] == 1 and row["min_cut"] == pytest.approx(6.0)


def _plain(net: CorridorNetwork) -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_nodes_from([SRC, HUB])
    for eid, row in net.edges.iterrows():
        assert not g.has_edge(row["from"], row["to"]), eid
        g.add_edge(row["from"], row["to"], capacity=row["capacity"])
    return g


def _one_sink(net: CorridorNetwork, edges: pd.DataFrame, demand: float) -> CorridorNetwork:
    """``net`` with new edges, unbounded supply, ``demand`` at 110000 only and unit price."""
    supply = pd.DataFrame({"node": [SRC], "commodity": "crude_oil", "supply": None, "unit": "Mt"})
    wanted = pd.DataFrame(
        {"adcode": [HUB], "commodity": "crude_oil", "demand": demand, "unit": "Mt"}
    )
    nodes = net.nodes.reset_index()
    return CorridorNetwork.from_frames(
        nodes, edges.reset_index(), supply, wanted, {"unmet_demand_price": 1}
    )


@SETTINGS
@given(networks())
def test_min_cut_equals_networkx_and_the_lp_max_flow(net):
    # finite capacities, unbounded supply, zero costs and a huge demand: the LP delivers the
    # maximum flow, which equals the min cut (and networkx's)
    e = net.edges.assign(capacity=net.edges["capacity"].fillna(7.0), cost=0.0)
    big = 1.0 + e["capacity"].sum()
    net = _one_sink(net, e, big)
    ours = redundancy(net).loc[(110000, "crude_oil"), "min_cut"]
    expected, _ = nx.minimum_cut(_plain(net), SRC, HUB)
    delivered = big - solve(net).unmet_by_commodity["crude_oil"]
    assert ours == pytest.approx(expected, abs=1e-9)
    assert delivered == pytest.approx(expected, abs=1e-9)


@SETTINGS
@given(networks(unit_capacity=True))
def test_edge_disjoint_paths_equal_the_unit_capacity_max_flow(net):
    # Menger: the number of edge-disjoint paths is the max flow with unit capacities (our LP)
    paths = redundancy(net).loc[(110000, "crude_oil"), "paths"]
    lone = _one_sink(net, net.edges.assign(cost=0.0), 99.0)
    assert paths == pytest.approx(99 - solve(lone).unmet_by_commodity["crude_oil"], abs=1e-9)


# ------------------------------------------------------------------ western channels


def _sea_and_land() -> CorridorNetwork:
    # sea: 10 units wanted, unbounded, cost 1 through the chokepoint; land (western): 4 at cost 5
    return build(
        [("s1", "ext_sea", "choke", None, 1.0), ("s2", "choke", "port", None, 0.0),
         ("s3", "port", HUB, None, 0.0), ("w1", "ext_land", "border", 4.0, 5.0, None, "yes"),
         ("w2", "border", HUB, None, 0.0, None, "yes")],
        {("ext_sea", "crude_oil"): None, ("ext_land", "crude_oil"): None},
        {(HUB, "crude_oil"): 10.0},
        kinds={"choke": "chokepoint", "border": "border"},
    )  # fmt: skip


def test_western_comparison_on_a_hand_network():
    t = western_comparison(_sea_and_land(), {"Malacca": {"nodes": ["choke"]}})
    assert list(t.index) == [
        ("none", "with_western"), ("none", "without_western"),
        ("Malacca", "with_western"), ("Malacca", "without_western"),
    ]  # fmt: skip
    assert t["unmet_crude_oil"].tolist() == pytest.approx([0.0, 0.0, 6.0, 10.0])
    assert t["cost"].tolist() == pytest.approx([10.0, 10.0, 20.0, 0.0])
    assert t["transport_cost_change"].tolist() == pytest.approx([0.0, 0.0, 10.0, -10.0])
    assert t["unmet_share"].tolist() == pytest.approx([0.0, 0.0, 0.6, 1.0])


def test_western_comparison_defaults_to_each_chokepoint():
    t = western_comparison(_sea_and_land())
    assert sorted(set(t.index.get_level_values("scenario"))) == ["choke closed", "none"]
    with pytest.raises(ValidationError, match=r"closure 'x': unknown key\(s\) \['node'\]"):
        western_comparison(_sea_and_land(), {"x": {"node": ["choke"]}})


# ------------------------------------------------------------------ coupling to the MRIO


def _mrio() -> MRIO:
    rng = np.random.default_rng(7)
    regions, sectors = [110000, 120000], ["PETR", "ELEC", "MACH"]
    n = len(regions) * len(sectors)
    Z = rng.uniform(1.0, 10.0, (n, n))
    Y = rng.uniform(50.0, 100.0, (n, len(regions)))
    x = Z.sum(axis=1) + Y.sum(axis=1)
    return MRIO.from_arrays(
        Z, Y, x, x - Z.sum(axis=0), regions=regions, sectors=sectors, categories=["f"],
        unit="亿元", year=2020, source="test",
    )  # fmt: skip


def _closure():
    net = build(
        [("c1", SRC, HUB, None, 1.0), ("c2", SRC, HUB2, 8.0, 1.0),
         ("k1", SRC, HUB2, None, 1.0, "container")],
        {(SRC, "crude_oil"): None, (SRC, "container"): None},
        {(HUB, "crude_oil"): 4.0, (HUB2, "crude_oil"): 8.0, (HUB2, "container"): 10.0},
    )  # fmt: skip
    return close(net, edges="c2", cut=0.25)  # 120000 loses 2 of 8 crude: a quarter


def test_severities_follow_the_shortfall_share():
    c = _closure()
    assert severities(c) == {(120000, "PETR"): pytest.approx(0.25)}
    assert severities(c, pass_through={"crude_oil": 0.5}) == {
        (120000, "PETR"): pytest.approx(0.125)
    }


def test_proportional_allocation_spreads_the_national_shortfall():
    # 2 of 12 Mt of crude are lost nationally: every province's refining loses 1/6
    sev = severities(_closure(), allocation="proportional")
    assert sev == {(110000, "PETR"): pytest.approx(1 / 6), (120000, "PETR"): pytest.approx(1 / 6)}
    with pytest.raises(ValidationError, match=r"unknown allocation 'even'"):
        severities(_closure(), allocation="even")


def test_economy_loss_equals_the_capacity_model():
    c, m = _closure(), _mrio()
    loss = economy_loss(c, m, days=365, sectors={"crude_oil": ("PETR",)}, model="capacity")
    x0 = m.x.to_numpy()
    cap = x0.copy()
    cap[3] *= 0.75  # (120000, PETR)
    A = iom.technical_coefficients(m.Z.to_numpy(), x0)
    expected = constrained_output(A, m.Y.to_numpy().sum(axis=1), x0, cap).loss
    np.testing.assert_allclose(loss.loss.to_numpy(), expected, rtol=1e-12)
    assert loss.severity[(120000, "PETR")] == pytest.approx(0.25)
    assert loss.national == pytest.approx(loss.by_region.sum()) and loss.national > 0
    half = economy_loss(c, m, days=73, sectors={"crude_oil": ("PETR",)}, model="capacity")
    assert half.national == pytest.approx(loss.national / 5)


def test_economy_loss_names_a_sector_missing_from_the_table():
    with pytest.raises(ValidationError, match=r"unknown sector of the table .* 'TEXT'"):
        economy_loss(
            close(_closure_net_with_container_cut(), edges="k1"),
            _mrio(),
            sectors={"container": ("TEXT",)},
        )


def _closure_net_with_container_cut() -> CorridorNetwork:
    return build(
        [("k1", SRC, HUB2, None, 1.0, "container")],
        {(SRC, "container"): None},
        {(HUB2, "container"): 10.0},
    )


def test_a_closure_costs_routing_plus_the_value_of_what_is_not_delivered():
    # hand-solved: 5 units at 110000 lose their only route (cost 1 per unit); valued at 10 per
    # unit, the closure costs -5 (freight saved) + 5 x 10 = 45, never the -5 of routing alone
    net = build(
        [("e1", SRC, "a", 6.0, 1.0), ("e2", "a", HUB, None, 0.0), ("e3", SRC, HUB2, 4.0, 1.0)],
        {(SRC, "crude_oil"): None},
        {(HUB, "crude_oil"): 5.0, (HUB2, "crude_oil"): 4.0},
        unmet_demand_value={"crude_oil": 10.0},
    )
    c = close(net, nodes="a")
    assert c.transport_cost_change == pytest.approx(-5.0)
    assert c.unmet_value == pytest.approx(50.0)
    assert c.cost_increase == pytest.approx(45.0)
    assert c.unmet_by_commodity.loc["crude_oil", "value"] == pytest.approx(50.0)
    assert c.to_dict()["cost_increase"] == pytest.approx(45.0)


def test_cost_increase_is_never_negative_over_the_n1_run():
    from hinterland.corridors.network import CorridorNetwork

    net = CorridorNetwork.default()
    crit = criticality(net, k=1, elements="all")
    assert len(crit) > 700
    assert (crit["cost_increase"] >= -1e-6 * crit["cost_increase"].abs().max()).all()
    np.testing.assert_allclose(
        crit["cost_increase"], crit["transport_cost_change"] + crit["unmet_value"], rtol=1e-12
    )
    # Hormuz: every unmet tonne of crude is valued at the GAC Jan-Jul 2023 average import
    # price, 3,977.2 yuan per tonne (params.yaml unmet_demand_value; flows in Mt)
    row = crit.set_index("element").loc["node:choke_hormuz"]
    assert row["unmet_value"] == pytest.approx(row["unmet_crude_oil"] * 1e6 * 3977.2, rel=1e-9)
    assert row["transport_cost_change"] < 0 < row["cost_increase"]
    # the single closure agrees with its row of the ranking
    one = close(net, nodes="choke_hormuz")
    assert one.cost_increase == pytest.approx(row["cost_increase"], rel=1e-6)


def test_economy_loss_by_default_is_the_ario_run_of_the_same_capacity_cut():
    # the adapter builds the shock the dynamic model is given by hand: (120000, PETR) loses
    # 25% of its capital for the whole horizon; the loss is that run's, never above output
    from hinterland.mrio import dynamic

    c, m = _closure(), _mrio()
    loss = economy_loss(c, m, days=60, sectors={"crude_oil": ("PETR",)})
    x0 = m.x.to_numpy()
    Z, y, _ = separate_net_imports(
        m.Z.to_numpy(), m.Y.to_numpy().sum(axis=1) + m.exports.to_numpy(), x0
    )
    params = dynamic.ARIOParams.from_table(Z, y[:, None], x0, len(m.regions), len(m.sectors))
    share = np.zeros(len(x0))
    share[3] = 0.25
    event = dynamic.CapitalShock.from_share(
        params.capital, share, duration=60, recovery="exogenous", recovery_days=1
    )
    expected = dynamic.simulate(params, event, 60).output_loss()
    np.testing.assert_allclose(loss.loss.to_numpy(), expected, rtol=1e-12, atol=1e-12)
    assert 0 < loss.national <= x0.sum() * 60 / 365
    bound = economy_loss(c, m, days=60, sectors={"crude_oil": ("PETR",)}, model="capacity")
    assert loss.national <= bound.national  # the static model is the upper bound it says it is
    with pytest.raises(ValidationError, match=r"unknown coupling model 'iim'"):
        economy_loss(c, m, model="iim")
