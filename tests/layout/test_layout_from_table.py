"""Backup instances built from an MRIO table: loss per unit, cost index, the instance itself."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from hinterland.errors import ValidationError
from hinterland.layout import check, optimize
from hinterland.layout.from_table import (
    KEY_SECTORS_17,
    FactorPrices,
    cost_index,
    loss_per_unit,
    prices_from_atlas,
    table_instance,
)
from hinterland.messages import text
from hinterland.mrio.build import SECTORS_17_INDUSTRY, NationalTable, build_china
from hinterland.mrio.table import MRIO


@pytest.fixture(scope="module")
def china(synthetic_china) -> MRIO:
    return synthetic_china(7)


def _arrays(m: MRIO):
    Z, _, x, v = m.to_arrays()
    return np.asarray(Z), np.asarray(x), np.asarray(v)


def _sector_mask(m: MRIO, k: str) -> np.ndarray:
    return np.asarray(m.index.get_level_values("sector") == k)


# --- loss per unit ----------------------------------------------------------------------------


def test_ghosh_loss_equals_explicit_ghosh_inverse(china):
    """lambda_k = sum over (r, k) rows of G (v / x), weighted by output, G = (I - B)^-1."""
    Z, x, v = _arrays(china)
    B = Z / x[:, None]
    G = np.linalg.inv(np.eye(len(x)) - B)
    per_unit = G @ (v / x)  # value added lost downstream of one unit of each row's output
    lam = loss_per_unit(china)
    for k in KEY_SECTORS_17:
        rows = _sector_mask(china, k)
        expected = (per_unit[rows] * x[rows]).sum() / x[rows].sum()
        assert lam[k] == pytest.approx(expected, rel=1e-10)


def test_loss_per_unit_at_least_own_value_added_ratio(china):
    """Both models count at least the sector's own value added lost (L >= I, capacity binds)."""
    _, x, v = _arrays(china)
    for model in ("ghosh", "capacity"):
        lam = loss_per_unit(china, model=model)
        for k in KEY_SECTORS_17:
            rows = _sector_mask(china, k)
            assert lam[k] >= v[rows].sum() / x[rows].sum() - 1e-12


def test_capacity_loss_is_an_upper_bound_on_ghosh(china):
    """Strict complementarity rations every customer: it never loses less than Ghosh here."""
    g = loss_per_unit(china, model="ghosh")
    c = loss_per_unit(china, model="capacity", severity=0.1)
    assert (c >= g).all()


def test_loss_per_unit_rejects_bad_input(china):
    with pytest.raises(ValidationError, match="loss model"):
        loss_per_unit(china, model="magic")
    with pytest.raises(ValidationError, match="severity"):
        loss_per_unit(china, model="capacity", severity=0.0)
    with pytest.raises(ValidationError, match="XYZ"):
        loss_per_unit(china, ["XYZ"])


def test_table_with_blocs_is_refused():
    Z = np.array([[1.0, 0.5], [0.5, 1.0]])
    Y = np.array([[8.5, 0.0], [0.0, 8.5]])
    m = MRIO.from_arrays(
        Z, Y, np.array([10.0, 10.0]), np.array([8.5, 8.5]),
        regions=["east", "west"], sectors=["s"], categories=["fd"],
        unit="u", year=2020, source="hand",
    )  # fmt: skip
    with pytest.raises(ValidationError, match="province adcodes"):
        loss_per_unit(m, ["s"])


# --- cost index -------------------------------------------------------------------------------


def test_cost_index_is_one_on_output_weighted_average(china):
    wage = pd.Series(np.linspace(5e4, 1.5e5, 31), index=china.regions)
    idx, w = cost_index(china, prices=FactorPrices(wage=wage, labour_share=0.6))
    _, x, _ = _arrays(china)
    x_grid = pd.DataFrame(x.reshape(31, 17), index=idx.index, columns=list(SECTORS_17_INDUSTRY))
    for k in KEY_SECTORS_17:
        made = x_grid[k] > 0
        mean = (idx[k] * x_grid[k])[made].sum() / x_grid[k][made].sum()
        assert mean == pytest.approx(1.0, rel=1e-12)
    assert list(w.index) == ["wage", "logistics"]


def test_cost_index_wage_term_by_hand(china):
    """Without logistics, index = 1 + labour_share * (v/x) * (wage / mean wage - 1)."""
    wage = pd.Series(1.0, index=china.regions)
    wage.iloc[0] = 3.0
    idx, w = cost_index(
        china, ["MACH"], FactorPrices(wage=wage, labour_share=0.5), transport_sector=None
    )
    _, x, v = _arrays(china)
    rows = _sector_mask(china, "MACH")
    xk = x[rows]
    ratio = v[rows].sum() / xk.sum()
    mean = (wage.to_numpy() * xk).sum() / xk.sum()
    expected = 1 + 0.5 * ratio * (wage.to_numpy() / mean - 1)
    np.testing.assert_allclose(idx["MACH"].to_numpy(), expected, rtol=1e-12)
    assert w.loc["wage", "MACH"] == pytest.approx(0.5 * ratio)


