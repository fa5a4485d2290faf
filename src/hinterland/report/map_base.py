"""The projected map of China that every province map draws on (computed once, read-only).

The 34 provincial-level units of :func:`hinterland.atlas.geometry.units` in the Albers equal-area
conic for China (kilometres), simplified for the screen; remote islands (the South China Sea
islands, Dongsha, Diaoyu) kept out of the main frame's extent and drawn as dots; the main frame,
and the South China Sea box with the place of its inset at the frame's lower right, chosen so that
the inset covers no part of the main map; neighbouring countries for context.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import shapely
from pyproj import Transformer

from hinterland.atlas import geometry

TOLERANCE_KM = 3.0
ISLET_KM2 = 25.0
"""Parts under this area are left out, unless remote (then drawn as a dot)."""
REMOTE_KM = 100.0
"""A part farther than this from its unit's largest part is remote (南海诸岛, 东沙, 钓鱼岛): kept
out of the main frame's extent, and drawn as a dot where it is under ``ISLET_KM2``."""
INSET_SCALE = 0.45
"""Scale of the South China Sea inset relative to the main map."""
MARGIN_KM = 60.0
_TO_ALBERS = Transformer.from_crs("EPSG:4326", geometry.ALBERS_CHINA, always_xy=True)


def project(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """Project lon/lat (degrees, WGS-84) to Albers equal-area for China, in kilometres."""
    x, y = _TO_ALBERS.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return np.asarray(x) / 1000, np.asarray(y) / 1000


def km(geom: shapely.Geometry) -> shapely.Geometry:
    """A lon/lat geometry in Albers kilometres."""
    return shapely.transform(geom, lambda c: np.column_stack(project(c[:, 0], c[:, 1])))


def rings(polys) -> tuple[np.ndarray, np.ndarray]:
    """Return the exterior rings of polygons as x, y arrays (NaN between rings: a gap in plotly).

    Arrays, not lists with ``None``: plotly validates a list element by element (slow), an array
    at once, and writes NaN as ``null``.
    """
    xs: list = []
    ys: list = []
    for poly in polys:
        c = np.asarray(poly.exterior.coords)
        xs += [c[:, 0], [np.nan]]
        ys += [c[:, 1], [np.nan]]
    if not xs:
        return np.array([]), np.array([])
    return np.round(np.concatenate(xs), 1), np.round(np.concatenate(ys), 1)


@dataclass(frozen=True)
class Base:
    """The projected map of China, computed once (km; read-only)."""

    parts: dict[int, list[shapely.Polygon]]  # parts >= ISLET_KM2 per unit, simplified
    islets: np.ndarray  # (n, 2) remote parts under ISLET_KM2, drawn as dots
    label_xy: dict[int, tuple[float, float]]
    order: list[int]  # largest unit first, so enclaves are drawn on top
    main: tuple[float, float, float, float]  # x0, y0, x1, y1 of the main frame
    inset_src: tuple[float, float, float, float]  # the South China Sea box, km
    inset_dst: tuple[float, float]  # where its lower-left corner goes in the main frame
    dashes: list[np.ndarray]  # the maritime boundary line, km
    outline: list[shapely.Polygon]  # the country: the union of the 34 units' parts
    neighbours: list[shapely.Polygon]  # foreign land near China, km


@cache
def base() -> Base:
    """Return the projected map of China (computed on first use, then cached)."""
    gdf = geometry.units()
    parts: dict[int, list[shapely.Polygon]] = {}
    mainland: list[shapely.Polygon] = []
    dots: list[shapely.Point] = []
    for code, geom in gdf.geometry.items():
        polys = [
            p
            for p in shapely.get_parts(km(geom).simplify(TOLERANCE_KM))
            if isinstance(p, shapely.Polygon) and not p.is_empty
        ]
        big = max(polys, key=lambda p: p.area)
        near = [p for p in polys if p.distance(big) <= REMOTE_KM]
        remote = [p for p in polys if p.distance(big) > REMOTE_KM]
        mainland += [p for p in near if p.area >= ISLET_KM2]
        parts[int(code)] = [p for p in near + remote if p.area >= ISLET_KM2]
        dots += [p.centroid for p in remote if p.area < ISLET_KM2]
    land = shapely.union_all(mainland)
    pts = np.unique(np.round([[p.x, p.y] for p in dots], -1), axis=0)  # one dot per 10 km
    label_xy = {}
    for code, ps in parts.items():
        big = max(ps, key=lambda p: p.area)
        pt = shapely.ops.polylabel(big, tolerance=5.0)
        label_xy[code] = (float(pt.x), float(pt.y))
    order = sorted(parts, key=lambda c: -sum(p.area for p in parts[c]))
    x0, y0, x1, y1 = land.bounds
    main = (x0 - MARGIN_KM, y0 - MARGIN_KM, x1 + MARGIN_KM, y1 + MARGIN_KM)
    dashes = [
        np.column_stack(project(*np.asarray(g.coords).T))
        for g in shapely.get_parts(geometry.maritime_boundary())
    ]
    scs = np.vstack([*dashes, pts[pts[:, 1] < main[1] + 600]])
    sx0, sy0 = scs.min(axis=0) - 2 * MARGIN_KM
    sx1, sy1 = scs.max(axis=0) + 2 * MARGIN_KM
    w, h = (sx1 - sx0) * INSET_SCALE, (sy1 - sy0) * INSET_SCALE
    top = main[1] + h
    below = [
        x
        for p in shapely.get_parts(land)
        for x, y in np.asarray(p.exterior.coords)
        if y < top + MARGIN_KM
    ]
    below += [x for x, y in pts if main[1] < y < top + MARGIN_KM]
    left = max(main[2] - w, max(below) + MARGIN_KM)
    main = (main[0], main[1], left + w, main[3])
    lon0, lat0, lon1, lat1 = 60.0, -5.0, 150.0, 60.0
    world = geometry.world().drop(index="CHN", errors="ignore")
    frame = shapely.box(*main).union(shapely.box(sx0, sy0, sx1, sy1))
    neighbours = []
    for geom in world.geometry.clip_by_rect(lon0, lat0, lon1, lat1):
        if geom is None or geom.is_empty:
            continue
        shape = km(geom).simplify(TOLERANCE_KM * 2).intersection(frame)
        neighbours += [
            p for p in shapely.get_parts(shape) if isinstance(p, shapely.Polygon) and p.area > 100
        ]
    return Base(
        parts=parts,
        islets=pts,
        label_xy=label_xy,
        order=order,
        main=main,
        inset_src=(float(sx0), float(sy0), float(sx1), float(sy1)),
        inset_dst=(float(left), float(main[1])),
        dashes=dashes,
        outline=[
            p
            for p in shapely.get_parts(shapely.union_all([p for ps in parts.values() for p in ps]))
            if isinstance(p, shapely.Polygon)
        ],
        neighbours=neighbours,
    )


def to_inset(x, y, base: Base) -> tuple[np.ndarray, np.ndarray]:
    """Map South China Sea kilometres into the inset box of the main frame (NaN kept)."""
    sx0, sy0, _, _ = base.inset_src
    dx, dy = base.inset_dst
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    return (x - sx0) * INSET_SCALE + dx, (y - sy0) * INSET_SCALE + dy


def none_list(a) -> np.ndarray:
    """Return coordinates as a float array for plotly, rounded to 0.1 km (NaN = a gap)."""
    return np.round(np.asarray(a, dtype=float), 1)


def clip_parts(polys, box) -> list[shapely.Polygon]:
    """Return the polygonal parts of ``polys`` inside ``box``."""
    out = []
    for p in polys:
        c = p.intersection(box)
        out += [g for g in shapely.get_parts(c) if isinstance(g, shapely.Polygon)]
    return out
