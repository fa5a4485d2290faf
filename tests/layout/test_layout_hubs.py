"""Computing-hub siting (p-median): a hand-solved line, PySAL spopt and brute force as peers.

The same instance is solved by :func:`hinterland.layout.hubs.p_median` (HiGHS) and by
``spopt.locate.PMedian`` (PuLP + CBC); objectives must agree to 1e-6 relative, and chosen sites
wherever brute force over all C(m, p) site sets shows the optimum to be unique.
"""

from __future__ import annotations

import itertools
import json

import numpy as np
import pandas as pd
import pulp
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spopt.locate import PMedian

from hinterland.errors import ValidationError
from hinterland.layout.hubs import (
    FIBRE_KM_PER_MS,
    demand_weights,
    hub_sites,
    p_median,
    p_median_frame,
    site_hubs,
    siting_costs,
)

# PuLP 3.3 announces the removal of PULP_CBC_CMD and of direct LpVariable construction (used by
# spopt) in PuLP 4.0; both still work, and the notice is theirs, not ours.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:pulp.*")

HUBS = (
    "jingjinji",
    "yangtze_delta",
    "greater_bay_area",
    "chengdu_chongqing",
    "inner_mongolia",
    "guizhou",
    "gansu",
    "ningxia",
)


def brute_force(c, w, p, f=None):
    """Return every p-subset's objective, sorted ascending: [(objective, sites), ...]."""
    c, w = np.asarray(c, float), np.asarray(w, float)
    f = np.zeros(c.shape[1]) if f is None else np.asarray(f, float)
    out = [
        (float(w @ c[:, list(s)].min(axis=1) + f[list(s)].sum()), s)
        for s in itertools.combinations(range(c.shape[1]), p)
    ]
    return sorted(out)


def spopt_solve(c, w, p, name):
    """Solve with PySAL spopt's PMedian (CBC); return objective, chosen sites, mean distance."""
    model = PMedian.from_cost_matrix(np.asarray(c, float), np.asarray(w, float), p_facilities=p,
                                     name=name)  # fmt: skip
    model = model.solve(pulp.PULP_CBC_CMD(msg=False))
    assert pulp.LpStatus[model.problem.status] == "Optimal"
    sites = tuple(j for j, y in enumerate(model.fac_vars) if y.value() > 0.5)
    return model.problem.objective.value(), sites, model.mean_dist


def unique_optimum(ranked, rel=1e-9):
    """True if the best objective of a brute-force ranking is strictly below the second."""
    return len(ranked) == 1 or ranked[1][0] - ranked[0][0] > rel * max(1.0, abs(ranked[0][0]))


def check_against_peers(c, w, p, name):
    ours = p_median(c, w, p)
    ranked = brute_force(c, w, p)
    theirs, their_sites, _ = spopt_solve(c, w, p, name)
    assert ours.status == "Optimal"
    assert ours.objective == pytest.approx(theirs, rel=1e-6)
    assert ours.objective == pytest.approx(ranked[0][0], rel=1e-9)
    if unique_optimum(ranked):
        assert tuple(ours.sites) == their_sites == ranked[0][1]
    return ours


# --------------------------------------------------------------------------- hand-solved line

