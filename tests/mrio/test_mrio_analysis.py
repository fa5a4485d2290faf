"""Labelled MRIO analyses: agreement with pymrio and brute force, and invariants of the shocks.

Two tables: pymrio's test system (6 regions x 8 sectors, no imports, exports zero), compared with
pymrio's own ``L``, ``B``/``G`` and with dense numpy recomputations; and a 31-province China
table estimated from a seeded synthetic 17-sector national table (the embedded NBS table is
incomplete), on which the exposure and the three shock models are checked.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pymrio
import pytest
from pymrio.tools import iomath

from hinterland.atlas import grouping
from hinterland.errors import ValidationError
from hinterland.mrio.analysis import (
    MODELS,
    ShockResult,
    dependence,
    exposure,
    extraction,
    linkages,
    multipliers,
    shock,
    spillovers,
    value_added_in_trade,
)
from hinterland.mrio.build import SECTORS_17_INDUSTRY
from hinterland.mrio.load import from_pymrio
from hinterland.mrio.table import MRIO

SHANGHAI, SHANDONG, SICHUAN = 310000, 370000, 510000


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def io():
    """pymrio's test system with L, x and the rest computed by pymrio."""
    return pymrio.load_test().calc_all()


@pytest.fixture(scope="module")
def t(io) -> MRIO:
    # the test system does not say its year; value added is the residual x - 1'Z
    return from_pymrio(io, year=2011)


@pytest.fixture(scope="module")
def china(synthetic_china) -> MRIO:
    return synthetic_china(2010)


def _dense_A(m: MRIO) -> np.ndarray:
    return m.A().to_numpy()


def _final_demand(m: MRIO) -> np.ndarray:
    return m.Y.to_numpy().sum(axis=1) + m.exports.to_numpy()


def _in_region(m: MRIO, region) -> np.ndarray:
    return np.asarray(m.index.get_level_values("region") == region)


# --- pymrio's test system: agreement with pymrio ----------------------------------------------


def test_the_test_system_is_read_as_expected(t, io):
    assert t.regions == [f"reg{i}" for i in range(1, 7)]
    assert len(t.sectors) == 8
    np.testing.assert_allclose(t.x.to_numpy(), io.x.to_numpy().ravel(), rtol=1e-12)
    assert float(np.abs(t.imports).sum()) == 0.0
    assert float(np.abs(t.exports).sum()) == 0.0


def test_output_multipliers_equal_pymrio_leontief_column_sums(t, io):
    mu = multipliers(t)
    assert mu.index.equals(t.index)
    np.testing.assert_allclose(
        mu["output_multiplier"].to_numpy(), io.L.to_numpy().sum(axis=0), rtol=0, atol=1e-9
    )


def test_value_added_multipliers_are_one_without_imports(t):
    # v/x = 1 - 1'A column-wise, so (v/x)' L = 1'(I - A) L = 1' (Miller & Blair 2009, 6.3)
    mu = multipliers(t)
    np.testing.assert_allclose(mu["value_added_multiplier"].to_numpy(), 1.0, rtol=0, atol=1e-12)


def test_value_added_and_import_multipliers_add_to_one(china):
    # with imports m: (v/x + m/x)' L = 1' because v/x + m/x = 1 - 1'A column-wise
    assert float(china.imports.sum()) > 0  # the estimated table has imports (net-import rows)
    x = china.x.to_numpy()
    L = np.linalg.inv(np.eye(len(x)) - _dense_A(china))
    import_mult = (china.imports.to_numpy() / x) @ L
    va_mult = multipliers(china)["value_added_multiplier"].to_numpy()
    np.testing.assert_allclose(va_mult + import_mult, 1.0, rtol=0, atol=1e-10)


def test_linkages_equal_pymrio_leontief_and_ghosh_inverses(t, io):
    lk = linkages(t)
    L = io.L.to_numpy()
    G = iomath.calc_G(iomath.calc_B(io.Z, io.x)).to_numpy()
    backward = L.sum(axis=0) / L.sum(axis=0).mean()
    forward = G.sum(axis=1) / G.sum(axis=1).mean()
    np.testing.assert_allclose(lk["backward"].to_numpy(), backward, rtol=1e-9)
    np.testing.assert_allclose(lk["forward"].to_numpy(), forward, rtol=1e-9)
    assert lk["backward"].mean() == pytest.approx(1.0, abs=1e-12)
    assert lk["forward"].mean() == pytest.approx(1.0, abs=1e-12)
    np.testing.assert_array_equal(lk["key_sector"], (backward > 1) & (forward > 1))


