"""CorridorNetwork: reading the data layout, validation messages, distance costs, closures.

Every network here is written by the test (tmp_path CSVs) or built from frames, so the tests do
not depend on the shipped data; one test loads the shipped data when all its files exist.
"""

from __future__ import annotations

import math
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from hinterland.corridors import CorridorNetwork, solve
from hinterland.corridors.network import FILES
from hinterland.errors import DataError, ValidationError

NODES = """id,name_zh,name_en,kind,adcode,lon,lat,source,estimate,note
ext_me,中东,Middle East,external,,50.0,26.0,test,yes,
choke_malacca,马六甲海峡,Malacca,chokepoint,,101.0,2.5,test,yes,
port_ningbo,宁波舟山港,Ningbo-Zhoushan,port,330000,121.5,29.9,test,no,
330000,浙江,Zhejiang,hub,330000,120.2,30.3,test,no,
510000,四川,Sichuan,hub,510000,104.1,30.7,test,no,
"""
EDGES = """id,from,to,mode,commodity,capacity,unit,cost,transit_days,western,source,estimate,note
e1,ext_me,choke_malacca,sea,crude_oil,,Mt,,12,no,test,yes,
e2,choke_malacca,port_ningbo,sea,crude_oil,,Mt,,6,no,test,yes,
e3,port_ningbo,330000,oil_pipeline,crude_oil,50,Mt,20,1,no,test,no,
e4,330000,510000,rail,crude_oil,10,Mt,,3,no,test,yes,
e5,ext_me,510000,oil_pipeline,crude_oil,5,Mt,300,,yes,test,yes,
"""
SUPPLY = """node,commodity,supply,unit,year,source,estimate,note
ext_me,crude_oil,,Mt,2024,test,yes,
"""
DEMAND = """adcode,commodity,demand,unit,year,source,estimate,note
330000,crude_oil,30,Mt,2024,test,yes,
510000,crude_oil,8,Mt,2024,test,yes,
"""
PARAMS = """year: 2024
distance:
  method: great_circle
  detour_factor: {value: {sea: 1.2}, estimate: yes}
mode_cost_per_unit_km:
  crude_oil:
    sea: {value: 0.03, estimate: yes, note: test}
    rail: 0.15
unmet_demand_price:
  crude_oil: {value: 10000, unit: yuan per tonne, estimate: yes, note: test}
"""
TEXTS = dict(zip(FILES, (NODES, EDGES, SUPPLY, DEMAND, PARAMS), strict=True))


def write(path: Path, **changes: str) -> Path:
    """Write the five files, with ``file_csv=(old, new)`` replacements."""
    for name, text in TEXTS.items():
        key = name.replace(".", "_")
        if key in changes:
            old, new = changes[key]
            assert old in text, old
            text = text.replace(old, new)
        (path / name).write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def net(tmp_path) -> CorridorNetwork:
    return CorridorNetwork.from_dir(write(tmp_path))


# ------------------------------------------------------------------ reading


def test_from_dir_reads_the_layout(net):
    assert list(net.nodes.index) == ["ext_me", "choke_malacca", "port_ningbo", "330000", "510000"]
    assert net.nodes.loc["330000", "adcode"] == 330000
    assert pd.isna(net.nodes.loc["ext_me", "adcode"])
    assert net.nodes.loc["port_ningbo", "name_zh"] == "宁波舟山港"
    e = net.edges
    assert np.isnan(e.loc["e1", "capacity"]) and e.loc["e3", "capacity"] == 50.0
    assert e["western"].tolist() == [False, False, False, False, True]
    assert e["cost_basis"].tolist() == ["distance", "distance", "data", "distance", "data"]
    assert e.loc["e3", "cost"] == 20.0 and e.loc["e5", "cost"] == 300.0
    assert e.loc["e1", "route_km"] == pytest.approx(1.2 * e.loc["e1", "length_km"])
    assert e.loc["e1", "cost"] == pytest.approx(0.03 * 1.2 * e.loc["e1", "length_km"])
    assert e.loc["e4", "cost"] == pytest.approx(0.15 * e.loc["e4", "length_km"])
    assert (e["closed"] == 0).all()
    assert np.isnan(net.supply.loc[("ext_me", "crude_oil"), "supply"])
    assert net.demand.loc[(510000, "crude_oil"), "demand"] == 8.0
    assert net.params.unmet_price["crude_oil"] == 10000.0
    assert net.params.year == 2024
    assert net.units() == {"crude_oil": "Mt"}
    assert net.commodities == ["crude_oil"]