# Four towns on a line at 0, 1, 3 and 10 km, weights 1, 2, 1, 1; every town is a candidate.
# p = 1: site 0 -> 0 + 2*1 + 3 + 10 = 15; site 1 -> 1 + 0 + 2 + 9 = 12; site 3 -> 3 + 2*2 + 0 + 7
#        = 14; site 10 -> 10 + 2*9 + 7 + 0 = 35. Optimum {1 km}, 12 (unique).
# p = 2: {1, 10} -> 1 + 0 + 2 + 0 = 3; {0, 10} -> 0 + 2 + 3 + 0 = 5; {3, 10} -> 3 + 4 + 0 + 0 = 7;
#        {1, 3} -> 1 + 0 + 0 + 7 = 8; {0, 3} -> 9; {0, 1} -> 11. Optimum {1, 10}, 3 (unique).
# p = 3: {1, 3, 10} -> town 0 goes to 1 km: 1; {0, 1, 10} -> 2; {0, 3, 10} -> 2; {0, 1, 3} -> 7.
#        Optimum {1, 3, 10}, 1 (unique).
# p = 4: every town serves itself: 0.
LINE_X = np.array([0.0, 1.0, 3.0, 10.0])
LINE_C = np.abs(LINE_X[:, None] - LINE_X[None, :])
LINE_W = np.array([1.0, 2.0, 1.0, 1.0])
LINE_ANSWERS = {1: ((1,), 12.0), 2: ((1, 3), 3.0), 3: ((1, 2, 3), 1.0), 4: ((0, 1, 2, 3), 0.0)}


@pytest.mark.parametrize("p", [1, 2, 3, 4])
def test_line_by_hand(p):
    sites, objective = LINE_ANSWERS[p]
    sol = p_median(LINE_C, LINE_W, p)
    assert tuple(sol.sites) == sites
    assert sol.objective == pytest.approx(objective, abs=1e-12)
    assert sol.gap == 0.0
    # every town is served by its nearest chosen site
    np.testing.assert_array_equal(sol.assignment, np.array(sites)[
        np.argmin(LINE_C[:, list(sites)], axis=1)])  # fmt: skip


@pytest.mark.parametrize("p", [1, 2, 3])
def test_line_agrees_with_spopt(p):
    check_against_peers(LINE_C, LINE_W, p, f"line_p{p}")


# ------------------------------------------------------------------------- seeded random 20x8


@pytest.fixture(scope="module")
def random_instance():
    rng = np.random.default_rng(20240601)
    demand = rng.uniform(0, 100, size=(20, 2))
    sites = rng.uniform(0, 100, size=(8, 2))
    c = np.linalg.norm(demand[:, None, :] - sites[None, :, :], axis=2)
    w = rng.integers(1, 13, size=20).astype(float)
    return c, w


@pytest.mark.parametrize("p", [1, 2, 3, 4, 5])
def test_random_agrees_with_spopt_and_brute_force(random_instance, p):
    c, w = random_instance
    check_against_peers(c, w, p, f"random_p{p}")


def test_random_monotone_in_p(random_instance):
    c, w = random_instance
    objs = [p_median(c, w, p).objective for p in range(1, 9)]
    assert all(b <= a + 1e-9 for a, b in itertools.pairwise(objs))
    assert objs[-1] == pytest.approx(float(w @ c.min(axis=1)))


# ------------------------------------------------------------------------ real atlas instance


@pytest.fixture(scope="module")
def atlas_instance():
    return siting_costs("hubs"), demand_weights("gdp", 2023)


def test_hub_sites_rule():
    sites = hub_sites()
    assert tuple(sites.index) == HUBS
    cities = dict(zip(sites.index, sites["city_en"], strict=True))
    assert cities == {
        "jingjinji": "Beijing",
        "yangtze_delta": "Shanghai",
        "greater_bay_area": "Guangzhou",
        "chengdu_chongqing": "Chongqing",
        "inner_mongolia": "Hohhot",
        "guizhou": "Guiyang",
        "gansu": "Lanzhou",
        "ningxia": "Yinchuan",
    }
    # 和林格尔 sits in 呼和浩特市 (150100), 贵安 in 贵阳市 (520100): clusters with atlas points
    assert sites.loc["inner_mongolia", "basis"] == "cluster helinger"
    assert sites.loc["guizhou", "basis"] == "cluster guian"
    # 张家口, 庆阳, 中卫 are not capitals: the capital of the first-listed province stands in
    assert (sites.loc[["jingjinji", "gansu", "ningxia"], "basis"] == "capital").all()
    assert set(sites["side"]) == {"east", "west"}


