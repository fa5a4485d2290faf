"""``/corridors``: tick channels to close, cut part of their capacity; who runs short, and cost.

The closure is :func:`hinterland.corridors.resilience.close` on the embedded network, the call
behind ``hinterland corridors close --node ... --cut ...``: the same unmet demand.
"""

from __future__ import annotations

from functools import lru_cache

from dash import Input, Output, State, dash_table, dcc, html, no_update

from hinterland.web import common
from hinterland.web.i18n import TEXT, lang_of, t, unit
from hinterland.web.warm import section

TEXT.update(
    {
        "co_cost": (
            "中断后（削减{cut:.0%}）：中断成本{cost:,.1f}亿元（运输成本变化{tc:+,.1f}亿元，"
            "未满足需求按进口价格计{uv:,.1f}亿元）。",
            "After the closure ({cut:.0%} of capacity cut): closure cost {cost:,.1f} (100 million "
            "yuan): routing cost change {tc:+,.1f}, plus the unmet demand at import prices "
            "{uv:,.1f}.",
        ),
        "co_price": (
            "未满足需求的价格（估算）：{what} {value:,.1f} {unit}；来源：{source}",
            "Price of unmet demand (estimate): {what} {value:,.1f} {unit}; source: {source}",
        ),
        "co_unmet_col": ("未满足需求：{what}（{unit}）", "Unmet: {what} ({unit})"),
        "co_days": ("持续天数（经济损失）", "Days (economy loss)"),
        "co_economy": (
            "经济损失：按投入产出表（ARIO模型），中断{days}天全国产出损失{loss:,.1f}亿元，占同期全国"
            "总产出的{share:.1%}（与 hinterland corridors close 相同的耦合：缺口按比例传导至"
            "相应部门的产能，传导比例为1，即不计战略储备、替代与国内供给，是偏高的估计）。",
            "Economy loss: on the input-output table (ARIO model), {days} days of closure cost "
            "{loss:,.1f} (100 million yuan) of national output, {share:.1%} of all output in that "
            "time (the coupling of hinterland corridors close: the shortfall becomes a capacity "
            "loss of the sectors it feeds, pass-through 1, i.e. a high reading with no strategic "
            "stocks, substitution or domestic supply).",
        ),
        "co_economy_none": (
            "该中断不造成短缺，投入产出表上没有经济损失。",
            "The closure leaves no shortfall: no economy loss on the input-output table.",
        ),
        "co_loss_map": ("各省产出损失（亿元）", "Output loss by province (100 million yuan)"),
        "co_west": (
            "西向通道的作用：每个海峡单独中断，有无西向通道",
            "What the western channels do: each strait closed, with and without them",
        ),
        "co_west_pending": ("正在计算西向通道比较……", "Computing the western comparison..."),
        "co_scenario": ("情景", "Scenario"),
        "co_variant": ("通道", "Channels"),
        "co_none_closed": ("不中断", "Nothing closed"),
        "co_cost_yi": ("中断成本（亿元）", "Closure cost (100 million yuan)"),
        "co_dl_loss": ("下载各省产出损失（CSV）", "Download the output loss by province (CSV)"),
        "co_dl_west": ("下载西向通道比较（CSV）", "Download the western comparison (CSV)"),
    }
)
YUAN_PER_YI = 1e8
MAX_DAYS = 3650

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


@lru_cache(maxsize=64)
def economy(nodes: tuple[str, ...], cut: float, days: int):
    """The MRIO loss of a closure on the active table, as ``corridors close`` computes it."""
    from hinterland.corridors.coupling import economy_loss
    from hinterland.web.pages.shock import table

    return economy_loss(closure(nodes, cut), table(), days=days)


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
                html.Label(t("co_days", lang)),
                dcc.Input(id="co-days", type="number", min=1, max=MAX_DAYS, step=1, value=365),
            ],
            className="controls",
        ),
        html.Div(id="co-msg"),
        html.P(id="co-summary", className="figure-big"),
        html.H2(t("co_unmet", lang)),
        dash_table.DataTable(id="co-unmet"),
        common.figure("co-short"),
        common.download_button("co", lang),
        html.Div(id="co-eco-msg"),
        html.P(id="co-economy", className="figure-big"),
        common.figure("co-loss"),
        common.download_button("co-loss", lang, "co_dl_loss"),
        html.H2(t("co_west", lang)),
        html.Div(west_block(lang), id="co-west"),
        dcc.Interval(id="co-west-tick", interval=1000, disabled=section("channels").done()),
        common.download_button("co-west", lang, "co_dl_west"),
        common.note(_sources(lang), lang),
    )