def test_geodesic_length_of_one_degree_on_the_equator():
    # one degree of longitude on the WGS84 equator: 2 pi 6378.137 km / 360 = 111.3195 km
    nodes = pd.DataFrame(
        {"id": ["ext_a", "110000"], "kind": ["external", "hub"], "adcode": [None, 110000],
         "lon": [0.0, 1.0], "lat": [0.0, 0.0]}
    )  # fmt: skip
    edges = pd.DataFrame(
        {"id": ["e"], "from": ["ext_a"], "to": ["110000"], "mode": ["sea"],
         "commodity": ["container"], "capacity": [None], "unit": ["TEU"], "cost": [None],
         "western": [None]}
    )  # fmt: skip
    supply = pd.DataFrame({"node": [], "commodity": [], "supply": [], "unit": []})
    demand = pd.DataFrame({"adcode": [], "commodity": [], "demand": [], "unit": []})
    params = {"mode_cost_per_unit_km": {"container": {"sea": 2.0}}}
    n = CorridorNetwork.from_frames(nodes, edges, supply, demand, params)
    assert n.edges.loc["e", "length_km"] == pytest.approx(2 * math.pi * 6378.137 / 360, rel=1e-9)
    assert n.edges.loc["e", "cost"] == pytest.approx(2 * 111.319491, rel=1e-7)


def test_from_frames_equals_from_dir(net, tmp_path):
    frames = [pd.read_csv(tmp_path / f, dtype=str, keep_default_na=False) for f in FILES[:4]]
    params = {
        "distance": {"detour_factor": {"value": {"sea": 1.2}}},
        "unmet_demand_price": {"crude_oil": 1e4},
        "mode_cost_per_unit_km": {"crude_oil": {"sea": 0.03, "rail": 0.15}},
    }
    other = CorridorNetwork.from_frames(*frames, params)
    pd.testing.assert_series_equal(other.edges["cost"], net.edges["cost"])
    pd.testing.assert_frame_equal(other.demand, net.demand)


def test_the_read_network_solves_and_checks(net):
    r = solve(net)
    assert r.unmet.sum() == pytest.approx(0.0, abs=1e-9)
    r.check(net)


# ------------------------------------------------------------------ validation messages