def test_dependence_rows_add_to_regional_output(t):
    dep = dependence(t)
    assert dep.index.tolist() == t.regions
    assert dep.columns.tolist() == [*t.regions, "exports"]
    x_by_region = t.x.groupby(level="region").sum()
    np.testing.assert_allclose(dep.sum(axis=1), x_by_region.loc[dep.index], rtol=1e-9)
    np.testing.assert_array_equal(dep["exports"].to_numpy(), 0.0)


def test_dependence_equals_pymrio_L_times_Y_grouped(t, io):
    LY = pd.DataFrame(io.L.to_numpy() @ io.Y.to_numpy(), index=io.Z.index, columns=io.Y.columns)
    expected = LY.T.groupby(level="region").sum().T.groupby(level="region").sum()
    dep = dependence(t)
    np.testing.assert_allclose(
        dep[t.regions].to_numpy(), expected.loc[t.regions, t.regions].to_numpy(), rtol=1e-9
    )


def test_value_added_in_trade_adds_up_to_value_added(t):
    va = value_added_in_trade(t)
    assert va.index.tolist() == t.regions
    assert va.columns.tolist() == [*t.regions, "exports"]
    assert va.to_numpy().sum() == pytest.approx(float(t.v.sum()), rel=1e-9)
    # rows: each region's value added, wherever its products end up
    v_by_region = t.v.groupby(level="region").sum()
    np.testing.assert_allclose(va.sum(axis=1), v_by_region.loc[t.regions], rtol=1e-9)
    # columns: with no imports, a region's final demand embodies value added equal to itself
    y_by_region = t.Y.T.groupby(level="region").sum().sum(axis=1)
    np.testing.assert_allclose(va[t.regions].sum(axis=0), y_by_region.loc[t.regions], rtol=1e-9)


def test_value_added_in_trade_adds_up_on_the_china_table(china):
    va = value_added_in_trade(china)
    assert va.shape == (31, 32)  # 31 demanding provinces and exports
    assert va.to_numpy().sum() == pytest.approx(float(china.v.sum()), rel=1e-9)


def _hand_table_with_exports() -> MRIO:
    # 2 regions x 2 sectors; exports to the rest of the world on three rows
    Z = np.array(
        [[10.0, 20, 5, 0], [5, 10, 10, 5], [0, 5, 20, 10], [10, 0, 5, 10]],
    )
    Y = np.array([[30.0, 10], [20, 20], [10, 30], [5, 40]])
    e = np.array([25.0, 30, 0, 30])
    x = Z.sum(axis=1) + Y.sum(axis=1) + e
    return MRIO.from_arrays(
        Z, Y, x, x - Z.sum(axis=0), exports=e, regions=["a", "b"], sectors=["s", "t"],
        categories=["f"], unit="u", year=2000, source="hand-made table with exports",
    )  # fmt: skip


def test_dependence_with_exports_still_adds_to_output():
    m = _hand_table_with_exports()
    dep = dependence(m)
    np.testing.assert_allclose(dep.sum(axis=1), m.x.groupby(level="region").sum(), rtol=1e-12)
    L = np.linalg.inv(np.eye(4) - _dense_A(m))
    exp_by_region = pd.Series(L @ m.exports.to_numpy(), index=m.index).groupby(level=0).sum()
    np.testing.assert_allclose(dep["exports"], exp_by_region.loc[dep.index], rtol=1e-12)


def test_value_added_in_trade_adds_up_with_exports():
    m = _hand_table_with_exports()
    va = value_added_in_trade(m)
    assert va.to_numpy().sum() == pytest.approx(float(m.v.sum()), rel=1e-9)