def _sources(lang: str) -> list[str]:
    from hinterland.web.pages.shock import table

    prices = network().params.raw.get("unmet_demand_value") or {}
    lines = [t("co_data", lang), common.estimate_note(table(), lang)]
    for k, v in prices.items():
        if isinstance(v, dict) and "value" in v:
            u = PRICE_UNITS.get(str(v.get("unit")), {}).get(lang, str(v.get("unit")))
            lines.append(t("co_price", lang, what=t(k, lang), value=v["value"], unit=u,
                           source=v.get("source", "")))  # fmt: skip
    return lines


PRICE_UNITS = {
    "yuan per tonne": {"zh": "元/吨", "en": "yuan per tonne"},
    "yuan per 1000 m3": {"zh": "元/千立方米", "en": "yuan per 1,000 m³"},
    "yuan per TEU": {"zh": "元/标准箱", "en": "yuan per TEU"},
}
"""The units of the unmet-demand prices (params.yaml) in each language."""


def west_frame(lang: str):
    """The assessment's westward comparison with names, in 亿元 and the commodities' units."""
    import pandas as pd

    sec = section("channels").result()
    if not sec.ok:
        from hinterland.errors import DataError

        raise DataError(f"channels: {sec.error}")
    w = sec["western"]
    nodes = network().nodes
    col = "name_zh" if lang == "zh" else "name_en"
    units = sec["units"]
    national = network().demand["demand"].groupby(level="commodity").sum()

    def scenario(s):
        return t("co_none_closed", lang) if s == "none" else str(nodes.loc[s, col])

    out = pd.DataFrame(
        {
            t("co_scenario", lang): [scenario(s) for s in w.index.get_level_values("scenario")],
            t("co_variant", lang): [common.term(v, lang) for v in w.index.get_level_values(1)],
        }
    )
    for k in ("crude_oil", "natural_gas", "container"):
        if f"unmet_{k}" in w.columns:
            name = t("co_unmet_col", lang, what=t(k, lang), unit=unit(units[k], lang))
            v = w[f"unmet_{k}"]  # below one part per million of demand is rounding (as close())
            out[name] = v.where(v > 1e-6 * national[k], 0.0).round(4).to_numpy()
    out[t("co_cost_yi", lang)] = (w["cost_increase"] / YUAN_PER_YI).round(1).to_numpy()
    return out


