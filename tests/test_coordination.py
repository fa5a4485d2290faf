"""Regional coordination analyses over the atlas: disparity, convergence, shares, concentration."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from inequality.gini import Gini
from inequality.theil import Theil, TheilD

from hinterland.atlas import IndicatorTable, grouping
from hinterland.coordination import (
    REST,
    assign,
    concentration,
    convergence,
    disparity,
    group_shares,
    share,
)
from hinterland.errors import ValidationError

YEARS = IndicatorTable.default().years("gdp_per_capita")


def _inputs(table, year, indicator="gdp_per_capita"):
    return table.series(indicator, year).to_numpy(), table.series("population", year).to_numpy()


# --- disparity ------------------------------------------------------------------------------


def test_disparity_decomposes_exactly():
    d = disparity("gdp_per_capita", 2023, by="four_blocs")
    assert d.n == 31
    assert d.dropped == []
    assert d.weighted
    assert d.theil_t.total == pytest.approx(d.theil_t.between + d.theil_t.within, abs=1e-12)
    assert d.theil_l.total == pytest.approx(d.theil_l.between + d.theil_l.within, abs=1e-12)
    assert 0 < d.theil_t.between < d.theil_t.total
    assert list(d.theil_t.groups) == ["central", "east", "northeast", "west"]
    assert d.theil_t.population_share.sum() == pytest.approx(1.0, abs=1e-12)
    assert d.theil_t.income_share.sum() == pytest.approx(1.0, abs=1e-12)
    assert 0 < d.gini < 1
    y, _ = _inputs(IndicatorTable.default(), 2023)
    assert d.max_min == pytest.approx(y.max() / y.min(), rel=1e-12)


def test_weighted_theil_t_equals_the_formula(table):
    # T = sum_i s_i ln(s_i / p_i), s_i = y_i w_i / sum y w (income share), p_i = w_i / sum w.
    y, w = _inputs(table, 2023)
    s = y * w / (y * w).sum()
    p = w / w.sum()
    d = disparity("gdp_per_capita", 2023)
    assert d.theil_t.total == pytest.approx(float(np.sum(s * np.log(s / p))), rel=1e-12)
    # L = sum_i p_i ln(p_i / s_i)
    assert d.theil_l.total == pytest.approx(float(np.sum(p * np.log(p / s))), rel=1e-12)
    # between-bloc T from the bloc shares
    blocs = assign("four_blocs").to_numpy()
    between = 0.0
    for g in np.unique(blocs):
        sg, pg = s[blocs == g].sum(), p[blocs == g].sum()
        between += sg * math.log(sg / pg)
    assert d.theil_t.between == pytest.approx(between, rel=1e-12)


def test_weighted_gini_equals_the_formula(table):
    # G = sum_ij p_i p_j |y_i - y_j| / (2 mu), mu = sum_i p_i y_i
    y, w = _inputs(table, 2023)
    p = w / w.sum()
    mu = p @ y
    expected = float(p @ np.abs(y[:, None] - y[None, :]) @ p / (2 * mu))
    assert disparity("gdp_per_capita", 2023).gini == pytest.approx(expected, rel=1e-12)


def test_weighted_cv_is_williamson(table):
    # CV_w = sqrt(sum_i p_i (y_i - mu)^2) / mu (Williamson 1965), mu the weighted mean.
    y, w = _inputs(table, 2023)
    p = w / w.sum()
    mu = p @ y
    expected = math.sqrt(p @ (y - mu) ** 2) / mu
    assert disparity("gdp_per_capita", 2023).cv_weighted == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("year", [2005, 2015, 2023])
def test_unweighted_disparity_agrees_with_pysal(table, year):
    y, _ = _inputs(table, year)
    blocs = assign("four_blocs").to_numpy()
    d = disparity("gdp_per_capita", year, weighted=False)
    assert d.theil_t.total == pytest.approx(float(np.squeeze(Theil(y).T)), abs=1e-9)
    td = TheilD(y, blocs)
    assert d.theil_t.between == pytest.approx(float(np.squeeze(td.bg)), abs=1e-9)
    assert d.theil_t.within == pytest.approx(float(np.squeeze(td.wg)), abs=1e-9)
    assert d.gini == pytest.approx(float(Gini(y).g), abs=1e-9)
    assert 0 < d.gini < 1


def test_disparity_falls_from_2005_to_2023():
    # A value check on the embedded panel: population-weighted Theil T of GDP per capita fell
    # over the period (convergence of the 2000s), with the east-west gap the largest part.
    early, late = disparity("gdp_per_capita", 2005), disparity("gdp_per_capita", 2023)
    assert late.theil_t.total < early.theil_t.total
    assert late.gini < early.gini


@settings(max_examples=30, deadline=None)
@given(
    year=st.sampled_from(YEARS),
    by=st.sampled_from(["four_blocs", "third_front", "coastal", "yangtze_belt", "land_border"]),
    weighted=st.booleans(),
)
def test_theil_decomposition_is_exact_for_every_year_and_grouping(year, by, weighted):
    d = disparity("gdp_per_capita", year, by=by, weighted=weighted)
    for r in (d.theil_t, d.theil_l):
        assert r.total == pytest.approx(r.between + r.within, abs=1e-12)
        assert r.between >= 0
        assert r.within >= 0
        assert r.within_contribution.sum() == pytest.approx(r.within, abs=1e-12)
        assert r.between_contribution.sum() == pytest.approx(r.between, abs=1e-12)
    assert 0 <= d.gini < 1
    frame = d.groups_frame("en")
    assert frame["population_share"].sum() == pytest.approx(1.0)


def test_grouping_that_lists_some_provinces_puts_the_rest_together():
    a = assign("coastal")
    assert (a == "coastal").sum() == 11
    assert (a == REST).sum() == 20
    d = disparity("gdp_per_capita", 2023, by="coastal")
    assert sorted(d.theil_t.groups) == sorted(["coastal", REST])


def test_disparity_leaves_out_missing_provinces_and_lists_them(first):
    # the first-published 2023 value added (communiques) lacks Shanxi
    d = disparity("secondary_share", 2023, table=first)
    missing = first.series("secondary_share", 2023).isna()
    assert d.dropped == [int(a) for a in missing[missing].index]
    assert d.n == 31 - len(d.dropped)
    assert 140000 in d.dropped and 130000 not in d.dropped  # Shanxi missing, Hebei held


def test_disparity_rejects_an_overlapping_grouping():
    with pytest.raises(
        ValidationError, match=r"grouping 'city_clusters' puts province .* not a partition"
    ):
        disparity("gdp_per_capita", 2023, by="city_clusters")


def test_disparity_unknown_year():
    with pytest.raises(
        ValidationError, match=r"unknown year for indicator gdp_per_capita 1990; valid: 2000"
    ):
        disparity("gdp_per_capita", 1990)


# --- convergence ----------------------------------------------------------------------------


def test_beta_convergence_equals_least_squares(table):
    # g_i = ln(y_i,2023 / y_i,2005) / 18 = a + b ln y_i,2005 + e_i, by numpy lstsq.
    y0 = table.series("gdp_per_capita", 2005).to_numpy()
    y1 = table.series("gdp_per_capita", 2023).to_numpy()
    g = np.log(y1 / y0) / 18
    x = np.column_stack([np.ones_like(y0), np.log(y0)])
    (a, b), *_ = np.linalg.lstsq(x, g, rcond=None)
    c = convergence("gdp_per_capita", 2005, 2023)
    assert c.beta.alpha == pytest.approx(a, rel=1e-10)
    assert c.beta.beta == pytest.approx(b, rel=1e-10)
    assert c.beta.n == 31
    assert c.beta.beta < 0  # poorer provinces grew faster (nominal)
    resid = g - x @ np.array([a, b])
    assert c.beta.r2 == pytest.approx(
        1 - resid @ resid / ((g - g.mean()) @ (g - g.mean())), rel=1e-10
    )
    assert c.years == [y for y in table.years("gdp_per_capita") if 2005 <= y <= 2023]
    assert c.dropped == []
    assert c.nominal


def test_sigma_convergence_is_the_dispersion_of_logs(table):
    c = convergence("gdp_per_capita", 2005, 2023)
    assert len(c.sigma.std_log) == len(c.years)
    for k, year in enumerate(c.years):
        logs = np.log(table.series("gdp_per_capita", year).to_numpy())
        assert c.sigma.std_log[k] == pytest.approx(np.std(logs, ddof=0), rel=1e-10)
    assert c.sigma.std_log_change == pytest.approx(c.sigma.std_log[-1] - c.sigma.std_log[0])
    assert c.sigma.std_log_change < 0


def test_convergence_validates_the_period():
    with pytest.raises(ValidationError, match=r"^'to' year 2005 must be after 'from' year 2023$"):
        convergence("gdp_per_capita", 2023, 2005)
    with pytest.raises(
        ValidationError, match=r"^no gdp_per_capita for 1990; years with data: 2000, "
    ):
        convergence("gdp_per_capita", 1990, 2023)


# --- shares ---------------------------------------------------------------------------------


def test_share_of_chengdu_chongqing(first):
    # first-published 2023 GDP (CSY2024 table 3-9) with its national figure
    gdp = first.series("gdp", 2023)
    west = list(grouping("four_blocs").group("west").adcodes)
    r = share("gdp", 2023, "chengdu_chongqing", table=first)
    assert r["value"] == gdp[510000] + gdp[500000]
    assert r["value"] == pytest.approx(90278.7)
    assert r["members"] == [500000, 510000]
    assert r["unit"] == "亿元"
    assert r["nation_published"] == 1260582.1
    assert r["nation_sum_of_provinces"] == pytest.approx(1250931.8)
    assert r["share_of_nation_published"] == pytest.approx(90278.7 / 1260582.1)
    assert r["share_of_nation"] == pytest.approx(90278.7 / 1250931.8)
    assert r["of"] == "four_blocs:west"
    assert r["of_value"] == pytest.approx(gdp[west].sum())
    assert r["share_of"] == pytest.approx(90278.7 / 269325.1)
    # Whole provinces overstate the circle (8.199 trillion yuan in 2023): Sichuan is partial.
    assert r["partial_provinces"] == [510000]
    assert r["value"] > 81990


def test_share_by_grouping_and_code(table):
    r = share("gdp", 2023, "four_blocs:east", of="four_blocs:east")
    assert r["share_of"] == 1.0
    shares = [share("gdp", 2023, f"four_blocs:{c}")["share_of_nation"]
              for c in grouping("four_blocs").codes()]  # fmt: skip
    assert sum(shares) == pytest.approx(1.0, abs=1e-12)
    assert share("gdp", 2023, "coastal")["members"] == list(grouping("coastal").groups[0].adcodes)


def test_share_needs_a_group_not_a_grouping():
    with pytest.raises(
        ValidationError,
        match=r"'four_blocs' is a grouping with several groups; name one as four_blocs:<code> "
        r"\(codes: east, central, west, northeast\)",
    ):
        share("gdp", 2023, "four_blocs")


def test_group_shares_add_to_100():
    frame = group_shares("gdp", "four_blocs", lang="en")
    np.testing.assert_allclose(frame.sum(axis=1), 100.0, rtol=1e-12)
    assert list(frame.columns) == ["Central", "East", "Northeast", "West"]
    gdp = IndicatorTable.default().series("gdp", 2023)
    east = list(grouping("four_blocs").group("east").adcodes)
    assert frame.loc[2023, "East"] == pytest.approx(100 * gdp[east].sum() / gdp.sum(), rel=1e-12)


# --- concentration --------------------------------------------------------------------------


def test_concentration_of_crude_steel(table):
    steel = table.series("out_crude_steel", 2023)
    c = concentration("out_crude_steel", 2023)
    reported = steel.dropna()
    assert c.n_reporting == len(reported) >= 3
    assert list(c.shares.index) == list(reported.index)
    assert c.shares.sum() == pytest.approx(1.0, abs=1e-12)
    assert c.hhi == pytest.approx(float((c.shares**2).sum()), rel=1e-12)
    np.testing.assert_allclose(c.shares, reported / reported.sum(), rtol=1e-12)
    ordered = c.shares.sort_values(ascending=False)
    assert c.cr3 == pytest.approx(ordered.iloc[:3].sum())
    assert c.cr5 == pytest.approx(ordered.iloc[:5].sum())
    assert [a for a, _ in c.top] == list(ordered.index[:5])
    assert c.top[0][0] == 130000  # Hebei, China's largest steel producer
    assert 1 / c.n_reporting <= c.hhi <= 1


def test_concentration_needs_two_reporting_provinces(write_csv):
    path = write_csv(
        "one.csv",
        "440000,2023,out_nev,253.18,万辆,Guangdong 2023 communique,current,https://example.org/t,single_copy,",
        "440000,2023,gdp,135673.2,亿元,CSY2024 table 3-9,rev2019,https://example.org/t,single_copy,",
    )
    with pytest.raises(
        ValidationError, match=r"^out_nev in 2023: fewer than two provinces reported$"
    ):
        concentration("out_nev", 2023, table=IndicatorTable.from_csv(path))
