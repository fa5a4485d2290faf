"""Plotly figures of the report (offline; the page embeds plotly.js once)."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely
from plotly.colors import sample_colorscale
from pyproj import Transformer

from hinterland.atlas import geometry, labels, regions
from hinterland.atlas.huline import line
from hinterland.report.i18n import t

FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
PALETTE = [
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#ff7f0e",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
]
REPORT_TOLERANCE_M = 3000.0
_TO_ALBERS = Transformer.from_crs("EPSG:4326", geometry.ALBERS_CHINA, always_xy=True)


@cache
def _shapes() -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Province outlines projected to Albers (km), as x/y arrays with NaN between rings.

    Maps are drawn as filled cartesian shapes, not plotly geo subplots: plotly.js fetches the
    base-map topojson of a geo subplot from a CDN, which an offline report must not need.
    """
    gdf = geometry.provinces(simplified=True).to_crs(geometry.ALBERS_CHINA)
    out = {}
    for code, geom in gdf.geometry.items():
        g = geom.simplify(REPORT_TOLERANCE_M)
        xs, ys = [], []
        polys = [g] if isinstance(g, shapely.Polygon) else list(getattr(g, "geoms", []))
        for poly in polys:
            if not isinstance(poly, shapely.Polygon) or poly.area < 25e6:
                continue  # drop islets under 25 km2: invisible at this scale
            x, y = poly.exterior.coords.xy
            xs += [*np.round(np.asarray(x) / 1000, 1), np.nan]
            ys += [*np.round(np.asarray(y) / 1000, 1), np.nan]
        out[int(code)] = (np.array(xs), np.array(ys))
    return out


@cache
def _draw_order() -> list[int]:
    """Provinces from the largest to the smallest, so enclaves are drawn on top."""
    areas = geometry.areas_km2(geometry.provinces(simplified=True).geometry)
    return [int(a) for a in areas.sort_values(ascending=False).index]


def _project(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    x, y = _TO_ALBERS.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return np.asarray(x) / 1000, np.asarray(y) / 1000


def _province_trace(code: int, color: str, text: str, legend: str | None = None) -> go.Scatter:
    x, y = _shapes()[code]
    return go.Scatter(
        x=_none(x),
        y=_none(y),
        fill="toself",
        fillcolor=color,
        mode="lines",
        line={"color": "#ffffff", "width": 0.7},
        hoveron="fills",
        text=text,
        hoverinfo="text",
        name=legend or text,
        showlegend=False,
    )


def _none(a: np.ndarray) -> list:
    return [None if np.isnan(v) else float(v) for v in a]


def _layout(fig: go.Figure, title: str, height: int = 520) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0.01, "font": {"size": 16}},
        font={"family": FONT, "size": 13},
        height=height,
        margin={"l": 10, "r": 10, "t": 50, "b": 20},
        legend={"orientation": "h", "y": -0.28, "yanchor": "top"},
        template="plotly_white",
    )
    return fig


def _map_layout(fig: go.Figure, title: str, height: int) -> go.Figure:
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1)
    _layout(fig, title, height)
    # the legend right under the map (the default, -0.28 of the plot height, leaves a gap)
    fig.update_layout(
        legend={"orientation": "h", "y": 0.0, "yanchor": "top", "x": 0.0},
        margin={"l": 10, "r": 10, "t": 50, "b": 70},
    )
    return fig


def _hu_trace(lang: str) -> go.Scatter:
    coords = np.asarray(line("geodesic").coords)
    x, y = _project(coords[:, 0], coords[:, 1])
    return go.Scatter(
        x=x,
        y=y,
        mode="lines",
        line={"width": 2.5, "color": "#111", "dash": "dash"},
        name=t("huline", lang),
        hoverinfo="name",
    )


def _capitals_trace(lang: str) -> go.Scatter:
    reg = regions()
    x, y = _project(reg["capital_lon"], reg["capital_lat"])
    return go.Scatter(
        x=x,
        y=y,
        text=labels(reg.index, lang),
        mode="markers",
        marker={"size": 5, "color": "#333"},
        name=t("capitals", lang),
        hoverinfo="text",
    )