def test_spillovers_add_up_and_match_brute_force(t, io):
    sp = spillovers(t)
    assert sp.index.tolist() == t.regions
    np.testing.assert_allclose(
        sp["intra"] + sp["feedback"] + sp["spillover"], sp["total"], rtol=1e-12
    )
    L = io.L.to_numpy()
    y = _final_demand(t)
    assert sp["total"].sum() == pytest.approx(float((L @ y).sum()), rel=1e-12)
    A = _dense_A(t)
    for r in t.regions:
        s = _in_region(t, r)
        ys = np.where(s, y, 0.0)  # demand for region r's products
        effect = L @ ys
        intra = np.linalg.solve(np.eye(s.sum()) - A[np.ix_(s, s)], y[s]).sum()
        assert sp.loc[r, "total"] == pytest.approx(effect.sum(), rel=1e-9)
        assert sp.loc[r, "spillover"] == pytest.approx(effect[~s].sum(), rel=1e-9)
        assert sp.loc[r, "intra"] == pytest.approx(intra, rel=1e-9)
        assert sp.loc[r, "feedback"] == pytest.approx(effect[s].sum() - intra, rel=1e-6)
    assert (sp["feedback"] >= 0).all() and (sp["spillover"] >= 0).all()
    np.testing.assert_allclose(sp["spillover_share"], sp["spillover"] / sp["total"], rtol=1e-15)


def _brute_force_extraction(m: MRIO, selected: np.ndarray, kind: str) -> np.ndarray:
    A = _dense_A(m)
    y = _final_demand(m)
    Ab = A.copy()
    if kind in ("full", "forward"):
        Ab[selected, :] = 0.0
    if kind in ("full", "backward"):
        Ab[:, selected] = 0.0
    eye = np.eye(len(y))
    return np.linalg.solve(eye - A, y) - np.linalg.solve(eye - Ab, y)


@pytest.mark.parametrize("region", ["reg1", "reg4", "reg6"])
def test_region_extraction_equals_brute_force(t, region):
    loss = extraction(t, region=region)
    assert loss.index.equals(t.index)
    expected = _brute_force_extraction(t, _in_region(t, region), "full")
    np.testing.assert_allclose(loss.to_numpy(), expected, rtol=0, atol=1e-9 * expected.max())
    assert (loss.to_numpy() >= -1e-9 * expected.max()).all()


@pytest.mark.parametrize("kind", ["backward", "forward"])
def test_partial_extraction_of_a_sector_everywhere_equals_brute_force(t, kind):
    sector = t.sectors[2]
    loss = extraction(t, sector=sector, kind=kind)
    sel = np.asarray(t.index.get_level_values("sector") == sector)
    expected = _brute_force_extraction(t, sel, kind)
    np.testing.assert_allclose(loss.to_numpy(), expected, rtol=0, atol=1e-9 * expected.max())


def test_extraction_names_what_is_wrong(t):
    with pytest.raises(ValidationError, match="name a region, a sector, or both to extract"):
        extraction(t)
    with pytest.raises(ValidationError, match=r"unknown region of the table 'reg9'; valid: reg1"):
        extraction(t, region="reg9")
    with pytest.raises(ValidationError, match=r"unknown sector of the table 'steel'"):
        extraction(t, sector="steel")


# --- the China table: exposure ----------------------------------------------------------------


def test_china_table_is_a_31_by_17_estimate(china):
    assert len(china.regions) == 31 and len(china.sectors) == 17
    assert china.estimate is True
    assert SHANGHAI in china.regions and isinstance(china.regions[0], int)


def test_exposure_shares_and_backup_ratio(china):
    ex = exposure(china)
    assert ex.index.tolist() == list(SECTORS_17_INDUSTRY)
    for col in ("frontline_output_share", "frontline_input_share", "hinterland_output_share"):
        assert ex[col].between(0, 1).all(), col
    np.testing.assert_allclose(
        ex["hinterland_output_share"], 1 - ex["frontline_output_share"], rtol=0, atol=1e-15
    )
    np.testing.assert_allclose(
        ex["backup_ratio"], ex["hinterland_output_share"] / ex["frontline_output_share"]
    )