def test_costs(atlas_instance):
    d, w = atlas_instance
    assert d.shape == (31, 8)
    assert tuple(d.columns) == HUBS
    # a hub city's own province is at distance 0 (Beijing, Hohhot ...)
    assert d.loc[110000, "jingjinji"] == pytest.approx(0.0, abs=1e-9)
    assert d.loc[150000, "inner_mongolia"] == pytest.approx(0.0, abs=1e-9)
    # Beijing-Shanghai great-circle distance is about 1,067 km
    assert d.loc[110000, "yangtze_delta"] == pytest.approx(1067, abs=5)
    lat = siting_costs("hubs", "latency")
    np.testing.assert_allclose(lat.to_numpy(), 2 * d.to_numpy() / FIBRE_KM_PER_MS)
    assert siting_costs("all").shape == (31, 31)
    assert w.index.name == "adcode" and len(w) == 31 and (w > 0).all()


# Answers on 31 capitals x 8 hub cities, GDP 2023 weights (亿元 x km), found by HiGHS and
# confirmed below by spopt/CBC and by brute force over all C(8, p) site sets.
ATLAS_SITES = {
    1: ("yangtze_delta",),
    2: ("yangtze_delta", "guizhou"),
    3: ("jingjinji", "yangtze_delta", "greater_bay_area"),
    4: ("jingjinji", "yangtze_delta", "greater_bay_area", "chengdu_chongqing"),
}


@pytest.mark.parametrize("p", [1, 2, 3, 4])
def test_atlas_agrees_with_spopt_and_brute_force(atlas_instance, p):
    d, w = atlas_instance
    c, wv = d.to_numpy(), w.to_numpy()
    ours = check_against_peers(c, wv, p, f"hubs_p{p}")
    assert unique_optimum(brute_force(c, wv, p))
    assert tuple(d.columns[ours.sites]) == ATLAS_SITES[p]
    res = site_hubs(p)
    assert tuple(res.sites) == ATLAS_SITES[p]
    assert res.objective == pytest.approx(ours.objective, rel=1e-12)
    _, _, mean_dist = spopt_solve(c, wv, p, f"hubs_mean_p{p}")
    assert res.mean_distance == pytest.approx(mean_dist, rel=1e-6)


def test_atlas_monotone_in_p(atlas_instance):
    objs = [site_hubs(p).objective for p in range(1, 9)]
    assert all(b < a for a, b in itertools.pairwise(objs))
    d, w = atlas_instance
    assert objs[-1] == pytest.approx(float(w.to_numpy() @ d.to_numpy().min(axis=1)))


def test_result_fields(atlas_instance):
    d, w = atlas_instance
    res = site_hubs(2)
    assert res.p == 2 and res.status == "Optimal" and res.gap == 0.0 and res.seconds >= 0
    assert res.unit == "km" and res.terms == {"distance": 1.0}
    frame = res.to_frame()
    assert list(frame.columns) == ["site", "distance", "weight", "weighted"]
    assert frame.index.name == "adcode" and len(frame) == 31
    # each province goes to its nearest chosen hub city
    nearest = d[list(res.sites)].idxmin(axis=1)
    pd.testing.assert_series_equal(res.assignment, nearest.rename("site"), check_names=False)
    assert res.weighted_distance == pytest.approx(frame["weighted"].sum())
    assert res.objective == pytest.approx(res.weighted_distance)
    assert res.mean_distance == pytest.approx(res.weighted_distance / w.sum())
    assert res.max_distance == pytest.approx(frame["distance"].max())
    assert res.load().sum() == pytest.approx(w.sum())
    assert json.loads(json.dumps(res.to_dict()))["sites"] == list(ATLAS_SITES[2])
    with pytest.raises(AttributeError):
        res.objective = 0.0  # frozen