def test_cost_index_without_factors_is_one(china):
    idx, w = cost_index(china, transport_sector=None)
    assert (idx == 1.0).all().all() and w.empty


def test_logistics_favours_provinces_near_users(china):
    """The province whose capitals are nearest the users of a sector has the lowest index."""
    idx, _ = cost_index(china, ["MACH"])
    # a remote province (Tibet, Xinjiang) costs more than a central one (Henan, Hubei)
    assert idx.loc[540000, "MACH"] > idx.loc[410000, "MACH"]
    assert idx.loc[650000, "MACH"] > idx.loc[420000, "MACH"]


def test_missing_price_is_named(china):
    wage = pd.Series(1.0, index=china.regions).drop(510000)
    with pytest.raises(ValidationError, match="510000"):
        cost_index(china, prices=FactorPrices(wage=wage))
    with pytest.raises(ValidationError, match="labour_share"):
        FactorPrices(labour_share=1.5)


# --- the instance -----------------------------------------------------------------------------


def test_instance_capacity_demand_and_candidates(china):
    ti = table_instance(china)
    p = ti.instance.problem
    _, x, _ = _arrays(china)
    grid = x.reshape(31, 17)
    cols = [list(SECTORS_17_INDUSTRY).index(k) for k in KEY_SECTORS_17]
    np.testing.assert_allclose(p.K, grid[:, cols])
    np.testing.assert_allclose(p.D, grid[:, cols].sum(axis=0))
    np.testing.assert_allclose(p.lam, ti.loss_per_unit.to_numpy())
    from hinterland.layout.scenarios import resolve_provinces

    first = set(resolve_provinces("third_front:first_line"))
    rows = [i for i, a in enumerate(p.provinces) if a in first]
    assert (p.M[rows] == 0).all() and (p.M[[i for i in range(31) if i not in rows]] > 0).any()
    assert any("estimate" in a for a in ti.assumptions)


def test_instance_solves_and_budget_monotone(china):
    ti = table_instance(china)
    small = optimize(ti.instance, 100, gap=0.0)
    large = optimize(ti.instance, 200, gap=0.0)
    assert large.expected_loss_after <= small.expected_loss_after + 1e-6
    assert small.cost <= 100 + 1e-6


def test_atlas_instance_cost_is_the_wage_index():
    """Illustrative instance: c = 1 + 0.5 (wage / capacity-weighted mean wage - 1), wages 2023.

    Hand check on the shipped atlas: Shanghai's 2023 wage (229,337 yuan) is the highest, Henan's
    among the lowest, so Shanghai's unit cost is the highest and above Henan's.
    """
    from hinterland.atlas import IndicatorTable
    from hinterland.layout.default import LABOUR_SHARE, default_instance

    inst, year = default_instance()
    tbl = IndicatorTable.default()
    wage = tbl.series("wage_urban_nonprivate", 2023)
    cap = tbl.series("va_secondary", year)
    expected = 1 + LABOUR_SHARE * (wage / ((wage * cap).sum() / cap.sum()) - 1)
    got = inst.frame("c")["SEC"]
    mask = inst.frame("M")["SEC"] > 0
    np.testing.assert_allclose(got[mask], expected[mask], rtol=1e-12)
    assert wage.idxmax() == 310000 and wage[310000] == 229337
    assert expected[310000] > expected[410000]


def test_42_sector_tables_get_their_key_sectors_and_factor_rows():
    """A CEADs-like table (codes 01-42, names in meta) needs no --sectors; ELEC/TRAN by name."""
    from hinterland.layout.from_table import KEY_SECTORS_42

    rng = np.random.default_rng(42)
    codes = [f"{i:02d}" for i in range(1, 43)]
    industry = ["primary"] + ["secondary"] * 26 + ["tertiary"] * 15
    nat = NationalTable(
        tuple(codes), rng.uniform(0, 0.02, (42, 42)), rng.uniform(1e3, 1e4, 42),
        tuple(industry), "synthetic",
    )  # fmt: skip
    names = {c: f"sector {c}" for c in codes}
    names["24"] = "电力、热力的生产和供应"
    names["29"] = "交通运输、仓储和邮政"
    names["18"] = "交通运输设备"  # must not be taken for the transport sector
    m = build_china(2010, national=nat)
    m = m.with_(meta={**m.meta, "sector_names": names})
    wage = pd.Series(np.linspace(1, 2, 31), index=m.regions)
    idx, w = cost_index(m, prices=FactorPrices(wage=wage, electricity=wage))
    assert list(idx.columns) == list(KEY_SECTORS_42)
    Z, x, _ = _arrays(m)
    grid = Z.reshape(31, 42, 31, 42).sum(axis=(0, 2)) / x.reshape(31, 42).sum(axis=0)
    cols = [codes.index(k) for k in KEY_SECTORS_42]
    np.testing.assert_allclose(w.loc["electricity"].to_numpy(), grid[codes.index("24"), cols])
    np.testing.assert_allclose(w.loc["logistics"].to_numpy(), grid[codes.index("29"), cols])