def choropleth(
    values: pd.Series,
    title: str,
    lang: str,
    *,
    unit: str = "",
    hu: bool = True,
    capitals: bool = True,
    colorscale: str = "YlGnBu",
) -> go.Figure:
    """A provincial choropleth of ``values`` (indexed by adcode), with the Hu line drawn."""
    v = values.astype(float)
    lo, hi = float(np.nanmin(v)), float(np.nanmax(v))
    norm = (v - lo) / (hi - lo) if hi > lo else v * 0
    fig = go.Figure()
    for code in _draw_order():
        val = v.get(code, np.nan)
        color = "#dddddd" if np.isnan(val) else sample_colorscale(colorscale, [norm[code]])[0]
        name = labels([code], lang)[0]
        text = f"{name}: {'—' if np.isnan(val) else f'{val:,.0f}'} {unit}"
        fig.add_trace(_province_trace(code, color, text))
    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            showlegend=False,
            hoverinfo="skip",
            marker={
                "colorscale": colorscale,
                "cmin": lo,
                "cmax": hi,
                "color": [lo],
                "showscale": True,
                "colorbar": {"title": {"text": unit}, "len": 0.7},
            },
        )
    )
    if capitals:
        fig.add_trace(_capitals_trace(lang))
    if hu:
        fig.add_trace(_hu_trace(lang))
    return _map_layout(fig, title, 680)


def categorical_map(
    assign: pd.Series, group_names: dict[str, str], title: str, lang: str, *, hu: bool = False
) -> go.Figure:
    """A map of provinces coloured by group, with a legend entry per group."""
    codes = list(dict.fromkeys(assign.dropna()))
    colors = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(codes)}
    fig = go.Figure()
    for code in _draw_order():
        grp = assign.get(code)
        color = colors.get(grp, "#e5e5e5") if isinstance(grp, str) else "#e5e5e5"
        name = labels([code], lang)[0]
        fig.add_trace(
            _province_trace(
                code,
                color,
                f"{name} · {group_names.get(grp, '—') if isinstance(grp, str) else '—'}",
            )
        )
    for code, color in colors.items():
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=group_names.get(code, code),
                marker={"size": 12, "color": color, "symbol": "square"},
            )
        )
    if hu:
        fig.add_trace(_hu_trace(lang))
    fig.update_layout(showlegend=True)
    return _map_layout(fig, title, 480)


def lines(
    frame: pd.DataFrame,
    title: str,
    lang: str,
    *,
    ytitle: str = "",
    stacked: bool = False,
    xtitle: str | None = None,
) -> go.Figure:
    """Line (or stacked area) chart of the columns of ``frame`` over its index.

    The index is years (ticks every two years) unless ``xtitle`` names another axis.
    """
    fig = go.Figure()
    for i, col in enumerate(frame.columns):
        fig.add_trace(
            go.Scatter(
                x=frame.index,
                y=frame[col],
                name=str(col),
                mode="lines+markers",
                line={"color": PALETTE[i % len(PALETTE)]},
                stackgroup="one" if stacked else None,
            )
        )
    if xtitle is None:
        fig.update_xaxes(title=t("year", lang), dtick=2)
    else:
        fig.update_xaxes(title=xtitle)
    fig.update_yaxes(title=ytitle)
    return _layout(fig, title, 420)


def bars(
    frame: pd.DataFrame, title: str, lang: str, *, ytitle: str = "", barmode: str = "relative"
) -> go.Figure:
    """Grouped or stacked bars: one trace per column, categories on the x axis."""
    fig = go.Figure()
    for i, col in enumerate(frame.columns):
        fig.add_trace(
            go.Bar(
                x=[str(x) for x in frame.index],
                y=frame[col],
                name=str(col),
                marker_color=PALETTE[i % len(PALETTE)],
            )
        )
    fig.update_layout(barmode=barmode)
    fig.update_yaxes(title=ytitle)
    return _layout(fig, title, 420)


