"""Plotly charts of the report (offline; the page embeds plotly.js once).

The maps live in :mod:`hinterland.report.maps` (provinces, with the South China Sea inset) and
:mod:`hinterland.report.corridor_map` (the channel network on a world base layer); they are
re-exported here so that sections ask one module for every figure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from hinterland.atlas import grouping, groupings
from hinterland.report.corridor_map import network_map
from hinterland.report.i18n import t
from hinterland.report.maps import FONT, PALETTE, categorical_map, choropleth

__all__ = [
    "bars",
    "categorical_map",
    "choropleth",
    "group_colours",
    "in_group_order",
    "lines",
    "network_map",
    "scatter_fit",
]


def group_colours(by, lang: str | None = None) -> dict[str, str]:
    """One colour per group of a grouping, in the grouping's order, the same in maps and charts.

    The four blocs read 东部 blue, 中部 red, 西部 green, 东北 orange everywhere. Keys are the
    group codes, or the group labels in ``lang`` when it is given (charts label their series by
    name).
    """
    g = grouping(by) if isinstance(by, str) else by
    return {
        (grp.code if lang is None else grp.label(lang)): PALETTE[i % len(PALETTE)]
        for i, grp in enumerate(g.groups)
    }


def in_group_order(labels, lang: str) -> list:
    """``labels`` with every group label of a shipped grouping in its grouping's order, first.

    The official order of the blocs is 东部、中部、西部、东北 (east, central, west, northeast);
    labels of no grouping keep their order after them.
    """
    labels = list(labels)
    rank: dict[str, int] = {}
    for g in groupings().values():
        for i, grp in enumerate(g.groups):
            rank.setdefault(grp.label(lang), i)
    known = sorted((x for x in labels if x in rank), key=lambda x: rank[x])
    return known + [x for x in labels if x not in rank]


def _colour(name, i: int, colours: dict[str, str] | None) -> str:
    return (colours or {}).get(str(name), PALETTE[i % len(PALETTE)])


def _layout(fig: go.Figure, title: str, height: int = 520) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0.01, "font": {"size": 16}},
        font={"family": FONT, "size": 13},
        height=height,
        margin={"l": 10, "r": 10, "t": 50, "b": 20},
        legend={"orientation": "h", "y": -0.28, "yanchor": "top"},
        template="plotly_white",
    )
    # 60,000 rather than 60k: SI suffixes are not how Chinese (or economic) tables count
    fig.update_yaxes(exponentformat="none", separatethousands=True)
    return fig


def lines(
    frame: pd.DataFrame,
    title: str,
    lang: str,
    *,
    ytitle: str = "",
    stacked: bool = False,
    xtitle: str | None = None,
    breaks: list[int] | tuple[int, ...] = (),
    colours: dict[str, str] | None = None,
) -> go.Figure:
    """Line (or stacked area) chart of the columns of ``frame`` over its index.

    The index is years (ticks every two years) unless ``xtitle`` names another axis. Each year
    in ``breaks`` (a change of statistical edition) gets a dashed vertical line, half a year
    before it, labelled. ``colours``: column name -> colour (a grouping's, from
    :func:`group_colours`); other columns take the palette in order.
    """
    fig = go.Figure()
    for i, col in enumerate(frame.columns):
        fig.add_trace(
            go.Scatter(
                x=frame.index,
                y=frame[col],
                name=str(col),
                mode="lines+markers",
                line={"color": _colour(col, i, colours)},
                stackgroup="one" if stacked else None,
            )
        )
    for year in breaks:
        fig.add_vline(
            x=year - 0.5,
            line={"dash": "dash", "color": "#888888", "width": 1},
            annotation_text=t("edition_break", lang),
            annotation_position="top",
            annotation_font_size=10,
        )
    if xtitle is None:
        fig.update_xaxes(title=t("year", lang), dtick=2)
    else:  # not years: thousands separated like the y axis (years are never 2,020)
        fig.update_xaxes(title=xtitle, exponentformat="none", separatethousands=True)
    fig.update_yaxes(title=ytitle)
    _layout(fig, title, 420)
    fig.update_layout(legend_traceorder="normal")  # stacked areas list bottom-up otherwise
    return fig


def bars(
    frame: pd.DataFrame,
    title: str,
    lang: str,
    *,
    ytitle: str = "",
    barmode: str = "relative",
    colours: dict[str, str] | None = None,
    by_category: bool = False,
) -> go.Figure:
    """Grouped or stacked bars: one trace per column, categories on the x axis.

    ``colours``: name -> colour. By default a trace (column) takes its colour; with
    ``by_category`` each bar takes its category's colour (a bloc keeps its colour) and the
    traces after the first are told apart by hatching.
    """
    fig = go.Figure()
    for i, col in enumerate(frame.columns):
        fig.add_trace(
            go.Bar(
                x=[str(x) for x in frame.index],
                y=frame[col],
                name=str(col),
                marker_color=(
                    [_colour(x, j, colours) for j, x in enumerate(frame.index)]
                    if by_category
                    else _colour(col, i, colours)
                ),
                marker_pattern_shape=("" if i == 0 else "/") if by_category else None,
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