BAD = [
    pytest.param(
        {"edges_csv": ("e3,port_ningbo,330000", "e3,port_ningbo,nowhere")},
        r"edges\.csv line 4 \(edge e3\): to = 'nowhere' is not a node id in nodes\.csv",
        id="unknown-node",
    ),
    pytest.param(
        {"edges_csv": ("crude_oil,50,Mt", "crude_oil,-5,Mt")},
        r"edges\.csv line 4: capacity = '-5' must be a finite number >= 0",
        id="negative-capacity",
    ),
    pytest.param(
        {"edges_csv": ("50,Mt,20,", "50,Mt,-20,")},
        r"edges\.csv line 4: cost = '-20' must be a finite number >= 0",
        id="negative-cost",
    ),
    pytest.param(
        {"edges_csv": ("e4,330000,510000,rail", "e4,330000,510000,hyperloop")},
        r"edges\.csv line 5: mode = 'hyperloop' is not one of rail, sea",
        id="unknown-mode",
    ),
    pytest.param(
        {"edges_csv": ("oil_pipeline,crude_oil,50", "oil_pipeline,coal,50")},
        r"edges\.csv line 4: commodity = 'coal' is not one of container",
        id="unknown-commodity",
    ),
    pytest.param(
        {"edges_csv": ("crude_oil,10,Mt", "crude_oil,10,kt")},
        r"edges\.csv line 5: unit 'kt' for crude_oil differs from 'Mt' used at edges\.csv line 2",
        id="unit-within-edges",
    ),
    pytest.param(
        {"demand_csv": ("510000,crude_oil,8,Mt", "510000,crude_oil,8,kt")},
        r"demand\.csv line 3: unit 'kt' for crude_oil differs from 'Mt'",
        id="unit-across-files",
    ),
    pytest.param(
        {"edges_csv": ("e4,330000", "e3,330000")},
        r"edges\.csv line 5: duplicate id 'e3' \(first at edges\.csv line 4\)",
        id="duplicate-edge",
    ),
    pytest.param(
        {"nodes_csv": ("choke_malacca,马六甲海峡", "ext_me,马六甲海峡")},
        r"nodes\.csv line 3: duplicate id 'ext_me'",
        id="duplicate-node",
    ),
    pytest.param(
        {"demand_csv": ("510000,crude_oil,8", "440000,crude_oil,8")},
        r"demand\.csv line 3: adcode 440000 has no hub node .* in nodes\.csv",
        id="demand-without-hub",
    ),
    pytest.param(
        {"demand_csv": ("510000,crude_oil,8", "510000,crude_oil,")},
        r"demand\.csv line 3: demand is empty",
        id="empty-demand",
    ),
    pytest.param(
        {"demand_csv": ("510000,crude_oil,8", "330000,crude_oil,8")},
        r"demand\.csv line 3: duplicate adcode/commodity \('330000', 'crude_oil'\)",
        id="duplicate-demand",
    ),
    pytest.param(
        {"supply_csv": ("ext_me,crude_oil", "port_ningbo,crude_oil")},
        r"supply\.csv line 2: node 'port_ningbo' is a port node; supply attaches to external",
        id="supply-not-external",
    ),
    pytest.param(
        {"edges_csv": ("3,no,test,yes,", "3,maybe,test,yes,")},
        r"edges\.csv line 5: western = 'maybe' must be yes or no",
        id="western-flag",
    ),
    pytest.param(
        {"nodes_csv": ("510000,四川,Sichuan,hub,510000", "510000,四川,Sichuan,hub,5100")},
        r"nodes\.csv line 6: adcode = '5100' is not a six-digit",
        id="bad-adcode",
    ),
    pytest.param(
        {
            "nodes_csv": (
                "510000,四川,Sichuan,hub,510000,104.1",
                "510000,四川,Sichuan,hub,510000,204.1",
            )
        },
        r"nodes\.csv line 6: lon = '204.1' is outside \[-180, 180\]",
        id="bad-lon",
    ),
    pytest.param(
        {"params_yaml": ("    rail: 0.15\n", "")},
        r"edges\.csv line 5 \(edge e4\): cost is empty and params\.yaml has no "
        r"mode_cost_per_unit_km\.crude_oil\.rail",
        id="missing-cost-factor",
    ),
    pytest.param(
        {"params_yaml": ("unmet_demand_price:", "unmet_price:")},
        r"params\.yaml: no unmet_demand_price for commodity 'crude_oil'",
        id="missing-unmet-price",
    ),
    pytest.param(
        {"params_yaml": ("    rail: 0.15", "    rocket: 0.15")},
        r"params\.yaml: mode_cost_per_unit_km\.crude_oil\.rocket: unknown mode",
        id="params-unknown-mode",
    ),
    pytest.param(
        {"params_yaml": ("{value: 0.03,", "{value: -0.03,")},
        r"params\.yaml: mode_cost_per_unit_km\.crude_oil\.sea = -0\.03 must be a finite number",
        id="params-negative-factor",
    ),
    pytest.param(
        {"nodes_csv": ("id,name_zh,name_en,kind", "node_id,name_zh,name_en,kind")},
        r"nodes\.csv: missing column\(s\) \['id'\]",
        id="missing-column",
    ),
]


