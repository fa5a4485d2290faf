"""The estimated China MRIO (31 provinces x 42 NBS sectors): identities, evidence, peers.

Published inputs: ``../shared/data/nbs_io`` (NBS 《中国投入产出表》 2017/2018/2020, 42 sectors, as
converted from ionet 0.2.2) and ``../shared/data/provincial`` (NBS 分省年度数据 exports). Tests that
compare with them skip when the folder is absent (an installed package has only the shipped
tables).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from hinterland.errors import DataError, HinterlandError
from hinterland.mrio import china
from hinterland.mrio.estimate import assemble
from hinterland.mrio.nbs import read_nbs_flows
from hinterland.mrio.regionalise import ras

NAT_DIR, PROV_DIR = china.default_inputs()
needs_inputs = pytest.mark.skipif(
    not (NAT_DIR / "nbs_io_2020_42_flows.csv").is_file(),
    reason="the published NBS inputs (../shared/data) are not beside this checkout",
)


@pytest.fixture(scope="module")
def m2020():
    return china.load(2020)


@pytest.fixture(scope="module")
def factors2020():
    return china.read_factors(china.shipped_path(2020))


@pytest.fixture(scope="module")
def nbs2020():
    return read_nbs_flows(NAT_DIR / "nbs_io_2020_42_flows.csv")


def _frame(m, values):
    return pd.DataFrame(
        np.asarray(values).reshape(len(m.regions), len(m.sectors)),
        index=m.regions,
        columns=m.sectors,
    )


def test_every_year_ships_and_is_flagged_an_estimate():
    assert china.shipped_years() == [2017, 2018, 2020]
    for y in china.shipped_years():
        m = china.load(y)
        assert (len(m.regions), len(m.sectors), m.year) == (31, 42, y)
        assert m.estimate and "estimate" in m.source and m.meta["estimate"].startswith("estimate")


def test_identities_hold_per_region_sector(m2020):
    Z, Y, x, v = (np.asarray(a) for a in m2020.to_arrays())
    e, im = m2020.exports.to_numpy(), m2020.imports.to_numpy()
    scale = np.maximum(x, 1.0)
    assert np.abs(Z.sum(axis=1) + Y.sum(axis=1) + e - x).max() / scale.min() < 1e-6
    assert (np.abs(Z.sum(axis=1) + Y.sum(axis=1) + e - x) / scale).max() < 1e-9
    assert (np.abs(Z.sum(axis=0) + im + v - x) / scale).max() < 1e-9
    A = Z / np.where(x > 0, x, 1.0)[None, :]
    assert np.max(np.abs(np.linalg.eigvals(A))) < 1.0  # productive


@needs_inputs
def test_national_aggregate_equals_the_nbs_table(m2020, nbs2020):
    nat = nbs2020
    S, R = len(nat.sectors), 31
    Z = np.asarray(m2020.to_arrays()[0]).reshape(R, S, R, S).sum(axis=(0, 2))
    mu = nat.import_share
    # domestic flows + the imported share of every cell = the competitive NBS table, cell by cell
    rel = np.abs(Z + mu[:, None] * nat.Z - nat.Z) / np.maximum(nat.Z, 1.0)
    assert rel.max() < 1e-6
    x = m2020.x.to_numpy().reshape(R, S).sum(axis=0)
    np.testing.assert_allclose(x, nat.output, rtol=1e-9)
    np.testing.assert_allclose(m2020.exports.groupby(level="sector").sum(), nat.exports, rtol=1e-9)
    y = m2020.Y.T.groupby(level="category").sum().T.groupby(level="sector").sum()
    np.testing.assert_allclose(y["consumption"] / (1 - mu), nat.consumption, rtol=1e-9)
    np.testing.assert_allclose(y["capital_formation"] / (1 - mu), nat.gfcf, rtol=1e-9)
    np.testing.assert_allclose(y["inventories"], nat.inventories, rtol=1e-9, atol=1e-6)
    imported = m2020.imports.sum() + (mu * (nat.consumption + nat.gfcf)).sum()
    assert imported == pytest.approx(nat.imports.sum(), rel=1e-9)  # 162,659.2 亿元 (NBS 2020)
    assert m2020.v.sum() == pytest.approx(nat.va.sum(), rel=1e-12)  # 1,016,422.0 亿元


@needs_inputs
def test_province_value_added_shares_equal_gdp_shares_of_the_edition(m2020):
    va = pd.read_csv(PROV_DIR / "va_by_industry_nbs_fsnd_2019_2024.csv")
    gdp = va[(va.indicator == "gdp") & (va.year == 2020)].set_index("adcode")["value"]
    share = m2020.v.groupby(level="region").sum()
    np.testing.assert_allclose(share / share.sum(), (gdp / gdp.sum()).reindex(share.index), 1e-9)
    # Guangdong 2020 GDP 113,708.9 亿元 in the 5th-census edition (the NBS export read above)
    assert gdp[440000] == pytest.approx(113708.9, abs=0.05)


@needs_inputs
@pytest.mark.parametrize(
    ("sector", "products", "rho"),
    [
        ("20", ["mobile_phones", "microcomputers", "integrated_circuits", "colour_tvs"], 0.9),
        ("18", ["automobiles"], 0.9),
        ("14", ["pig_iron", "crude_steel", "steel_products"], 0.9),
    ],
)
def test_industry_split_follows_its_product_evidence(m2020, sector, products, rho):
    prod = pd.read_csv(PROV_DIR / "industrial_products_nbs_fsnd_2000_2019.csv")
    p19 = prod[prod.year == 2019].pivot(index="adcode", columns="indicator", values="value")
    shares = p19[products].fillna(0.0) / p19[products].sum()
    evidence = shares.mean(axis=1).reindex(m2020.regions).fillna(0.0)
    out = _frame(m2020, m2020.x)[sector]
    assert stats.spearmanr(out, evidence).statistic > rho


@needs_inputs
def test_no_evidence_of_output_means_no_output(m2020, factors2020):
    out = _frame(m2020, m2020.x)
    basis = pd.DataFrame(factors2020[1]["basis_cells"], index=m2020.regions, columns=m2020.sectors)
    prod = pd.read_csv(PROV_DIR / "industrial_products_nbs_fsnd_2000_2019.csv")
    recent = prod[prod.year.between(2016, 2019)]
    for sector, products in (("03", ["crude_oil", "natural_gas"]), ("18", ["automobiles"])):
        made = set(recent.loc[recent.indicator.isin(products) & (recent.value > 0), "adcode"])
        none = [a for a in m2020.regions if a not in made]
        assert none  # e.g. Zhejiang: no crude oil, no gas; Tibet: no automobiles
        assert (out.loc[none, sector] == 0.0).all() and (basis.loc[none, sector] == 1).all()
    # the cells without evidence are said to be so (basis 3: the national mix)
    assert set(np.unique(basis.to_numpy())) == {0, 1, 2, 3}
    assert (basis["08"] == 3).all()


@needs_inputs
def test_rebuilding_from_the_published_inputs_gives_the_shipped_table(factors2020):
    built, meta = china.build_factors(2020)
    shipped, smeta = factors2020
    for name in china.FACTOR_FIELDS:
        np.testing.assert_allclose(getattr(built, name), getattr(shipped, name), rtol=1e-9)
    assert meta["basis_cells"] == smeta["basis_cells"] and meta["gdp_gap"] == smeta["gdp_gap"]


def test_pymrio_round_trip_gives_the_same_multipliers(m2020):
    from hinterland.mrio.analysis import multipliers
    from hinterland.mrio.load_pymrio import to_pymrio

    io = to_pymrio(m2020)
    io.calc_all()
    pym = io.L.sum(axis=0).to_numpy()
    ours = multipliers(m2020)["output_multiplier"].to_numpy()
    np.testing.assert_allclose(ours, pym, rtol=1e-9)


def test_a_shanghai_electronics_shock_loses_output_elsewhere(m2020):
    from hinterland.mrio.analysis import shock

    res = shock(m2020, region=310000, sector="20", severity=0.5, model="capacity", days=365)
    by_region = res.loss_by_region
    assert by_region[310000] > 0 and (by_region.drop(310000) > 0).sum() >= 20
    assert 0.0 < res.loss_outside_shocked_share < 1.0
    # Shanghai makes 5.1% of China's electronics (estimate): half of it is 2.5% of the sector
    assert res.loss.xs("20", level="sector").sum() >= 0.5 * m2020.x[(310000, "20")] - 1e-6


def test_ras_matches_a_hand_solved_case():
    # seed [[1, 1], [1, 1]] to rows (3, 1) and columns (2, 2): [[1.5, 1.5], [0.5, 0.5]]
    t = ras(np.ones((2, 2)), np.array([3.0, 1.0]), np.array([2.0, 2.0]))
    np.testing.assert_allclose(t, [[1.5, 1.5], [0.5, 0.5]], rtol=1e-10)
    with pytest.raises(HinterlandError, match="do not add up"):
        ras(np.ones((2, 2)), np.array([3.0, 1.0]), np.array([2.0, 3.0]))


def test_assemble_reproduces_the_factors(factors2020):
    f, _ = factors2020
    Z = assemble(f)[0]
    R, S = f.x.shape
    z4 = Z.reshape(R, S, R, S)
    # Beijing's purchases of Hebei's metals (14) for its construction (27)
    b, h = 0, 2
    expected = f.t[h, b, 13] * (1 - f.mu[13]) * f.A[13, 26] * f.x[b, 26]
    assert z4[h, 13, b, 26] == pytest.approx(expected, rel=1e-12)


@needs_inputs
def test_bad_inputs_name_what_is_wrong(tmp_path):
    with pytest.raises(DataError, match="no NBS 42-sector table for 2019"):
        china.build_factors(2019)
    with pytest.raises(DataError, match="no China table for 2019"):
        china.load(2019)
    text = (NAT_DIR / "nbs_io_2020_42_flows.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    row = lines[5].split(",")
    row[10] = "abc"
    bad = tmp_path / "nbs_io_2020_42_flows.csv"
    bad.write_text("\n".join([*lines[:5], ",".join(row), *lines[6:]]), encoding="utf-8")
    with pytest.raises(DataError, match=r"row '05', column '08': not a number \('abc'\)"):
        read_nbs_flows(bad)
    row = lines[5].split(",")
    row[10] = str(float(row[10]) * 2 + 1e6)
    bad.write_text("\n".join([*lines[:5], ",".join(row), *lines[6:]]), encoding="utf-8")
    with pytest.raises(DataError, match="row '05' does not balance"):
        read_nbs_flows(bad)
    with pytest.raises(DataError, match="provincial input folder not found"):
        china.build_factors(2020, provincial=tmp_path / "nowhere")


def test_shipped_robustness_table_is_the_headline_of_the_shipped_table(m2020):
    from hinterland.mrio import robustness

    grid = robustness.shipped_sensitivity()
    assert len(grid) == 16 and set(grid["delta"]) == set(robustness.DELTAS)
    row = grid[(grid["delta"] == 0.3) & (grid["beta"] == 1.0)].iloc[0]
    now = robustness.headline(m2020)
    for key in ("shock_national_loss", "shock_loss_outside_share", "own_province_share"):
        assert now[key] == pytest.approx(row[key], rel=1e-6), key
    assert now["top10_dependencies"] == row["top10_dependencies"]
    assert now["placements_budget_500"] == row["placements_budget_500"]
    # a larger delta keeps less trade inside each province (FLQ's size adjustment)
    for beta in robustness.BETAS:
        own = grid[grid["beta"] == beta].sort_values("delta")["own_province_share"]
        assert (np.diff(own.to_numpy()) < 0).all()


@needs_inputs
def test_location_quotients_are_selectable(factors2020):
    # CILQ is FLQ without its size term: the same table as delta = 0
    cilq, _ = china.build_factors(2020, quotient="cilq")
    flq0, _ = china.build_factors(2020, delta=0.0)
    np.testing.assert_allclose(cilq.t, flq0.t, rtol=1e-12)
    slq, meta = china.build_factors(2020, quotient="slq")
    assert meta["quotient"] == "slq"
    m = china.to_mrio(slq, meta)  # a balanced, productive table too
    assert m.v.sum() == pytest.approx(china.load(2020).v.sum(), rel=1e-12)
    assert not np.allclose(slq.t, factors2020[0].t)
    with pytest.raises(HinterlandError, match="unknown location quotient 'lq'"):
        china.build_factors(2020, quotient="lq")