def test_latency_and_population_and_all_candidates():
    km = site_hubs(3)
    ms = site_hubs(3, cost="latency")
    assert tuple(ms.sites) == tuple(km.sites) and ms.unit == "ms"
    assert ms.objective == pytest.approx(km.objective * 2 / FIBRE_KM_PER_MS)
    pop = site_hubs(2, weight="population", year=2023)
    assert pop.p == 2
    every = site_hubs(3, "all")
    assert set(every.sites) <= set(every.assignment.index)
    # more candidates never hurt: the 31 capitals contain all eight hub cities
    assert every.objective <= km.objective + 1e-6
    ranked = brute_force(siting_costs("all").to_numpy(), demand_weights().to_numpy(), 2)
    assert site_hubs(2, "all").objective == pytest.approx(ranked[0][0], rel=1e-9)


def test_user_weight_series():
    w = pd.Series(0.0, index=demand_weights().index)
    w[620000] = 1.0  # all demand in Gansu: the Lanzhou hub wins at distance 0
    res = site_hubs(1, weight=w)
    assert list(res.sites) == ["gansu"] and res.objective == pytest.approx(0.0, abs=1e-9)
    named = pd.Series(1.0, index=["北京", *demand_weights().index[1:]])
    assert site_hubs(1, weight=named).p == 1


# ----------------------------------------------------------------------------- operating terms


def test_price_term_enters_per_unit_of_load(atlas_instance):
    d, w = atlas_instance
    price = pd.Series(0.6, index=list(HUBS))
    price["ningxia"] = 0.25
    res = site_hubs(2, electricity_price=price, alpha=(1000.0, 0.0))
    assert res.terms == {"distance": 1.0, "electricity_price": 1000.0}
    c = d.to_numpy() + 1000.0 * price.reindex(d.columns).to_numpy()[None, :]
    ranked = brute_force(c, w.to_numpy(), 2)
    assert res.objective == pytest.approx(ranked[0][0], rel=1e-9)
    assert tuple(d.columns[list(ranked[0][1])]) == tuple(res.sites)
    load = res.load()
    expected = res.weighted_distance + 1000.0 * float((price[load.index] * load).sum())
    assert res.objective == pytest.approx(expected, rel=1e-12)
    # without prices the optimum is Shanghai + Guiyang; at alpha_1 = 1000 km per yuan/kWh,
    # Ningxia's 0.35 yuan/kWh discount (350 km-equivalent per unit of load) replaces Guiyang
    assert tuple(res.sites) == ("yangtze_delta", "ningxia")


def test_renewable_term_is_a_site_bonus(atlas_instance):
    d, w = atlas_instance
    green = pd.Series(0.1, index=list(HUBS))
    green["gansu"] = 0.9
    bonus = 1e9  # objective units per unit share: larger than any distance saving at p = 1
    res = site_hubs(1, renewable_share=green, alpha=(0.0, bonus))
    assert list(res.sites) == ["gansu"]
    assert res.objective == pytest.approx(res.weighted_distance - bonus * 0.9, rel=1e-12)
    f = -bonus * green.reindex(d.columns).to_numpy()
    assert res.objective == pytest.approx(brute_force(d, w, 1, f)[0][0], rel=1e-9)


def test_operating_data_with_zero_alpha_warns():
    price = pd.Series(0.5, index=list(HUBS))
    with pytest.warns(UserWarning, match="electricity_price was given but its alpha is 0"):
        res = site_hubs(1, electricity_price=price)
    assert res.terms == {"distance": 1.0, "electricity_price": 0.0}
    assert list(res.sites) == list(ATLAS_SITES[1])


# --------------------------------------------------------------------- Hypothesis invariants


@st.composite
def instances(draw):
    n = draw(st.integers(1, 7))
    m = draw(st.integers(1, 5))
    cost = st.floats(0, 100, allow_nan=False, allow_infinity=False)
    c = np.array(draw(st.lists(cost, min_size=n * m, max_size=n * m))).reshape(n, m)
    w = np.array(draw(st.lists(st.floats(0, 10), min_size=n, max_size=n)))
    w[draw(st.integers(0, n - 1))] += 1.0  # not all zero
    return c, w


