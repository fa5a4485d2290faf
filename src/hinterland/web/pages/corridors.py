"""``/corridors``: tick channels to close, cut part of their capacity; who runs short, and cost.

The closure is :func:`hinterland.corridors.resilience.close` on the embedded network, the call
behind ``hinterland corridors close --node ... --cut ...``: the same unmet demand.
"""

from __future__ import annotations

from functools import lru_cache

from dash import Input, Output, State, dash_table, dcc, html

from hinterland.web import common
from hinterland.web.i18n import t, unit

PATH = "/corridors"
KINDS = ("chokepoint", "border", "port")
DEFAULT = ("choke_malacca",)


@lru_cache(maxsize=1)
def network():
    """The embedded corridor network (built once; immutable)."""
    from hinterland.corridors.network import CorridorNetwork

    return CorridorNetwork.default()


@lru_cache(maxsize=1)
def baseline():
    """The network's least-cost flows with nothing closed."""
    from hinterland.corridors.flow import solve

    return solve(network())


@lru_cache(maxsize=64)
def closure(nodes: tuple[str, ...], cut: float):
    """The closure of ``nodes`` with ``cut`` of their capacity removed (memoised by inputs)."""
    from hinterland.corridors.resilience import close

    return close(network(), nodes=nodes, cut=cut, baseline=baseline())


def channel_ids() -> list[str]:
    """The nodes a user may close: chokepoints, border crossings and ports."""
    nodes = network().nodes
    return [str(i) for i in nodes.index[nodes["kind"].isin(KINDS)]]


def _checklists(lang: str) -> list:
    nodes = network().nodes
    col = "name_zh" if lang == "zh" else "name_en"
    out = []
    for kind in KINDS:
        sub = nodes[nodes["kind"] == kind]
        out += [
            html.H3(t(f"co_kind_{kind}", lang)),
            dcc.Checklist(
                id=f"co-{kind}",
                options=[{"label": str(r[col]), "value": str(i)} for i, r in sub.iterrows()],
                value=[d for d in DEFAULT if d in sub.index],
                inline=True,
                className="checklist",
            ),
        ]
    return out


def layout(lang: str):
    """The corridors page."""
    return common.page(
        PATH,
        lang,
        "nav_corridors",
        html.H2(t("co_close", lang)),
        *_checklists(lang),
        html.Div(
            [
                html.Label(t("co_cut", lang)),
                common.percent_slider("co-cut", 1.0),
            ],
            className="controls",
        ),
        html.Div(id="co-msg"),
        html.P(id="co-summary", className="figure-big"),
        html.H2(t("co_unmet", lang)),
        dash_table.DataTable(id="co-unmet"),
        common.figure("co-short"),
        common.download_button("co", lang),
        common.note([t("co_data", lang)], lang),
    )


def unmet_frame(res, lang: str):
    """Per commodity: added unmet demand, national demand, share (%), with units."""
    import pandas as pd

    units = network().edges.groupby("commodity")["unit"].first()
    u = res.unmet_by_commodity
    return pd.DataFrame(
        {
            t("commodity", lang): [t(c, lang) for c in u.index],
            t("unmet_increase", lang): u["increase"].round(4).to_numpy(),
            t("demand", lang): u["demand"].round(4).to_numpy(),
            t("share_pct", lang): (u["increase_share"] * 100).round(2).to_numpy(),
            t("unit", lang): [unit(str(units.get(c, "")), lang) for c in u.index],
        }
    )


def _nodes(*ticked) -> tuple[str, ...]:
    from hinterland.errors import ValidationError

    picked = [n for group in ticked for n in (group or [])]
    if not picked:
        raise ValidationError("tick at least one channel to close")
    allowed = set(channel_ids())
    bad = [n for n in picked if n not in allowed]
    if bad:
        raise ValidationError(f"unknown channel {str(bad[0])[:40]!r}")
    return tuple(sorted(set(picked)))


def register(app) -> None:
    """The corridors page's callbacks."""
    from hinterland.web.app import guard

    @app.callback(
        Output("co-summary", "children"),
        Output("co-unmet", "data"),
        Output("co-unmet", "columns"),
        Output("co-short", "figure"),
        Output("co-msg", "children"),
        Input("co-chokepoint", "value"),
        Input("co-border", "value"),
        Input("co-port", "value"),
        Input("co-cut", "value"),
        State("page-lang", "data"),
    )
    @guard(5, 4)
    def show(chokes, borders, ports, cut, lang):
        from hinterland.atlas import labels
        from hinterland.errors import ValidationError
        from hinterland.report.figures import bars

        nodes = _nodes(chokes, borders, ports)
        if not isinstance(cut, int | float) or not 0.0 < cut <= 1.0:
            raise ValidationError(f"cut must be in (0, 1]; got {cut!r}")
        res = closure(nodes, round(float(cut), 2))
        table = unmet_frame(res, lang)
        share = res.shortfall_share.unstack("commodity").fillna(0.0) * 100
        share = share[(share > 1e-6).any(axis=1)]
        if share.empty:
            fig = {}
            summary = (
                t("co_result", lang, cut=cut, cost=res.cost_increase) + " " + t("co_none", lang)
            )
        else:
            share.index = labels(share.index, lang)
            share.columns = [t(c, lang) for c in share.columns]
            fig = bars(share, t("co_short", lang), lang, ytitle="%", barmode="group")
            summary = t("co_result", lang, cut=cut, cost=res.cost_increase)
        cols = [{"name": c, "id": c} for c in table.columns]
        return summary, table.to_dict("records"), cols, fig, ""

    @app.callback(
        Output("co-dl", "data"),
        Input("co-btn", "n_clicks"),
        State("co-chokepoint", "value"),
        State("co-border", "value"),
        State("co-port", "value"),
        State("co-cut", "value"),
        prevent_initial_call=True,
    )
    def download(_, chokes, borders, ports, cut):
        from hinterland.errors import HinterlandError

        try:
            nodes = _nodes(chokes, borders, ports)
        except HinterlandError:
            return None
        res = closure(nodes, round(float(cut), 2))
        short = res.shortfall.unstack("commodity")
        return {"content": short.to_csv(), "filename": "closure_shortfall.csv"}