@pytest.mark.parametrize(("changes", "message"), BAD)
def test_bad_data_names_file_line_and_value(tmp_path, changes, message):
    with pytest.raises(DataError, match=message):
        CorridorNetwork.from_dir(write(tmp_path, **changes))


def test_a_missing_file_is_named(tmp_path):
    write(tmp_path)
    (tmp_path / "supply.csv").unlink()
    with pytest.raises(DataError, match=r"missing corridor data file\(s\) \['supply\.csv'\]"):
        CorridorNetwork.from_dir(tmp_path)


def test_from_frames_names_rows_by_position(tmp_path):
    write(tmp_path)
    frames = [pd.read_csv(tmp_path / f, dtype=str, keep_default_na=False) for f in FILES[:4]]
    frames[1].loc[2, "capacity"] = "lots"
    with pytest.raises(DataError, match=r"edges row 2: capacity = 'lots' is not a number"):
        CorridorNetwork.from_frames(*frames, {"unmet_demand_price": 1.0})


# ------------------------------------------------------------------ closures


def test_half_closure_halves_capacity_and_leaves_the_original(net):
    closed = net.with_closures(edges="e3", cut=0.5)
    assert closed.edges.loc["e3", "capacity"] == 25.0
    assert closed.edges.loc["e3", "closed"] == 0.5
    assert net.edges.loc["e3", "capacity"] == 50.0  # the original is untouched
    again = closed.with_closures(edges=["e3"], cut=0.5)
    assert again.edges.loc["e3", "capacity"] == 12.5
    assert again.edges.loc["e3", "closed"] == 0.75


def test_a_closed_node_closes_every_edge_in_and_out(net):
    closed = net.with_closures(nodes="port_ningbo")
    assert net.closure_edges(nodes="port_ningbo") == ["e2", "e3"]
    assert closed.edges.loc[["e2", "e3"], "capacity"].tolist() == [0.0, 0.0]
    assert closed.edges.loc[["e1", "e4", "e5"], "closed"].tolist() == [0.0, 0.0, 0.0]


def test_without_western_closes_the_western_edges(net):
    w = net.without_western()
    assert w.edges.loc["e5", "capacity"] == 0.0
    assert (w.edges.loc[["e1", "e2", "e3", "e4"], "closed"] == 0).all()


def test_closure_errors(net):
    with pytest.raises(ValidationError, match=r"unknown edge 'zz'"):
        net.with_closures(edges="zz")
    with pytest.raises(ValidationError, match=r"unknown node 'nowhere'"):
        net.with_closures(nodes=["nowhere"])
    with pytest.raises(ValidationError, match=r"cut = 1.5 must be in \[0, 1\]"):
        net.with_closures(edges="e3", cut=1.5)
    with pytest.raises(ValidationError, match=r"edge 'e1' has no capacity .* partial cut"):
        net.with_closures(edges="e1", cut=0.5)


def test_views(net):
    assert list(net.edge_table(western=True).index) == ["e5"]
    assert list(net.edge_table(node="330000").index) == ["e3", "e4"]
    assert list(net.node_table(kind="hub").index) == ["330000", "510000"]
    s = net.summary()
    assert s["edges"] == 5 and s["western_edges"] == 1 and s["nodes_by_kind"]["hub"] == 2


# ------------------------------------------------------------------ the shipped data


def test_default_network_loads_and_solves_when_the_data_exist():
    data = resources.files("hinterland.corridors") / "data"
    if not all((data / f).is_file() for f in FILES):
        pytest.skip("the corridor data files are not all in place yet")
    n = CorridorNetwork.default()
    r = solve(n)
    r.check(n)
    assert set(r.unmet_by_commodity.index) <= {"container", "crude_oil", "natural_gas"}