@settings(max_examples=40, deadline=None)
@given(instances())
def test_milp_equals_brute_force_and_is_monotone(inst):
    c, w = inst
    previous = np.inf
    for p in range(1, c.shape[1] + 1):
        sol = p_median(c, w, p)
        best = brute_force(c, w, p)[0][0]
        # HiGHS stops at an absolute gap of 1e-6 (mip_abs_gap): closer objectives are ties
        assert sol.objective == pytest.approx(best, rel=1e-9, abs=1e-6)
        assert sol.objective <= previous + 1e-6
        assert set(sol.assignment) <= set(sol.sites) and len(sol.sites) == p
        previous = sol.objective


# -------------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"p": 0}, r"p = 0 is not between 1 and the number of candidate sites \(4\)"),
        ({"p": 5}, r"p = 5 is not between 1 and the number of candidate sites \(4\)"),
        ({"p": 1.5}, r"p must be an integer number of sites; received 1.5"),
        ({"p": True}, r"p must be an integer number of sites; received True"),
        ({"weights": [1, -2, 1, 1]}, r"weights\[1\] = -2.0; every weight must be finite and >= 0"),
        ({"weights": [1, np.nan, 1, 1]}, r"weights\[1\] = nan"),
        ({"weights": [0, 0, 0, 0]}, r"weights are all zero"),
        ({"weights": [1, 1, 1]}, r"weights must have shape \(4,\).*received \(3,\)"),
        ({"cost_matrix": [1.0, 2.0]}, r"cost_matrix must be a non-empty 2-D array.*\(2,\)"),
        ({"cost_matrix": np.zeros((4, 0))}, r"cost_matrix must be a non-empty 2-D array"),
        ({"cost_matrix": np.where(np.eye(4) > 0, np.inf, LINE_C)}, r"cost_matrix\[0, 0\] is inf"),
        ({"site_cost": [0.0, 1.0]}, r"site_cost must have shape \(4,\)"),
        ({"time_limit": 0}, r"time_limit must be > 0 seconds"),
        ({"mip_rel_gap": -1}, r"mip_rel_gap must be >= 0"),
    ],
)
def test_kernel_validation(kwargs, match):
    args = {"cost_matrix": LINE_C, "weights": LINE_W, "p": 2, **kwargs}
    with pytest.raises(ValidationError, match=match):
        p_median(args.pop("cost_matrix"), args.pop("weights"), args.pop("p"), **args)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"p": 9}, r"p = 9 is not between 1 and the number of candidate sites \(8\)"),
        ({"p": 1, "candidates": "west"}, r"unknown candidates 'west'; valid: all, hubs"),
        ({"p": 1, "weight": "rd"}, r"unknown weight 'rd'; valid: gdp, population"),
        ({"p": 1, "year": 1990}, r"unknown year for indicator gdp 1990"),
        ({"p": 1, "cost": "hops"}, r"unknown cost 'hops'; valid: km, latency"),
        ({"p": 1, "alpha": 1.0}, r"alpha = 1.0 has no effect without electricity_price"),
        ({"p": 1, "alpha": -1.0}, r"alpha must be finite and >= 0"),
        (
            {"p": 1, "electricity_price": pd.Series({"jingjinji": 0.5}), "alpha": 1.0},
            r"electricity_price must have one value per candidate site.*missing \['yangtze_delta'",
        ),
        (
            {"p": 1, "renewable_share": pd.Series(1.5, index=list(HUBS)), "alpha": 1.0},
            r"renewable_share\['jingjinji'\] = 1.5; expected a number between 0 and 1",
        ),
        (
            {"p": 1, "electricity_price": pd.Series(-0.1, index=list(HUBS)), "alpha": 1.0},
            r"electricity_price\['jingjinji'\] = -0.1; expected a number >= 0",
        ),
        (
            {"p": 1, "weight": pd.Series(1.0, index=[110000, 120000])},
            r"weight has no value for province\(s\) \[130000, 140000",
        ),
        ({"p": 1, "weight": pd.Series({"Atlantis": 1.0})}, r"unknown region 'Atlantis'"),
    ],
)
def test_site_hubs_validation(kwargs, match):
    with pytest.raises(ValidationError, match=match):
        site_hubs(**kwargs)