def west_block(lang: str):
    """The westward comparison table, or a "computing" line while its section runs."""
    if not section("channels").done():
        return html.P(t("co_west_pending", lang), className="computing")
    frame = west_frame(lang)
    return dash_table.DataTable(
        id="co-west-table",
        data=frame.to_dict("records"),
        columns=[{"name": c, "id": c} for c in frame.columns],
        style_cell={"textAlign": "left"},
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
        return view(_nodes(chokes, borders, ports), _cut(cut), lang_of(lang))

    @app.callback(
        Output("co-economy", "children"),
        Output("co-loss", "figure"),
        Output("co-eco-msg", "children"),
        Input("co-chokepoint", "value"),
        Input("co-border", "value"),
        Input("co-port", "value"),
        Input("co-cut", "value"),
        Input("co-days", "value"),
        State("page-lang", "data"),
    )
    @guard(3, 2)
    def show_economy(chokes, borders, ports, cut, days, lang):
        return economy_view(_nodes(chokes, borders, ports), _cut(cut), _days(days), lang_of(lang))

    @app.callback(
        Output("co-west", "children"),
        Output("co-west-tick", "disabled"),
        Input("co-west-tick", "n_intervals"),
        State("page-lang", "data"),
        prevent_initial_call=True,
    )
    def poll_west(_, lang):
        if not section("channels").done():
            return no_update, False
        return west_block(lang_of(lang)), True

    @app.callback(
        Output("co-loss-dl", "data"),
        Input("co-loss-btn", "n_clicks"),
        State("co-chokepoint", "value"),
        State("co-border", "value"),
        State("co-port", "value"),
        State("co-cut", "value"),
        State("co-days", "value"),
        State("page-lang", "data"),
        prevent_initial_call=True,
    )
    def download_loss(_, chokes, borders, ports, cut, days, lang):
        from hinterland.atlas import labels
        from hinterland.errors import HinterlandError

        try:
            loss = economy(_nodes(chokes, borders, ports), _cut(cut), _days(days)).by_region
        except HinterlandError:
            return None
        lang = lang_of(lang)
        frame = loss.rename(t("co_loss_map", lang)).to_frame()
        frame.insert(0, t("province", lang), labels(loss.index, lang))
        return {"content": frame.to_csv(), "filename": "closure_economy_loss.csv"}

    @app.callback(
        Output("co-west-dl", "data"),
        Input("co-west-btn", "n_clicks"),
        State("page-lang", "data"),
        prevent_initial_call=True,
    )
    def download_west(_, lang):
        if not section("channels").done():
            return None
        frame = west_frame(lang_of(lang))
        return {"content": frame.to_csv(index=False), "filename": "western_comparison.csv"}

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
            res = closure(_nodes(chokes, borders, ports), _cut(cut))
        except HinterlandError:
            return None
        short = res.shortfall.unstack("commodity")
        return {"content": short.to_csv(), "filename": "closure_shortfall.csv"}


def _cut(cut) -> float:
    from hinterland.errors import ValidationError

    if not isinstance(cut, int | float) or not 0.0 < cut <= 1.0:
        raise ValidationError(f"cut must be in (0, 1]; got {cut!r}")
    return round(float(cut), 2)


def _days(days) -> int:
    from hinterland.errors import ValidationError

    if not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise ValidationError(f"days must be a whole number in 1..{MAX_DAYS}; got {days!r}")
    return days


@lru_cache(maxsize=128)
def economy_view(nodes: tuple[str, ...], cut: float, days: int, lang: str) -> tuple:
    """The economy-loss sentence and map of a closure (memoised through :func:`economy`)."""
    from hinterland.report.figures import choropleth
    from hinterland.web.pages.shock import table

    res = closure(nodes, cut)
    if not res.provinces_short:
        return t("co_economy_none", lang), common.EMPTY, ""
    loss = economy(nodes, cut, days)
    total = float(table().x.sum()) * days / 365.0
    text = t("co_economy", lang, days=days, loss=loss.national, share=loss.national / total)
    unit_ = common.unit_part(loss.unit, lang)
    fig = choropleth(loss.by_region, t("co_loss_map", lang), lang, unit=unit_, hu=False)
    return text, fig.to_plotly_json(), ""


def view(nodes: tuple[str, ...], cut: float, lang: str) -> tuple:
    """The closure's sentence (亿元), unmet table and the shortfall chart by province."""
    import pandas as pd

    from hinterland.atlas import labels
    from hinterland.report.figures import bars

    res = closure(nodes, cut)
    table = unmet_frame(res, lang)
    summary = t(
        "co_cost",
        lang,
        cut=cut,
        cost=res.cost_increase / YUAN_PER_YI,
        tc=res.transport_cost_change / YUAN_PER_YI,
        uv=res.unmet_value / YUAN_PER_YI,
    )
    cols = [{"name": c, "id": c} for c in table.columns]
    if not res.provinces_short:  # below one part per million is rounding (as close() says)
        return summary + " " + t("co_none", lang), table.to_dict("records"), cols, common.EMPTY, ""
    short = pd.Series({(a, k): v for a, k, v in res.provinces_short})
    share = (short / res.demand.reindex(short.index) * 100).unstack().fillna(0.0)
    share.index = labels(share.index, lang)
    share.columns = [t(c, lang) for c in share.columns]
    fig = bars(share, t("co_short", lang), lang, ytitle="%", barmode="group")
    return summary, table.to_dict("records"), cols, fig, ""