def test_exposure_equals_a_hand_count_over_the_first_line(china):
    members = set(grouping("third_front").group("first_line").adcodes)
    regions = china.index.get_level_values("region")
    sectors = china.index.get_level_values("sector").to_numpy()
    front = regions.isin(members)
    x = china.x.to_numpy()
    Z = china.Z.to_numpy()
    ex = exposure(china, frontline="third_front:first_line")
    for s in ("AGR", "MACH", "FINA"):
        of_s = sectors == s
        assert ex.loc[s, "frontline_output_share"] == pytest.approx(
            x[front & of_s].sum() / x[of_s].sum(), rel=1e-12
        )
        bought = Z[:, of_s]  # every input bought by sector s in any region
        assert ex.loc[s, "frontline_input_share"] == pytest.approx(
            bought[front].sum() / bought.sum(), rel=1e-12
        )


# --- the China table: shocks ------------------------------------------------------------------

DAYS = {"capacity": 180, "iim": 180, "ario": 30}


@pytest.mark.parametrize("model", MODELS)
def test_zero_severity_loses_nothing(china, model):
    res = shock(china, region=SHANGHAI, sector="MACH", severity=0.0, days=DAYS[model], model=model)
    scale = float(china.x.sum())
    assert np.abs(res.loss.to_numpy()).max() < 1e-9 * scale
    assert abs(res.national_output_loss) < 1e-9 * scale


@pytest.mark.parametrize("model", MODELS)
def test_shock_result_adds_up_and_is_labelled(china, model):
    res = shock(china, region=SHANGHAI, sector="MACH", severity=0.5, days=DAYS[model], model=model)
    assert isinstance(res, ShockResult)
    assert res.model == model and res.days == DAYS[model]
    assert res.estimate is True and res.unit == china.unit
    assert res.loss.index.equals(china.index)
    assert res.shocked.sum() == 1 and bool(res.shocked.loc[(SHANGHAI, "MACH")])
    assert res.national_output_loss == pytest.approx(float(res.loss.sum()), rel=1e-12)
    assert res.loss_by_region.index.tolist() == china.regions
    assert res.loss_by_region.sum() == pytest.approx(res.national_output_loss, rel=1e-12)
    assert 0.0 <= res.loss_outside_shocked_share <= 1.0
    outside = res.loss_by_region.drop(SHANGHAI).sum() / res.loss_by_region.sum()
    assert res.loss_outside_shocked_share == pytest.approx(outside, rel=1e-12)
    d = res.to_dict()
    assert d["national_output_loss"] == res.national_output_loss
    assert d["loss_by_region"] == {str(k): float(v) for k, v in res.loss_by_region.items()}
    assert d["table_is_estimate"] is True


@pytest.mark.parametrize("model", MODELS)
def test_larger_severity_never_loses_less(china, model):
    kw = {"region": SHANGHAI, "sector": "MACH", "days": DAYS[model], "model": model}
    mild, hard = shock(china, severity=0.2, **kw), shock(china, severity=0.6, **kw)
    assert hard.national_output_loss >= mild.national_output_loss > 0
    if model != "ario":  # ARIO lets some unshocked sectors produce above baseline
        assert (mild.loss >= 0).all() and (hard.loss >= 0).all()
        assert (hard.loss - mild.loss >= -1e-9 * float(china.x.max())).all()


@pytest.mark.parametrize("model", ["capacity", "iim"])
@pytest.mark.parametrize(("region", "sector"), [(SICHUAN, None), (None, "AGR")])
def test_static_and_inoperability_losses_are_never_negative(china, model, region, sector):
    res = shock(china, region=region, sector=sector, severity=0.4, days=30, model=model)
    assert (res.loss >= 0).all()
    assert 0.0 <= res.loss_outside_shocked_share <= 1.0
    assert res.shocked.sum() == (17 if sector is None else 31)


