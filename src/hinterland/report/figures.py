"""Plotly charts of the report (offline; the page embeds plotly.js once).

The maps live in :mod:`hinterland.report.maps` (provinces, with the South China Sea inset) and
:mod:`hinterland.report.corridor_map` (the channel network on a world base layer); they are
re-exported here so that sections ask one module for every figure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from hinterland.report.corridor_map import network_map
from hinterland.report.i18n import t
from hinterland.report.maps import FONT, PALETTE, categorical_map, choropleth

__all__ = ["bars", "categorical_map", "choropleth", "lines", "network_map", "scatter_fit"]


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


def lines(
    frame: pd.DataFrame,
    title: str,
    lang: str,
    *,
    ytitle: str = "",
    stacked: bool = False,
    xtitle: str | None = None,
    breaks: list[int] | tuple[int, ...] = (),
) -> go.Figure:
    """Line (or stacked area) chart of the columns of ``frame`` over its index.

    The index is years (ticks every two years) unless ``xtitle`` names another axis. Each year
    in ``breaks`` (a change of statistical edition) gets a dashed vertical line, half a year
    before it, labelled.
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