def test_frame_validation():
    d = pd.DataFrame(LINE_C, index=list("abcd"), columns=list("ABCD"))
    w = pd.Series(LINE_W, index=list("abcd"))
    assert list(p_median_frame(d, w, 1).sites) == ["B"]
    with pytest.raises(ValidationError, match=r"weights must have one value per row.*\['d'\]"):
        p_median_frame(d, w.iloc[:3], 1)
    with pytest.raises(ValidationError, match=r"distance must be a DataFrame; received ndarray"):
        p_median_frame(LINE_C, w, 1)
    with pytest.raises(ValidationError, match=r"weights are missing or not numeric for \['b'\]"):
        p_median_frame(d, w.astype(object).where(w.index != "b", "x"), 1)
    with pytest.raises(ValidationError, match=r"weights\['c'\] = -1.0; every weight must be >= 0"):
        p_median_frame(d, w.where(w.index != "c", -1.0), 1)
    with pytest.raises(ValidationError, match=r"distance\['a', 'C'\] is nan; every distance"):
        p_median_frame(d.where((d.index != "a")[:, None] | (d.columns != "C"), np.nan), w, 1)
    with pytest.raises(ValidationError, match=r"distance must hold numbers only"):
        p_median_frame(d.astype(object).where(d > 0, "far"), w, 1)


def test_gap_and_time_limit_are_reported(random_instance):
    c, w = random_instance
    best = p_median(c, w, 3)
    loose = p_median(c, w, 3, mip_rel_gap=0.5, time_limit=10.0)
    assert best.gap == 0.0 and best.status == "Optimal"
    assert 0.0 <= loose.gap <= 0.5
    assert loose.objective >= best.objective - 1e-9
    assert not best.sites.flags.writeable  # the solution is read-only


def test_atlas_site_data_takes_each_hubs_province():
    from hinterland.errors import DataError
    from hinterland.layout.hubs import atlas_site_data

    price, green, notes = atlas_site_data("hubs")
    # NDRC coal benchmark (发改价格规〔2019〕1658号, atlas copy): Guizhou 0.3515, Beijing 0.3598,
    # Ningxia 0.2595 yuan/kWh; NEA 2023 renewable share of consumption: Guizhou 36.9%, Beijing
    # 24.3%, Gansu 51.6% (国能发新能〔2024〕80号 table 1, atlas copy)
    assert price["guizhou"] == pytest.approx(0.3515)
    assert price["jingjinji"] == pytest.approx(0.3598)
    assert price["ningxia"] == pytest.approx(0.2595)
    assert green["guizhou"] == pytest.approx(0.369)
    assert green["jingjinji"] == pytest.approx(0.243)
    assert green["gansu"] == pytest.approx(0.516)
    assert list(price.index) == list(hub_sites().index)
    assert any("generation side" in n.text("en") for n in notes)
    assert any("发电侧" in n.text("zh") for n in notes)
    with pytest.raises(DataError, match="540000"):
        atlas_site_data("all")  # no benchmark price for Tibet in the atlas: not made up


def test_cheaper_power_moves_hubs_west():
    from hinterland.layout.hubs import atlas_site_data

    price, _, _ = atlas_site_data("hubs")
    west = set(hub_sites().query("side == 'west'").index)
    base = site_hubs(3)
    priced = site_hubs(3, electricity_price=price, alpha=(5000.0, 0.0))
    assert len(west & set(priced.sites)) >= len(west & set(base.sites))
    # the priced objective is the distance objective plus alpha x price x load of each site
    load = priced.load()
    extra = 5000.0 * float((price.reindex(priced.sites) * load).sum())
    assert priced.objective == pytest.approx(priced.weighted_distance + extra, rel=1e-9)