def scatter_fit(
    x: np.ndarray,
    y: np.ndarray,
    names: list[str],
    a: float,
    b: float,
    title: str,
    lang: str,
    xtitle: str,
    ytitle: str,
) -> go.Figure:
    """Scatter with labelled points and the fitted line y = a + b x."""
    fig = go.Figure(
        go.Scatter(
            x=x,
            y=y,
            mode="markers+text",
            text=names,
            textposition="top center",
            marker={"size": 8},
            name="",
            showlegend=False,
        )
    )
    xs = np.linspace(np.min(x), np.max(x), 20)
    fig.add_trace(go.Scatter(x=xs, y=a + b * xs, mode="lines", name=f"y = {a:.3f} {b:+.4f} x"))
    fig.update_xaxes(title=xtitle)
    fig.update_yaxes(title=ytitle, tickformat=".1%")
    _layout(fig, title, 480)
    fig.update_layout(legend={"orientation": "h", "y": 1.02, "x": 0.5})
    return fig


@cache
def _outline_lonlat() -> tuple[list, list]:
    """Province outlines in lon/lat (one trace of rings separated by gaps)."""
    xs: list = []
    ys: list = []
    for geom in geometry.provinces(simplified=True).geometry:
        g = geom.simplify(0.05)
        for poly in [g] if isinstance(g, shapely.Polygon) else list(getattr(g, "geoms", [])):
            if isinstance(poly, shapely.Polygon) and poly.area > 0.02:
                x, y = poly.exterior.coords.xy
                xs += [*np.round(np.asarray(x), 2), None]
                ys += [*np.round(np.asarray(y), 2), None]
    return xs, ys


COMMODITY_COLORS = {"crude_oil": "#8c2d04", "natural_gas": "#1f78b4", "container": "#33a02c"}


def network_map(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    flows: pd.Series,
    title: str,
    lang: str,
    labels_by_commodity: dict[str, str],
) -> go.Figure:
    """Corridor flows on a longitude/latitude map: line width by flow, one colour per commodity.

    Far sources (Europe, the Americas, Africa) lie outside the frame; their routes are drawn up
    to its edge.
    """
    xs, ys = _outline_lonlat()
    fig = go.Figure(
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            fill="toself",
            fillcolor="#eeeeee",
            line={"color": "#bbbbbb", "width": 0.6},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    lon, lat = nodes["lon"].astype(float), nodes["lat"].astype(float)
    used = edges.assign(flow=flows.reindex(edges.index).fillna(0.0))
    used = used[used["flow"] > 0]
    for commodity, group in used.groupby("commodity"):
        peak = float(group["flow"].max())
        color = COMMODITY_COLORS.get(str(commodity), "#555555")
        first = True
        for width_class in (1, 2, 3, 4):  # four width classes keep the trace count small
            lo, hi = (width_class - 1) / 4 * peak, width_class / 4 * peak
            part = group[(group["flow"] > lo) & (group["flow"] <= hi)]
            if part.empty:
                continue
            x, y = [], []
            for _, e in part.iterrows():
                x += [lon[e["from"]], lon[e["to"]], None]
                y += [lat[e["from"]], lat[e["to"]], None]
            fig.add_trace(
                go.Scatter(
                    x=x,
                    y=y,
                    mode="lines",
                    line={"color": color, "width": 1 + 2 * width_class},
                    opacity=0.75,
                    name=labels_by_commodity.get(str(commodity), str(commodity)),
                    legendgroup=str(commodity),
                    showlegend=first,
                    hoverinfo="skip",
                )
            )
            first = False
    kinds = {
        "port": "square",
        "border": "diamond",
        "chokepoint": "x",
        "external": "star",
        "hub": "circle",
    }
    for kind, symbol in kinds.items():
        sel = nodes[nodes["kind"] == kind]
        name_col = "name_zh" if lang == "zh" else "name_en"
        fig.add_trace(
            go.Scatter(
                x=sel["lon"],
                y=sel["lat"],
                mode="markers",
                text=sel[name_col],
                marker={"symbol": symbol, "size": 6 if kind == "hub" else 9, "color": "#333333"},
                name=kind,
                hoverinfo="text",
                showlegend=False,
            )
        )
    fig.update_xaxes(range=[60, 150], visible=False)
    fig.update_yaxes(range=[-12, 56], visible=False, scaleanchor="x", scaleratio=1)
    return _layout(fig, title, 620)