def test_no_option_is_opened_empty(china):
    """Regression: a kept risk-phase solution once opened options of size 0 at fixed cost."""
    ti = table_instance(china)
    p = ti.instance.problem
    for budget in (100.0, 500.0, 1000.0):
        sol = optimize(ti.instance, budget)
        opened = sol.placements[sol.placements["open"] > 0]
        assert (opened["size"] > 0).all()
        pos = [(list(p.provinces).index(a), list(p.industries).index(i)) for a, i in opened.index]
        recomputed = sum(
            p.F[r, k] + p.c[r, k] * s for (r, k), s in zip(pos, opened["size"], strict=True)
        )
        assert sol.cost == pytest.approx(recomputed, rel=1e-12)


def test_tighter_energy_limit_never_lowers_the_loss(china):
    """Energy limit from the table: less spare electricity can only raise the optimal loss."""
    losses = []
    for spare in (None, 0.002, 0.0005, 0.0):
        ti = table_instance(china, energy_spare=spare)
        sol = optimize(ti.instance, 800.0, gap=0.0)
        assert check(sol, ti.instance).ok
        losses.append(sol.expected_loss_after)
    assert all(b >= a - 1e-6 * a for a, b in itertools.pairwise(losses))
    assert losses[-1] == pytest.approx(
        optimize(table_instance(china).instance, 0.0).expected_loss_after
    )


def test_atlas_electricity_price_is_the_coal_benchmark_without_tibet():
    prices = prices_from_atlas()
    # NDRC 燃煤发电基准价 (发改价格规〔2019〕1658号) as copied in the atlas: Guangdong 0.453 and
    # Xinjiang 0.25 yuan/kWh; Tibet has no value (the copies conflict), missing stays missing
    assert prices.electricity.loc[440000] == pytest.approx(0.453)
    assert prices.electricity.loc[650000] == pytest.approx(0.25)
    assert 540000 not in prices.electricity.index and len(prices.electricity) == 30
    assert any("generation side" in text(n, "en") for n in prices.notes)
    assert any("发电侧" in text(n, "zh") for n in prices.notes)


def test_a_missing_price_drops_the_province_from_the_candidates(china):
    wage = pd.Series(1.0, index=china.regions)
    power = pd.Series(np.linspace(0.3, 0.45, 31), index=china.regions).drop(510000)
    prices = FactorPrices(wage=wage, electricity=power)
    idx, weights = cost_index(china, ["MACH", "CHEM"], prices, missing="nan")
    assert idx.loc[510000].isna().all() and idx.drop(510000).notna().all().all()
    assert weights.loc["electricity"].gt(0).all()
    # electricity alone: the output-weighted mean index over the provinces with a price is 1
    only, _ = cost_index(china, ["MACH"], FactorPrices(electricity=power), transport_sector=None,
                         missing="nan")  # fmt: skip
    x = pd.Series(china.x, index=china.index).xs("MACH", level=1).loc[only.index].drop(510000)
    assert (only["MACH"].drop(510000) * x).sum() / x.sum() == pytest.approx(1.0, abs=1e-12)
    ti = table_instance(china, prices=prices)
    size = ti.instance.problem.M[list(ti.instance.problem.provinces).index(510000)]
    assert (size == 0).all()
    # the province is named, not coded (hinterland.messages.Provinces)
    assert any("not candidates" in a and "Sichuan" in a for a in ti.assumptions)
    assert any("四川" in a for a in ti.assumptions_zh)
    with pytest.raises(ValidationError, match="510000"):
        cost_index(china, prices=prices)  # the default still refuses a missing price


def test_unpriced_province_has_no_index_rather_than_a_made_up_one(china):
    ti = table_instance(china, prices=prices_from_atlas())  # no coal benchmark for Tibet
    assert ti.cost_index.loc[540000].isna().all()
    assert ti.cost_index.drop(540000).notna().all().all()
    assert any("not candidates" in a and "Tibet" in a for a in ti.assumptions)