def test_capacity_loss_is_the_annual_shortfall_times_days_over_365(china):
    # loss = (x0 - feasible x) * days / 365, so it is proportional to days
    kw = {"region": SHANGHAI, "sector": "MACH", "severity": 0.3, "model": "capacity"}
    half, full = shock(china, days=73, **kw), shock(china, days=365, **kw)
    np.testing.assert_allclose(full.loss.to_numpy(), 5 * half.loss.to_numpy(), rtol=1e-12)
    # a year's loss never exceeds a year's output, and the shocked sector loses its share
    x0 = china.x.to_numpy()
    assert (full.loss.to_numpy() <= x0 * (1 + 1e-12)).all()
    assert full.loss.loc[(SHANGHAI, "MACH")] >= 0.3 * china.x.loc[(SHANGHAI, "MACH")] * (1 - 1e-9)


def test_iim_equals_a_hand_written_recovery(china):
    # q(t+1) = (1 - k) q + k A* q with A* = diag(x)^-1 Z, k = ln(q0 / qT) / days for qT = q0 / 100,
    # Q = x / 365 * sum_{t < days} q(t)  (Lian & Haimes 2006, the left Riemann sum of iim.run)
    days, severity = 30, 0.4
    res = shock(china, region=SHANGHAI, sector="MACH", severity=severity, days=days, model="iim")
    x = china.x.to_numpy()
    a_star = china.Z.to_numpy() / x[:, None]
    k = np.log(100.0) / days
    q = np.where(res.shocked.to_numpy(), severity, 0.0)
    total = np.zeros_like(q)
    for _ in range(days):
        total += q
        q = (1 - k) * q + k * (a_star @ q)
    np.testing.assert_allclose(res.loss.to_numpy(), total * x / 365.0, rtol=1e-9, atol=0)
    assert res.trajectory.shape == (days + 1, len(x))


def test_iim_one_day_loss_is_the_initial_inoperability(china):
    # one day, left Riemann sum: Q = q(0) x / 365 with q(0) = severity on the shocked sector only
    res = shock(china, region=SHANGHAI, sector="MACH", severity=0.4, days=1, model="iim")
    expected = np.where(res.shocked.to_numpy(), 0.4, 0.0) * china.x.to_numpy() / 365.0
    np.testing.assert_allclose(res.loss.to_numpy(), expected, rtol=1e-12, atol=0)


def test_iim_is_linear_in_severity(china):
    kw = {"region": SHANGHAI, "sector": "MACH", "days": 60, "model": "iim"}
    mild, hard = shock(china, severity=0.2, **kw), shock(china, severity=0.6, **kw)
    np.testing.assert_allclose(hard.loss.to_numpy(), 3 * mild.loss.to_numpy(), rtol=1e-9)
    assert hard.trajectory.shape == (61, len(china.index))


def test_ario_shanghai_machinery_loss_is_concentrated_in_shanghai(china):
    res = shock(china, region=SHANGHAI, sector="MACH", severity=0.3, days=90, model="ario")
    assert res.national_output_loss > 0
    by_region = res.loss_by_region
    assert by_region.idxmax() == SHANGHAI
    assert by_region.loc[SHANGHAI] > by_region.drop(SHANGHAI).max()
    assert res.loss.groupby(level="sector").sum().idxmax() == "MACH"
    assert 0.0 < res.loss_outside_shocked_share < 0.5


def test_ario_share_outside_stays_a_share_when_other_regions_gain(china):
    res = shock(china, region=SHANDONG, severity=0.3, days=20, model="ario")
    assert res.national_output_loss > 0
    assert 0.0 <= res.loss_outside_shocked_share <= 1.0


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"region": 999999}, r"unknown region of the table 999999; valid: 110000, 120000"),
        ({"region": "310000"}, r"unknown region of the table '310000'"),
        ({"sector": "STEEL"}, r"unknown sector of the table 'STEEL'; valid: AGR, CHEM"),
        ({"model": "cge"}, r"unknown shock model 'cge'; valid: ario, capacity, iim"),
        ({"severity": 1.5}, r"severity must be in \[0, 1\]; got 1\.5"),
        ({"severity": -0.1}, r"severity must be in \[0, 1\]; got -0\.1"),
        ({"days": 0}, r"days must be at least 1; got 0"),
    ],
)
def test_shock_validation_names_the_value(china, kw, message):
    args = {"region": SHANGHAI, "sector": "MACH", "severity": 0.5, "days": 10} | kw
    with pytest.raises(ValidationError, match=message):
        shock(china, **args)
